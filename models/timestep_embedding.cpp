#include "models/timestep_embedding.h"

#include <cmath>

namespace unclip::models {

torch::Tensor timestepFeatures(const torch::Tensor& timesteps, int64_t dim, bool flipSinToCos,
                               double downscaleFreqShift) {
    TORCH_CHECK(timesteps.dim() == 1, "timesteps must be one-dimensional");
    const int64_t half = dim / 2;
    auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(timesteps.device());
    auto exponent = -std::log(10000.0) * torch::arange(0, half, opts);
    exponent = exponent / (static_cast<double>(half) - downscaleFreqShift);
    auto freqs = torch::exp(exponent);                                            // [half]
    auto args = timesteps.to(torch::kFloat32).unsqueeze(1) * freqs.unsqueeze(0);  // [B, half]
    auto emb = torch::cat({torch::sin(args), torch::cos(args)}, -1);              // [B, 2*half]
    if (flipSinToCos) emb = torch::cat({emb.narrow(1, half, half), emb.narrow(1, 0, half)}, -1);
    if (dim % 2 == 1)
        emb = torch::nn::functional::pad(emb, torch::nn::functional::PadFuncOptions({0, 1}));
    return emb;  // [B, dim]
}

TimestepEmbeddingImpl::TimestepEmbeddingImpl(int64_t inChannels, int64_t timeEmbedDim,
                                             int64_t outDim) {
    linear_1 = register_module("linear_1", torch::nn::Linear(inChannels, timeEmbedDim));
    linear_2 = register_module("linear_2",
                               torch::nn::Linear(timeEmbedDim, outDim > 0 ? outDim : timeEmbedDim));
}

torch::Tensor TimestepEmbeddingImpl::forward(const torch::Tensor& features) {
    return linear_2(torch::silu(linear_1(features)));
}

}  // namespace unclip::models
