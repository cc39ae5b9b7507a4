// The shapes checker's parts: checkImage (world.h) is measureImage followed by a test of
// each attribute the caption names. The parts are public for tests and diagnostics.
//
//   Measurement m = measureImage(image);   // background + objects with their outlines
//   for (auto& o : m.objects) std::cout << describe(o.object) << "\n";  // "a red star"
//
// How a picture is read (SHAPES-WORLD.md, "Checking a picture against its caption"):
//  1. Background: the palette colour most border pixels are nearest to.
//  2. Every pixel is explained as a blend of the background and one palette colour
//     (anti-aliasing draws exactly such blends); pixels more than half object colour are
//     object pixels, and their 8-connected regions, less specks, are the objects.
//  3. Each object's colour is the palette colour whose blend with the background best
//     explains all its pixels (a plain nearest colour would call a yellow star's rim on
//     red orange). Its coverage (how much of each pixel it covers) then gives its area
//     and centroid with sub-pixel accuracy, its rim included.
//  4. Its shape comes from the outline where coverage crosses one half: holes, solidity,
//     fill of the smallest enclosing rectangle and roundness of the convex hull. All four
//     are rotation invariant, so rotations of +-15 degrees change nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/shapes/world.h"

namespace unclip::shapes {

// What one object's coverage and outline measure; every number is independent of size
// and angle.
struct ShapeFeatures {
    // Hole area / area with holes filled, square-rooted: the ring's hole-to-outer radius
    // ratio (0.55), 0 without a hole.
    double holeRatio = 0;
    // Area with holes filled / convex hull area: star ~0.56, convex shapes ~1.
    double solidity = 0;
    // Area with holes filled / smallest enclosing rectangle: square 1, circle pi/4,
    // triangle 1/2, star ~0.38.
    double rectangleFill = 0;
    // 4 pi hull area / hull perimeter^2: circle 1, star's pentagon 0.86, square pi/4,
    // triangle 0.60.
    double roundness = 0;
    // |sum of coverage * z^k| / sum of coverage * |z|^k, z the offset from the centroid
    // as a complex number: how k-fold symmetric the object is. Each shape has one: the
    // triangle 3 (0.66), the square 4 (0.43), the star 5 (0.83); circles and rings none,
    // and no shape is elongated (2). Integrals over the coverage, they stay reliable for a
    // 12-pixel star whose notches anti-aliasing and blur have half filled.
    double twoFold = 0, threeFold = 0, fourFold = 0, fiveFold = 0;
};

// The shape an outline is, or nullopt when it is none of them clearly.
std::optional<Shape> classifyShape(const ShapeFeatures& features);

struct MeasuredObject {
    DetectedObject object;
    ShapeFeatures features;
};

struct Measurement {
    int64_t side = 0;                     // pixels
    std::optional<Color> background;      // nullopt: the border matches no palette colour
    std::vector<MeasuredObject> objects;  // largest first
};

// Reads a picture: uint8 [H, W, 3] RGB, square, 32 to 1024 pixels a side, on any device.
// Throws unclip::Error otherwise.
Measurement measureImage(const torch::Tensor& imageHWC);

// checkImage for a picture already measured: one picture against several captions.
CheckResult checkMeasurement(const Measurement& measurement, const CaptionSpec& spec);

// The slack on every size, position and relation limit, as a fraction of the side: 0.02,
// and at least one pixel (below 50 px). It is for pixel discretisation: measured extents
// and centres of rendered scenes are within 0.4 px of the truth even with blur and noise.
double checkTolerance(int64_t side);

// Regions smaller than this fraction of the canvas are specks (noise), not objects: a
// third of the smallest object the world draws (a small star, ~0.012).
constexpr double kMinObjectArea = 0.004;

// "a red star", "a green object of no clear shape": for failures and diagnostics.
std::string describe(const DetectedObject& object);

}  // namespace unclip::shapes
