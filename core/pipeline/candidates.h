// Best-of-k sampling: draw several candidates for each requested picture and keep the
// one CLIP finds closest to what was asked for.
//
// The paper does this for its diffusion prior (two samples of z_i, the one with the higher
// dot product with z_t kept; here by cosine, as this prior's samples are not unit length).
// The same idea applied to the decoder's 64 px pictures (the CLIP image embedding of each
// candidate against the embedding it was drawn from) lets a small decoder that draws a
// caption right only some of the time show the right picture more often. Judging the
// candidates part way through (cascade_stages.h, DecoderPick) keeps the cost down.
//
// Candidate 0 of every picture uses the picture's own noise, so k = 1 is the plain cascade,
// and the other candidates draw from seeds derived from it: a seed still fixes the result.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <torch/torch.h>

#include "core/pipeline/cascade_stages.h"
#include "core/pipeline/noise_source.h"
#include "core/pipeline/unclip_model.h"

namespace unclip {

// The stage a candidate draw belongs to, so prior and decoder candidates never share noise.
enum class CandidateStage : uint64_t { Prior = 1, Decoder = 2 };

// Noise for [B * k, ...] draws, rows grouped per picture (b * k + c): candidate 0 of
// picture b comes from `main` (its row b), the others from per-candidate generators
// seeded from the pictures' seeds.
class CandidateNoise : public NoiseSource {
public:
    CandidateNoise(NoiseSource& main, const std::vector<uint64_t>& seeds, int64_t candidates,
                   CandidateStage stage);
    torch::Tensor draw(const std::vector<int64_t>& shape) override;

private:
    NoiseSource& main_;
    int64_t pictures_;
    int64_t candidates_;
    PerImageNoise extra_;  // B * (k - 1) generators, picture-major
};

// For every picture, the index (in 0..k-1) of its best candidate: `scores` is [B * k],
// grouped per picture as above.
torch::Tensor bestCandidates(const torch::Tensor& scores, int64_t candidates);

// The row of each picture's best candidate in a [B * k] batch: b * k + best[b], [B].
torch::Tensor bestRows(const torch::Tensor& best, int64_t candidates);

// Rows b * k + best[b] of `rows` ([B * k, ...]) -> [B, ...].
torch::Tensor selectCandidates(const torch::Tensor& rows, const torch::Tensor& best,
                               int64_t candidates);

// Cosine similarity [N] between the CLIP image embeddings of decoded pictures
// ([N, 3, h, w] in [-1, 1]) and target embeddings [N, clip].
torch::Tensor clipImageScores(UnclipModel& model, const torch::Tensor& pictures,
                              const torch::Tensor& targets);

// Each picture's text rows k times over, both guidance halves grouped per picture.
stages::TextConditioning repeatText(const stages::TextConditioning& text, int64_t k);

// The caption's CLIP text embeddings [B, clip]: the conditional half with guidance.
torch::Tensor captionEmbeddings(const stages::TextConditioning& text, bool guidance);

// The prior, best of s.priorCandidates samples per picture by cosine with the caption's
// text embedding: [B, clip] (one sample when s.priorCandidates is 1).
torch::Tensor priorBestOf(UnclipModel& model, const stages::TextConditioning& text, bool guidance,
                          const SamplingOptions& s, NoiseSource& noise,
                          const std::vector<uint64_t>& seeds, const RunControl& control);

}  // namespace unclip
