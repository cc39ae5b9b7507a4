// The stages of the unCLIP cascade, each one unrolled denoising loop as in the
// reference pipelines. The public pipelines (pipelines.h) compose them.
#pragma once

#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/pipeline/sampling.h"
#include "core/pipeline/unclip_model.h"

namespace unclip::stages {

// CLIP text conditioning. With guidance, rows are [unconditional (empty prompt); prompts].
struct TextConditioning {
    torch::Tensor embeds;  // [B', clip]      pooled and projected
    torch::Tensor hidden;  // [B', 77, width] last hidden state
    torch::Tensor mask;    // [B', 77]        bool, true for real tokens
};

TextConditioning encodeText(UnclipModel& model, const std::vector<std::string>& prompts,
                            bool guidance);

// Prior: text -> CLIP image embedding [B, clip] (float32, un-normalised).
torch::Tensor runPrior(UnclipModel& model, const TextConditioning& text, int64_t steps,
                       double guidanceScale, bool guidance, NoiseSource& noise,
                       const RunControl& control);

// Decoder: image embedding (+ text) -> [B, 3, h, w] in [-1, 1] (float32).
torch::Tensor runDecoder(UnclipModel& model, const torch::Tensor& imageEmbeddings,
                         const TextConditioning& text, int64_t steps, double guidanceScale,
                         bool guidance, NoiseSource& noise, const RunControl& control);

// Super-resolution: [B, 3, h, w] -> [B, 3, H, W], unguided; the last step uses
// super_res_last when the model has it.
torch::Tensor runSuperRes(UnclipModel& model, const torch::Tensor& lowRes, int64_t steps,
                          NoiseSource& noise, const RunControl& control);

// One upsampler stage: `net` at every step, `lastStepNet` (when set) at the last one.
torch::Tensor runUpsampler(UnclipModel& model, models::UNet& net, models::UNet* lastStepNet,
                           const char* name, const torch::Tensor& lowRes, int64_t steps,
                           NoiseSource& noise, const RunControl& control);

// The bicubic, antialiased up-sampling the reference feeds the super-res net.
torch::Tensor upsampleBicubic(const torch::Tensor& images, int64_t height, int64_t width);

// Decoder output (and optional super-res) -> CascadeOutput with NHWC images in [0, 1].
CascadeOutput finish(UnclipModel& model, const torch::Tensor& imageEmbeddings,
                     const torch::Tensor& decoderImage, const SamplingOptions& sampling,
                     NoiseSource& noise, const RunControl& control);

void checkCancelled(const RunControl& control);

}  // namespace unclip::stages
