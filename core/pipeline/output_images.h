// The pipelines' pictures in the forms their users want, with LibTorch alone (the engine
// target; image files are core/image's).
//
//   auto pictures = imagesFromModelRange(decoded);   // [N, C, H, W] in [-1, 1] -> NHWC [0, 1]
//   auto bytes = toImageUint8(pictures);             // NHWC float [0, 1] -> uint8
#pragma once

#include <torch/torch.h>

namespace unclip {

// Pipeline output (float [N, H, W, C] or [H, W, C] in [0, 1]) to uint8, on the same device:
// round(clamp(x, 0, 1) * 255), as diffusers' numpy_to_pil does.
torch::Tensor toImageUint8(const torch::Tensor& imagesNHWC01);

// A model-space batch (float [N, C, H, W] in [-1, 1]) to NHWC in [0, 1]: clamp(x / 2 + 0.5, 0, 1).
torch::Tensor imagesFromModelRange(const torch::Tensor& imagesNCHWminus1to1);

}  // namespace unclip
