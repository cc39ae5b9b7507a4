// What every unCLIP pipeline run takes besides its inputs: steps and guidance per stage,
// how far up the cascade to go, the noise, progress reporting and cancellation.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include <torch/torch.h>

#include "core/pipeline/noise_source.h"

namespace unclip {

struct SamplingOptions {
    int64_t priorSteps = 25;
    int64_t decoderSteps = 25;
    int64_t superResSteps = 7;
    double priorGuidance = 4.0;
    double decoderGuidance = 8.0;
    // How many super-resolution stages to run after the decoder: -1 for all the model has,
    // 0 to stop at the decoder's resolution (64 px for Karlo).
    int superResStages = -1;
    // Best-of-k (candidates.h): prior samples per picture, kept by cosine with the caption's
    // CLIP text embedding, and decoder pictures per picture, kept by the cosine of their CLIP
    // image embedding with the embedding they were drawn from (the prior's sample, or the
    // source image's for variations and blends). 1 turns a choice off.
    int64_t priorCandidates = 1;
    int64_t decoderCandidates = 1;
    // After how many decoder steps the candidates are judged (on their clean-picture
    // estimate) and all but the best dropped; 0 picks after 40% of the steps. By then a
    // picture's layout is set: on the built-in model, best of 4 judged after 10 of 25 steps
    // keeps most of the gain of judging the finished pictures at 60% of the cost.
    int64_t candidatePickStep = 0;
};

enum class Stage { Prior, Decoder, SuperRes };
const char* stageName(Stage stage);

// For reports, in the command line's notation (prior / decoder / super-res steps;
// prior / decoder guidance; prior / decoder candidates, shown when more than one):
// "25/25/7" and "steps 25/25/7, guidance 4/8" or "..., guidance 2/4, candidates 1/4".
std::string describeSteps(const SamplingOptions& options);
std::string describeSampling(const SamplingOptions& options);

struct Progress {
    Stage stage;
    int64_t step;   // 1-based, within the stage
    int64_t total;  // steps in the stage
    // The decoder's current clean-image estimate, [B, H, W, 3] float in [0, 1] on the CPU;
    // set every previewEvery decoder steps when asked for, else undefined.
    torch::Tensor preview;
};

// Set from any thread; the pipelines check it between steps and throw unclip::Cancelled.
class CancelToken {
public:
    void cancel() { cancelled_.store(true); }
    bool isCancelled() const { return cancelled_.load(); }

private:
    std::atomic<bool> cancelled_{false};
};

struct RunControl {
    std::function<void(const Progress&)> onProgress;  // called on the pipeline's thread
    int64_t previewEvery = 0;                         // 0: no previews
    std::shared_ptr<CancelToken> cancel;
};

struct CascadeOutput {
    torch::Tensor images;           // [B, H, W, 3] float in [0, 1], CPU
    torch::Tensor imageEmbeddings;  // [B, clip]: what the decoder was conditioned on, CPU
    torch::Tensor decoderImage;     // [B, 3, h, w] in [-1, 1]: the decoder's output, CPU
};

}  // namespace unclip
