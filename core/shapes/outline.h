// The geometry behind the checker's shape decision (checker.h): where an object's
// anti-aliased edge lies with sub-pixel accuracy, and the convex hull and smallest
// enclosing rectangle of that edge.
//
//   auto edge = edgePoints(coverage, 0.5);     // where coverage crosses one half
//   auto hull = convexHull(edge);
//   double fill = area / minimumRectangleArea(hull);
#pragma once

#include <vector>

#include "core/shapes/components.h"
#include "core/shapes/geometry.h"  // Point

namespace unclip::shapes {

// Points where `coverage` (cell centres at x + 0.5, y + 0.5) crosses `level`, linearly
// interpolated between 4-adjacent cells. For a box-filtered (anti-aliased) straight
// edge, the 0.5 crossing is exactly the edge, so outlines keep sub-pixel accuracy even
// for a 12-pixel star.
std::vector<Point> edgePoints(const Grid<float>& coverage, double level);

// The hull's corners in order around it, without repeated or collinear points; fewer
// than 3 when the points have no area.
std::vector<Point> convexHull(std::vector<Point> points);

double polygonArea(const std::vector<Point>& polygon);
double polygonPerimeter(const std::vector<Point>& polygon);

// The smallest rectangle, at any angle, around a convex polygon; one of its sides lies
// along an edge of the polygon, so trying each edge finds it.
double minimumRectangleArea(const std::vector<Point>& hull);

}  // namespace unclip::shapes
