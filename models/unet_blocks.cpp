#include "models/unet_blocks.h"

#include "models/attention.h"
#include "models/norm_precision.h"

namespace unclip::models {
namespace F = torch::nn::functional;

namespace {

torch::nn::GroupNorm groupNorm(int64_t groups, int64_t channels, double eps) {
    return torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, channels).eps(eps));
}

torch::nn::Conv2d conv3x3(int64_t in, int64_t out) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1));
}

}  // namespace

ResnetBlock2DImpl::ResnetBlock2DImpl(int64_t in, int64_t out, const BlockSpec& spec,
                                     Resample resample)
    : spec(spec), resample(resample) {
    norm1 = register_module("norm1", groupNorm(spec.groups, in, spec.eps));
    conv1 = register_module("conv1", conv3x3(in, out));
    time_emb_proj = register_module(
        "time_emb_proj", torch::nn::Linear(spec.tembChannels, spec.scaleShift ? 2 * out : out));
    norm2 = register_module("norm2", groupNorm(spec.groups, out, spec.eps));
    conv2 = register_module("conv2", conv3x3(out, out));
    if (in != out)
        conv_shortcut = register_module("conv_shortcut",
                                        torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1)));
}

torch::Tensor ResnetBlock2DImpl::forward(const torch::Tensor& x, const torch::Tensor& temb) {
    auto skip = x;
    auto h = torch::silu(normInWeightPrecision(norm1, x));  // [B, in, H, W]
    if (resample == Resample::Down) {
        h = F::avg_pool2d(h, F::AvgPool2dFuncOptions(2).stride(2));  // [B, in, H/2, W/2]
        skip = F::avg_pool2d(skip, F::AvgPool2dFuncOptions(2).stride(2));
    } else if (resample == Resample::Up) {
        auto up = F::InterpolateFuncOptions()
                      .scale_factor(std::vector<double>{2.0, 2.0})
                      .mode(torch::kNearest);
        h = F::interpolate(h, up);  // [B, in, 2H, 2W]
        skip = F::interpolate(skip, up);
    }
    h = conv1(h);  // [B, out, H', W']
    auto t = time_emb_proj(spec.skipTimeAct ? temb : torch::silu(temb))
                 .unsqueeze(-1)
                 .unsqueeze(-1);  // [B, out|2out, 1, 1]
    if (spec.scaleShift) {
        auto scaleAndShift = t.chunk(2, 1);
        h = normInWeightPrecision(norm2, h) * (1 + scaleAndShift[0]) + scaleAndShift[1];
    } else {
        h = normInWeightPrecision(norm2, h + t);
    }
    h = conv2(torch::silu(h));  // dropout is 0 at inference
    if (conv_shortcut) skip = conv_shortcut(skip);
    auto out = skip + h;  // [B, out, H', W']
    return spec.outputScaleFactor == 1.0 ? out : out / spec.outputScaleFactor;
}

AddedKVAttentionImpl::AddedKVAttentionImpl(int64_t channels, int64_t headDim, int64_t crossDim,
                                           int64_t groups) {
    TORCH_CHECK(headDim > 0 && channels % headDim == 0, "attention width ", channels,
                " is not a multiple of the head size ", headDim);
    heads = channels / headDim;
    // The reference builds this norm with Attention's default eps, not the UNet's norm_eps.
    group_norm = register_module("group_norm", groupNorm(groups, channels, 1e-5));
    to_q = register_module("to_q", torch::nn::Linear(channels, channels));
    to_k = register_module("to_k", torch::nn::Linear(channels, channels));
    to_v = register_module("to_v", torch::nn::Linear(channels, channels));
    add_k_proj = register_module("add_k_proj", torch::nn::Linear(crossDim, channels));
    add_v_proj = register_module("add_v_proj", torch::nn::Linear(crossDim, channels));
    out = torch::nn::Linear(channels, channels);
    to_out = register_module("to_out", torch::nn::ModuleList(out, torch::nn::Dropout(0.0)));
}

torch::Tensor AddedKVAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& context,
                                            const torch::Tensor& mask) {
    const auto b = x.size(0), c = x.size(1), hgt = x.size(2), wid = x.size(3);
    auto s =
        normInWeightPrecision(group_norm, x).view({b, c, hgt * wid}).transpose(1, 2);  // [B, HW, C]
    auto q = splitHeads(to_q(s), heads);  // [B, heads, HW, D]
    auto k =
        splitHeads(torch::cat({add_k_proj(context), to_k(s)}, 1), heads);  // [B, heads, T+HW, D]
    auto v = splitHeads(torch::cat({add_v_proj(context), to_v(s)}, 1), heads);
    torch::Tensor fullMask;
    if (mask.defined())  // the feature-map keys are never masked
        fullMask = F::pad(mask, F::PadFuncOptions({0, hgt * wid})).unsqueeze(1);  // [B, 1, 1, T+HW]
    auto o = mergeHeads(scaledDotProductAttention(q, k, v, fullMask));            // [B, HW, C]
    o = out(o).transpose(1, 2).reshape({b, c, hgt, wid});                         // [B, C, H, W]
    return o + x;
}

DownBlockImpl::DownBlockImpl(int64_t in, int64_t out, int64_t layers, bool addDownsample,
                             const BlockSpec& spec) {
    resnets = register_module("resnets", torch::nn::ModuleList());
    if (spec.crossAttention) attentions = register_module("attentions", torch::nn::ModuleList());
    for (int64_t i = 0; i < layers; ++i) {
        resnets->push_back(ResnetBlock2D(i == 0 ? in : out, out, spec));
        if (spec.crossAttention)
            attentions->push_back(AddedKVAttention(out, spec.headDim, spec.crossDim, spec.groups));
    }
    if (addDownsample) {
        downsamplers = register_module("downsamplers", torch::nn::ModuleList());
        downsamplers->push_back(ResnetBlock2D(out, out, spec, Resample::Down));
    }
}

torch::Tensor DownBlockImpl::forward(torch::Tensor h, const BlockInputs& in,
                                     std::vector<torch::Tensor>& skips) {
    for (size_t i = 0; i < resnets->size(); ++i) {
        h = resnets[i]->as<ResnetBlock2DImpl>()->forward(h, in.temb);
        if (attentions)
            h = attentions[i]->as<AddedKVAttentionImpl>()->forward(h, in.context, in.mask);
        skips.push_back(h);
    }
    if (downsamplers) {
        h = downsamplers[0]->as<ResnetBlock2DImpl>()->forward(h, in.temb);  // [B, out, H/2, W/2]
        skips.push_back(h);
    }
    return h;
}

MidBlockImpl::MidBlockImpl(int64_t channels, const BlockSpec& spec) {
    resnets = register_module("resnets", torch::nn::ModuleList());
    for (int i = 0; i < 2; ++i) resnets->push_back(ResnetBlock2D(channels, channels, spec));
    if (spec.crossAttention) {
        attentions = register_module("attentions", torch::nn::ModuleList());
        attentions->push_back(AddedKVAttention(channels, spec.headDim, spec.crossDim, spec.groups));
    }
}

torch::Tensor MidBlockImpl::forward(torch::Tensor h, const BlockInputs& in) {
    h = resnets[0]->as<ResnetBlock2DImpl>()->forward(h, in.temb);
    if (attentions) h = attentions[0]->as<AddedKVAttentionImpl>()->forward(h, in.context, in.mask);
    return resnets[1]->as<ResnetBlock2DImpl>()->forward(h, in.temb);
}

UpBlockImpl::UpBlockImpl(int64_t in, int64_t prevOut, int64_t out, int64_t layers, bool addUpsample,
                         const BlockSpec& spec) {
    resnets = register_module("resnets", torch::nn::ModuleList());
    if (spec.crossAttention) attentions = register_module("attentions", torch::nn::ModuleList());
    for (int64_t i = 0; i < layers; ++i) {
        const int64_t skipChannels = i == layers - 1 ? in : out;
        const int64_t resnetIn = i == 0 ? prevOut : out;
        resnets->push_back(ResnetBlock2D(resnetIn + skipChannels, out, spec));
        if (spec.crossAttention)
            attentions->push_back(AddedKVAttention(out, spec.headDim, spec.crossDim, spec.groups));
    }
    if (addUpsample) {
        upsamplers = register_module("upsamplers", torch::nn::ModuleList());
        upsamplers->push_back(ResnetBlock2D(out, out, spec, Resample::Up));
    }
}

torch::Tensor UpBlockImpl::forward(torch::Tensor h, const BlockInputs& in,
                                   std::vector<torch::Tensor>& skips) {
    for (size_t i = 0; i < resnets->size(); ++i) {
        h = torch::cat({h, skips.back()}, 1);  // [B, C + skip, H, W]
        skips.pop_back();
        h = resnets[i]->as<ResnetBlock2DImpl>()->forward(h, in.temb);
        if (attentions)
            h = attentions[i]->as<AddedKVAttentionImpl>()->forward(h, in.context, in.mask);
    }
    if (upsamplers)
        h = upsamplers[0]->as<ResnetBlock2DImpl>()->forward(h, in.temb);  // [B, out, 2H, 2W]
    return h;
}

}  // namespace unclip::models
