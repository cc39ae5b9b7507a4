// validateSpec: what makes a caption spec impossible before any geometry is tried.
#include <string>

#include "core/common/error.h"
#include "core/shapes/position_bands.h"
#include "core/shapes/world.h"

namespace unclip::shapes {
namespace {

template <typename Enum>
void checkEnum(Enum value, std::size_t count, const char* what) {
    if (static_cast<unsigned>(value) >= count)
        throw Error(std::string("shapes: unknown ") + what + " value " +
                    std::to_string(static_cast<int>(value)));
}

}  // namespace

void validateSpec(const CaptionSpec& spec) {
    const auto& objects = spec.objects;
    if (objects.empty() || objects.size() > 2)
        throw Error("shapes: a caption names one or two objects, this spec has " +
                    std::to_string(objects.size()));
    for (const ObjectSpec& o : objects) {
        checkEnum(o.color, kColors.size(), "colour");
        checkEnum(o.shape, kShapes.size(), "shape");
        if (o.size) checkEnum(*o.size, 2, "size");
        if (o.position) checkEnum(*o.position, 5, "position");
        if (spec.background && o.color == *spec.background)
            throw Error(std::string("shapes: the ") + colorName(o.color) + " " +
                        shapeName(o.shape) + " would vanish on a " + colorName(o.color) +
                        " background; an object's colour must differ from the background's");
    }
    if (spec.background) checkEnum(*spec.background, kColors.size(), "background colour");
    if (spec.relation) {
        checkEnum(*spec.relation, 4, "relation");
        if (objects.size() != 2)
            throw Error("shapes: a relation (above, to the left of, ...) needs two objects");
    }
    if (objects.size() == 2 && objects[0].color == objects[1].color &&
        objects[0].shape == objects[1].shape)
        throw Error(std::string("shapes: two ") + colorName(objects[0].color) + " " +
                    shapeName(objects[0].shape) +
                    "s cannot be told apart; two objects may share a colour or a shape, "
                    "not both");

    // A relation asks for a gap between the centres; named positions may leave none.
    if (spec.relation) {
        const ObjectSpec& a = objects[0];
        const ObjectSpec& b = objects[1];
        const double gap = WorldRanges::kRelationGap;
        bool room = true;
        switch (*spec.relation) {
            case Relation::LeftOf:
                room = detail::xBand(a.position).lo + gap < detail::xBand(b.position).hi;
                break;
            case Relation::RightOf:
                room = detail::xBand(b.position).lo + gap < detail::xBand(a.position).hi;
                break;
            case Relation::Above:
                room = detail::yBand(a.position).lo + gap < detail::yBand(b.position).hi;
                break;
            case Relation::Below:
                room = detail::yBand(b.position).lo + gap < detail::yBand(a.position).hi;
                break;
        }
        if (!room)
            throw Error(
                "shapes: the named positions contradict the named relation (its centres must "
                "be at least 0.2 of the canvas apart in that direction)");
    }
}

}  // namespace unclip::shapes
