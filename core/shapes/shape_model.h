// The world's shapes as the checker needs them: which way a measured object is turned,
// and how large a clean instance of a shape with a given area is (geometry.h draws them).
// The checker uses this where its outline falls short of the extent (checker_measure.cpp).
#pragma once

#include <complex>

#include "core/shapes/scene.h"

namespace unclip::shapes {

// The k of a shape's k-fold symmetry: triangle 3, square 4, star 5; 0 for circle and ring.
int symmetryOrder(Shape shape);

// How far an object is turned from its upright pose (positive: clockwise on screen, as
// SceneObject::rotationDeg), from its k-th complex moment about its centroid (k =
// symmetryOrder): that moment points k times the direction of a corner. Within half a
// symmetry period either way; 0 for circles and rings.
double rotationFromMoment(Shape shape, std::complex<double> moment);

// The extent (largest bounding-box side) of a clean instance of shape, turned by
// rotationDeg, whose area is `area` (any unit; the extent is in its square root).
double extentFromArea(Shape shape, double area, double rotationDeg);

}  // namespace unclip::shapes
