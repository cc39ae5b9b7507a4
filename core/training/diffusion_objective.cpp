#include "core/training/diffusion_objective.h"

#include <cmath>
#include <string>

#include "core/common/error.h"

namespace unclip::training {
namespace {

// Broadcast a per-sample [B] table lookup over x's trailing dimensions. The table and t
// are on like's device already (a copy here would wait for the GPU).
torch::Tensor perSample(const torch::Tensor& table, const torch::Tensor& t,
                        const torch::Tensor& like) {
    auto v = table.index_select(0, t).to(like.scalar_type());
    std::vector<int64_t> shape(like.dim(), 1);
    shape[0] = like.size(0);
    return v.view(shape);
}

}  // namespace

DiffusionObjective::DiffusionObjective(const UnclipSchedulerConfig& config,
                                       const torch::Device& device) {
    UnclipScheduler scheduler(config);
    numTimesteps_ = config.numTrainTimesteps;
    endTimestep_ = numTimesteps_;
    auto alphasCumprod = torch::tensor(scheduler.alphasCumprod(), torch::kFloat32);
    auto betas = torch::tensor(scheduler.betas(), torch::kFloat32);
    auto prevCumprod =
        torch::cat({torch::ones({1}), alphasCumprod.narrow(0, 0, numTimesteps_ - 1)});
    auto posteriorVariance = betas * (1 - prevCumprod) / (1 - alphasCumprod);
    // beta~_0 is 0: take beta~_1's log there, as improved DDPM does.
    auto clipped = posteriorVariance.clone();
    clipped[0] = posteriorVariance[1];
    alphasCumprod_ = alphasCumprod.to(device);
    alphasCumprodPrev_ = prevCumprod.to(device);
    betas_ = betas.to(device);
    posteriorVariance_ = posteriorVariance.to(device);
    posteriorLogVariance_ = clipped.log().to(device);
}

torch::Tensor DiffusionObjective::sampleTimesteps(int64_t batch, at::Generator& generator) const {
    return torch::randint(firstTimestep_, endTimestep_, {batch}, generator,
                          torch::TensorOptions().dtype(torch::kInt64));
}

void DiffusionObjective::restrictTimesteps(int64_t first, int64_t end) {
    const auto range = "timesteps " + std::to_string(first) + "/" + std::to_string(end);
    if (first < 0 || first >= end)
        throw Error(range + " is no range: the first must be at least 0 and below the end " +
                    "(--timesteps 500/1000 trains 500..999)");
    if (end > numTimesteps_)
        throw Error(range + " ends beyond the schedule's " + std::to_string(numTimesteps_) +
                    " timesteps: the end may be at most " + std::to_string(numTimesteps_));
    firstTimestep_ = first;
    endTimestep_ = end;
}

torch::Tensor DiffusionObjective::trainingNoise(at::IntArrayRef shape, double offset,
                                                at::Generator& generator) {
    auto noise = torch::randn(shape, generator);
    if (offset <= 0) return noise;
    std::vector<int64_t> perChannel(shape.begin(), shape.end());  // [B, C, 1, 1]
    for (size_t d = 2; d < perChannel.size(); ++d) perChannel[d] = 1;
    return noise + offset * torch::randn(perChannel, generator);
}

torch::Tensor DiffusionObjective::noisy(const torch::Tensor& x0, const torch::Tensor& t,
                                        const torch::Tensor& noise) const {
    auto abar = perSample(alphasCumprod_, t, x0);
    return abar.sqrt() * x0 + (1 - abar).sqrt() * noise;
}

torch::Tensor DiffusionObjective::epsilonLoss(const torch::Tensor& predictedNoise,
                                              const torch::Tensor& noise) const {
    return torch::mse_loss(predictedNoise.to(torch::kFloat32), noise.to(torch::kFloat32));
}

torch::Tensor DiffusionObjective::x0Loss(const torch::Tensor& predictedX0,
                                         const torch::Tensor& x0) const {
    return torch::mse_loss(predictedX0.to(torch::kFloat32), x0.to(torch::kFloat32));
}

torch::Tensor DiffusionObjective::learnedRangeLoss(const torch::Tensor& output,
                                                   const torch::Tensor& x0, const torch::Tensor& xt,
                                                   const torch::Tensor& t,
                                                   const torch::Tensor& noise,
                                                   double vlbWeight) const {
    const auto channels = x0.size(1);
    auto out = output.to(torch::kFloat32);
    auto eps = out.narrow(1, 0, channels);
    auto v = out.narrow(1, channels, channels);
    auto simple = torch::mse_loss(eps, noise);

    // Predicted mean from the (detached) noise estimate, via x0 as the sampler does.
    auto abar = perSample(alphasCumprod_, t, xt);
    auto abarPrev = perSample(alphasCumprodPrev_, t, xt);
    auto beta = perSample(betas_, t, xt);
    auto x0Predicted = ((xt - (1 - abar).sqrt() * eps.detach()) / abar.sqrt()).clamp(-1, 1);
    auto meanCoefX0 = abarPrev.sqrt() * beta / (1 - abar);
    auto meanCoefXt = (1 - beta).sqrt() * (1 - abarPrev) / (1 - abar);
    auto predictedMean = meanCoefX0 * x0Predicted + meanCoefXt * xt;
    auto trueMean = meanCoefX0 * x0 + meanCoefXt * xt;

    auto minLog = perSample(posteriorLogVariance_, t, xt);
    auto maxLog = beta.log();
    auto frac = (v + 1) / 2;
    auto predictedLogVar = frac * maxLog + (1 - frac) * minLog;

    // KL(N(trueMean, e^minLog) || N(predictedMean, e^predictedLogVar)), in nats per dim.
    auto kl = 0.5 * (-1.0 + predictedLogVar - minLog + (minLog - predictedLogVar).exp() +
                     (trueMean - predictedMean).pow(2) * (-predictedLogVar).exp());
    // Nichol & Dhariwal scale L_vlb by T (it is a sum over steps) and weight it by lambda.
    auto vlb = kl.mean() * double(numTimesteps_) / std::log(2.0);
    return simple + vlbWeight * vlb;
}

}  // namespace unclip::training
