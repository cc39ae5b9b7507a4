// Where a named position puts an object's centre, axis by axis (internal).
#pragma once

#include <optional>

#include "core/shapes/scene.h"

namespace unclip::shapes::detail {

struct Band {
    double lo = 0.0, hi = 1.0;
};

// The range of the centre's x that position asks for; the whole canvas when it says
// nothing about x ("at the top", or no position).
inline Band xBand(std::optional<Position> position) {
    if (!position) return {};
    switch (*position) {
        case Position::Left:
            return {WorldRanges::kSideMin, WorldRanges::kSideMax};
        case Position::Right:
            return {WorldRanges::kFarMin, WorldRanges::kFarMax};
        case Position::Middle:
            return {WorldRanges::kMiddleMin, WorldRanges::kMiddleMax};
        case Position::Top:
        case Position::Bottom:
            break;
    }
    return {};
}

inline Band yBand(std::optional<Position> position) {
    if (!position) return {};
    switch (*position) {
        case Position::Top:
            return {WorldRanges::kSideMin, WorldRanges::kSideMax};
        case Position::Bottom:
            return {WorldRanges::kFarMin, WorldRanges::kFarMax};
        case Position::Middle:
            return {WorldRanges::kMiddleMin, WorldRanges::kMiddleMax};
        case Position::Left:
        case Position::Right:
            break;
    }
    return {};
}

}  // namespace unclip::shapes::detail
