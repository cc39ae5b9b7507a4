// Pictures for the checker's tests drawn another way than renderScene: each pixel's
// coverage counted on a grid of samples (box-filtered, where the renderer ramps by
// distance), on the outlines of geometry.h. Plus the blemishes of generated pictures.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include <torch/torch.h>

#include "core/shapes/geometry.h"
#include "core/shapes/scene.h"

namespace unclip::test {

inline bool insidePolygon(const std::vector<shapes::Point>& polygon, double x, double y) {
    bool inside = false;
    for (size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
        const shapes::Point &a = polygon[i], &b = polygon[j];
        if ((a.y > y) != (b.y > y) && x < a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y))
            inside = !inside;
    }
    return inside;
}

inline bool covers(const shapes::ObjectGeometry& g, double x, double y) {
    if (!g.outline.empty()) return insidePolygon(g.outline, x, y);
    const double r2 = (x - g.cx) * (x - g.cx) + (y - g.cy) * (y - g.cy);
    return r2 <= g.radius * g.radius && r2 >= g.holeRadius * g.holeRadius;
}

// uint8 [size, size, 3]; each pixel blends in an object by the share of its
// samples x samples points the object covers.
inline torch::Tensor drawScene(const shapes::Scene& scene, int64_t size, int samples = 4) {
    const shapes::Rgb bg = shapes::paletteColor(scene.background);
    auto image =
        torch::tensor({int(bg.r), int(bg.g), int(bg.b)}, torch::kUInt8).repeat({size, size, 1});
    auto pixels = image.accessor<uint8_t, 3>();
    for (const shapes::SceneObject& object : scene.objects) {
        const shapes::ObjectGeometry g = shapes::objectGeometry(object);
        const shapes::Rgb c = shapes::paletteColor(object.color);
        const int64_t x0 = std::max<int64_t>(0, int64_t(g.minX * size) - 1);
        const int64_t x1 = std::min<int64_t>(size, int64_t(g.maxX * size) + 2);
        const int64_t y0 = std::max<int64_t>(0, int64_t(g.minY * size) - 1);
        const int64_t y1 = std::min<int64_t>(size, int64_t(g.maxY * size) + 2);
        for (int64_t y = y0; y < y1; ++y) {
            for (int64_t x = x0; x < x1; ++x) {
                int hits = 0;
                for (int sy = 0; sy < samples; ++sy)
                    for (int sx = 0; sx < samples; ++sx)
                        hits += covers(g, (x + (sx + 0.5) / samples) / size,
                                       (y + (sy + 0.5) / samples) / size);
                const double a = double(hits) / (samples * samples);
                auto blend = [a](uint8_t& p, uint8_t to) {
                    p = uint8_t(std::lround(p + a * (to - p)));
                };
                blend(pixels[y][x][0], c.r), blend(pixels[y][x][1], c.g),
                    blend(pixels[y][x][2], c.b);
            }
        }
    }
    return image;
}

// A slight blur (3x3 binomial, sigma ~0.7 px) and Gaussian noise of `sigma` (0-255 scale):
// what a generated picture has and a rendered one lacks. Reseeds LibTorch's generator.
inline torch::Tensor blemish(const torch::Tensor& image, double sigma, uint64_t seed) {
    namespace F = torch::nn::functional;
    auto x = image.permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat32);  // [1, 3, H, W]
    auto taps = torch::tensor({1.f, 2.f, 1.f}) / 4;
    auto kernel = (taps.unsqueeze(1) * taps.unsqueeze(0)).expand({3, 1, 3, 3}).contiguous();
    x = F::pad(x, F::PadFuncOptions({1, 1, 1, 1}).mode(torch::kReplicate));
    x = F::conv2d(x, kernel, F::Conv2dFuncOptions().groups(3));
    torch::manual_seed(seed);
    x = x + torch::randn(x.sizes()) * sigma;
    return x.round().clamp(0, 255).squeeze(0).permute({1, 2, 0}).to(torch::kUInt8).contiguous();
}

}  // namespace unclip::test
