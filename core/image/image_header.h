// Reading an image's width and height from its header, before decoding it.
//
// A small file can declare an enormous picture (a "decompression bomb"); checking the header
// first lets readImageRGB refuse it before OpenCV allocates the pixels. Knows PNG, JPEG, BMP
// and WebP; for anything else it returns nullopt and the size is checked after decoding.
//
//   if (auto dims = probeImageDimensions(bytes.data(), bytes.size()))
//       std::cout << dims->width << "x" << dims->height;
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace unclip {

struct ImageDimensions {
    int64_t width = 0;
    int64_t height = 0;
};

// nullopt when the format is not one of the above or the header is cut short.
std::optional<ImageDimensions> probeImageDimensions(const uint8_t* data, size_t size);

}  // namespace unclip
