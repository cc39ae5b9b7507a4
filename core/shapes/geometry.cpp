#include "core/shapes/geometry.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/common/error.h"

namespace unclip::shapes {
namespace {

constexpr double kPi = 3.14159265358979323846;

double radians(double degrees) { return degrees * kPi / 180.0; }

// Corners at circumradius 1 about the origin, before rotation. Screen y grows downwards,
// so "apex up" is the angle -90 degrees.
std::vector<Point> unitOutline(Shape shape) {
    std::vector<Point> corners;
    auto at = [&](double degrees, double r) {
        corners.push_back({r * std::cos(radians(degrees)), r * std::sin(radians(degrees))});
    };
    switch (shape) {
        case Shape::Square:
            for (int k = 0; k < 4; ++k) at(-135.0 + 90.0 * k, 1.0);
            break;
        case Shape::Triangle:
            for (int k = 0; k < 3; ++k) at(-90.0 + 120.0 * k, 1.0);
            break;
        case Shape::Star:
            // Outer points and inner corners alternate, 36 degrees apart.
            for (int k = 0; k < 10; ++k)
                at(-90.0 + 36.0 * k, k % 2 == 0 ? 1.0 : WorldRanges::kStarInnerRatio);
            break;
        case Shape::Circle:
        case Shape::Ring:
            break;
    }
    return corners;
}

// Areas in units of the circumradius squared, from the closed forms rather than the
// polygon, so that tests comparing them with pixels check the outline as well.
double unitArea(Shape shape) {
    switch (shape) {
        case Shape::Circle:
            return kPi;
        case Shape::Ring:
            return kPi * (1.0 - WorldRanges::kRingHoleRatio * WorldRanges::kRingHoleRatio);
        case Shape::Square:
            return 2.0;  // side sqrt(2)
        case Shape::Triangle:
            return 3.0 * std::sqrt(3.0) / 4.0;
        case Shape::Star:
            // Ten triangles centre-point-inner corner, each with a 36-degree angle at the centre.
            return 5.0 * WorldRanges::kStarInnerRatio * std::sin(radians(36.0));
    }
    return 0.0;
}

// Inigo Quilez's signed distance to a simple polygon (exact, convex or not): the nearest
// edge gives the distance, a crossing count gives the sign.
double polygonDistance(const std::vector<Point>& v, double px, double py) {
    double best = (px - v[0].x) * (px - v[0].x) + (py - v[0].y) * (py - v[0].y);
    double sign = 1.0;
    for (size_t i = 0, j = v.size() - 1; i < v.size(); j = i, ++i) {
        const double ex = v[j].x - v[i].x, ey = v[j].y - v[i].y;
        const double wx = px - v[i].x, wy = py - v[i].y;
        const double t = std::clamp((wx * ex + wy * ey) / (ex * ex + ey * ey), 0.0, 1.0);
        const double bx = wx - ex * t, by = wy - ey * t;
        best = std::min(best, bx * bx + by * by);
        const bool c1 = py >= v[i].y, c2 = py<v[j].y, c3 = ex * wy> ey * wx;
        if ((c1 && c2 && c3) || (!c1 && !c2 && !c3)) sign = -sign;
    }
    return sign * std::sqrt(best);
}

}  // namespace

ObjectGeometry objectGeometry(const SceneObject& object) {
    if (!std::isfinite(object.extent) || object.extent <= 0.0)
        throw Error("shapes: an object's extent must be a positive number, got " +
                    std::to_string(object.extent));
    if (!std::isfinite(object.cx) || !std::isfinite(object.cy) ||
        !std::isfinite(object.rotationDeg))
        throw Error("shapes: an object's centre and rotation must be finite numbers");

    if (static_cast<unsigned>(object.shape) >= kShapes.size())
        throw Error("shapes: unknown shape value " +
                    std::to_string(static_cast<int>(object.shape)));

    ObjectGeometry g;
    g.shape = object.shape;
    g.cx = object.cx;
    g.cy = object.cy;
    if (object.shape == Shape::Circle || object.shape == Shape::Ring) {
        g.radius = 0.5 * object.extent;
        if (object.shape == Shape::Ring) g.holeRadius = WorldRanges::kRingHoleRatio * g.radius;
        g.minX = g.cx - g.radius;
        g.maxX = g.cx + g.radius;
        g.minY = g.cy - g.radius;
        g.maxY = g.cy + g.radius;
        g.area = unitArea(object.shape) * g.radius * g.radius;
        return g;
    }

    // Rotate the unit outline, then scale it so that its wider bounding-box side is the
    // extent: the box of a rotated shape is what the checker measures.
    const double c = std::cos(radians(object.rotationDeg));
    const double s = std::sin(radians(object.rotationDeg));
    std::vector<Point> rotated = unitOutline(object.shape);
    double minX = 1e9, maxX = -1e9, minY = 1e9, maxY = -1e9;
    for (Point& p : rotated) {
        p = {p.x * c - p.y * s, p.x * s + p.y * c};
        minX = std::min(minX, p.x);
        maxX = std::max(maxX, p.x);
        minY = std::min(minY, p.y);
        maxY = std::max(maxY, p.y);
    }
    g.radius = object.extent / std::max(maxX - minX, maxY - minY);
    g.outline.reserve(rotated.size());
    for (const Point& p : rotated)
        g.outline.push_back({g.cx + g.radius * p.x, g.cy + g.radius * p.y});
    g.minX = g.cx + g.radius * minX;
    g.maxX = g.cx + g.radius * maxX;
    g.minY = g.cy + g.radius * minY;
    g.maxY = g.cy + g.radius * maxY;
    g.area = unitArea(object.shape) * g.radius * g.radius;
    return g;
}

double signedDistance(const ObjectGeometry& g, double x, double y) {
    const double r = std::hypot(x - g.cx, y - g.cy);
    switch (g.shape) {
        case Shape::Circle:
            return r - g.radius;
        case Shape::Ring: {
            // An annulus is a circle of the mid radius thickened by half the band's width.
            const double mid = 0.5 * (g.radius + g.holeRadius);
            return std::abs(r - mid) - 0.5 * (g.radius - g.holeRadius);
        }
        case Shape::Square:
        case Shape::Triangle:
        case Shape::Star:
            return polygonDistance(g.outline, x, y);
    }
    return r;
}

}  // namespace unclip::shapes
