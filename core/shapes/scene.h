// The shapes world (shared/reference/SHAPES-WORLD.md): the domain of the built-in model.
// A scene is one or two flat-coloured shapes on a flat background; a caption names some of
// its attributes. This header is the vocabulary every part shares: the sampler draws
// scenes and captions for training, the renderer draws scenes, the parser reads captions
// back into what they ask for, and the checker tests a picture against that.
//
// All positions and sizes are fractions of the canvas side; y grows downwards.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace unclip::shapes {

enum class Color { Red, Orange, Yellow, Green, Blue, Purple, White, Black };
enum class Shape { Circle, Square, Triangle, Star, Ring };
enum class SizeClass { Small, Large };
enum class Position { Left, Right, Top, Bottom, Middle };
// The first object's relation to the second.
enum class Relation { LeftOf, RightOf, Above, Below };

constexpr std::array<Color, 8> kColors = {Color::Red,  Color::Orange, Color::Yellow, Color::Green,
                                          Color::Blue, Color::Purple, Color::White,  Color::Black};
constexpr std::array<Shape, 5> kShapes = {Shape::Circle, Shape::Square, Shape::Triangle,
                                          Shape::Star, Shape::Ring};
constexpr std::array<SizeClass, 2> kSizes = {SizeClass::Small, SizeClass::Large};
constexpr std::array<Position, 5> kPositions = {Position::Left, Position::Right, Position::Top,
                                                Position::Bottom, Position::Middle};
constexpr std::array<Relation, 4> kRelations = {Relation::LeftOf, Relation::RightOf,
                                                Relation::Above, Relation::Below};

struct Rgb {
    uint8_t r, g, b;
};

// The palette, sRGB, exactly as SHAPES-WORLD.md gives it.
Rgb paletteColor(Color color);
const char* colorName(Color color);  // "red"
const char* shapeName(Shape shape);  // "circle"
// The world's words for the other attributes, shared by captions and the checker.
const char* sizeWord(SizeClass size);          // "small"
const char* positionWords(Position position);  // "on the left"
const char* relationWords(Relation relation);  // "to the left of"
// The relation with the objects' roles exchanged: "left of" for "right of", "above" for "below".
Relation opposite(Relation relation);

// One drawn object.
struct SceneObject {
    Shape shape = Shape::Circle;
    Color color = Color::Red;
    double cx = 0.5, cy = 0.5;  // centre
    double extent = 0.3;        // largest side of the drawn shape's axis-aligned bounding box
                                // (rotation included), which is what the checker measures
    double rotationDeg = 0.0;   // squares, triangles and stars: within +-15
};

struct Scene {
    Color background = Color::White;
    std::vector<SceneObject> objects;  // one or two, never overlapping, wholly inside
};

// What a caption asks for: every attribute it names. Colour and shape are always named.
struct ObjectSpec {
    Color color = Color::Red;
    Shape shape = Shape::Circle;
    std::optional<SizeClass> size;
    std::optional<Position> position;
};

struct CaptionSpec {
    std::vector<ObjectSpec> objects;   // one or two
    std::optional<Relation> relation;  // only with two objects
    std::optional<Color> background;
};

// Field-by-field equality, so a parsed caption can be compared with the spec it came from
// and a re-sampled scene with the first.
inline bool operator==(const ObjectSpec& a, const ObjectSpec& b) {
    return a.color == b.color && a.shape == b.shape && a.size == b.size && a.position == b.position;
}
inline bool operator!=(const ObjectSpec& a, const ObjectSpec& b) { return !(a == b); }
inline bool operator==(const CaptionSpec& a, const CaptionSpec& b) {
    return a.objects == b.objects && a.relation == b.relation && a.background == b.background;
}
inline bool operator!=(const CaptionSpec& a, const CaptionSpec& b) { return !(a == b); }
inline bool operator==(const SceneObject& a, const SceneObject& b) {
    return a.shape == b.shape && a.color == b.color && a.cx == b.cx && a.cy == b.cy &&
           a.extent == b.extent && a.rotationDeg == b.rotationDeg;
}
inline bool operator!=(const SceneObject& a, const SceneObject& b) { return !(a == b); }
inline bool operator==(const Scene& a, const Scene& b) {
    return a.background == b.background && a.objects == b.objects;
}
inline bool operator!=(const Scene& a, const Scene& b) { return !(a == b); }

// Ranges from SHAPES-WORLD.md, so every part uses the same numbers.
struct WorldRanges {
    static constexpr double kSmallMin = 0.18, kSmallMax = 0.26;
    static constexpr double kLargeMin = 0.38, kLargeMax = 0.50;
    static constexpr double kSideMin = 0.15, kSideMax = 0.35;      // left / top band
    static constexpr double kFarMin = 0.65, kFarMax = 0.85;        // right / bottom band
    static constexpr double kMiddleMin = 0.40, kMiddleMax = 0.60;  // middle: both axes
    static constexpr double kRelationGap = 0.20;                   // centre offset for relations
    static constexpr double kMaxRotationDeg = 15.0;
    static constexpr double kStarInnerRatio = 0.45;
    static constexpr double kRingHoleRatio = 0.55;
};

}  // namespace unclip::shapes
