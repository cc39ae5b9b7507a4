#include "core/shapes/outline.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace unclip::shapes {

namespace {

double cross(const Point& o, const Point& a, const Point& b) {
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

}  // namespace

std::vector<Point> edgePoints(const Grid<float>& coverage, double level) {
    std::vector<Point> points;
    auto crossing = [&](int x0, int y0, int x1, int y1) {
        const double a = coverage.at(x0, y0), b = coverage.at(x1, y1);
        if ((a >= level) == (b >= level)) return;
        const double t = (level - a) / (b - a);
        points.push_back({x0 + 0.5 + t * (x1 - x0), y0 + 0.5 + t * (y1 - y0)});
    };
    for (int y = 0; y < coverage.height; ++y) {
        for (int x = 0; x < coverage.width; ++x) {
            if (x + 1 < coverage.width) crossing(x, y, x + 1, y);
            if (y + 1 < coverage.height) crossing(x, y, x, y + 1);
        }
    }
    return points;
}

std::vector<Point> convexHull(std::vector<Point> points) {
    // Andrew's monotone chain.
    std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
        return a.x < b.x || (a.x == b.x && a.y < b.y);
    });
    if (points.size() < 3) return points;
    std::vector<Point> hull(2 * points.size());
    size_t k = 0;
    for (const Point& p : points) {
        while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 0) --k;
        hull[k++] = p;
    }
    for (size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
        while (k >= lower && cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
        hull[k++] = points[i];
    }
    hull.resize(k - 1);  // the last point repeats the first
    return hull;
}

double polygonArea(const std::vector<Point>& polygon) {
    double twice = 0;
    for (size_t i = 0; i < polygon.size(); ++i) {
        const Point& a = polygon[i];
        const Point& b = polygon[(i + 1) % polygon.size()];
        twice += a.x * b.y - a.y * b.x;
    }
    return std::abs(twice) / 2;
}

double polygonPerimeter(const std::vector<Point>& polygon) {
    if (polygon.size() < 2) return 0;
    double length = 0;
    for (size_t i = 0; i < polygon.size(); ++i) {
        const Point& a = polygon[i];
        const Point& b = polygon[(i + 1) % polygon.size()];
        length += std::hypot(b.x - a.x, b.y - a.y);
    }
    return length;
}

double minimumRectangleArea(const std::vector<Point>& hull) {
    if (hull.size() < 3) return 0;
    double best = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < hull.size(); ++i) {
        const Point& a = hull[i];
        const Point& b = hull[(i + 1) % hull.size()];
        const double length = std::hypot(b.x - a.x, b.y - a.y);
        if (length == 0) continue;
        const double ux = (b.x - a.x) / length, uy = (b.y - a.y) / length;
        double minU = 0, maxU = 0, minV = 0, maxV = 0;
        for (const Point& p : hull) {
            const double u = (p.x - a.x) * ux + (p.y - a.y) * uy;
            const double v = -(p.x - a.x) * uy + (p.y - a.y) * ux;
            minU = std::min(minU, u), maxU = std::max(maxU, u);
            minV = std::min(minV, v), maxV = std::max(maxV, v);
        }
        best = std::min(best, (maxU - minU) * (maxV - minV));
    }
    return best;
}

}  // namespace unclip::shapes
