#include "core/scheduler/unclip_scheduler.h"

#include <cmath>

#include "core/common/error.h"
#include "core/config/json_config.h"

namespace unclip {
namespace {

// Nichol & Dhariwal's squared-cosine alpha-bar (improved DDPM, eq. 17), s = 0.008.
double alphaBar(double t) {
    const double c = std::cos((t + 0.008) / 1.008 * M_PI / 2.0);
    return c * c;
}

}  // namespace

UnclipSchedulerConfig readSchedulerConfig(const std::filesystem::path& path) {
    JsonConfig cfg(readJsonFile(path), path);
    cfg.requireOneOf<std::string>("_class_name", {"UnCLIPScheduler"});
    cfg.requireOneOf<std::string>("beta_schedule", {"squaredcos_cap_v2"});
    cfg.requireOneOf<std::string>("variance_type", {"fixed_small_log", "learned_range"});
    cfg.requireOneOf<std::string>("prediction_type", {"epsilon", "sample"});
    UnclipSchedulerConfig c;
    c.numTrainTimesteps = cfg.get<int64_t>("num_train_timesteps", c.numTrainTimesteps);
    if (c.numTrainTimesteps < 2 || c.numTrainTimesteps > 100000)
        cfg.fail("num_train_timesteps",
                 "must be between 2 and 100000, got " + std::to_string(c.numTrainTimesteps));
    c.varianceType = cfg.get<std::string>("variance_type", "fixed_small_log") == "learned_range"
                         ? VarianceType::LearnedRange
                         : VarianceType::FixedSmallLog;
    c.predictionType = cfg.get<std::string>("prediction_type", "epsilon") == "sample"
                           ? PredictionType::Sample
                           : PredictionType::Epsilon;
    c.clipSample = cfg.get<bool>("clip_sample", true);
    c.clipSampleRange = cfg.get<double>("clip_sample_range", 1.0);
    if (!(c.clipSampleRange > 0)) cfg.fail("clip_sample_range", "must be positive");
    return c;
}

UnclipScheduler::UnclipScheduler(const UnclipSchedulerConfig& config) : config_(config) {
    const auto n = config.numTrainTimesteps;
    double cumprod = 1.0;
    for (int64_t i = 0; i < n; ++i) {
        // betas in float64, stored as float32; 1 - beta in float32; the running product
        // accumulated in double and stored as float32, as torch.cumprod on float32 does.
        const double beta =
            std::min(1.0 - alphaBar(double(i + 1) / n) / alphaBar(double(i) / n), 0.999);
        betas_.push_back(static_cast<float>(beta));
        alphas_.push_back(1.0f - betas_.back());
        cumprod *= double(alphas_.back());
        alphasCumprod_.push_back(static_cast<float>(cumprod));
    }
}

std::vector<int64_t> UnclipScheduler::timesteps(int64_t numInferenceSteps) const {
    const auto n = config_.numTrainTimesteps;
    if (numInferenceSteps < 2 || numInferenceSteps > n)
        throw Error("the number of sampling steps must be between 2 and " + std::to_string(n) +
                    ", got " + std::to_string(numInferenceSteps));
    const double ratio = double(n - 1) / double(numInferenceSteps - 1);
    std::vector<int64_t> ts;
    for (int64_t i = numInferenceSteps - 1; i >= 0; --i)
        ts.push_back(static_cast<int64_t>(std::nearbyint(double(i) * ratio)));  // half to even
    return ts;
}

SchedulerStep UnclipScheduler::step(const torch::Tensor& modelOutput, int64_t t,
                                    const torch::Tensor& sample, std::optional<int64_t> prevT,
                                    const torch::Tensor& noise) const {
    if (t < 0 || t >= config_.numTrainTimesteps)
        throw Error("timestep " + std::to_string(t) + " is out of range");
    const int64_t prev = prevT.value_or(t - 1);
    if (prev >= t) throw Error("the previous timestep must be below the current one");

    torch::Tensor eps = modelOutput, predictedVariance;
    const auto channels = sample.size(1);
    if (config_.varianceType == VarianceType::LearnedRange && modelOutput.size(1) == 2 * channels) {
        eps = modelOutput.narrow(1, 0, channels);
        predictedVariance = modelOutput.narrow(1, channels, channels);
    }

    // 1. alphas and betas of the (possibly respaced) transition t -> prev.
    const float alphaProdT = alphasCumprod_[t];
    const float alphaProdPrev = prev >= 0 ? alphasCumprod_[prev] : 1.0f;
    const float betaProdT = 1.0f - alphaProdT;
    const float betaProdPrev = 1.0f - alphaProdPrev;
    float beta, alpha;
    if (prev == t - 1) {
        beta = betas_[t];
        alpha = alphas_[t];
    } else {
        beta = 1.0f - alphaProdT / alphaProdPrev;
        alpha = 1.0f - beta;
    }

    // 2. predicted x0 (DDPM eq. 15), clipped.
    torch::Tensor x0 = config_.predictionType == PredictionType::Epsilon
                           ? (sample - std::sqrt(betaProdT) * eps) / std::sqrt(alphaProdT)
                           : eps;
    if (config_.clipSample) x0 = x0.clamp(-config_.clipSampleRange, config_.clipSampleRange);

    // 3. posterior mean q(x_prev | x_t, x0) (DDPM eq. 7).
    const float x0Coeff = std::sqrt(alphaProdPrev) * beta / betaProdT;
    const float sampleCoeff = std::sqrt(alpha) * betaProdPrev / betaProdT;
    auto prevSample = x0Coeff * x0 + sampleCoeff * sample;

    // 4. add noise with the posterior variance, fixed or interpolated in log space.
    if (t > 0) {
        if (!noise.defined()) throw Error("the scheduler needs a noise draw at t > 0");
        const float variance = betaProdPrev / betaProdT * beta;
        torch::Tensor stddev;
        if (config_.varianceType == VarianceType::FixedSmallLog) {
            stddev = torch::full({}, std::exp(0.5f * std::log(std::max(variance, 1e-20f))),
                                 sample.options());
        } else {
            if (!predictedVariance.defined())
                throw Error(
                    "learned_range variance needs a model output with twice the sample's channels");
            auto frac = (predictedVariance + 1) / 2;
            auto logVariance = frac * std::log(beta) + (1 - frac) * std::log(variance);
            stddev = torch::exp(0.5 * logVariance);
        }
        prevSample = prevSample + stddev * noise.to(prevSample.options());
    }
    return {prevSample, x0};
}

}  // namespace unclip
