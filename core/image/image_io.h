// Image files <-> uint8 RGB tensors, through OpenCV (the image target, not the engine).
//
//   torch::Tensor rgb = readImageRGB("photo.jpg");         // uint8 [H, W, 3], RGB
//   torch::Tensor images = toImageUint8(pipelineOutput);   // NHWC float [0, 1] -> uint8
//   writePngAtomic("out/image_0.png", images[0]);          // never seen half-written
//
// Every failure is an unclip::Error that names the file and says what to do.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/pipeline/output_images.h"  // toImageUint8, imagesFromModelRange

namespace unclip {

// Pictures larger than this are refused before they are decoded (when the header can be
// read: PNG, JPEG, BMP, WebP) or right after (other formats), so one file cannot exhaust memory.
struct ImageReadLimits {
    int64_t maxSide = 16384;             // pixels, either side
    int64_t maxPixels = 100'000'000;     // width * height
    uint64_t maxFileBytes = 1ull << 30;  // refuse to even read larger files
};

// Reads an image file as uint8 [H, W, 3] RGB. Greyscale becomes three equal channels, alpha is
// dropped (as PIL's convert("RGB") does), 16-bit and float images are scaled to 8 bits, and a
// JPEG's EXIF orientation is applied.
torch::Tensor readImageRGB(const std::filesystem::path& path, const ImageReadLimits& limits = {});

// The same from encoded bytes in memory; `source` names them in error messages.
torch::Tensor decodeImageRGB(const std::vector<uint8_t>& bytes, const ImageReadLimits& limits = {},
                             const std::string& source = "the image data");

// PNG-encodes uint8 [H, W, 3] RGB (also [H, W], [H, W, 1] grey or [H, W, 4] RGBA).
std::vector<uint8_t> encodePng(const torch::Tensor& imageHWCuint8);

// Writes a PNG to a temporary file in the same folder, then renames it over `path`, so a
// reader never sees a partial file. Errors name the path (missing or unwritable folder).
void writePngAtomic(const std::filesystem::path& path, const torch::Tensor& imageHWCuint8);

// Resizes uint8 [H, W, C] for thumbnails and previews: area averaging when shrinking,
// bicubic when enlarging. Not for CLIP input (see core/pipeline/clip_image_preprocess.h).
torch::Tensor resizeImage(const torch::Tensor& imageHWCuint8, int64_t height, int64_t width);

}  // namespace unclip
