// The shapes world's sampler: sampled specs are always satisfiable, sampled scenes satisfy
// their spec by the numbers (SHAPES-WORLD.md's ranges), and a seed fixes everything.
#include <chrono>
#include <cmath>
#include <iostream>
#include <map>
#include "core/shapes/holdout.h"
#include "core/training/training_data.h"

#include "core/common/error.h"
#include "core/shapes/geometry.h"
#include "core/shapes/world.h"
#include "harness.h"

using namespace unclip::shapes;

namespace {

using R = WorldRanges;
constexpr double kPi = 3.14159265358979323846;

// Distance to the filled outline, a ring's hole included, so that nothing can hide in it.
double filledDistance(const ObjectGeometry& g, double x, double y) {
    if (g.shape == Shape::Ring) return std::hypot(x - g.cx, y - g.cy) - g.radius;
    return signedDistance(g, x, y);
}

// Points along the outline: every corner and edge of a polygon, the rim of a circle.
std::vector<Point> boundaryPoints(const ObjectGeometry& g) {
    std::vector<Point> points;
    if (g.outline.empty()) {
        for (int k = 0; k < 360; ++k) {
            const double a = k * kPi / 180.0;
            points.push_back({g.cx + g.radius * std::cos(a), g.cy + g.radius * std::sin(a)});
        }
        return points;
    }
    for (size_t i = 0; i < g.outline.size(); ++i) {
        const Point a = g.outline[i], b = g.outline[(i + 1) % g.outline.size()];
        for (int k = 0; k < 40; ++k) {
            const double t = k / 40.0;
            points.push_back({a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t});
        }
    }
    return points;
}

// The smallest distance from b's outline (and centre) to a's filled outline.
double clearance(const ObjectGeometry& a, const ObjectGeometry& b) {
    double best = filledDistance(a, b.cx, b.cy);
    for (const Point& p : boundaryPoints(b)) best = std::min(best, filledDistance(a, p.x, p.y));
    return best;
}

bool within(double v, double lo, double hi) { return v >= lo && v <= hi; }

void checkPosition(const ObjectGeometry& g, Position position, const std::string& what) {
    // Both the centroid and the box centre: a checker may measure either.
    for (const auto& [x, y] : {std::pair{g.cx, g.cy}, std::pair{g.boxCentreX(), g.boxCentreY()}}) {
        switch (position) {
            case Position::Left:
                UNCLIP_CHECK_MSG(within(x, R::kSideMin, R::kSideMax), what << " x " << x);
                break;
            case Position::Right:
                UNCLIP_CHECK_MSG(within(x, R::kFarMin, R::kFarMax), what << " x " << x);
                break;
            case Position::Top:
                UNCLIP_CHECK_MSG(within(y, R::kSideMin, R::kSideMax), what << " y " << y);
                break;
            case Position::Bottom:
                UNCLIP_CHECK_MSG(within(y, R::kFarMin, R::kFarMax), what << " y " << y);
                break;
            case Position::Middle:
                UNCLIP_CHECK_MSG(within(x, R::kMiddleMin, R::kMiddleMax) &&
                                     within(y, R::kMiddleMin, R::kMiddleMax),
                                 what << " centre " << x << ", " << y);
                break;
        }
    }
}

ObjectSpec object(Color color, Shape shape, std::optional<SizeClass> size = std::nullopt,
                  std::optional<Position> position = std::nullopt) {
    return ObjectSpec{color, shape, size, position};
}

CaptionSpec specOf(std::vector<ObjectSpec> objects, std::optional<Relation> relation = std::nullopt,
                   std::optional<Color> background = std::nullopt) {
    CaptionSpec spec;
    spec.objects = std::move(objects);
    spec.relation = relation;
    spec.background = background;
    return spec;
}

double relationGap(Relation relation, double ax, double ay, double bx, double by) {
    switch (relation) {
        case Relation::LeftOf:
            return bx - ax;
        case Relation::RightOf:
            return ax - bx;
        case Relation::Above:
            return by - ay;
        case Relation::Below:
            return ay - by;
    }
    return 0.0;
}

void checkSceneSatisfies(const Scene& scene, const CaptionSpec& spec) {
    const std::string what = canonicalCaption(spec);
    UNCLIP_CHECK_EQ(scene.objects.size(), spec.objects.size());
    if (spec.background) UNCLIP_CHECK_MSG(scene.background == *spec.background, what);
    std::vector<ObjectGeometry> geometry;
    for (size_t i = 0; i < spec.objects.size(); ++i) {
        const ObjectSpec& o = spec.objects[i];
        const SceneObject& s = scene.objects[i];
        const ObjectGeometry g = objectGeometry(s);
        UNCLIP_CHECK_MSG(s.color == o.color && s.shape == o.shape, what);
        UNCLIP_CHECK_MSG(s.color != scene.background, what);
        // extent is the larger side of the rotated shape's bounding box
        const double w = g.maxX - g.minX, h = g.maxY - g.minY;
        UNCLIP_CHECK_MSG(std::abs(std::max(w, h) - s.extent) < 1e-12, what);
        if (!o.size)
            UNCLIP_CHECK_MSG(within(s.extent, R::kSmallMin, R::kLargeMax), what << " " << s.extent);
        else if (*o.size == SizeClass::Small)
            UNCLIP_CHECK_MSG(within(s.extent, R::kSmallMin, R::kSmallMax), what << " " << s.extent);
        else
            UNCLIP_CHECK_MSG(within(s.extent, R::kLargeMin, R::kLargeMax), what << " " << s.extent);
        const bool rotates =
            s.shape == Shape::Square || s.shape == Shape::Triangle || s.shape == Shape::Star;
        UNCLIP_CHECK_MSG(
            rotates ? std::abs(s.rotationDeg) <= R::kMaxRotationDeg : s.rotationDeg == 0.0,
            what << " rotation " << s.rotationDeg);
        UNCLIP_CHECK_MSG(g.minX >= 0.0 && g.minY >= 0.0 && g.maxX <= 1.0 && g.maxY <= 1.0,
                         what << " leaves the canvas");
        if (o.position) checkPosition(g, *o.position, what);
        geometry.push_back(g);
    }
    if (geometry.size() == 2) {
        const auto& a = geometry[0];
        const auto& b = geometry[1];
        UNCLIP_CHECK_MSG(!(scene.objects[0].color == scene.objects[1].color &&
                           scene.objects[0].shape == scene.objects[1].shape),
                         what);
        UNCLIP_CHECK_MSG(clearance(a, b) > 0.03 && clearance(b, a) > 0.03, what << " overlap");
        if (spec.relation) {
            UNCLIP_CHECK_MSG(relationGap(*spec.relation, a.cx, a.cy, b.cx, b.cy) >= R::kRelationGap,
                             what);
            UNCLIP_CHECK_MSG(relationGap(*spec.relation, a.boxCentreX(), a.boxCentreY(),
                                         b.boxCentreX(), b.boxCentreY()) >= R::kRelationGap,
                             what);
        }
    }
}

}  // namespace

UNCLIP_TEST(sampled_scenes_satisfy_their_specs) {
    std::mt19937_64 rng(1234);
    int two = 0, relations = 0, positions = 0, sizes = 0, backgrounds = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int n = 0; n < 10000; ++n) {
        const CaptionSpec spec = sampleCaptionSpec(rng);
        const Scene scene = sampleScene(spec, rng);
        checkSceneSatisfies(scene, spec);
        two += spec.objects.size() == 2;
        relations += spec.relation.has_value();
        backgrounds += spec.background.has_value();
        for (const auto& o : spec.objects) {
            positions += o.position.has_value();
            sizes += o.size.has_value();
        }
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::cout << "10000 specs + scenes sampled and checked in " << ms << " ms; two objects " << two
              << ", relations " << relations << ", positions " << positions << ", sizes " << sizes
              << ", backgrounds " << backgrounds << "\n";
    // Every kind of attribute is exercised.
    UNCLIP_CHECK(two > 4000 && two < 6000);
    UNCLIP_CHECK(relations > 2500 && positions > 1500 && sizes > 5000 && backgrounds > 4000);
}

// The hardest combinations the sampler can draw, and positions given by hand.
UNCLIP_TEST(demanding_specs_are_placed) {
    std::mt19937_64 rng(7);
    std::vector<CaptionSpec> specs;
    for (Relation rel : {Relation::LeftOf, Relation::RightOf, Relation::Above, Relation::Below})
        for (Shape shape : kShapes)
            specs.push_back(specOf({object(Color::Red, shape, SizeClass::Large),
                                    object(Color::Blue, Shape::Square, SizeClass::Large)},
                                   rel, Color::White));
    for (Position p :
         {Position::Left, Position::Right, Position::Top, Position::Bottom, Position::Middle})
        for (Shape shape : kShapes)
            for (SizeClass size : {SizeClass::Small, SizeClass::Large})
                specs.push_back(specOf({object(Color::Green, shape, size, p)}));
    specs.push_back(
        specOf({object(Color::Green, Shape::Star, SizeClass::Large, Position::Left),
                object(Color::Green, Shape::Triangle, SizeClass::Large, Position::Left)},
               Relation::Above));
    specs.push_back(specOf({object(Color::Black, Shape::Ring, SizeClass::Large, Position::Right),
                            object(Color::Black, Shape::Star, std::nullopt, Position::Left)}));
    for (const auto& spec : specs)
        for (int k = 0; k < 50; ++k) checkSceneSatisfies(sampleScene(spec, rng), spec);
}

UNCLIP_TEST(same_seed_same_spec_scene_caption) {
    for (uint64_t seed : {0ull, 1ull, 99ull}) {
        std::mt19937_64 a(seed), b(seed);
        for (int n = 0; n < 200; ++n) {
            const CaptionSpec sa = sampleCaptionSpec(a), sb = sampleCaptionSpec(b);
            UNCLIP_CHECK(sa == sb);
            UNCLIP_CHECK(sampleScene(sa, a) == sampleScene(sb, b));
            UNCLIP_CHECK_EQ(captionText(sa, a), captionText(sb, b));
        }
    }
    // Pinned values: the draws use no standard-library distribution, so these hold with any
    // standard library; a change here changes every training set.
    std::mt19937_64 rng(42);
    const CaptionSpec spec = sampleCaptionSpec(rng);
    const Scene scene = sampleScene(spec, rng);
    UNCLIP_CHECK_EQ(canonicalCaption(spec), std::string("a white circle at the top"));
    UNCLIP_CHECK(std::abs(scene.objects[0].cx - 0.35060406047201387) < 1e-12);
    UNCLIP_CHECK(std::abs(scene.objects[0].cy - 0.23244334102628694) < 1e-12);
}

UNCLIP_TEST(weights_steer_the_specs) {
    std::mt19937_64 rng(5);
    SamplingWeights none{0.0, 0.0, 0.0, 0.0, 0.0};
    for (int n = 0; n < 500; ++n) {
        const auto spec = sampleCaptionSpec(rng, none);
        UNCLIP_CHECK(spec.objects.size() == 1 && !spec.background && !spec.relation);
        UNCLIP_CHECK(!spec.objects[0].size && !spec.objects[0].position);
    }
    SamplingWeights all{1.0, 1.0, 1.0, 1.0, 1.0};
    for (int n = 0; n < 500; ++n) {
        const auto spec = sampleCaptionSpec(rng, all);
        UNCLIP_CHECK(spec.objects.size() == 2 && spec.background && spec.relation);
        for (const auto& o : spec.objects) UNCLIP_CHECK(o.size && !o.position);
        checkSceneSatisfies(sampleScene(spec, rng), spec);
    }
    SamplingWeights bad;
    bad.nameSize = 1.5;
    UNCLIP_CHECK_THROWS_WITH(sampleCaptionSpec(rng, bad), "nameSize");
    bad.nameSize = std::nan("");
    UNCLIP_CHECK_THROWS_WITH(sampleCaptionSpec(rng, bad), "nameSize");
}

UNCLIP_TEST(impossible_specs_are_errors) {
    std::mt19937_64 rng(3);
    const ObjectSpec redCircle = object(Color::Red, Shape::Circle);

    UNCLIP_CHECK_THROWS_WITH(sampleScene(specOf({}), rng), "one or two objects");
    UNCLIP_CHECK_THROWS_WITH(sampleScene(specOf({redCircle, object(Color::Blue, Shape::Star),
                                                 object(Color::Green, Shape::Ring)}),
                                         rng),
                             "one or two objects");
    UNCLIP_CHECK_THROWS_WITH(sampleScene(specOf({redCircle}, std::nullopt, Color::Red), rng),
                             "differ from the background");
    UNCLIP_CHECK_THROWS_WITH(sampleScene(specOf({redCircle}, Relation::Above), rng),
                             "needs two objects");
    UNCLIP_CHECK_THROWS_WITH(sampleScene(specOf({redCircle, redCircle}), rng),
                             "cannot be told apart");
    // Positions that leave no gap for the relation.
    UNCLIP_CHECK_THROWS_WITH(
        sampleScene(specOf({object(Color::Red, Shape::Circle, std::nullopt, Position::Right),
                            object(Color::Blue, Shape::Circle, std::nullopt, Position::Left)},
                           Relation::LeftOf),
                    rng),
        "contradict the named relation");
    // Consistent in words, but two large objects do not fit in the middle together.
    UNCLIP_CHECK_THROWS_WITH(
        sampleScene(
            specOf({object(Color::Red, Shape::Square, SizeClass::Large, Position::Middle),
                    object(Color::Blue, Shape::Circle, SizeClass::Large, Position::Middle)}),
            rng),
        "no scene fits 'a large red square in the middle");
    UNCLIP_CHECK_THROWS_WITH(
        sampleScene(specOf({object(static_cast<Color>(17), Shape::Circle)}), rng),
        "unknown colour");
}

UNCLIP_TEST(extent_is_the_rotated_bounding_box) {
    // An unrotated square's box is its side; at 15 degrees the side shrinks to fit.
    SceneObject square{Shape::Square, Color::Red, 0.5, 0.5, 0.4, 0.0};
    auto g = objectGeometry(square);
    UNCLIP_CHECK(std::abs((g.maxX - g.minX) - 0.4) < 1e-12);
    UNCLIP_CHECK(std::abs(g.area - 0.16) < 1e-12);
    square.rotationDeg = 15.0;
    g = objectGeometry(square);
    const double side = 0.4 / (std::cos(15 * kPi / 180) + std::sin(15 * kPi / 180));
    UNCLIP_CHECK(std::abs(g.area - side * side) < 1e-12);
    // A triangle apex up: width is the side, height 0.866 of it, centroid 2/3 of the way down.
    SceneObject triangle{Shape::Triangle, Color::Red, 0.5, 0.5, 0.3, 0.0};
    g = objectGeometry(triangle);
    UNCLIP_CHECK(std::abs((g.maxX - g.minX) - 0.3) < 1e-12);
    UNCLIP_CHECK(std::abs((g.maxY - g.minY) - 0.3 * std::sqrt(3.0) / 2) < 1e-12);
    UNCLIP_CHECK(std::abs((0.5 - g.minY) - 2.0 / 3.0 * (g.maxY - g.minY)) < 1e-12);
    UNCLIP_CHECK(g.outline[0].y < g.outline[1].y);  // the apex is the top corner
    // The closed-form areas agree with the polygons.
    for (Shape shape : {Shape::Square, Shape::Triangle, Shape::Star})
        for (double rot : {-15.0, 0.0, 7.0}) {
            g = objectGeometry({shape, Color::Red, 0.5, 0.5, 0.35, rot});
            double shoelace = 0;
            for (size_t i = 0; i < g.outline.size(); ++i) {
                const Point a = g.outline[i], b = g.outline[(i + 1) % g.outline.size()];
                shoelace += a.x * b.y - b.x * a.y;
            }
            UNCLIP_CHECK_MSG(std::abs(std::abs(shoelace) / 2 - g.area) < 1e-12, shapeName(shape));
        }
    UNCLIP_CHECK_THROWS_WITH(objectGeometry({Shape::Star, Color::Red, 0.5, 0.5, -1.0, 0.0}),
                             "positive");
}

// Evaluation prompts are held out of training: the trainer's data never names them.
UNCLIP_TEST(held_out_captions_never_reach_training) {
    const auto one = unclip::shapes::heldOutPrompts(40, 1, 3);
    const auto two = unclip::shapes::heldOutPrompts(40, 2, 3);
    UNCLIP_CHECK_EQ(one.size(), size_t(40));
    UNCLIP_CHECK_EQ(two.size(), size_t(40));
    for (const auto& p : one) {
        auto spec = unclip::shapes::parseCaption(p);
        UNCLIP_CHECK(spec && spec->objects.size() == 1 && unclip::shapes::isHeldOut(*spec));
    }
    for (const auto& p : two) {
        auto spec = unclip::shapes::parseCaption(p);
        UNCLIP_CHECK(spec && spec->objects.size() == 2 && spec->relation &&
                     unclip::shapes::isHeldOut(*spec));
    }
    auto data = unclip::training::shapesWorldData(11);
    int heldOut = 0;
    for (int i = 0; i < 3000; ++i) {
        auto spec = unclip::shapes::parseCaption(data->example(i, 16).caption);
        UNCLIP_CHECK(spec.has_value());
        heldOut += unclip::shapes::isHeldOut(*spec);
    }
    UNCLIP_CHECK_EQ(heldOut, 0);
}

namespace {

// What a twin changed from its example's caption: "shape", "position", "relation",
// "colours", or "" when it changed anything else or more than one of these.
std::string twinChange(const unclip::shapes::CaptionSpec& a, const unclip::shapes::CaptionSpec& b) {
    if (a.objects.size() != b.objects.size() || a.background != b.background) return "";
    int shapeChanges = 0;
    bool othersKept = true;
    for (size_t k = 0; k < a.objects.size(); ++k) {
        auto same = b.objects[k];
        shapeChanges += same.shape != a.objects[k].shape;
        same.shape = a.objects[k].shape;
        othersKept = othersKept && same == a.objects[k];
    }
    if (shapeChanges == 1 && othersKept && a.relation == b.relation) return "shape";
    if (a.objects.size() == 1) {
        auto moved = b.objects[0];
        moved.position = a.objects[0].position;
        const bool positionOnly = a.objects[0].position && b.objects[0].position &&
                                  *a.objects[0].position != *b.objects[0].position &&
                                  moved == a.objects[0];
        return positionOnly ? "position" : "";
    }
    if (a.objects == b.objects && a.relation && b.relation)
        return *b.relation == unclip::shapes::opposite(*a.relation) ? "relation" : "";
    auto swapped = b;
    std::swap(swapped.objects[0].color, swapped.objects[1].color);
    const bool coloursSwapped = swapped == a && a.objects[0].color != a.objects[1].color;
    return coloursSwapped ? "colours" : "";
}

}  // namespace

UNCLIP_TEST(twins_differ_from_their_example_in_one_named_attribute) {
    auto data = unclip::training::shapesWorldData(5);
    std::map<std::string, int> kinds;
    std::vector<std::string> unclear;
    for (int i = 0; i < 400; ++i) {
        const auto original = data->example(i, 128);
        const auto twin = data->twin(i, 128);
        if (!twin) continue;
        const auto a = unclip::shapes::parseCaption(original.caption);
        const auto b = unclip::shapes::parseCaption(twin->caption);
        UNCLIP_CHECK(a && b);
        const auto change = twinChange(*a, *b);
        UNCLIP_CHECK_MSG(!change.empty(), original.caption + " -> " + twin->caption);
        ++kinds[change];
        UNCLIP_CHECK(!unclip::shapes::isHeldOut(*b));
        // The twin's picture shows what its caption says (as far as the checker, which
        // agrees with the renderer on 99% of fresh scenes, can tell).
        const auto check = unclip::shapes::checkImage(twin->image, *b);
        if (!check.satisfied) unclear.push_back(twin->caption + ": " + check.failures.front());
    }
    std::string unclearList;
    for (const auto& line : unclear) unclearList += "\n  " + line;
    UNCLIP_CHECK_MSG(unclear.size() <= 4, "twins the checker rejects:" + unclearList);
    int twins = 0;
    for (const auto& [kind, count] : kinds) twins += count;
    UNCLIP_CHECK(twins > 370);  // only held-out or indistinguishable twins are skipped
    for (const char* kind : {"shape", "position", "relation", "colours"})
        UNCLIP_CHECK_MSG(kinds[kind] >= 15,
                         std::string(kind) + " twins: " + std::to_string(kinds[kind]) + " of 400");
}

UNCLIP_TEST(the_training_mix_of_one_and_two_object_scenes_can_be_set) {
    auto twoObjectsIn = [](double share) {
        auto data = unclip::training::shapesWorldData(9, share);
        int two = 0;
        for (int i = 0; i < 400; ++i) {
            const auto example = data->example(i, 32);
            const auto spec = unclip::shapes::parseCaption(example.caption);
            UNCLIP_CHECK_MSG(spec && !unclip::shapes::isHeldOut(*spec), example.caption);
            two += spec && spec->objects.size() == 2;
            // The twin draws the same scene, so it has the same number of objects.
            if (const auto twin = data->twin(i, 32)) {
                const auto twinSpec = unclip::shapes::parseCaption(twin->caption);
                UNCLIP_CHECK(twinSpec && spec && twinSpec->objects.size() == spec->objects.size());
            }
        }
        return two;
    };
    UNCLIP_CHECK_EQ(twoObjectsIn(0.0), 0);
    UNCLIP_CHECK_EQ(twoObjectsIn(1.0), 400);
    const int half = twoObjectsIn(0.5), most = twoObjectsIn(0.8);
    UNCLIP_CHECK_MSG(half > 160 && half < 240, half << " of 400 at 0.5");
    UNCLIP_CHECK_MSG(most > 290 && most < 350, most << " of 400 at 0.8");
    // The world's own mix stays the default, example for example.
    auto plain = unclip::training::shapesWorldData(9);
    auto even = unclip::training::shapesWorldData(9, 0.5);
    for (int i = 0; i < 20; ++i)
        UNCLIP_CHECK_EQ(plain->example(i, 32).caption, even->example(i, 32).caption);
    UNCLIP_CHECK(plain->describe().find("two-object") == std::string::npos);
    UNCLIP_CHECK_MSG(unclip::training::shapesWorldData(9, 0.7)->describe().find(
                         "70% two-object scenes") != std::string::npos,
                     unclip::training::shapesWorldData(9, 0.7)->describe());
    UNCLIP_CHECK_THROWS_WITH(unclip::training::shapesWorldData(9, 1.5), "two-object scenes");
}
