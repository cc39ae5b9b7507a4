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
    std::vector<std::string>
        downBlockTypes;                     // ResnetDownsampleBlock2D | SimpleCrossAttnDownBlock2D
    std::vector<std::string> upBlockTypes;  // ResnetUpsampleBlock2D | SimpleCrossAttnUpBlock2D
    std::string midBlockType = "UNetMidBlock2D";  // or UNetMidBlock2DSimpleCrossAttn; "" for none
    std::vector<int64_t> blockOutChannels;
    // Per level. Down level i has layersPerBlock[i] resnets; up block i has the mirrored
    // level's count + 1 (it also consumes the downsampler's skip).
    std::vector<int64_t> layersPerBlock;
    // Per level, per-head width of the SimpleCrossAttn blocks. Up block i uses entry i
    // (the reference does not mirror it), the mid block the last entry.
    std::vector<int64_t> attentionHeadDims;
    int64_t crossAttentionDim = 0;
    int64_t normNumGroups = 32;
    double normEps = 1e-5;
    bool scaleShift = false;  // resnet_time_scale_shift == "scale_shift"
    bool resnetSkipTimeAct = false;
    double resnetOutScaleFactor = 1.0;  // down and up block resnets
    double midBlockScaleFactor = 1.0;   // mid block resnets
    bool centerInputSample = false;     // x -> 2x - 1 first
    int64_t convInKernel = 3;
    int64_t convOutKernel = 3;
    bool flipSinToCos = true;
    double freqShift = 0.0;
    int64_t timeEmbeddingDim = 0;         // 0: 4 x the first block width
    bool identityClassEmbedding = false;  // class_embed_type == "identity"

    int64_t timeEmbedDim() const {
        return timeEmbeddingDim > 0 ? timeEmbeddingDim : blockOutChannels.at(0) * 4;
    }
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

    // Stores every convolution kernel channels-last (NHWC); forward then runs its
    // activations in that layout too (it follows conv_in's kernel) and still returns the
    // usual contiguous NCHW tensor. oneDNN's CPU convolutions skip a layout reorder per
    // call that way: the built-in model's 64 px picture ~11% faster, its 256 -> 1024
    // upsampler stage 6.1-6.6 s -> 4.4-4.5 s (docs/TRAINING.md). Call after loading
    // weights (the loader does, in float32 on the CPU); results agree to float rounding.
    void useChannelsLast();

    UNetConfig config;
    torch::nn::Conv2d conv_in{nullptr};
    TimestepEmbedding time_embedding{nullptr};
    torch::nn::ModuleList down_blocks{nullptr};
    MidBlock mid_block{nullptr};  // absent when midBlockType is empty
    torch::nn::ModuleList up_blocks{nullptr};
    torch::nn::GroupNorm conv_norm_out{nullptr};
    torch::nn::Conv2d conv_out{nullptr};
};
TORCH_MODULE(UNet);

}  // namespace unclip::models
