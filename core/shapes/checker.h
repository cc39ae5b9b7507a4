// The shapes checker's parts: checkImage (world.h) is measureImage followed by a test of
// each attribute the caption names. The parts are public for tests and diagnostics.
//
//   Measurement m = measureImage(image);   // background + objects, with their features
//   for (auto& o : m.objects) std::cout << describe(o.object) << "\n";  // "a red star"
//   CheckResult r = checkMeasurement(m, spec);   // = checkImage(image, spec)
//
// How a picture is read (SHAPES-WORLD.md, "Checking a picture against its caption"):
//  1. Background: the palette colour most border pixels are near.
//  2. Every pixel is explained as a blend of the background and one palette colour
//     (anti-aliasing draws exactly such blends); pixels more than half colour are object
//     pixels, and their 8-connected regions, less specks, are the objects. Each takes
//     the 2-pixel rim around it.
//  3. Each object's colour is the palette colour whose blends with the background best
//     explain its pixels (a plain nearest colour would call a yellow star's rim on red
//     orange). That blend gives each pixel's coverage, hence the object's area and
//     centroid with sub-pixel accuracy.
//  4. Its shape: holes (a ring's), k-fold symmetry of the coverage (triangle 3, square 4,
//     star 5, circle none), confirmed by the outline where coverage crosses one half
//     (solidity, fill of the smallest enclosing rectangle, roundness of the convex hull).
//     All are rotation invariant, so rotations of +-15 degrees change nothing.
//  5. Its extent: the largest side of that outline's bounding box, or, for a clean
//     instance of its shape, the extent its area and angle give (the outline cuts sharp
//     points short by up to a few pixels).
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

// The shape the features say, or nullopt when they say none clearly.
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

// The sides of the pictures the checker reads.
constexpr int64_t kSmallestCheckedSide = 32, kLargestCheckedSide = 1024;

// Reads a picture: uint8 [H, W, 3] RGB, square, 32 to 1024 pixels a side, on any device.
// Throws unclip::Error otherwise.
Measurement measureImage(const torch::Tensor& imageHWC);

// checkImage for a picture already measured: one picture against several captions.
CheckResult checkMeasurement(const Measurement& measurement, const CaptionSpec& spec);

// The slack on every size, position and relation limit, as a fraction of the side: 0.02,
// and at least one pixel (below 50 px). It is for pixel discretisation: measured extents
// and centres of rendered scenes are within 0.4 px of the truth, with blur and noise too.
double checkTolerance(int64_t side);

// Regions smaller than this fraction of the canvas are specks (noise), not objects: a
// third of the smallest object the world draws (a small star, ~0.012).
constexpr double kMinObjectArea = 0.004;

// "a red star", "a green object of no clear shape": for failures and diagnostics.
std::string describe(const DetectedObject& object);

}  // namespace unclip::shapes
