#include "core/pipeline/candidates.h"

#include "core/common/error.h"
#include "core/pipeline/clip_image_preprocess.h"
#include "core/pipeline/pipelines.h"

namespace unclip {
namespace {

// SplitMix64's finaliser: nearby seeds (42, 43, ...) give unrelated candidate seeds.
uint64_t mix(uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

std::vector<uint64_t> extraSeeds(const std::vector<uint64_t>& seeds, int64_t candidates,
                                 CandidateStage stage) {
    std::vector<uint64_t> out;
    for (auto seed : seeds)
        for (int64_t c = 1; c < candidates; ++c)
            out.push_back(mix(seed ^ mix(uint64_t(stage) << 32 | uint64_t(c))));
    return out;
}

}  // namespace

CandidateNoise::CandidateNoise(NoiseSource& main, const std::vector<uint64_t>& seeds,
                               int64_t candidates, CandidateStage stage)
    : main_(main),
      pictures_(int64_t(seeds.size())),
      candidates_(candidates),
      extra_(extraSeeds(seeds, candidates, stage)) {
    if (candidates < 2) throw Error("candidate noise needs at least 2 candidates per picture");
}

torch::Tensor CandidateNoise::draw(const std::vector<int64_t>& shape) {
    if (shape.empty() || shape[0] != pictures_ * candidates_)
        throw Error("candidate noise for " + std::to_string(shape.empty() ? 0 : shape[0]) +
                    " rows requested, but it was made for " + std::to_string(pictures_) + " x " +
                    std::to_string(candidates_));
    auto mainShape = shape, extraShape = shape;
    mainShape[0] = pictures_;
    extraShape[0] = pictures_ * (candidates_ - 1);
    auto first = main_.draw(mainShape).unsqueeze(1);  // [B, 1, ...]
    auto rest = extra_.draw(extraShape);              // [B * (k-1), ...]
    std::vector<int64_t> grouped = shape;
    grouped[0] = candidates_ - 1;
    grouped.insert(grouped.begin(), pictures_);
    return torch::cat({first, rest.reshape(grouped)}, 1).reshape(shape);  // [B * k, ...]
}

torch::Tensor bestCandidates(const torch::Tensor& scores, int64_t candidates) {
    return scores.reshape({-1, candidates}).argmax(1);  // [B]
}

torch::Tensor bestRows(const torch::Tensor& best, int64_t candidates) {
    auto b = best.to(torch::kInt64).cpu();
    return torch::arange(b.size(0), torch::kInt64) * candidates + b;  // [B]
}

torch::Tensor selectCandidates(const torch::Tensor& rows, const torch::Tensor& best,
                               int64_t candidates) {
    return rows.index_select(0, bestRows(best, candidates).to(rows.device()));
}

torch::Tensor clipImageScores(UnclipModel& model, const torch::Tensor& pictures,
                              const torch::Tensor& targets) {
    const auto pre = model.imagePreprocessing();
    auto uint8 = ((pictures.to(torch::kFloat32).cpu() + 1) * 127.5)
                     .round()
                     .clamp(0, 255)
                     .to(torch::kUInt8)
                     .permute({0, 2, 3, 1});  // [N, h, w, 3]
    std::vector<torch::Tensor> images;
    for (int64_t i = 0; i < uint8.size(0); ++i) images.push_back(uint8[i].contiguous());
    auto embeds = encodeImages(model, clipPreprocessBatch(images, pre)).to(torch::kFloat32);
    auto t = targets.to(embeds.device(), torch::kFloat32);
    return torch::nn::functional::cosine_similarity(
               embeds, t,
               torch::nn::functional::CosineSimilarityFuncOptions().dim(1))
        .cpu();  // [N]
}

stages::TextConditioning repeatText(const stages::TextConditioning& text, int64_t k) {
    return {text.embeds.repeat_interleave(k, 0), text.hidden.repeat_interleave(k, 0),
            text.mask.repeat_interleave(k, 0)};
}

torch::Tensor captionEmbeddings(const stages::TextConditioning& text, bool guidance) {
    return guidance ? text.embeds.chunk(2)[1] : text.embeds;
}

torch::Tensor priorBestOf(UnclipModel& model, const stages::TextConditioning& text, bool guidance,
                          const SamplingOptions& s, NoiseSource& noise,
                          const std::vector<uint64_t>& seeds, const RunControl& control) {
    const auto k = s.priorCandidates;
    if (k == 1)
        return stages::runPrior(model, text, s.priorSteps, s.priorGuidance, guidance, noise,
                                control);
    CandidateNoise candidateNoise(noise, seeds, k, CandidateStage::Prior);
    auto many = stages::runPrior(model, repeatText(text, k), s.priorSteps, s.priorGuidance,
                                 guidance, candidateNoise, control);  // [B * k, clip]
    auto targets = captionEmbeddings(text, guidance).to(torch::kFloat32).repeat_interleave(k, 0);
    auto scores = torch::nn::functional::cosine_similarity(
        many, targets, torch::nn::functional::CosineSimilarityFuncOptions().dim(1));  // [B * k]
    return selectCandidates(many, bestCandidates(scores.cpu(), k), k);                // [B, clip]
}

}  // namespace unclip
