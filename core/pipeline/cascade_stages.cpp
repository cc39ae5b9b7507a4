#include "core/pipeline/cascade_stages.h"

#include "core/common/error.h"
#include "core/pipeline/candidates.h"
#include "core/pipeline/output_images.h"

namespace unclip::stages {
namespace F = torch::nn::functional;

namespace {

torch::Tensor timestepTensor(int64_t t, const torch::Device& device) {
    return torch::full({1}, t, torch::TensorOptions().dtype(torch::kInt64).device(device));
}

std::optional<int64_t> nextTimestep(const std::vector<int64_t>& ts, size_t i) {
    return i + 1 < ts.size() ? std::optional<int64_t>(ts[i + 1]) : std::nullopt;
}

torch::Tensor drawNoise(NoiseSource& noise, c10::IntArrayRef shape, const torch::Device& device) {
    return noise.draw(shape.vec()).to(device);
}

// [B, 3, H, W] in [-1, 1] -> [B, H, W, 3] in [0, 1] on the CPU.
torch::Tensor toDisplay(const torch::Tensor& x) {
    return imagesFromModelRange(x.to(torch::kFloat32)).contiguous().cpu();
}

void report(const RunControl& control, Stage stage, int64_t step, int64_t total,
            torch::Tensor preview = {}) {
    if (control.onProgress) control.onProgress({stage, step, total, std::move(preview)});
}

}  // namespace

void checkCancelled(const RunControl& control) {
    if (control.cancel && control.cancel->isCancelled()) throw Cancelled();
}

TextConditioning encodeText(UnclipModel& model, const std::vector<std::string>& prompts,
                            bool guidance) {
    std::vector<std::string> rows;
    if (guidance) rows.assign(prompts.size(), "");
    rows.insert(rows.end(), prompts.begin(), prompts.end());
    // Pad to the tokenizer's length, as the reference does; the encoder may have more positions.
    const auto positions = model.textEncoder->config.maxPositions;
    const auto maxLength = model.tokenizer->modelMaxLength().value_or(positions);
    if (maxLength > positions)
        throw Error("the tokenizer pads prompts to " + std::to_string(maxLength) +
                    " tokens, but the text encoder has " + std::to_string(positions) +
                    " positions (tokenizer_config.json model_max_length)");
    auto tokens = model.tokenizer->encodeBatch(rows, maxLength);
    const auto device = model.options.device;
    auto out = model.textEncoder(tokens.ids.to(device));
    return {out.textEmbeds, out.lastHiddenState, tokens.mask.to(device)};
}

torch::Tensor runPrior(UnclipModel& model, const TextConditioning& text, int64_t steps,
                       double guidanceScale, bool guidance, NoiseSource& noise,
                       const RunControl& control) {
    auto& prior = model.prior;
    const auto& scheduler = *model.priorScheduler;
    const auto device = model.options.device;
    const auto dtype = model.options.dtype;
    const int64_t batch = text.embeds.size(0) / (guidance ? 2 : 1);
    const int64_t clipDim = prior->config.embeddingDim;

    auto latents = drawNoise(noise, {batch, clipDim}, device);  // [B, clip], float32
    const auto timesteps = scheduler.timesteps(steps);
    for (size_t i = 0; i < timesteps.size(); ++i) {
        checkCancelled(control);
        const auto t = timesteps[i];
        auto input = guidance ? torch::cat({latents, latents}) : latents;  // [B', clip]
        auto x0 =
            prior(input.to(dtype), timestepTensor(t, device), text.embeds, text.hidden, text.mask)
                .to(torch::kFloat32);  // [B', clip]
        if (guidance) {
            auto halves = x0.chunk(2);
            x0 = halves[0] + guidanceScale * (halves[1] - halves[0]);  // [B, clip]
        }
        auto stepNoise =
            scheduler.needsNoise(t) ? drawNoise(noise, latents.sizes(), device) : torch::Tensor();
        latents = scheduler.step(x0, t, latents, nextTimestep(timesteps, i), stepNoise).prevSample;
        report(control, Stage::Prior, int64_t(i) + 1, int64_t(timesteps.size()));
    }
    return latents * prior->clip_std.to(torch::kFloat32) +
           prior->clip_mean.to(torch::kFloat32);  // [B, clip]
}

torch::Tensor runDecoder(UnclipModel& model, const torch::Tensor& imageEmbeddings,
                         const TextConditioning& text, int64_t steps, double guidanceScale,
                         bool guidance, NoiseSource& noise, const RunControl& control,
                         const DecoderPick* pick) {
    auto& decoder = model.decoder;
    const auto& scheduler = *model.decoderScheduler;
    const auto device = model.options.device;
    const auto dtype = model.options.dtype;
    const int64_t batch = imageEmbeddings.size(0);
    const int64_t channels = decoder->config.inChannels;
    const int64_t size = decoder->config.sampleSize;

    // The image embedding becomes 4 context tokens and a time-embedding offset.
    auto cond =
        model.textProj(imageEmbeddings.to(device, dtype), text.embeds, text.hidden, guidance);
    const auto extraTokens = model.textProj->config.clipExtraContextTokens;
    auto tokenMask = F::pad(text.mask.to(torch::kFloat32),
                            F::PadFuncOptions({extraTokens, 0}).value(1.0));  // [B', 4+77]
    models::UNetConditioning unetCond{cond.encoderHiddenStates, cond.additiveTimeEmbedding,
                                      tokenMask};

    auto latents = drawNoise(noise, {batch, channels, size, size}, device);  // [B, 3, h, w]
    torch::Tensor keptRows;  // after a pick: the rows of the full batch still running
    const auto timesteps = scheduler.timesteps(steps);
    for (size_t i = 0; i < timesteps.size(); ++i) {
        checkCancelled(control);
        const auto t = timesteps[i];
        auto input = guidance ? torch::cat({latents, latents}) : latents;  // [B', 3, h, w]
        auto out = decoder(input, timestepTensor(t, device), unetCond)
                       .to(torch::kFloat32);  // [B', 6, h, w]
        if (guidance) {
            // Guide the noise; the learned variance comes from the conditional half.
            auto halves = out.chunk(2);
            auto epsUncond = halves[0].narrow(1, 0, channels);
            auto epsCond = halves[1].narrow(1, 0, channels);
            auto variance = halves[1].narrow(1, channels, channels);
            out = torch::cat({epsUncond + guidanceScale * (epsCond - epsUncond), variance},
                             1);  // [B, 6, h, w]
        }
        torch::Tensor stepNoise;
        if (scheduler.needsNoise(t)) {
            auto shape = latents.sizes().vec();
            shape[0] = batch;  // every candidate's stream moves on, picked or not
            stepNoise = drawNoise(noise, shape, device);
            if (keptRows.defined()) stepNoise = stepNoise.index_select(0, keptRows);
        }
        auto result = scheduler.step(out, t, latents, nextTimestep(timesteps, i), stepNoise);
        latents = result.prevSample;
        const int64_t done = int64_t(i) + 1;
        if (pick && done == pick->atStep) {
            // Keep each picture's best candidate: [B * k] rows -> [B].
            keptRows = bestRows(pick->choose(result.predOriginalSample), pick->candidates)
                           .to(device);  // [B]
            latents = latents.index_select(0, keptRows);
            result.predOriginalSample = result.predOriginalSample.index_select(0, keptRows);
            auto condRows = guidance ? torch::cat({keptRows, keptRows + batch}) : keptRows;
            unetCond.encoderHiddenStates = unetCond.encoderHiddenStates.index_select(0, condRows);
            unetCond.classLabels = unetCond.classLabels.index_select(0, condRows);
            unetCond.attentionMask = unetCond.attentionMask.index_select(0, condRows);
        }
        const bool wantPreview = control.previewEvery > 0 && (done % control.previewEvery == 0 ||
                                                              done == int64_t(timesteps.size()));
        report(control, Stage::Decoder, done, int64_t(timesteps.size()),
               wantPreview ? toDisplay(result.predOriginalSample) : torch::Tensor());
    }
    return latents.clamp(-1, 1);  // [B, 3, h, w]
}

torch::Tensor upsampleBicubic(const torch::Tensor& images, int64_t height, int64_t width) {
    return F::interpolate(images, F::InterpolateFuncOptions()
                                      .size(std::vector<int64_t>{height, width})
                                      .mode(torch::kBicubic)
                                      .align_corners(false)
                                      .antialias(true));
}

torch::Tensor runUpsampler(UnclipModel& model, models::UNet& net, models::UNet* lastStepNet,
                           const char* name, const torch::Tensor& lowRes, int64_t steps,
                           NoiseSource& noise, const RunControl& control) {
    const auto& scheduler = *model.superResScheduler;
    const auto device = model.options.device;
    const int64_t batch = lowRes.size(0);
    const int64_t size = net->config.sampleSize;
    const int64_t channels = net->config.inChannels / 2;  // [noise; upscaled] in
    if (size <= 0)
        throw Error(std::string(name) +
                    "/config.json has no sample_size, so the output size is unknown");

    auto latents = drawNoise(noise, {batch, channels, size, size}, device);  // [B, 3, H, W]
    auto upscaled = upsampleBicubic(lowRes.to(device), size, size);          // [B, 3, H, W]
    const auto timesteps = scheduler.timesteps(steps);
    for (size_t i = 0; i < timesteps.size(); ++i) {
        checkCancelled(control);
        const auto t = timesteps[i];
        const bool last = i + 1 == timesteps.size();
        auto& stepNet = last && lastStepNet && *lastStepNet ? *lastStepNet : net;
        auto eps = stepNet(torch::cat({latents, upscaled}, 1), timestepTensor(t, device))
                       .to(torch::kFloat32);  // [B, 3, H, W]
        auto stepNoise =
            scheduler.needsNoise(t) ? drawNoise(noise, latents.sizes(), device) : torch::Tensor();
        latents = scheduler.step(eps, t, latents, nextTimestep(timesteps, i), stepNoise).prevSample;
        report(control, Stage::SuperRes, int64_t(i) + 1, int64_t(timesteps.size()));
    }
    return latents;
}

torch::Tensor runSuperRes(UnclipModel& model, const torch::Tensor& lowRes, int64_t steps,
                          NoiseSource& noise, const RunControl& control) {
    return runUpsampler(model, model.superResFirst, &model.superResLast, "super_res_first", lowRes,
                        steps, noise, control);
}

CascadeOutput finish(UnclipModel& model, const torch::Tensor& imageEmbeddings,
                     const torch::Tensor& decoderImage, const SamplingOptions& sampling,
                     NoiseSource& noise, const RunControl& control) {
    auto image = decoderImage;
    const int stages = sampling.superResStages;  // -1: all the model has
    if (model.superResFirst && stages != 0)
        image = runSuperRes(model, decoderImage, sampling.superResSteps, noise, control);
    // The 1024 stage upsamples the 256 picture as the decoder's is upsampled: clamped.
    if (model.superResFirst && model.superRes1024 && (stages < 0 || stages >= 2))
        image = runUpsampler(model, model.superRes1024, nullptr, "super_res_1024",
                             image.clamp(-1, 1), sampling.superResSteps, noise, control);
    return {toDisplay(image), imageEmbeddings.to(torch::kFloat32).cpu(), decoderImage.cpu()};
}

}  // namespace unclip::stages
