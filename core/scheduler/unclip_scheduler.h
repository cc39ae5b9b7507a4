// UnCLIPScheduler: DDPM ancestral sampling on a respaced squared-cosine schedule, as
// diffusers' scheduling_unclip.py and Karlo's respaced GaussianDiffusion do it.
//
//   UnclipScheduler scheduler(readSchedulerConfig(dir / "scheduler_config.json"));
//   auto ts = scheduler.timesteps(25);                  // 999, 957, ..., 0
//   for (size_t i = 0; i < ts.size(); ++i) {
//       auto prev = i + 1 < ts.size() ? std::optional<int64_t>(ts[i + 1]) : std::nullopt;
//       auto noise = scheduler.needsNoise(ts[i]) ? draw(x.sizes()) : torch::Tensor();
//       x = scheduler.step(modelOutput, ts[i], x, prev, noise).prevSample;
//   }
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace unclip {

enum class VarianceType { FixedSmallLog, LearnedRange };
enum class PredictionType { Epsilon, Sample };

struct UnclipSchedulerConfig {
    int64_t numTrainTimesteps = 1000;
    VarianceType varianceType = VarianceType::FixedSmallLog;
    PredictionType predictionType = PredictionType::Epsilon;
    bool clipSample = true;
    double clipSampleRange = 1.0;
};

// Reads scheduler_config.json; a beta schedule, variance or prediction type this
// scheduler does not implement is an error naming the field.
UnclipSchedulerConfig readSchedulerConfig(const std::filesystem::path& schedulerConfigJson);

struct SchedulerStep {
    torch::Tensor prevSample;          // x_{t_prev}
    torch::Tensor predOriginalSample;  // the clipped x0 estimate (for previews)
};

class UnclipScheduler {
public:
    explicit UnclipScheduler(const UnclipSchedulerConfig& config);

    // The respaced timesteps, descending: round(i * (T-1)/(n-1)) for i = n-1 .. 0,
    // rounding half to even as numpy does. n must be in [2, T].
    std::vector<int64_t> timesteps(int64_t numInferenceSteps) const;

    // Noise is drawn only for t > 0; the caller draws it (so draws can be replayed).
    bool needsNoise(int64_t t) const { return t > 0; }

    // One reverse step from t to prevT (t - 1 when absent). modelOutput may carry the
    // learned variance as its second half of channels (learned_range). noise: a standard
    // normal tensor of the sample's shape when needsNoise(t), else undefined.
    SchedulerStep step(const torch::Tensor& modelOutput, int64_t t, const torch::Tensor& sample,
                       std::optional<int64_t> prevT, const torch::Tensor& noise) const;

    const UnclipSchedulerConfig& config() const { return config_; }

    // The training chain's tables (float32, as the reference stores them), for the trainer.
    const std::vector<float>& betas() const { return betas_; }
    const std::vector<float>& alphasCumprod() const { return alphasCumprod_; }

private:
    UnclipSchedulerConfig config_;
    // float32 as the reference stores them: the last digits of every step depend on it.
    std::vector<float> betas_, alphas_, alphasCumprod_;
};

}  // namespace unclip
