// classifyShape: which shape an object's features (checker.h) say it is.
//
// Symmetry decides and the outline confirms. At 64 px a small star is 12 pixels wide and
// blur half fills its notches (solidity up to ~0.95), so no outline measure alone tells
// it from a circle or a pentagon; its five-fold symmetry, an integral over all its
// pixels, keeps half its clean value even under a blur of sigma 1 px.
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <utility>

#include "core/shapes/checker.h"

namespace unclip::shapes {

namespace {

// Each symmetry as a fraction of a clean instance's: square 0.429, triangle 0.659, star 0.825.
constexpr double kCleanThreeFold = 0.659, kCleanFourFold = 0.429, kCleanFiveFold = 0.825;
// A shape's own symmetry stays above ~0.5 of clean down to 64 px under a blur of sigma
// 1 px; a circle's symmetries stay under ~0.2 even with noise of sigma 16.
constexpr double kOwnSymmetry = 0.4, kRoundSymmetry = 0.3;
// The own symmetry must outweigh the next: a 6 px star at 32 px reads four-fold 0.5.
constexpr double kDominance = 0.65;
// No shape of the world is elongated; a small one with noise reaches ~0.1.
constexpr double kMaxTwoFold = 0.15;
// A ring's hole has 0.55 of its outer radius; a hole much smaller is noise or a blemish
// of a generated picture, one much larger leaves no ring.
constexpr double kRingHoleMin = 0.35, kRingHoleMax = 0.75;

// Whether the outline agrees with the shape whose symmetry the object has. The bounds are
// loose (noise of sigma 16 roughens the outline of an orange shape on yellow), yet shut
// out what merely shares a symmetry: a plus sign (four-fold, fill 0.5), a three-bladed
// propeller (solidity ~0.6), a lumpy blob (solidity well under 0.85).
bool outlineAgrees(Shape shape, const ShapeFeatures& f) {
    switch (shape) {
        case Shape::Square:
            return f.rectangleFill >= 0.7 && f.solidity >= 0.8;
        case Shape::Triangle:
            return f.rectangleFill <= 0.8 && f.solidity >= 0.8;
        case Shape::Star:
            return true;  // a star's notches may blur shut; symmetry decides
        case Shape::Circle:
        case Shape::Ring:
            return f.solidity >= 0.85 && f.roundness >= 0.85;
    }
    return false;
}

}  // namespace

std::optional<Shape> classifyShape(const ShapeFeatures& f) {
    if (f.twoFold > kMaxTwoFold || f.holeRatio > kRingHoleMax) return std::nullopt;
    std::array<std::pair<double, Shape>, 3> symmetries = {{
        {f.threeFold / kCleanThreeFold, Shape::Triangle},
        {f.fourFold / kCleanFourFold, Shape::Square},
        {f.fiveFold / kCleanFiveFold, Shape::Star},
    }};
    std::sort(symmetries.begin(), symmetries.end(), std::greater<>());
    const auto [strongest, candidate] = symmetries[0];
    const double runnerUp = symmetries[1].first;
    std::optional<Shape> shape;
    if (strongest < kRoundSymmetry)
        shape = f.holeRatio >= kRingHoleMin ? Shape::Ring : Shape::Circle;
    else if (strongest >= kOwnSymmetry && runnerUp <= kDominance * strongest &&
             f.holeRatio < kRingHoleMin)
        shape = candidate;
    if (shape && !outlineAgrees(*shape, f)) shape.reset();
    return shape;
}

}  // namespace unclip::shapes
