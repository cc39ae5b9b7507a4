// The stages of the unCLIP cascade, each one unrolled denoising loop as in the
// reference pipelines. The public pipelines (pipelines.h) compose them.
#pragma once

#include <functional>
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

// Narrowing the decoder's batch from k candidates per picture to one, part way through:
// after `atStep` steps, `choose` gets the clean-picture estimate [B * k, 3, h, w] in
// [-1, 1] and returns each picture's best candidate [B] (0..k-1); only those go on. The
// noise source still draws for all B * k rows, so the kept candidate ends as it would alone.
struct DecoderPick {
    int64_t candidates = 1;
    int64_t atStep = 0;
    std::function<torch::Tensor(const torch::Tensor&)> choose;
};

// Decoder: image embedding (+ text) -> [B, 3, h, w] in [-1, 1] (float32). With a pick,
// the inputs hold B * k rows and the output B.
torch::Tensor runDecoder(UnclipModel& model, const torch::Tensor& imageEmbeddings,
                         const TextConditioning& text, int64_t steps, double guidanceScale,
                         bool guidance, NoiseSource& noise, const RunControl& control,
                         const DecoderPick* pick = nullptr);

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
