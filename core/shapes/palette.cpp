// The palette and the names of colours and shapes, exactly as SHAPES-WORLD.md gives them.
#include <string>

#include "core/common/error.h"
#include "core/shapes/scene.h"

namespace unclip::shapes {
namespace {

[[noreturn]] void unknown(const char* what, int value) {
    throw Error(std::string("shapes: unknown ") + what + " value " + std::to_string(value));
}

}  // namespace

Rgb paletteColor(Color color) {
    switch (color) {
        case Color::Red:
            return {220, 40, 40};
        case Color::Orange:
            return {245, 140, 30};
        case Color::Yellow:
            return {240, 210, 40};
        case Color::Green:
            return {40, 160, 70};
        case Color::Blue:
            return {40, 90, 220};
        case Color::Purple:
            return {140, 60, 190};
        case Color::White:
            return {245, 245, 245};
        case Color::Black:
            return {20, 20, 20};
    }
    unknown("colour", static_cast<int>(color));
}

const char* colorName(Color color) {
    switch (color) {
        case Color::Red:
            return "red";
        case Color::Orange:
            return "orange";
        case Color::Yellow:
            return "yellow";
        case Color::Green:
            return "green";
        case Color::Blue:
            return "blue";
        case Color::Purple:
            return "purple";
        case Color::White:
            return "white";
        case Color::Black:
            return "black";
    }
    unknown("colour", static_cast<int>(color));
}

const char* shapeName(Shape shape) {
    switch (shape) {
        case Shape::Circle:
            return "circle";
        case Shape::Square:
            return "square";
        case Shape::Triangle:
            return "triangle";
        case Shape::Star:
            return "star";
        case Shape::Ring:
            return "ring";
    }
    unknown("shape", static_cast<int>(shape));
}

const char* sizeWord(SizeClass size) { return size == SizeClass::Small ? "small" : "large"; }

const char* positionWords(Position position) {
    switch (position) {
        case Position::Left:
            return "on the left";
        case Position::Right:
            return "on the right";
        case Position::Top:
            return "at the top";
        case Position::Bottom:
            return "at the bottom";
        case Position::Middle:
            return "in the middle";
    }
    return "";
}

const char* relationWords(Relation relation) {
    switch (relation) {
        case Relation::LeftOf:
            return "to the left of";
        case Relation::RightOf:
            return "to the right of";
        case Relation::Above:
            return "above";
        case Relation::Below:
            return "below";
    }
    return "";
}

Relation opposite(Relation relation) {
    switch (relation) {
        case Relation::LeftOf:
            return Relation::RightOf;
        case Relation::RightOf:
            return Relation::LeftOf;
        case Relation::Above:
            return Relation::Below;
        case Relation::Below:
            return Relation::Above;
    }
    return relation;
}

}  // namespace unclip::shapes
