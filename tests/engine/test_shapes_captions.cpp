// Captions of the shapes world: the words of SHAPES-WORLD.md, varied wordings, and a
// parser that reads every one of them back into the spec it came from.
#include <iostream>
#include <set>

#include "core/shapes/world.h"
#include "harness.h"

using namespace unclip::shapes;

namespace {

ObjectSpec object(Color color, Shape shape, std::optional<SizeClass> size = std::nullopt,
                  std::optional<Position> position = std::nullopt) {
    ObjectSpec o;
    o.color = color;
    o.shape = shape;
    o.size = size;
    o.position = position;
    return o;
}

// SHAPES-WORLD.md's examples and what they name.
std::vector<std::pair<std::string, CaptionSpec>> documentedExamples() {
    std::vector<std::pair<std::string, CaptionSpec>> examples;
    CaptionSpec s;
    s.objects = {object(Color::Red, Shape::Circle)};
    examples.push_back({"a red circle", s});
    s = {};
    s.objects = {object(Color::Blue, Shape::Star, SizeClass::Small)};
    s.background = Color::Yellow;
    examples.push_back({"a small blue star on a yellow background", s});
    s = {};
    s.objects = {object(Color::Green, Shape::Triangle, SizeClass::Large, Position::Left)};
    examples.push_back({"a large green triangle on the left", s});
    s = {};
    s.objects = {object(Color::Purple, Shape::Ring), object(Color::Orange, Shape::Square)};
    s.relation = Relation::Above;
    examples.push_back({"a purple ring above an orange square", s});
    s = {};
    s.objects = {object(Color::White, Shape::Circle), object(Color::Black, Shape::Star)};
    s.relation = Relation::RightOf;
    s.background = Color::Blue;
    examples.push_back({"a white circle to the right of a black star on a blue background", s});
    s = {};
    s.objects = {object(Color::Red, Shape::Circle), object(Color::Blue, Shape::Square)};
    examples.push_back({"a red circle and a blue square", s});
    return examples;
}

}  // namespace

UNCLIP_TEST(documented_examples_parse_and_are_canonical) {
    for (const auto& [text, spec] : documentedExamples()) {
        const auto parsed = parseCaption(text);
        UNCLIP_CHECK_MSG(parsed.has_value(), text);
        UNCLIP_CHECK_MSG(*parsed == spec, text);
        UNCLIP_CHECK_EQ(canonicalCaption(spec), text);
    }
}

UNCLIP_TEST(every_style_reads_back_for_sampled_specs) {
    std::mt19937_64 rng(2024);
    int parsed = 0;
    for (int n = 0; n < 20000; ++n) {
        const CaptionSpec spec = sampleCaptionSpec(rng);
        for (CaptionStyle style : kCaptionStyles) {
            const std::string text = captionText(spec, style);
            const auto back = parseCaption(text);
            UNCLIP_CHECK_MSG(back && *back == spec, "'" << text << "'");
            ++parsed;
        }
        const std::string varied = captionText(spec, rng);
        const auto back = parseCaption(varied);
        UNCLIP_CHECK_MSG(back && *back == spec, "'" << varied << "'");
    }
    std::cout << parsed << " captions parsed back to their specs\n";
}

// Specs the sampler never draws (positions with two objects) still have words.
UNCLIP_TEST(positions_on_two_objects_read_back) {
    CaptionSpec spec;
    spec.objects = {object(Color::Orange, Shape::Ring, SizeClass::Large, Position::Top),
                    object(Color::Orange, Shape::Star, SizeClass::Small, Position::Bottom)};
    spec.relation = Relation::Above;
    spec.background = Color::Black;
    const std::string text = canonicalCaption(spec);
    UNCLIP_CHECK_EQ(text, std::string("a large orange ring at the top above a small orange star at "
                                      "the bottom on a black background"));
    for (CaptionStyle style : kCaptionStyles)
        UNCLIP_CHECK(parseCaption(captionText(spec, style)) == spec);
    spec.relation.reset();
    spec.objects[0].position = Position::Middle;
    spec.objects[1].position = Position::Right;
    UNCLIP_CHECK(parseCaption(canonicalCaption(spec)) == spec);
}

UNCLIP_TEST(wording_is_natural_english) {
    std::mt19937_64 rng(11);
    CaptionSpec spec;
    spec.objects = {object(Color::Orange, Shape::Square)};
    spec.background = Color::White;
    UNCLIP_CHECK_EQ(canonicalCaption(spec), std::string("an orange square on a white background"));
    spec.background = Color::Black;
    spec.objects[0].size = SizeClass::Large;
    UNCLIP_CHECK_EQ(canonicalCaption(spec),
                    std::string("a large orange square on a black background"));
    spec.objects[0].color = Color::Red;
    spec.background = Color::Orange;
    UNCLIP_CHECK_EQ(captionText(spec, CaptionStyle::ImageShowing),
                    std::string("an image showing a large red square on an orange background"));
    // Varied wordings: half plain, the rest behind a prefix, every prefix in use.
    int plain = 0;
    std::set<std::string> prefixes;
    for (int n = 0; n < 2000; ++n) {
        const std::string text = captionText(spec, rng);
        if (text.rfind("a large red square", 0) == 0)
            ++plain;
        else
            prefixes.insert(text.substr(0, text.find(" a large")));
    }
    UNCLIP_CHECK_MSG(plain > 850 && plain < 1150, plain);
    UNCLIP_CHECK_EQ(prefixes.size(), size_t(5));
}

UNCLIP_TEST(parser_is_lenient_about_form) {
    CaptionSpec spec;
    spec.objects = {object(Color::Red, Shape::Circle, SizeClass::Small, Position::Middle)};
    spec.background = Color::Blue;
    for (const char* text :
         {"a small red circle in the middle on a blue background",
          "  A Small RED circle,  in the middle... on a BLUE background!  ",
          "A picture of: a small red circle in the middle, on a blue background.",
          "an image showing a small red circle in the middle on a blue background",
          "Image of small red circle in the middle on blue background",
          "a photo of an small red circle in the middle on an blue background",
          "\ta drawing of a small red circle\nin the middle on a blue background\n"}) {
        const auto parsed = parseCaption(text);
        UNCLIP_CHECK_MSG(parsed && *parsed == spec, "'" << text << "'");
    }
}

UNCLIP_TEST(junk_is_not_a_caption) {
    for (const char* text : {"",
                             "   ",
                             "...",
                             "hello world",
                             "a red",
                             "a circle",
                             "red",
                             "circle red",
                             "a red circle2",
                             "a pink circle",
                             "a red hexagon",
                             "a red circle on the left of a "
                             "blue square",
                             "a red circle and",
                             "a red circle above",
                             "a red circle on a red "
                             "background",
                             "a red circle and a red circle",
                             "a red circle on a blue",
                             "a red "
                             "circle on the left on the right",
                             "a picture of",
                             "a red circle and a blue square "
                             "and a green star",
                             "a red circle on a blue background on a green background",
                             "a red circle on the right to the left of a blue square on the right",
                             "a red circle above a blue star below a green ring",
                             "a small large red circle",
                             "the red circle is nice",
                             "a red circle big",
                             "un cercle rouge",
                             "a r\xc3\xa9"
                             "d circle"}) {
        UNCLIP_CHECK_MSG(!parseCaption(text).has_value(), "'" << text << "' parsed");
    }
}

UNCLIP_TEST(captions_of_impossible_specs_are_errors) {
    CaptionSpec spec;
    spec.objects = {object(Color::Red, Shape::Circle)};
    spec.background = Color::Red;
    UNCLIP_CHECK_THROWS_WITH(canonicalCaption(spec), "background");
    spec.objects.clear();
    std::mt19937_64 rng(1);
    UNCLIP_CHECK_THROWS_WITH(captionText(spec, rng), "one or two objects");
}

UNCLIP_TEST(names_match_the_palette_table) {
    UNCLIP_CHECK_EQ(std::string(colorName(Color::Orange)), "orange");
    UNCLIP_CHECK_EQ(std::string(shapeName(Shape::Ring)), "ring");
    const Rgb purple = paletteColor(Color::Purple);
    UNCLIP_CHECK(purple.r == 140 && purple.g == 60 && purple.b == 190);
    const Rgb white = paletteColor(Color::White);
    UNCLIP_CHECK(white.r == 245 && white.g == 245 && white.b == 245);
    UNCLIP_CHECK_THROWS_WITH(colorName(static_cast<Color>(8)), "unknown colour");
    UNCLIP_CHECK_THROWS_WITH(shapeName(static_cast<Shape>(-1)), "unknown shape");
}
