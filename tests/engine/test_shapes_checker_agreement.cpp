// The shapes checker against the world's ground truth: scenes drawn by sampleScene for
// sampleCaptionSpec's specs satisfy them, so the checker must say so for their pictures
// (renderScene at 64 and 256 px, the cascade's first two resolutions), and must refuse
// the same pictures against a spec with one colour or shape changed. The same with the
// blur and noise of generated pictures, and with another anti-aliasing.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <random>
#include <string>

#include "core/shapes/checker.h"
#include "harness.h"
#include "shapes_test_drawing.h"

using namespace unclip::shapes;

namespace {

constexpr int kScenes = 2000;
constexpr double kRequiredAgreement = 0.99;

struct Rate {
    int hits = 0, total = 0;
    void add(bool hit) { hits += hit, ++total; }
    double value() const { return total ? double(hits) / total : 1.0; }
};

std::string percent(const Rate& rate) {
    char text[64];
    std::snprintf(text, sizeof(text), "%6.2f%% (%d/%d)", 100 * rate.value(), rate.hits, rate.total);
    return text;
}

// The same spec with one thing changed that the picture then lacks: the first object's
// colour (never to the background's) or its shape.
CaptionSpec withOtherColor(CaptionSpec spec, const Scene& scene, std::mt19937_64& rng) {
    Color& color = spec.objects[0].color;
    const Color original = color;
    do color = kColors[rng() % kColors.size()];
    while (color == original || color == scene.background);
    return spec;
}

CaptionSpec withOtherShape(CaptionSpec spec, std::mt19937_64& rng) {
    Shape& shape = spec.objects[0].shape;
    const Shape original = shape;
    do shape = kShapes[rng() % kShapes.size()];
    while (shape == original);
    return spec;
}

// The other named attributes, changed to what the picture does not show: the other size,
// the opposite relation, a position band the object's centre is well outside. nullopt when
// the spec names none of them.
std::optional<CaptionSpec> withOtherAttribute(CaptionSpec spec, const Scene& scene) {
    if (spec.relation) {
        constexpr Relation opposite[] = {Relation::RightOf, Relation::LeftOf, Relation::Below,
                                         Relation::Above};
        spec.relation = opposite[size_t(*spec.relation)];
        return spec;
    }
    for (size_t i = 0; i < spec.objects.size(); ++i) {
        ObjectSpec& o = spec.objects[i];
        if (o.size) {
            o.size = *o.size == SizeClass::Small ? SizeClass::Large : SizeClass::Small;
            return spec;
        }
        if (o.position) {
            const SceneObject& truth = scene.objects[i];
            // Left, right, top, bottom bands, then middle; 0.05 clear of each.
            const bool far[] = {
                truth.cx > 0.40, truth.cx<0.60, truth.cy> 0.40, truth.cy < 0.60,
                truth.cx < 0.35 || truth.cx > 0.65 || truth.cy < 0.35 || truth.cy > 0.65};
            for (Position p : {Position::Left, Position::Right, Position::Top, Position::Bottom,
                               Position::Middle}) {
                if (p != *o.position && far[size_t(p)]) {
                    o.position = p;
                    return spec;
                }
            }
        }
    }
    return std::nullopt;
}

// Rows: the drawn shape; columns: the shape read at the object's place, or none.
struct Confusion {
    std::array<std::array<int, kShapes.size() + 1>, kShapes.size()> counts{};

    void add(const SceneObject& truth, const DetectedObject* read) {
        const size_t column = read && read->shape ? size_t(*read->shape) : kShapes.size();
        ++counts[size_t(truth.shape)][column];
    }

    void print() const {
        std::printf("    drawn \\ read");
        for (Shape s : kShapes) std::printf(" %8s", shapeName(s));
        std::printf("     none\n");
        for (Shape s : kShapes) {
            std::printf("    %-12s", shapeName(s));
            for (int n : counts[size_t(s)]) std::printf(" %8d", n);
            std::printf("\n");
        }
    }
};

struct Agreement {
    Rate satisfied, otherColorFails, otherShapeFails, otherAttributeFails;
    double worstExtentError = 0, worstCentreError = 0;  // pixels
    std::map<Shape, Rate> satisfiedByShape;             // scenes with that shape in them
    Confusion confusion;
    std::vector<std::string> examples;  // a few disagreements, to see why

    void print(const std::string& title) const {
        std::printf("  %s\n    satisfied %s | other colour fails %s | other shape fails %s\n",
                    title.c_str(), percent(satisfied).c_str(), percent(otherColorFails).c_str(),
                    percent(otherShapeFails).c_str());
        std::printf("    other size, position or relation fails %s\n",
                    percent(otherAttributeFails).c_str());
        std::printf("    largest error: extent %.2f px, centre %.2f px\n", worstExtentError,
                    worstCentreError);
        std::printf("    satisfied by shape:");
        for (const auto& [shape, rate] : satisfiedByShape)
            std::printf(" %s %.2f%%", shapeName(shape), 100 * rate.value());
        std::printf("\n");
        confusion.print();
        for (const std::string& e : examples) std::printf("    disagreement: %s\n", e.c_str());
    }

    void require(double share) const {
        UNCLIP_CHECK_MSG(satisfied.value() >= share, percent(satisfied));
        UNCLIP_CHECK_MSG(otherColorFails.value() >= share, percent(otherColorFails));
        UNCLIP_CHECK_MSG(otherShapeFails.value() >= share, percent(otherShapeFails));
        UNCLIP_CHECK_MSG(otherAttributeFails.value() >= share, percent(otherAttributeFails));
    }
};

// The object read where truth was drawn (nullptr: none there).
const DetectedObject* readAt(const SceneObject& truth, const Measurement& m) {
    const DetectedObject* nearest = nullptr;
    double best = 0.05;  // of the side: a detection elsewhere is not this object
    for (const MeasuredObject& o : m.objects) {
        const double d = std::hypot(o.object.cx - truth.cx, o.object.cy - truth.cy);
        if (d < best) best = d, nearest = &o.object;
    }
    return nearest;
}

using Draw = std::function<torch::Tensor(const Scene&, int64_t size, int index)>;

// kScenes sampled scenes (the same for every call) drawn by `draw` at `size`.
Agreement measureAgreement(const Draw& draw, int64_t size, int scenes = kScenes) {
    Agreement a;
    std::mt19937_64 rng(20240611);
    for (int i = 0; i < scenes; ++i) {
        const CaptionSpec spec = sampleCaptionSpec(rng);
        const Scene scene = sampleScene(spec, rng);
        const Measurement m = measureImage(draw(scene, size, i));
        const CheckResult r = checkMeasurement(m, spec);
        a.satisfied.add(r.satisfied);
        for (const SceneObject& o : scene.objects) a.satisfiedByShape[o.shape].add(r.satisfied);
        a.otherColorFails.add(!checkMeasurement(m, withOtherColor(spec, scene, rng)).satisfied);
        a.otherShapeFails.add(!checkMeasurement(m, withOtherShape(spec, rng)).satisfied);
        if (auto other = withOtherAttribute(spec, scene))
            a.otherAttributeFails.add(!checkMeasurement(m, *other).satisfied);
        for (const SceneObject& o : scene.objects) {
            const DetectedObject* read = readAt(o, m);
            a.confusion.add(o, read);
            if (!read) continue;
            a.worstExtentError =
                std::max(a.worstExtentError, std::abs(read->extent - o.extent) * size);
            a.worstCentreError =
                std::max(a.worstCentreError, std::hypot(read->cx - o.cx, read->cy - o.cy) * size);
        }
        if (!r.satisfied && a.examples.size() < 5)
            a.examples.push_back("scene " + std::to_string(i) + ": " + canonicalCaption(spec) +
                                 ": " + r.failures.front());
    }
    return a;
}

}  // namespace

UNCLIP_TEST(agrees_with_the_rendered_ground_truth_at_64_and_256_px) {
    std::printf("checker on renderScene pictures of %d sampled scenes:\n", kScenes);
    for (int64_t size : {64, 256}) {
        const Agreement a = measureAgreement(
            [](const Scene& s, int64_t n, int) { return renderScene(s, n); }, size);
        a.print(std::to_string(size) + " px");
        a.require(kRequiredAgreement);
    }
}

UNCLIP_TEST(agrees_on_pictures_anti_aliased_another_way) {
    // Box-filtered coverage (shapes_test_drawing.h) instead of the renderer's distance ramp:
    // points and notches come out differently, the reading must not.
    std::printf("checker on supersampled pictures of 500 sampled scenes:\n");
    const Agreement a = measureAgreement(
        [](const Scene& s, int64_t n, int) { return unclip::test::drawScene(s, n); }, 64, 500);
    a.print("64 px");
    a.require(kRequiredAgreement);
}

UNCLIP_TEST(a_slight_blur_and_noise_keep_the_agreement) {
    // What generated pictures add: a 3x3 blur and noise of sigma 8/255.
    std::printf("checker on blurred, noisy (sigma 8) pictures of 500 sampled scenes:\n");
    for (int64_t size : {64, 256}) {
        const Agreement a = measureAgreement(
            [](const Scene& s, int64_t n, int i) {
                return unclip::test::blemish(renderScene(s, n), 8, uint64_t(i));
            },
            size, 500);
        a.print(std::to_string(size) + " px");
        a.require(kRequiredAgreement);
    }
}
