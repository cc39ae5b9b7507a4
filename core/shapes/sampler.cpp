// sampleCaptionSpec and sampleScene: training data for the shapes world.
//
// A scene is placed by rejection: draw each object's size, rotation and centre inside the
// ranges its spec names (with a margin, so that a checker measuring pixels agrees), then
// keep the draw only if the objects keep apart and the relation holds.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/common/error.h"
#include "core/shapes/geometry.h"
#include "core/shapes/position_bands.h"
#include "core/shapes/random_draws.h"
#include "core/shapes/world.h"

namespace unclip::shapes {
namespace {

using detail::Band;

// Margins inside SHAPES-WORLD.md's ranges: a few pixels at 64x64, so anti-aliasing and
// a checker's measuring error cannot move a sampled attribute out of its range.
constexpr double kSizeMargin = 0.01;
constexpr double kPositionMargin = 0.02;
constexpr double kRelationMargin = 0.05;
constexpr double kCanvasMargin = 0.02;  // between an object's box and the canvas edge
constexpr double kSeparation = 0.04;    // between two objects: distinct regions at 64x64
constexpr int kMaxTries = 20000;

Band extentBand(std::optional<SizeClass> size) {
    if (!size) return {WorldRanges::kSmallMin, WorldRanges::kLargeMax};
    if (*size == SizeClass::Small)
        return {WorldRanges::kSmallMin + kSizeMargin, WorldRanges::kSmallMax - kSizeMargin};
    return {WorldRanges::kLargeMin + kSizeMargin, WorldRanges::kLargeMax - kSizeMargin};
}

// A named band, narrowed by the margin; the whole canvas (nothing named) stays as it is.
Band narrowed(Band band) {
    const bool named = band.lo > 0.0 || band.hi < 1.0;
    return named ? Band{band.lo + kPositionMargin, band.hi - kPositionMargin} : band;
}

bool rotates(Shape shape) {
    return shape == Shape::Square || shape == Shape::Triangle || shape == Shape::Star;
}

// The range for the centroid along one axis, so that the box lies inside the canvas and
// both the centroid and the box centre lie in the named band: a checker may take either
// as "the centre". Empty (lo > hi) when this size and rotation cannot meet the band.
Band centreRange(Band band, double boxMinOffset, double boxMaxOffset) {
    const double boxCentreOffset = 0.5 * (boxMinOffset + boxMaxOffset);
    return {std::max({kCanvasMargin - boxMinOffset, band.lo, band.lo - boxCentreOffset}),
            std::min({1.0 - kCanvasMargin - boxMaxOffset, band.hi, band.hi - boxCentreOffset})};
}

// One object drawn within its spec; nullopt when the drawn size cannot meet the position.
std::optional<ObjectGeometry> drawObject(const ObjectSpec& spec, std::mt19937_64& rng,
                                         SceneObject& object) {
    object.shape = spec.shape;
    object.color = spec.color;
    const Band extent = extentBand(spec.size);
    object.extent = detail::uniformIn(rng, extent.lo, extent.hi);
    object.rotationDeg = rotates(spec.shape) ? detail::uniformIn(rng, -WorldRanges::kMaxRotationDeg,
                                                                 WorldRanges::kMaxRotationDeg)
                                             : 0.0;
    object.cx = object.cy = 0.0;
    const ObjectGeometry atOrigin = objectGeometry(object);
    const Band x =
        centreRange(narrowed(detail::xBand(spec.position)), atOrigin.minX, atOrigin.maxX);
    const Band y =
        centreRange(narrowed(detail::yBand(spec.position)), atOrigin.minY, atOrigin.maxY);
    if (x.lo > x.hi || y.lo > y.hi) return std::nullopt;
    object.cx = detail::uniformIn(rng, x.lo, x.hi);
    object.cy = detail::uniformIn(rng, y.lo, y.hi);
    return objectGeometry(object);
}

// Apart when their boxes are, or their circumscribed circles are, by kSeparation: either
// is enough, and side by side the boxes leave more room, diagonally the circles.
bool keepApart(const ObjectGeometry& a, const ObjectGeometry& b) {
    const double boxGap =
        std::max({b.minX - a.maxX, a.minX - b.maxX, b.minY - a.maxY, a.minY - b.maxY});
    if (boxGap >= kSeparation) return true;
    return std::hypot(a.cx - b.cx, a.cy - b.cy) >= a.radius + b.radius + kSeparation;
}

// How far a is from b in the relation's direction, by the centroids and by the box
// centres; the smaller must reach the gap.
double relationGap(Relation relation, const ObjectGeometry& a, const ObjectGeometry& b) {
    switch (relation) {
        case Relation::LeftOf:
            return std::min(b.cx - a.cx, b.boxCentreX() - a.boxCentreX());
        case Relation::RightOf:
            return std::min(a.cx - b.cx, a.boxCentreX() - b.boxCentreX());
        case Relation::Above:
            return std::min(b.cy - a.cy, b.boxCentreY() - a.boxCentreY());
        case Relation::Below:
            return std::min(a.cy - b.cy, a.boxCentreY() - b.boxCentreY());
    }
    return 0.0;
}

bool placeObjects(const CaptionSpec& spec, std::mt19937_64& rng, Scene& scene) {
    std::vector<ObjectGeometry> geometry;
    for (size_t i = 0; i < spec.objects.size(); ++i) {
        auto g = drawObject(spec.objects[i], rng, scene.objects[i]);
        if (!g) return false;
        geometry.push_back(std::move(*g));
    }
    if (geometry.size() == 2) {
        if (!keepApart(geometry[0], geometry[1])) return false;
        if (spec.relation && relationGap(*spec.relation, geometry[0], geometry[1]) <
                                 WorldRanges::kRelationGap + kRelationMargin)
            return false;
    }
    return true;
}

void checkWeight(double weight, const char* name) {
    if (!(weight >= 0.0 && weight <= 1.0))
        throw Error(std::string("shapes: sampling weight ") + name +
                    " must be a probability in [0, 1], got " + std::to_string(weight));
}

}  // namespace

CaptionSpec sampleCaptionSpec(std::mt19937_64& rng, const SamplingWeights& weights) {
    checkWeight(weights.twoObjects, "twoObjects");
    checkWeight(weights.nameSize, "nameSize");
    checkWeight(weights.namePosition, "namePosition");
    checkWeight(weights.nameRelation, "nameRelation");
    checkWeight(weights.nameBackground, "nameBackground");

    CaptionSpec spec;
    const size_t count = detail::chance(rng, weights.twoObjects) ? 2 : 1;
    if (detail::chance(rng, weights.nameBackground)) spec.background = detail::pick(rng, kColors);
    for (size_t i = 0; i < count; ++i) {
        ObjectSpec o;
        // Redraw what validateSpec refuses: a colour that would vanish on the background,
        // or a second object the caption could not tell from the first.
        do {
            o.color = detail::pick(rng, kColors);
            o.shape = detail::pick(rng, kShapes);
        } while ((spec.background && o.color == *spec.background) ||
                 (i == 1 && o.color == spec.objects[0].color && o.shape == spec.objects[0].shape));
        if (detail::chance(rng, weights.nameSize)) o.size = detail::pick(rng, kSizes);
        // Two objects are placed by their relation, never by positions: every such
        // combination (two large objects included) fits on the canvas.
        if (count == 1 && detail::chance(rng, weights.namePosition))
            o.position = detail::pick(rng, kPositions);
        spec.objects.push_back(o);
    }
    if (count == 2 && detail::chance(rng, weights.nameRelation))
        spec.relation = detail::pick(rng, kRelations);
    return spec;
}

Scene sampleScene(const CaptionSpec& spec, std::mt19937_64& rng) {
    validateSpec(spec);
    Scene scene;
    scene.objects.resize(spec.objects.size());
    bool placed = false;
    for (int attempt = 0; attempt < kMaxTries && !placed; ++attempt)
        placed = placeObjects(spec, rng, scene);
    if (!placed)
        throw Error("shapes: no scene fits '" + canonicalCaption(spec) + "' (" +
                    std::to_string(kMaxTries) +
                    " placements tried): the named sizes and positions leave no room for the "
                    "objects to lie apart and inside the canvas");

    if (spec.background) {
        scene.background = *spec.background;
    } else {
        // A free background takes any colour no object has.
        std::vector<Color> free;
        for (Color c : kColors)
            if (std::none_of(spec.objects.begin(), spec.objects.end(),
                             [c](const ObjectSpec& o) { return o.color == c; }))
                free.push_back(c);
        scene.background = free[static_cast<size_t>(detail::uniform01(rng) * free.size())];
    }
    return scene;
}

}  // namespace unclip::shapes
