// classifyShape: which shape an object's features (checker.h) say it is.
//
// Symmetry decides and the outline confirms. At 64 px a small star is 12 pixels wide and
// blur half fills its notches (solidity up to ~0.95), so no outline measure alone tells
// it from a circle; its five-fold symmetry, an integral over all its pixels, stays at
// 0.6-1.3 of a clean star's. The outline ranges below hold for every shape from 64 px
// with blur and noise of sigma 8 up; they reject drawings that merely share a symmetry
// (a plus sign is four-fold, a pentagon five-fold).
#include <algorithm>
#include <array>
#include <cmath>

#include "core/shapes/checker.h"

namespace unclip::shapes {

namespace {

// Each symmetry as a fraction of a clean instance's: square 0.429, triangle 0.659, star 0.825.
constexpr double kCleanThreeFold = 0.659, kCleanFourFold = 0.429, kCleanFiveFold = 0.825;
// A shape's own symmetry measures at least 0.6 of clean at 64 px blurred; the others,
// and every one of a circle's, stay under 0.3.
constexpr double kOwnSymmetry = 0.5, kForeignSymmetry = 0.35;
// No shape of the world is elongated; a small one with noise reaches ~0.05.
constexpr double kMaxTwoFold = 0.15;
// A ring's hole has 0.55 of its outer radius; a hole much smaller is a blemish of a
// generated picture, one much larger leaves no ring.
constexpr double kRingHoleMin = 0.35, kRingHoleMax = 0.75;

bool roundOutline(const ShapeFeatures& f) {
    return f.roundness >= 0.9 && f.solidity >= 0.9 && f.rectangleFill >= 0.7 &&
           f.rectangleFill <= 0.88;
}

// Whether the outline agrees with a shape whose symmetry the object has.
bool outlineAgrees(Shape shape, const ShapeFeatures& f) {
    switch (shape) {
        case Shape::Square:
            return f.rectangleFill >= 0.85 && f.solidity >= 0.9;
        case Shape::Triangle:
            return f.rectangleFill <= 0.72 && f.solidity >= 0.85;
        case Shape::Star:
            return f.rectangleFill <= 0.76 && f.roundness >= 0.8;
        case Shape::Circle:
        case Shape::Ring:
            return roundOutline(f);
    }
    return false;
}

}  // namespace

std::optional<Shape> classifyShape(const ShapeFeatures& f) {
    if (f.twoFold > kMaxTwoFold) return std::nullopt;
    const std::array<std::pair<Shape, double>, 3> symmetries = {{
        {Shape::Triangle, f.threeFold / kCleanThreeFold},
        {Shape::Square, f.fourFold / kCleanFourFold},
        {Shape::Star, f.fiveFold / kCleanFiveFold},
    }};
    const auto strongest = std::max_element(symmetries.begin(), symmetries.end(),
                                            [](auto& a, auto& b) { return a.second < b.second; });
    std::optional<Shape> shape;
    if (strongest->second < kForeignSymmetry) {
        if (f.holeRatio < kRingHoleMin)
            shape = Shape::Circle;
        else if (f.holeRatio <= kRingHoleMax)
            shape = Shape::Ring;
    } else if (strongest->second >= kOwnSymmetry && f.holeRatio < kRingHoleMin) {
        const bool alone = std::all_of(symmetries.begin(), symmetries.end(), [&](auto& s) {
            return s.first == strongest->first || s.second < kForeignSymmetry;
        });
        if (alone) shape = strongest->first;
    }
    if (shape && !outlineAgrees(*shape, f)) shape.reset();
    return shape;
}

}  // namespace unclip::shapes
