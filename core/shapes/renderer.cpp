// renderScene: flat fills anti-aliased from the exact signed distance.
//
// Pixel (i, j) covers [i, i+1] x [j, j+1] / size; its coverage by a shape is taken as
// clamp(0.5 - d, 0, 1), d the signed distance from the pixel centre in pixels: a one-pixel
// ramp across the edge, which is the box-filtered coverage of a straight edge seen head on.
// Pixels more than half a pixel inside are covered fully, so interiors keep the exact
// palette colour. Only each object's bounding box is visited, and inside the largest
// circle about the centre that the shape contains no distance is computed at all.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/common/error.h"
#include "core/shapes/geometry.h"
#include "core/shapes/world.h"

namespace unclip::shapes {
namespace {

constexpr int64_t kMinSize = 16, kMaxSize = 4096;

// The distance from the centre to the nearest point of the outline: within it every
// pixel is inside. For a ring no such disc exists (its centre is the hole).
double inscribedRadius(const ObjectGeometry& g) {
    if (g.shape == Shape::Circle) return g.radius;
    if (g.shape == Shape::Ring) return 0.0;
    return std::max(0.0, -signedDistance(g, g.cx, g.cy));
}

void drawObject(const SceneObject& object, int64_t size, uint8_t* pixels) {
    const ObjectGeometry g = objectGeometry(object);
    const Rgb fill = paletteColor(object.color);
    const double px = 1.0 / static_cast<double>(size);
    const double outer2 = (g.radius + px) * (g.radius + px);
    const double inner = std::max(0.0, inscribedRadius(g) - px);
    const double inner2 = inner * inner;
    const double hole = std::max(0.0, g.holeRadius - px);
    const double hole2 = hole * hole;

    auto pixelRange = [&](double lo, double hi) {
        const int64_t a = std::max<int64_t>(0, static_cast<int64_t>(std::floor(lo * size)) - 1);
        const int64_t b =
            std::min<int64_t>(size - 1, static_cast<int64_t>(std::ceil(hi * size)) + 1);
        return std::pair<int64_t, int64_t>{a, b};
    };
    const auto [i0, i1] = pixelRange(g.minX, g.maxX);
    const auto [j0, j1] = pixelRange(g.minY, g.maxY);

    for (int64_t j = j0; j <= j1; ++j) {
        const double y = (static_cast<double>(j) + 0.5) * px;
        const double dy = y - g.cy;
        uint8_t* row = pixels + j * size * 3;
        for (int64_t i = i0; i <= i1; ++i) {
            const double x = (static_cast<double>(i) + 0.5) * px;
            const double dx = x - g.cx;
            const double r2 = dx * dx + dy * dy;
            if (r2 > outer2 || r2 < hole2) continue;
            double coverage = 1.0;
            if (r2 >= inner2) coverage = std::clamp(0.5 - signedDistance(g, x, y) * size, 0.0, 1.0);
            if (coverage <= 0.0) continue;
            uint8_t* p = row + i * 3;
            if (coverage >= 1.0) {
                p[0] = fill.r;
                p[1] = fill.g;
                p[2] = fill.b;
            } else {
                auto mix = [coverage](uint8_t under, uint8_t over) {
                    return static_cast<uint8_t>(std::lround(under + (over - under) * coverage));
                };
                p[0] = mix(p[0], fill.r);
                p[1] = mix(p[1], fill.g);
                p[2] = mix(p[2], fill.b);
            }
        }
    }
}

}  // namespace

torch::Tensor renderScene(const Scene& scene, int64_t size) {
    if (size < kMinSize || size > kMaxSize)
        throw Error("shapes: render size must be " + std::to_string(kMinSize) + " to " +
                    std::to_string(kMaxSize) + " pixels, got " + std::to_string(size));
    const Rgb background = paletteColor(scene.background);
    torch::Tensor image = torch::empty({size, size, 3}, torch::kUInt8);  // [H, W, 3]
    uint8_t* pixels = image.data_ptr<uint8_t>();
    for (int64_t k = 0; k < size * size; ++k) {
        pixels[3 * k] = background.r;
        pixels[3 * k + 1] = background.g;
        pixels[3 * k + 2] = background.b;
    }
    for (const SceneObject& object : scene.objects) drawObject(object, size, pixels);
    return image;
}

}  // namespace unclip::shapes
