// The training side of the UnCLIPScheduler's diffusion: forward noising and the losses
// of the three kinds of stage (Ho et al. 2020; Nichol & Dhariwal 2021 for the learned
// variance), on the same float32 squared-cosine tables the sampler uses.
//
//   DiffusionObjective objective(schedulerConfig);
//   auto t = objective.sampleTimesteps(batch, generator);      // [B] int64, uniform
//   auto noise = torch::randn_like(x0);
//   auto xt = objective.noisy(x0, t, noise);                    // q(x_t | x_0)
//   auto loss = objective.epsilonLoss(model(xt, t), noise);     // or learnedRangeLoss, x0Loss
#pragma once

#include <torch/torch.h>

#include "core/scheduler/unclip_scheduler.h"

namespace unclip::training {

class DiffusionObjective {
public:
    // The tables live on `device`, the training device: copying one there at every use
    // would make the host wait for the GPU to drain, several times a step.
    explicit DiffusionObjective(const UnclipSchedulerConfig& config,
                                const torch::Device& device = torch::kCPU);

    int64_t numTimesteps() const { return numTimesteps_; }
    // [B] int64, uniform in [0, T), or in the range restrictTimesteps set.
    torch::Tensor sampleTimesteps(int64_t batch, at::Generator& generator) const;
    // Training then draws t from [first, end) only (0 <= first < end <= T): a fine-tune of
    // the steps where a failure is decided. Throws on a range outside the schedule.
    void restrictTimesteps(int64_t first, int64_t end);

    // Standard normal noise of `shape` ([B, C, H, W]) plus `offset` times a standard normal
    // constant per picture and channel ("offset noise"). The constant gives the spatial mean
    // of each channel a real share of the noise loss: with plain noise it carries 1/(H W)
    // of it, so a network barely learns to set a picture's overall colour.
    static torch::Tensor trainingNoise(at::IntArrayRef shape, double offset,
                                       at::Generator& generator);

    // sqrt(abar_t) x0 + sqrt(1 - abar_t) noise, per sample.
    torch::Tensor noisy(const torch::Tensor& x0, const torch::Tensor& t,
                        const torch::Tensor& noise) const;

    // Mean squared error of the predicted noise (the simple objective).
    torch::Tensor epsilonLoss(const torch::Tensor& predictedNoise,
                              const torch::Tensor& noise) const;

    // Mean squared error of a predicted clean sample (the prior predicts x0).
    torch::Tensor x0Loss(const torch::Tensor& predictedX0, const torch::Tensor& x0) const;

    // The hybrid objective for a model that outputs [noise; variance value v] (2C
    // channels) with the learned_range parametrisation: log var = f log beta_t +
    // (1 - f) log beta~_t, f = (v + 1) / 2. L_simple on the noise plus lambda * L_vlb,
    // the KL between the true posterior and the predicted Gaussian with the mean held
    // fixed (stop-gradient), so the variance learns without disturbing the noise.
    torch::Tensor learnedRangeLoss(const torch::Tensor& output, const torch::Tensor& x0,
                                   const torch::Tensor& xt, const torch::Tensor& t,
                                   const torch::Tensor& noise, double vlbWeight = 1e-3) const;

private:
    int64_t numTimesteps_;
    int64_t firstTimestep_ = 0, endTimestep_ = 0;  // what sampleTimesteps draws from
    torch::Tensor alphasCumprod_;                  // [T] float32
    torch::Tensor alphasCumprodPrev_;              // [T] abar_{t-1}, 1 at t = 0
    torch::Tensor betas_;                          // [T]
    torch::Tensor posteriorVariance_;     // [T] beta~_t = beta_t (1 - abar_{t-1}) / (1 - abar_t)
    torch::Tensor posteriorLogVariance_;  // [T] log, clipped at t = 0 as in improved DDPM
};

}  // namespace unclip::training
