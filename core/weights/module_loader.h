// Strict loading of safetensors weights into a torch::nn::Module tree.
//
// Modules register their children and tensors under the checkpoint's names, so the
// module's dotted parameter/buffer names must match the file's tensor names one for one.
// Every missing, unexpected or wrongly shaped tensor is collected and reported in one
// error, so a mismatched checkpoint is diagnosed in one run rather than one name at a time.
//
//   auto file = SafetensorsFile::open(findWeightsFile(modelDir / "decoder"));
//   loadModuleWeights(*unet, *file, {torch::kFloat16, torch::kCUDA, "decoder"});
//   saveSafetensors(out / "model.safetensors", moduleStateDict(*unet));
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "core/weights/safetensors.h"

namespace unclip {

struct LoadOptions {
    // Floating-point parameters and buffers end up in this dtype; integer and bool
    // buffers keep theirs.
    torch::Dtype dtype = torch::kFloat32;
    torch::Device device = torch::kCPU;
    std::string component;  // for messages, e.g. "decoder"
};

// Checks names and shapes, then copies every tensor into the module and moves the whole
// module to options.device / options.dtype. Tensors named "*.position_ids" are ignored on
// both sides (old CLIP files carry them; modules compute them). Name and shape problems
// throw one unclip::Error listing them all, before the module is changed. Tensors are
// swapped in one at a time, so peak memory stays near one copy of the model.
void loadModuleWeights(torch::nn::Module& module, const SafetensorsFile& file,
                       const LoadOptions& options = {});

// Every parameter then every buffer, under its dotted name, detached (for saveSafetensors).
std::vector<std::pair<std::string, torch::Tensor>> moduleStateDict(torch::nn::Module& module);

// The weights file inside a diffusers/transformers component folder:
// diffusion_pytorch_model.safetensors or model.safetensors (or their .fp16 variants).
// Refuses pickle checkpoints (.bin, .ckpt, .pt, .pth) with a message on converting them.
std::filesystem::path findWeightsFile(const std::filesystem::path& componentFolder);

}  // namespace unclip
