#include "models/unet.h"

#include <stdexcept>

#include "models/norm_precision.h"

namespace unclip::models {
namespace {

// The reference masks padded context tokens with -10000 rather than -inf.
constexpr double kMaskedScore = -10000.0;

bool isCrossAttention(const std::string& blockType) {
    return blockType.rfind("SimpleCrossAttn", 0) == 0 ||
           blockType == "UNetMidBlock2DSimpleCrossAttn";
}

}  // namespace

UNetImpl::UNetImpl(const UNetConfig& c) : config(c) {
    const auto& channels = c.blockOutChannels;
    const auto levels = static_cast<int64_t>(channels.size());
    if (levels == 0 || static_cast<int64_t>(c.downBlockTypes.size()) != levels ||
        static_cast<int64_t>(c.upBlockTypes.size()) != levels ||
        static_cast<int64_t>(c.layersPerBlock.size()) != levels ||
        static_cast<int64_t>(c.attentionHeadDims.size()) != levels)
        throw std::invalid_argument(
            "UNet needs one block type, layer count and head size per block_out_channels entry");

    BlockSpec spec;
    spec.tembChannels = c.timeEmbedDim();
    spec.groups = c.normNumGroups;
    spec.eps = c.normEps;
    spec.scaleShift = c.scaleShift;
    spec.skipTimeAct = c.resnetSkipTimeAct;
    spec.outputScaleFactor = c.resnetOutScaleFactor;
    spec.crossDim = c.crossAttentionDim;
    auto specFor = [&](const std::string& type, int64_t headDim) {
        BlockSpec s = spec;
        s.crossAttention = isCrossAttention(type);
        s.headDim = headDim;
        return s;
    };
    auto conv = [](int64_t in, int64_t out, int64_t kernel) {
        return torch::nn::Conv2d(
            torch::nn::Conv2dOptions(in, out, kernel).padding((kernel - 1) / 2));
    };

    conv_in = register_module("conv_in", conv(c.inChannels, channels[0], c.convInKernel));
    time_embedding =
        register_module("time_embedding", TimestepEmbedding(channels[0], c.timeEmbedDim()));

    down_blocks = register_module("down_blocks", torch::nn::ModuleList());
    int64_t out = channels[0];
    for (int64_t i = 0; i < levels; ++i) {
        const int64_t in = out;
        out = channels[i];
        down_blocks->push_back(DownBlock(in, out, c.layersPerBlock[i],
                                         /*addDownsample=*/i + 1 < levels,
                                         specFor(c.downBlockTypes[i], c.attentionHeadDims[i])));
    }

    if (!c.midBlockType.empty()) {
        BlockSpec mid = specFor(c.midBlockType, c.attentionHeadDims.back());
        mid.outputScaleFactor = c.midBlockScaleFactor;
        mid_block = register_module("mid_block", MidBlock(channels.back(), mid));
    }

    up_blocks = register_module("up_blocks", torch::nn::ModuleList());
    out = channels.back();
    for (int64_t i = 0; i < levels; ++i) {
        const int64_t prevOut = out;
        out = channels[levels - 1 - i];
        const int64_t in = channels[std::max<int64_t>(levels - 2 - i, 0)];
        up_blocks->push_back(UpBlock(in, prevOut, out, c.layersPerBlock[levels - 1 - i] + 1,
                                     /*addUpsample=*/i + 1 < levels,
                                     specFor(c.upBlockTypes[i], c.attentionHeadDims[i])));
    }

    conv_norm_out = register_module(
        "conv_norm_out",
        torch::nn::GroupNorm(
            torch::nn::GroupNormOptions(c.normNumGroups, channels[0]).eps(c.normEps)));
    conv_out = register_module("conv_out", conv(channels[0], c.outChannels, c.convOutKernel));
}

torch::Tensor UNetImpl::forward(const torch::Tensor& sample, const torch::Tensor& timesteps,
                                const UNetConditioning& cond) {
    const auto batch = sample.size(0);
    const auto dtype = conv_in->weight.scalar_type();
    const int64_t factor = int64_t{1} << (config.blockOutChannels.size() - 1);
    TORCH_CHECK(sample.size(2) % factor == 0 && sample.size(3) % factor == 0, "UNet input of ",
                sample.size(2), "x", sample.size(3), " is not a multiple of ", factor);

    // 1. time: sinusoidal features -> MLP, plus the CLIP embedding for the decoder.
    auto t = timesteps.reshape({-1}).expand({batch});
    auto temb = time_embedding(
        timestepFeatures(t, config.blockOutChannels[0], config.flipSinToCos, config.freqShift)
            .to(dtype));  // [B, temb]
    if (config.identityClassEmbedding) {
        TORCH_CHECK(cond.classLabels.defined(),
                    "this UNet needs class_labels (the CLIP time embedding)");
        temb = temb + cond.classLabels.to(dtype);
    }
    BlockInputs in{temb, cond.encoderHiddenStates, torch::Tensor()};
    if (cond.attentionMask.defined())
        in.mask = ((1.0 - cond.attentionMask.to(dtype)) * kMaskedScore).unsqueeze(1);  // [B, 1, T]

    // 2. pre-process, in the kernels' memory layout (useChannelsLast)
    auto x = sample.to(dtype).contiguous(conv_in->weight.suggest_memory_format());
    if (config.centerInputSample) x = 2 * x - 1.0;
    auto h = conv_in(x);  // [B, C0, H, W]
    std::vector<torch::Tensor> skips{h};

    // 3. down
    for (const auto& block : *down_blocks) h = block->as<DownBlockImpl>()->forward(h, in, skips);

    // 4. mid
    if (mid_block) h = mid_block(h, in);  // [B, C_last, H/f, W/f]

    // 5. up
    for (const auto& block : *up_blocks) h = block->as<UpBlockImpl>()->forward(h, in, skips);

    // 6. post-process
    return conv_out(torch::silu(normInWeightPrecision(conv_norm_out, h)))
        .contiguous();  // [B, out, H, W]
}

void UNetImpl::useChannelsLast() {
    torch::NoGradGuard noGrad;
    for (auto& p : parameters())
        if (p.dim() == 4) p.set_data(p.contiguous(at::MemoryFormat::ChannelsLast));
}

}  // namespace unclip::models
