// The checker's pixel level (checker.h, steps 1-3): reading a picture, finding its
// background, explaining each pixel as a blend of background and one palette colour,
// and choosing an object's colour. Internal to the checker.
#pragma once

#include <optional>
#include <vector>

#include <torch/torch.h>

#include "core/shapes/components.h"
#include "core/shapes/scene.h"

namespace unclip::shapes {

struct Rgbf {
    float r = 0, g = 0, b = 0;
};

struct Picture {
    int side = 0;
    Grid<Rgbf> pixels;
};

// Checks the picture is uint8 [H, W, 3], square, 32 to 1024 a side; unclip::Error if not.
Picture readPicture(const torch::Tensor& imageHWC);

struct Background {
    Color color;
    Rgbf measured;  // the mean of its border pixels: generated pictures are not exact
};

// The palette colour most border pixels are close to; nullopt when none is.
std::optional<Background> findBackground(const Picture& picture);

// 1 where a pixel is more object than background: the best blend of the background and
// one palette colour that explains it is over half colour. Pixels no blend explains
// count when far from the background (colours off the palette).
Grid<uint8_t> objectPixels(const Picture& picture, const Background& background);

// The palette colour (index into kColors) whose blends with the background explain the
// pixels best (indices into picture.pixels.cells).
size_t objectColor(const Picture& picture, const Background& background,
                   const std::vector<size_t>& pixels);

// How much of the pixel a colour covers, read as a blend with the background; not
// clamped, so noise averages out over many pixels.
float coverageBy(Rgbf pixel, const Background& background, size_t color);

}  // namespace unclip::shapes
