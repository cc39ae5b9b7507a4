// Sinusoidal timestep features and the two-layer MLP that embeds them (diffusers
// `Timesteps` + `TimestepEmbedding`; GLIDE/ADM `timestep_embedding`).
#pragma once

#include <torch/torch.h>

namespace unclip::models {

// Sinusoidal features of timesteps t [B] -> [B, dim], computed in float32:
// freqs = exp(-ln(10000) * i / (half - shift)), args = t * freqs, then
// [cos, sin] when flipSinToCos, else [sin, cos].
torch::Tensor timestepFeatures(const torch::Tensor& timesteps, int64_t dim, bool flipSinToCos,
                               double downscaleFreqShift);

// linear_1 -> act -> linear_2, names as in the checkpoints.
struct TimestepEmbeddingImpl : torch::nn::Module {
    // outDim 0: timeEmbedDim (the prior may project back to its own width).
    TimestepEmbeddingImpl(int64_t inChannels, int64_t timeEmbedDim, int64_t outDim = 0);
    torch::Tensor forward(const torch::Tensor& features);  // [B, in] -> [B, out]

    torch::nn::Linear linear_1{nullptr};
    torch::nn::Linear linear_2{nullptr};
};
TORCH_MODULE(TimestepEmbedding);

}  // namespace unclip::models
