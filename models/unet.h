// The decoder (diffusers UNet2DConditionModel with Karlo's blocks) and the super-resolution
// nets (UNet2DModel) share one module tree: conv_in, time_embedding, down_blocks,
// mid_block, up_blocks, conv_norm_out, conv_out. They differ in their config: the decoder
// has cross-attention blocks and adds the CLIP embedding to the timestep embedding
// (class_embed_type "identity"); the super-res nets have neither.
//
//   UNet decoder(config);
//   auto out = decoder->forward(x, t, {contextTokens, clipTimeEmbedding, tokenMask});
#pragma once

#include <string>
#include <vector>

#include <torch/torch.h>

#include "models/timestep_embedding.h"
#include "models/unet_blocks.h"

namespace unclip::models {

struct UNetConfig {
    int64_t inChannels = 3;
    int64_t outChannels = 3;
    int64_t sampleSize = 64;
    int64_t layersPerBlock = 3;
    std::vector<std::string>
        downBlockTypes;                     // ResnetDownsampleBlock2D | SimpleCrossAttnDownBlock2D
    std::vector<std::string> upBlockTypes;  // ResnetUpsampleBlock2D | SimpleCrossAttnUpBlock2D
    std::string midBlockType = "UNetMidBlock2D";  // or UNetMidBlock2DSimpleCrossAttn
    std::vector<int64_t> blockOutChannels;
    int64_t crossAttentionDim = 0;
    int64_t attentionHeadDim = 64;  // per-head width in the SimpleCrossAttn blocks
    int64_t normNumGroups = 32;
    double normEps = 1e-5;
    bool scaleShift = false;  // resnet_time_scale_shift == "scale_shift"
    bool flipSinToCos = true;
    double freqShift = 0.0;
    bool identityClassEmbedding = false;  // class_embed_type == "identity"

    int64_t timeEmbedDim() const { return blockOutChannels.at(0) * 4; }
};

struct UNetConditioning {
    torch::Tensor encoderHiddenStates;  // [B, T, cross] (decoder only)
    torch::Tensor classLabels;          // [B, temb], added to the time embedding (decoder only)
    torch::Tensor attentionMask;        // [B, T] bool/0-1 over the context tokens, or undefined
};

struct UNetImpl : torch::nn::Module {
    explicit UNetImpl(const UNetConfig& c);

    // sample [B, in, H, W]; timesteps [B] or [1]. Returns [B, out, H, W].
    torch::Tensor forward(const torch::Tensor& sample, const torch::Tensor& timesteps,
                          const UNetConditioning& cond = {});

    UNetConfig config;
    torch::nn::Conv2d conv_in{nullptr};
    TimestepEmbedding time_embedding{nullptr};
    torch::nn::ModuleList down_blocks{nullptr};
    MidBlock mid_block{nullptr};
    torch::nn::ModuleList up_blocks{nullptr};
    torch::nn::GroupNorm conv_norm_out{nullptr};
    torch::nn::Conv2d conv_out{nullptr};
};
TORCH_MODULE(UNet);

}  // namespace unclip::models
