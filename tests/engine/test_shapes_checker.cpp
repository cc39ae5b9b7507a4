// The shapes checker on pictures built by hand and drawn by the tests' own supersampling
// (shapes_test_drawing.h), not by renderScene: every shape, colour and attribute, each
// way a caption can fail, and bad input. test_shapes_checker_agreement.cpp checks it
// against the renderer and the sampler.
#include <string>

#include "core/common/error.h"
#include "core/shapes/checker.h"
#include "harness.h"
#include "shapes_test_drawing.h"

using namespace unclip::shapes;
using unclip::test::blemish;
using unclip::test::drawScene;

namespace {

SceneObject object(Shape shape, Color color, double cx, double cy, double extent,
                   double rotationDeg = 0) {
    return {shape, color, cx, cy, extent, rotationDeg};
}

Scene scene(Color background, std::vector<SceneObject> objects) { return {background, objects}; }

ObjectSpec named(Color color, Shape shape, std::optional<SizeClass> size = std::nullopt,
                 std::optional<Position> position = std::nullopt) {
    return {color, shape, size, position};
}

CaptionSpec caption(std::vector<ObjectSpec> objects,
                    std::optional<Relation> relation = std::nullopt,
                    std::optional<Color> background = std::nullopt) {
    return {objects, relation, background};
}

// Whether some failure line contains `words`.
bool failsWith(const CheckResult& result, const std::string& words) {
    for (const std::string& failure : result.failures)
        if (failure.find(words) != std::string::npos) return true;
    return false;
}

std::string failures(const CheckResult& result) {
    std::string all;
    for (const std::string& failure : result.failures) all += "\n  " + failure;
    return all.empty() ? " (none)" : all;
}

// A background far from every colour, so each colour gets a clear contrast, and the
// hard pairs: orange and yellow are the closest palette colours (71 apart), and a yellow
// object's anti-aliased rim on red is orange.
Color contrastingBackground(Color color) {
    return color == Color::White || color == Color::Yellow ? Color::Black : Color::White;
}

}  // namespace

UNCLIP_TEST(reads_every_shape_in_every_colour_at_64_and_256_px) {
    for (int64_t size : {64, 256}) {
        for (Shape shape : kShapes) {
            for (Color color : kColors) {
                for (double extent : {0.19, 0.45}) {
                    const Scene picture = scene(contrastingBackground(color),
                                                {object(shape, color, 0.5, 0.5, extent, 7)});
                    const CheckResult r =
                        checkImage(drawScene(picture, size), caption({named(color, shape)}));
                    UNCLIP_CHECK_MSG(r.satisfied, size << " px, " << colorName(color) << " "
                                                       << shapeName(shape) << " " << extent
                                                       << failures(r));
                }
            }
        }
    }
}

UNCLIP_TEST(reads_colours_beside_their_nearest_neighbours) {
    const std::pair<Color, Color> pairs[] = {
        {Color::Orange, Color::Yellow}, {Color::Yellow, Color::Orange},
        {Color::Yellow, Color::Red},    {Color::Red, Color::Orange},
        {Color::Blue, Color::Purple},   {Color::Black, Color::Green}};
    for (auto [color, background] : pairs) {
        for (Shape shape : kShapes) {
            const Scene picture = scene(background, {object(shape, color, 0.3, 0.6, 0.2, -11)});
            const CheckResult r =
                checkImage(drawScene(picture, 64), caption({named(color, shape)}, {}, background));
            UNCLIP_CHECK_MSG(r.satisfied && r.objects.size() == 1,
                             colorName(color) << " " << shapeName(shape) << " on "
                                              << colorName(background) << failures(r));
        }
    }
}

UNCLIP_TEST(rotations_up_to_15_degrees_keep_small_shapes_apart_at_64_px) {
    for (Shape shape : {Shape::Square, Shape::Triangle, Shape::Star}) {
        for (double rotation = -15; rotation <= 15; rotation += 2.5) {
            const Scene picture =
                scene(Color::Blue, {object(shape, Color::White, 0.55, 0.45, 0.18, rotation)});
            const Measurement m = measureImage(drawScene(picture, 64));
            UNCLIP_CHECK_EQ(m.objects.size(), size_t(1));
            UNCLIP_CHECK_MSG(m.objects[0].object.shape == shape,
                             shapeName(shape) << " at " << rotation << " degrees read as "
                                              << describe(m.objects[0].object));
        }
    }
}

UNCLIP_TEST(measures_centre_extent_and_area_to_a_fraction_of_a_pixel) {
    // A ring's centre is its annulus's centroid: the centre of the circle it is cut from.
    // A triangle's is its centroid, not its box's centre (1/12 of its height lower).
    for (Shape shape : kShapes) {
        const SceneObject truth = object(shape, Color::Green, 0.37, 0.61, 0.31, 12);
        const Measurement m = measureImage(drawScene(scene(Color::Yellow, {truth}), 256));
        UNCLIP_CHECK_EQ(m.objects.size(), size_t(1));
        const DetectedObject& found = m.objects[0].object;
        const double pixel = 1.0 / 256;
        UNCLIP_CHECK_MSG(std::abs(found.cx - truth.cx) < 0.2 * pixel, shapeName(shape)
                                                                          << " cx " << found.cx);
        UNCLIP_CHECK_MSG(std::abs(found.cy - truth.cy) < 0.2 * pixel, shapeName(shape)
                                                                          << " cy " << found.cy);
        UNCLIP_CHECK_MSG(std::abs(found.extent - truth.extent) < 0.5 * pixel,
                         shapeName(shape) << " extent " << found.extent);
        const double area = objectGeometry(truth).area;
        UNCLIP_CHECK_MSG(std::abs(found.area - area) < 0.01 * area, shapeName(shape)
                                                                        << " area " << found.area);
    }
}

UNCLIP_TEST(finds_and_checks_the_background) {
    const Scene picture =
        scene(Color::Purple, {object(Shape::Circle, Color::Yellow, 0.5, 0.5, 0.3)});
    const auto image = drawScene(picture, 64);
    CheckResult r =
        checkImage(image, caption({named(Color::Yellow, Shape::Circle)}, {}, Color::Purple));
    UNCLIP_CHECK(r.satisfied);
    UNCLIP_CHECK(r.background == Color::Purple);
    r = checkImage(image, caption({named(Color::Yellow, Shape::Circle)}, {}, Color::Blue));
    UNCLIP_CHECK(!r.satisfied);
    UNCLIP_CHECK_MSG(failsWith(r, "the background is purple, not blue"), failures(r));
}

UNCLIP_TEST(a_border_of_no_palette_colour_has_no_background) {
    auto grey = torch::full({64, 64, 3}, 128, torch::kUInt8);
    const CheckResult r = checkImage(grey, caption({named(Color::Red, Shape::Circle)}));
    UNCLIP_CHECK(!r.satisfied && !r.background && r.objects.empty());
    UNCLIP_CHECK_MSG(failsWith(r, "no background"), failures(r));
    UNCLIP_CHECK_MSG(failsWith(r, "no red circle found"), failures(r));
}

UNCLIP_TEST(checks_sizes_within_the_tolerance) {
    const double tolerance = checkTolerance(256);
    UNCLIP_CHECK_EQ(tolerance, 0.02);
    UNCLIP_CHECK_EQ(checkTolerance(32), 1.0 / 32);  // at least a pixel
    struct Case {
        double extent;
        SizeClass size;
        bool holds;
    };
    const Case cases[] = {{0.22, SizeClass::Small, true},  {0.44, SizeClass::Large, true},
                          {0.44, SizeClass::Small, false}, {0.22, SizeClass::Large, false},
                          {0.265, SizeClass::Small, true},  // inside the tolerance
                          {0.30, SizeClass::Small, false}, {0.17, SizeClass::Small, true},
                          {0.15, SizeClass::Small, false}, {0.33, SizeClass::Large, false}};
    for (const Case& c : cases) {
        const Scene picture =
            scene(Color::Black, {object(Shape::Star, Color::Orange, 0.5, 0.5, c.extent, 4)});
        const CheckResult r = checkImage(drawScene(picture, 256),
                                         caption({named(Color::Orange, Shape::Star, c.size)}));
        UNCLIP_CHECK_MSG(r.satisfied == c.holds, "extent " << c.extent << failures(r));
        if (!c.holds)
            UNCLIP_CHECK_MSG(
                failsWith(r, c.size == SizeClass::Small ? "is not small" : "is not large"),
                failures(r));
    }
}

UNCLIP_TEST(checks_each_position) {
    struct Case {
        Position position;
        double cx, cy;
    };
    const Case inside[] = {{Position::Left, 0.25, 0.7},
                           {Position::Right, 0.75, 0.2},
                           {Position::Top, 0.6, 0.25},
                           {Position::Bottom, 0.3, 0.75},
                           {Position::Middle, 0.45, 0.55}};
    for (const Case& c : inside) {
        for (const Case& other : inside) {
            const Scene picture =
                scene(Color::White, {object(Shape::Triangle, Color::Red, c.cx, c.cy, 0.2)});
            const CheckResult r =
                checkImage(drawScene(picture, 64),
                           caption({named(Color::Red, Shape::Triangle, {}, other.position)}));
            // Each placement above lies in its own band and in no other named one, except
            // where a corner placement lies in two (left and bottom, right and top, ...).
            const bool holds = c.position == other.position ||
                               (other.position == Position::Left && c.cx <= 0.35) ||
                               (other.position == Position::Right && c.cx >= 0.65) ||
                               (other.position == Position::Top && c.cy <= 0.35) ||
                               (other.position == Position::Bottom && c.cy >= 0.65) ||
                               (other.position == Position::Middle && c.cx >= 0.4 && c.cx <= 0.6 &&
                                c.cy >= 0.4 && c.cy <= 0.6);
            UNCLIP_CHECK_MSG(r.satisfied == holds, "at " << c.cx << ", " << c.cy << failures(r));
            if (!holds) UNCLIP_CHECK_MSG(failsWith(r, "the red triangle is not"), failures(r));
        }
    }
}

UNCLIP_TEST(checks_each_relation_both_ways) {
    const Scene sideBySide =
        scene(Color::Green, {object(Shape::Circle, Color::White, 0.25, 0.5, 0.2),
                             object(Shape::Square, Color::Black, 0.75, 0.45, 0.2)});
    const Scene stacked =
        scene(Color::Green, {object(Shape::Circle, Color::White, 0.5, 0.25, 0.2),
                             object(Shape::Square, Color::Black, 0.55, 0.75, 0.2)});
    const auto across = drawScene(sideBySide, 64), down = drawScene(stacked, 64);
    auto check = [](const torch::Tensor& image, Relation relation) {
        return checkImage(
            image, caption({named(Color::White, Shape::Circle), named(Color::Black, Shape::Square)},
                           relation));
    };
    UNCLIP_CHECK(check(across, Relation::LeftOf).satisfied);
    UNCLIP_CHECK(check(down, Relation::Above).satisfied);
    for (auto [image, relation] : {std::pair{across, Relation::RightOf},
                                   {across, Relation::Above},
                                   {across, Relation::Below},
                                   {down, Relation::Below},
                                   {down, Relation::LeftOf},
                                   {down, Relation::RightOf}}) {
        const CheckResult r = check(image, relation);
        UNCLIP_CHECK(!r.satisfied);
        UNCLIP_CHECK_MSG(failsWith(r, "the white circle is not"), failures(r));
    }
    // Named the other way round, the second pair of relations holds.
    const CheckResult swapped = checkImage(
        across, caption({named(Color::Black, Shape::Square), named(Color::White, Shape::Circle)},
                        Relation::RightOf));
    UNCLIP_CHECK_MSG(swapped.satisfied, failures(swapped));
}

UNCLIP_TEST(a_relation_needs_the_full_gap_less_the_tolerance) {
    for (auto [gap, holds] : {std::pair{0.21, true}, {0.185, true}, {0.17, false}, {0.1, false}}) {
        const Scene picture =
            scene(Color::Blue, {object(Shape::Ring, Color::Yellow, 0.5 - gap / 2, 0.3, 0.16),
                                object(Shape::Ring, Color::Red, 0.5 + gap / 2, 0.7, 0.16)});
        const CheckResult r =
            checkImage(drawScene(picture, 256),
                       caption({named(Color::Yellow, Shape::Ring), named(Color::Red, Shape::Ring)},
                               Relation::LeftOf));
        UNCLIP_CHECK_MSG(r.satisfied == holds, "gap " << gap << failures(r));
    }
}

UNCLIP_TEST(fails_a_missing_object_or_a_wrong_shape_or_colour) {
    const auto image =
        drawScene(scene(Color::White, {object(Shape::Star, Color::Blue, 0.5, 0.5, 0.3)}), 64);
    CheckResult r = checkImage(image, caption({named(Color::Red, Shape::Star)}));
    UNCLIP_CHECK(!r.satisfied);
    UNCLIP_CHECK_MSG(failsWith(r, "no red star found; the picture shows a blue star"), failures(r));
    r = checkImage(image, caption({named(Color::Blue, Shape::Circle)}));
    UNCLIP_CHECK_MSG(failsWith(r, "no blue circle found"), failures(r));
    // The second of two named objects is missing.
    r = checkImage(image,
                   caption({named(Color::Blue, Shape::Star), named(Color::Green, Shape::Square)},
                           Relation::Above));
    UNCLIP_CHECK_MSG(r.failures.size() == 1 && failsWith(r, "no green square found"), failures(r));
}

UNCLIP_TEST(two_named_objects_need_two_objects) {
    // A caption naming the same thing twice (which captions never do) still needs two.
    const auto one =
        drawScene(scene(Color::White, {object(Shape::Circle, Color::Red, 0.3, 0.5, 0.2)}), 64);
    const CaptionSpec twice =
        caption({named(Color::Red, Shape::Circle), named(Color::Red, Shape::Circle)});
    CheckResult r = checkImage(one, twice);
    UNCLIP_CHECK_MSG(!r.satisfied && failsWith(r, "no second red circle found"), failures(r));
    const auto two =
        drawScene(scene(Color::White, {object(Shape::Circle, Color::Red, 0.3, 0.5, 0.2),
                                       object(Shape::Circle, Color::Red, 0.7, 0.5, 0.2)}),
                  64);
    r = checkImage(two, twice);
    UNCLIP_CHECK_MSG(r.satisfied, failures(r));
    // Which is which is the checker's to find: the right-hand one is the first here.
    r = checkImage(two, caption({named(Color::Red, Shape::Circle, {}, Position::Right),
                                 named(Color::Red, Shape::Circle, {}, Position::Left)},
                                Relation::RightOf));
    UNCLIP_CHECK_MSG(r.satisfied, failures(r));
}

UNCLIP_TEST(an_object_the_caption_does_not_name_fails_it) {
    // Captions name every object (SHAPES-WORLD.md), so a picture with one more shows
    // something else than its caption says.
    const auto image =
        drawScene(scene(Color::Black, {object(Shape::Square, Color::White, 0.3, 0.3, 0.2),
                                       object(Shape::Triangle, Color::Green, 0.7, 0.7, 0.2)}),
                  64);
    const CheckResult r = checkImage(image, caption({named(Color::White, Shape::Square)}));
    UNCLIP_CHECK(!r.satisfied);
    UNCLIP_CHECK_MSG(
        failsWith(
            r, "the picture shows 2 objects, the caption names 1: it also shows a green triangle"),
        failures(r));
}

UNCLIP_TEST(ignores_specks_and_finds_nothing_on_a_blank_picture) {
    auto image =
        drawScene(scene(Color::Yellow, {object(Shape::Circle, Color::Blue, 0.5, 0.5, 0.3)}), 64);
    // A 2x2 speck: 0.001 of the canvas, a quarter of the smallest object that counts.
    image.slice(0, 5, 7).slice(1, 50, 52).copy_(torch::tensor({220, 40, 40}, torch::kUInt8));
    CheckResult r = checkImage(image, caption({named(Color::Blue, Shape::Circle)}));
    UNCLIP_CHECK_MSG(r.satisfied && r.objects.size() == 1, failures(r));

    const auto blank = drawScene(scene(Color::Yellow, {}), 64);
    r = checkImage(blank, caption({named(Color::Blue, Shape::Circle)}));
    UNCLIP_CHECK(r.objects.empty() && r.background == Color::Yellow);
    UNCLIP_CHECK_MSG(failsWith(r, "no blue circle found; the picture shows nothing"), failures(r));
}

UNCLIP_TEST(objects_close_together_stay_apart) {
    // The sampler keeps boxes 0.04 apart: 2.6 px at 64 px, less than two anti-aliased rims.
    const auto image =
        drawScene(scene(Color::White, {object(Shape::Square, Color::Red, 0.38, 0.5, 0.2),
                                       object(Shape::Square, Color::Orange, 0.62, 0.5, 0.2)}),
                  64);
    const CheckResult r = checkImage(
        image, caption({named(Color::Red, Shape::Square), named(Color::Orange, Shape::Square)},
                       Relation::LeftOf));
    UNCLIP_CHECK_MSG(r.satisfied, failures(r));
}

UNCLIP_TEST(an_unclear_outline_has_no_shape) {
    // An ellipse (two-fold) and a plus sign (four-fold, yet no square's outline).
    auto image = drawScene(scene(Color::White, {}), 128);
    auto pixels = image.accessor<uint8_t, 3>();
    for (int y = 0; y < 128; ++y) {
        for (int x = 0; x < 128; ++x) {
            const double ex = (x + 0.5 - 40) / 25, ey = (y + 0.5 - 40) / 12;
            const bool ellipse = ex * ex + ey * ey <= 1;
            const bool plus = (std::abs(x - 90) < 18 && std::abs(y - 90) < 5) ||
                              (std::abs(x - 90) < 5 && std::abs(y - 90) < 18);
            if (ellipse || plus) pixels[y][x][0] = 40, pixels[y][x][1] = 90, pixels[y][x][2] = 220;
        }
    }
    const Measurement m = measureImage(image);
    UNCLIP_CHECK_EQ(m.objects.size(), size_t(2));
    for (const MeasuredObject& o : m.objects) UNCLIP_CHECK_MSG(!o.object.shape, describe(o.object));
    UNCLIP_CHECK_EQ(describe(m.objects[0].object), std::string("a blue object of no clear shape"));
}

namespace {

// A regular polygon or star with `points` points around (cx, cy), radius r, inner corners
// at inner * r (1: none), drawn in black into image with 4x4 samples per pixel.
void drawStarLike(torch::Tensor& image, double cx, double cy, double r, int points, double inner) {
    std::vector<Point> corners;
    const int n = inner < 1 ? 2 * points : points;
    for (int i = 0; i < n; ++i) {
        const double angle = -M_PI / 2 + 2 * M_PI * i / n;
        const double radius = inner < 1 && i % 2 ? inner * r : r;
        corners.push_back({cx + radius * std::cos(angle), cy + radius * std::sin(angle)});
    }
    const int64_t size = image.size(0);
    auto pixels = image.accessor<uint8_t, 3>();
    for (int64_t y = 0; y < size; ++y) {
        for (int64_t x = 0; x < size; ++x) {
            int hits = 0;
            for (int s = 0; s < 16; ++s)
                hits += unclip::test::insidePolygon(corners, (x + (s % 4 + 0.5) / 4) / size,
                                                    (y + (s / 4 + 0.5) / 4) / size);
            for (int c = 0; c < 3; ++c)
                pixels[y][x][c] = uint8_t(pixels[y][x][c] * (1 - hits / 16.0));
        }
    }
}

}  // namespace

UNCLIP_TEST(look_alikes_are_not_read_as_the_shape_they_resemble) {
    // Shapes the model might draw instead: each shares a symmetry with one of the world's.
    struct Case {
        const char* name;
        int points;
        double inner;
        Shape resembles;
    };
    const Case cases[] = {{"pentagon", 5, 1, Shape::Star},
                          {"four-pointed star", 4, 0.45, Shape::Square},
                          {"three-pointed star", 3, 0.3, Shape::Triangle},
                          {"six-pointed star", 6, 0.5, Shape::Circle}};
    for (const Case& c : cases) {
        for (int64_t size : {64, 256}) {
            auto image = drawScene(scene(Color::White, {}), size);
            drawStarLike(image, 0.5, 0.5, 0.2, c.points, c.inner);  // black
            const Measurement m = measureImage(image);
            UNCLIP_CHECK_EQ(m.objects.size(), size_t(1));
            UNCLIP_CHECK_MSG(
                m.objects[0].object.shape != c.resembles,
                c.name << " at " << size << " px read as " << describe(m.objects[0].object));
        }
    }
}

UNCLIP_TEST(refuses_pictures_and_captions_it_cannot_check) {
    const CaptionSpec ok = caption({named(Color::Red, Shape::Circle)});
    const auto good = torch::zeros({64, 64, 3}, torch::kUInt8);
    UNCLIP_CHECK_THROWS_WITH(checkImage(torch::Tensor(), ok), "no image");
    UNCLIP_CHECK_THROWS_WITH(checkImage(torch::zeros({64, 64}, torch::kUInt8), ok), "[H, W, 3]");
    UNCLIP_CHECK_THROWS_WITH(checkImage(torch::zeros({3, 64, 64}, torch::kUInt8), ok), "[H, W, 3]");
    UNCLIP_CHECK_THROWS_WITH(checkImage(torch::zeros({64, 64, 3}), ok), "uint8");
    UNCLIP_CHECK_THROWS_WITH(checkImage(torch::zeros({64, 48, 3}, torch::kUInt8), ok), "64x48");
    UNCLIP_CHECK_THROWS_WITH(checkImage(torch::zeros({16, 16, 3}, torch::kUInt8), ok),
                             "32 to 1024");
    UNCLIP_CHECK_THROWS_WITH(checkImage(torch::zeros({1100, 1100, 3}, torch::kUInt8), ok),
                             "32 to 1024");
    UNCLIP_CHECK_THROWS_WITH(checkImage(good, caption({})), "one or two objects");
    UNCLIP_CHECK_THROWS_WITH(
        checkImage(good, caption({named(Color::Red, Shape::Circle)}, Relation::Above)),
        "relation needs two objects");
    bool engineError = false;  // the engine's own type, which the app shows as it is
    try {
        checkImage(good, caption({}));
    } catch (const unclip::Error&) {
        engineError = true;
    }
    UNCLIP_CHECK(engineError);
}

UNCLIP_TEST(a_slight_blur_and_noise_change_nothing_by_hand) {
    const Scene picture =
        scene(Color::Orange, {object(Shape::Star, Color::Yellow, 0.3, 0.3, 0.2, 9),
                              object(Shape::Ring, Color::Purple, 0.7, 0.7, 0.2)});
    const CaptionSpec spec = caption({named(Color::Yellow, Shape::Star, SizeClass::Small, {}),
                                      named(Color::Purple, Shape::Ring, SizeClass::Small, {})},
                                     Relation::Above, Color::Orange);
    for (uint64_t seed = 0; seed < 10; ++seed) {
        const CheckResult r = checkImage(blemish(drawScene(picture, 64), 8, seed), spec);
        UNCLIP_CHECK_MSG(r.satisfied, "seed " << seed << failures(r));
    }
}
