// checkImage: does a picture show what its caption names (SHAPES-WORLD.md)?
//
// Decisions the world leaves open:
//  - An object the caption does not name fails the caption: the world's captions name
//    every object, so a picture with an extra one shows something else.
//  - Every range is widened by checkTolerance() on each side, for pixel discretisation.
//  - Each named object is given a detected object of its colour and shape, two named
//    objects two different ones. Where that leaves a choice (captions never name two
//    objects alike, but a checker need not rely on it), the one that fails fewest
//    attributes counts.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/shapes/checker.h"

namespace unclip::shapes {

namespace {

std::string fixed(double value) {
    char text[32];
    std::snprintf(text, sizeof(text), "%.2f", value);
    return text;
}

std::string withArticle(const std::string& words) {
    return (std::string("aeiou").find(words[0]) != std::string::npos ? "an " : "a ") + words;
}

std::string named(const ObjectSpec& spec) {
    return std::string(colorName(spec.color)) + " " + shapeName(spec.shape);
}

bool within(double value, double low, double high, double tolerance) {
    return value >= low - tolerance && value <= high + tolerance;
}

std::string range(double low, double high) { return fixed(low) + "-" + fixed(high); }

void checkSize(const ObjectSpec& spec, const DetectedObject& found, double tolerance,
               std::vector<std::string>& failures) {
    if (!spec.size) return;
    const bool small = *spec.size == SizeClass::Small;
    const double low = small ? WorldRanges::kSmallMin : WorldRanges::kLargeMin;
    const double high = small ? WorldRanges::kSmallMax : WorldRanges::kLargeMax;
    if (within(found.extent, low, high, tolerance)) return;
    failures.push_back("the " + named(spec) + " is not " + sizeWord(*spec.size) +
                       ": its extent is " + fixed(found.extent) + " of the side (" +
                       sizeWord(*spec.size) + ": " + range(low, high) + ")");
}

void checkPosition(const ObjectSpec& spec, const DetectedObject& found, double tolerance,
                   std::vector<std::string>& failures) {
    if (!spec.position) return;
    using R = WorldRanges;
    bool holds = false;
    std::string wanted;
    switch (*spec.position) {
        case Position::Left:
            holds = within(found.cx, R::kSideMin, R::kSideMax, tolerance);
            wanted = "x " + range(R::kSideMin, R::kSideMax);
            break;
        case Position::Right:
            holds = within(found.cx, R::kFarMin, R::kFarMax, tolerance);
            wanted = "x " + range(R::kFarMin, R::kFarMax);
            break;
        case Position::Top:
            holds = within(found.cy, R::kSideMin, R::kSideMax, tolerance);
            wanted = "y " + range(R::kSideMin, R::kSideMax);
            break;
        case Position::Bottom:
            holds = within(found.cy, R::kFarMin, R::kFarMax, tolerance);
            wanted = "y " + range(R::kFarMin, R::kFarMax);
            break;
        case Position::Middle:
            holds = within(found.cx, R::kMiddleMin, R::kMiddleMax, tolerance) &&
                    within(found.cy, R::kMiddleMin, R::kMiddleMax, tolerance);
            wanted = "x and y " + range(R::kMiddleMin, R::kMiddleMax);
            break;
    }
    if (holds) return;
    failures.push_back("the " + named(spec) + " is not " + positionWords(*spec.position) +
                       ": its centre is at x " + fixed(found.cx) + ", y " + fixed(found.cy) +
                       " (wanted " + wanted + ")");
}

void checkRelation(const CaptionSpec& spec, const DetectedObject& first,
                   const DetectedObject& second, double tolerance,
                   std::vector<std::string>& failures) {
    // How much further the first object's centre is in the named direction (y grows down).
    double gap = 0;
    switch (*spec.relation) {
        case Relation::LeftOf:
            gap = second.cx - first.cx;
            break;
        case Relation::RightOf:
            gap = first.cx - second.cx;
            break;
        case Relation::Above:
            gap = second.cy - first.cy;
            break;
        case Relation::Below:
            gap = first.cy - second.cy;
            break;
    }
    if (gap >= WorldRanges::kRelationGap - tolerance) return;
    failures.push_back("the " + named(spec.objects[0]) + " is not " +
                       relationWords(*spec.relation) + " the " + named(spec.objects[1]) +
                       ": its centre is " + fixed(gap) + " further that way, at least " +
                       fixed(WorldRanges::kRelationGap) + " wanted");
}

std::string listObjects(const std::vector<DetectedObject>& objects) {
    if (objects.empty()) return "nothing";
    std::string list;
    for (size_t i = 0; i < objects.size(); ++i)
        list += (i == 0 ? "" : i + 1 == objects.size() ? " and " : ", ") + describe(objects[i]);
    return list;
}

bool matches(const ObjectSpec& spec, const DetectedObject& found) {
    return found.color == spec.color && found.shape == spec.shape;
}

// Which detected object stands for each named one (-1: none), and what then fails.
struct Reading {
    std::vector<int> chosen;
    std::vector<std::string> failures;
};

Reading readAs(const CaptionSpec& spec, const std::vector<DetectedObject>& found,
               const std::vector<int>& chosen, double tolerance) {
    Reading reading{chosen, {}};
    auto& failures = reading.failures;
    for (size_t i = 0; i < spec.objects.size(); ++i) {
        const ObjectSpec& wanted = spec.objects[i];
        if (chosen[i] < 0) {
            const bool another =
                i == 1 && chosen[0] >= 0 && matches(wanted, found[size_t(chosen[0])]);
            failures.push_back(std::string(another ? "no second " : "no ") + named(wanted) +
                               " found; the picture shows " + listObjects(found));
            continue;
        }
        checkSize(wanted, found[size_t(chosen[i])], tolerance, failures);
        checkPosition(wanted, found[size_t(chosen[i])], tolerance, failures);
    }
    if (spec.relation && chosen[0] >= 0 && chosen[1] >= 0)
        checkRelation(spec, found[size_t(chosen[0])], found[size_t(chosen[1])], tolerance,
                      failures);
    if (found.size() > spec.objects.size()) {
        std::vector<DetectedObject> extra;
        for (size_t k = 0; k < found.size(); ++k)
            if (std::find(chosen.begin(), chosen.end(), int(k)) == chosen.end())
                extra.push_back(found[k]);
        failures.push_back("the picture shows " + std::to_string(found.size()) +
                           " objects, the caption names " + std::to_string(spec.objects.size()) +
                           ": it also shows " + listObjects(extra));
    }
    return reading;
}

// Tries every way of giving each named object a distinct matching detected object (a
// named object left without one fails); keeps the reading that finds most named objects,
// then fails fewest attributes, then names them in order.
Reading bestReading(const CaptionSpec& spec, const std::vector<DetectedObject>& found,
                    double tolerance) {
    std::vector<std::vector<int>> options(spec.objects.size());
    for (size_t i = 0; i < spec.objects.size(); ++i) {
        for (size_t k = 0; k < found.size(); ++k)
            if (matches(spec.objects[i], found[k])) options[i].push_back(int(k));
        options[i].push_back(-1);
    }
    auto missing = [](const Reading& r) {
        return std::count(r.chosen.begin(), r.chosen.end(), -1);
    };
    std::optional<Reading> best;
    auto consider = [&](const std::vector<int>& chosen) {
        Reading reading = readAs(spec, found, chosen, tolerance);
        const bool better =
            !best || missing(reading) < missing(*best) ||
            (missing(reading) == missing(*best) && reading.failures.size() < best->failures.size());
        if (better) best = std::move(reading);
    };
    for (int first : options[0]) {
        if (spec.objects.size() == 1) {
            consider({first});
            continue;
        }
        for (int second : options[1])
            if (second < 0 || second != first) consider({first, second});
    }
    return *best;
}

void validate(const CaptionSpec& spec) {
    if (spec.objects.empty() || spec.objects.size() > 2)
        throw Error("checkImage: a caption names one or two objects, this one names " +
                    std::to_string(spec.objects.size()));
    if (spec.relation && spec.objects.size() != 2)
        throw Error("checkImage: a relation needs two objects, the caption names one");
}

}  // namespace

double checkTolerance(int64_t side) { return std::max(0.02, 1.0 / double(side)); }

std::string describe(const DetectedObject& object) {
    const std::string color = colorName(object.color);
    return object.shape ? withArticle(color + " " + shapeName(*object.shape))
                        : withArticle(color + " object of no clear shape");
}

CheckResult checkImage(const torch::Tensor& imageHWC, const CaptionSpec& spec) {
    validate(spec);  // before the work of measuring
    return checkMeasurement(measureImage(imageHWC), spec);
}

CheckResult checkMeasurement(const Measurement& measurement, const CaptionSpec& spec) {
    validate(spec);
    CheckResult result;
    result.background = measurement.background;
    for (const MeasuredObject& m : measurement.objects) result.objects.push_back(m.object);

    if (!measurement.background) {
        result.failures.push_back("no background: the picture's border is no palette colour");
    } else if (spec.background && *spec.background != *measurement.background) {
        result.failures.push_back(std::string("the background is ") +
                                  colorName(*measurement.background) + ", not " +
                                  colorName(*spec.background));
    }
    const Reading reading = bestReading(spec, result.objects, checkTolerance(measurement.side));
    result.failures.insert(result.failures.end(), reading.failures.begin(), reading.failures.end());
    result.satisfied = result.failures.empty();
    return result;
}

}  // namespace unclip::shapes
