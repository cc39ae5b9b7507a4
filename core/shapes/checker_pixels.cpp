#include "core/shapes/checker_pixels.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "core/common/error.h"
#include "core/shapes/checker.h"

namespace unclip::shapes {

namespace {

Rgbf operator-(Rgbf a, Rgbf b) { return {a.r - b.r, a.g - b.g, a.b - b.b}; }
float dot(Rgbf a, Rgbf b) { return a.r * b.r + a.g * b.g + a.b * b.b; }

// The palette as floats, in kColors order; looked up once per pixel and colour.
const std::array<Rgbf, kColors.size()>& palette() {
    static const std::array<Rgbf, kColors.size()> colors = [] {
        std::array<Rgbf, kColors.size()> out;
        for (size_t c = 0; c < kColors.size(); ++c) {
            const Rgb rgb = paletteColor(kColors[c]);
            out[c] = {float(rgb.r), float(rgb.g), float(rgb.b)};
        }
        return out;
    }();
    return colors;
}

// A border pixel votes for the background only when this close to a palette colour:
// half the closest pair's distance (orange-yellow, 71), well above noise of sigma 8.
constexpr float kPaletteVoteDistance = 35;
// Pixels this close to the background are background without further thought.
constexpr float kSurelyBackground = 16;
// A blend of background and colour explains a pixel when it is this close (noise of
// sigma 8 per channel is ~14 on average and rarely over 30).
constexpr float kBlendResidual = 40;
// A pixel no blend explains (a colour off the palette) still belongs to an object when
// it is this far from the background.
constexpr float kUnexplainedDistance = 60;

// A pixel read as background + coverage * (colour - background).
struct Blend {
    size_t color = 0;  // index into kColors
    float coverage = 0;
    float residual = std::numeric_limits<float>::infinity();
};

Blend blendWith(Rgbf pixel, Rgbf background, size_t color) {
    const Rgbf towards = palette()[color] - background;
    const Rgbf offset = pixel - background;
    const float coverage = std::clamp(dot(offset, towards) / dot(towards, towards), 0.f, 1.f);
    const Rgbf miss = {offset.r - coverage * towards.r, offset.g - coverage * towards.g,
                       offset.b - coverage * towards.b};
    return {color, coverage, std::sqrt(dot(miss, miss))};
}

Blend bestBlend(Rgbf pixel, const Background& background) {
    Blend best;
    for (size_t c = 0; c < kColors.size(); ++c) {
        if (kColors[c] == background.color) continue;
        const Blend blend = blendWith(pixel, background.measured, c);
        if (blend.residual < best.residual) best = blend;
    }
    return best;
}

}  // namespace

Picture readPicture(const torch::Tensor& imageHWC) {
    if (!imageHWC.defined()) throw Error("checkImage: no image given");
    if (imageHWC.dim() != 3 || imageHWC.size(2) != 3) {
        std::ostringstream os;
        os << "checkImage: expected an RGB image [H, W, 3], got shape " << imageHWC.sizes();
        throw Error(os.str());
    }
    if (imageHWC.scalar_type() != torch::kUInt8)
        throw Error(std::string("checkImage: expected uint8 pixels, got ") +
                    c10::toString(imageHWC.scalar_type()));
    const int64_t side = imageHWC.size(0);
    if (imageHWC.size(1) != side || side < kSmallestCheckedSide || side > kLargestCheckedSide) {
        std::ostringstream os;
        os << "checkImage: expected a square image of " << kSmallestCheckedSide << " to "
           << kLargestCheckedSide << " pixels a side, got " << imageHWC.size(0) << "x"
           << imageHWC.size(1);
        throw Error(os.str());
    }
    const torch::Tensor cpu = imageHWC.to(torch::kCPU).contiguous();
    const uint8_t* data = cpu.data_ptr<uint8_t>();
    Picture picture;
    picture.side = int(side);
    picture.pixels = Grid<Rgbf>(int(side), int(side));
    for (size_t i = 0; i < picture.pixels.cells.size(); ++i)
        picture.pixels.cells[i] = {float(data[3 * i]), float(data[3 * i + 1]),
                                   float(data[3 * i + 2])};
    return picture;
}

std::optional<Background> findBackground(const Picture& picture) {
    std::array<int, kColors.size()> votes{};
    std::array<Rgbf, kColors.size()> sums{};
    auto vote = [&](int x, int y) {
        const Rgbf p = picture.pixels.at(x, y);
        for (size_t c = 0; c < kColors.size(); ++c) {
            const Rgbf d = p - palette()[c];
            if (std::sqrt(dot(d, d)) > kPaletteVoteDistance) continue;
            ++votes[c];
            sums[c] = {sums[c].r + p.r, sums[c].g + p.g, sums[c].b + p.b};
        }
    };
    const int last = picture.side - 1;
    for (int i = 0; i < picture.side; ++i) {
        vote(i, 0), vote(i, last);
        if (i > 0 && i < last) vote(0, i), vote(last, i);
    }
    const size_t best = size_t(std::max_element(votes.begin(), votes.end()) - votes.begin());
    if (votes[best] == 0) return std::nullopt;
    const float n = float(votes[best]);
    return Background{kColors[best], {sums[best].r / n, sums[best].g / n, sums[best].b / n}};
}

Grid<uint8_t> objectPixels(const Picture& picture, const Background& background) {
    Grid<uint8_t> mask(picture.side, picture.side, 0);
    for (size_t i = 0; i < mask.cells.size(); ++i) {
        const Rgbf offset = picture.pixels.cells[i] - background.measured;
        const float distance = std::sqrt(dot(offset, offset));
        if (distance < kSurelyBackground) continue;
        const Blend blend = bestBlend(picture.pixels.cells[i], background);
        mask.cells[i] = blend.residual <= kBlendResidual ? blend.coverage >= 0.5f
                                                         : distance > kUnexplainedDistance;
    }
    return mask;
}

// The palette colour whose blends with the background explain the object's pixels best;
// each pixel's miss is capped so a few odd pixels cannot outvote the rest.
size_t objectColor(const Picture& picture, const Background& background,
                   const std::vector<size_t>& pixels) {
    size_t best = 0;
    double bestCost = std::numeric_limits<double>::infinity();
    for (size_t c = 0; c < kColors.size(); ++c) {
        if (kColors[c] == background.color) continue;
        double cost = 0;
        for (size_t i : pixels) {
            const float miss = blendWith(picture.pixels.cells[i], background.measured, c).residual;
            cost += std::min(miss, 2 * kBlendResidual);
        }
        if (cost < bestCost) bestCost = cost, best = c;
    }
    return best;
}

float coverageBy(Rgbf pixel, const Background& background, size_t color) {
    const Rgbf towards = palette()[color] - background.measured;
    return dot(pixel - background.measured, towards) / dot(towards, towards);
}

}  // namespace unclip::shapes
