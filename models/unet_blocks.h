// The UNet building blocks Karlo's decoder and super-resolution nets use (diffusers
// unet_2d_blocks.py / resnet.py / AttnAddedKVProcessor), with checkpoint key names.
#pragma once

#include <string>
#include <vector>

#include <torch/torch.h>

namespace unclip::models {

enum class Resample { None, Down, Up };

// What a block needs to know to build its layers.
struct BlockSpec {
    int64_t tembChannels = 0;
    int64_t groups = 32;
    double eps = 1e-5;
    bool scaleShift = false;         // resnet_time_scale_shift "scale_shift" vs "default"
    bool skipTimeAct = false;        // resnet_skip_time_act: no SiLU before time_emb_proj
    double outputScaleFactor = 1.0;  // each resnet's (skip + h) is divided by this
    bool crossAttention = false;     // SimpleCrossAttn* blocks
    int64_t headDim = 64;            // per-head width of their attention
    int64_t crossDim = 0;            // width of the context tokens
};

// GroupNorm -> SiLU -> [resample] -> conv -> time conditioning -> GroupNorm -> SiLU ->
// conv, plus the (1x1-projected when widths differ) skip. Time conditioning is either
// added ("default") or a scale and shift of the second norm ("scale_shift").
struct ResnetBlock2DImpl : torch::nn::Module {
    ResnetBlock2DImpl(int64_t in, int64_t out, const BlockSpec& spec,
                      Resample resample = Resample::None);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb);

    BlockSpec spec;
    Resample resample;
    torch::nn::GroupNorm norm1{nullptr};
    torch::nn::Conv2d conv1{nullptr};
    torch::nn::Linear time_emb_proj{nullptr};
    torch::nn::GroupNorm norm2{nullptr};
    torch::nn::Conv2d conv2{nullptr};
    torch::nn::Conv2d conv_shortcut{nullptr};  // only when in != out
};
TORCH_MODULE(ResnetBlock2D);

// Self-attention over the feature map whose keys and values are extended with the
// projected context tokens (GLIDE's encoder_kv): k = [add_k_proj(ctx); to_k(x)].
struct AddedKVAttentionImpl : torch::nn::Module {
    AddedKVAttentionImpl(int64_t channels, int64_t headDim, int64_t crossDim, int64_t groups);
    // x [B, C, H, W]; context [B, T, cross]; mask additive [B, 1, T] or undefined.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context,
                          const torch::Tensor& mask);

    int64_t heads;
    torch::nn::GroupNorm group_norm{nullptr};
    torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr};
    torch::nn::Linear add_k_proj{nullptr}, add_v_proj{nullptr};
    torch::nn::ModuleList to_out{nullptr};  // [Linear, Dropout]
    torch::nn::Linear out{nullptr};
};
TORCH_MODULE(AddedKVAttention);

// Conditioning every block's forward takes.
struct BlockInputs {
    torch::Tensor temb;     // [B, temb]
    torch::Tensor context;  // [B, T, cross] (cross-attention blocks only)
    torch::Tensor mask;     // [B, 1, T] additive, or undefined
};

// ResnetDownsampleBlock2D / SimpleCrossAttnDownBlock2D: resnets (each followed by
// attention in the cross-attention variant), then a downsampling resnet.
struct DownBlockImpl : torch::nn::Module {
    DownBlockImpl(int64_t in, int64_t out, int64_t layers, bool addDownsample,
                  const BlockSpec& spec);
    // Returns the output and appends every intermediate state to skips.
    torch::Tensor forward(torch::Tensor h, const BlockInputs& in,
                          std::vector<torch::Tensor>& skips);

    torch::nn::ModuleList resnets{nullptr}, attentions{nullptr}, downsamplers{nullptr};
};
TORCH_MODULE(DownBlock);

// UNetMidBlock2DSimpleCrossAttn / UNetMidBlock2D without attention: resnet, [attention,]
// resnet.
struct MidBlockImpl : torch::nn::Module {
    MidBlockImpl(int64_t channels, const BlockSpec& spec);
    torch::Tensor forward(torch::Tensor h, const BlockInputs& in);

    torch::nn::ModuleList resnets{nullptr}, attentions{nullptr};
};
TORCH_MODULE(MidBlock);

// ResnetUpsampleBlock2D / SimpleCrossAttnUpBlock2D: each resnet first concatenates the
// matching skip, then an upsampling resnet.
struct UpBlockImpl : torch::nn::Module {
    UpBlockImpl(int64_t in, int64_t prevOut, int64_t out, int64_t layers, bool addUpsample,
                const BlockSpec& spec);
    torch::Tensor forward(torch::Tensor h, const BlockInputs& in,
                          std::vector<torch::Tensor>& skips);

    torch::nn::ModuleList resnets{nullptr}, attentions{nullptr}, upsamplers{nullptr};
};
TORCH_MODULE(UpBlock);

}  // namespace unclip::models
