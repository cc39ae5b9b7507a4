// Mixed precision for training. Inside an AutocastScope, LibTorch's autocast runs the
// convolutions and matrix products of ops on the scope's device in bfloat16 (normalisation
// and losses stay float32), while the weights, their gradients, AdamW and the EMA stay
// float32: the usual recipe for a GPU whose float32 step is bound by memory traffic. Measured
// here (docs/TRAINING.md): the decoder trained 1.6x faster on a CPU with AMX, no faster on
// one with AVX-512 bfloat16 but no AMX, and ~13% slower on an H200, where float32 already
// runs as TF32 and the casts cost more than they save.
//
//   {
//       AutocastScope autocast(device, torch::kBFloat16);   // std::nullopt: no-op
//       out = unet(xt, t, cond);                             // bfloat16 activations
//   }                                                        // casts of the weights dropped
//   loss = objective.epsilonLoss(out, noise);                // float32, as without it
//
// Only bfloat16: float16 would need loss scaling, which the trainer does not do. The scope
// must close before the optimiser steps, since autocast caches its casts of the weights.
#pragma once

#include <optional>
#include <string>

#include <torch/torch.h>

namespace unclip::training {

class AutocastScope {
public:
    AutocastScope(const torch::Device& device, std::optional<torch::Dtype> dtype);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool active_ = false;
    c10::DeviceType deviceType_ = c10::DeviceType::CPU;
    bool wasEnabled_ = false;
    at::ScalarType previousDtype_ = at::kFloat;
};

// "off" -> nullopt, "bfloat16" / "bf16" -> kBFloat16; anything else (float16 included)
// is an error that says what to pass.
std::optional<torch::Dtype> parseAutocast(const std::string& spec);

// Whether autocast is on for `device` in this thread (for tests and logs).
bool autocastEnabled(const torch::Device& device);

}  // namespace unclip::training
