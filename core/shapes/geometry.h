// The exact outline of a scene object, shared by the sampler (placement), the renderer
// (coverage) and tests (what a picture should measure):
//
//   ObjectGeometry g = objectGeometry(object);
//   double w = g.maxX - g.minX;                 // <= object.extent, equal on the wider axis
//   double d = signedDistance(g, x, y);         // < 0 inside, canvas units
//
// Coordinates are fractions of the canvas side, y grows downwards. A positive rotation
// turns the shape clockwise as seen on screen. (cx, cy) is the shape's centroid, which
// for these regular shapes is also the centre of its circumscribed circle; for triangles
// and stars it is not the centre of the bounding box (boxCentreX/Y).
#pragma once

#include <vector>

#include "core/shapes/scene.h"

namespace unclip::shapes {

struct Point {
    double x, y;
};

struct ObjectGeometry {
    Shape shape = Shape::Circle;
    double cx = 0.5, cy = 0.5;
    double radius = 0.0;         // circumradius: a circle's or ring's outer radius, else the
                                 // distance from the centre to the farthest corner
    double holeRadius = 0.0;     // rings: kRingHoleRatio * radius; 0 for other shapes
    std::vector<Point> outline;  // squares, triangles, stars: corners in drawing order;
                                 // empty for circles and rings
    double minX = 0, minY = 0, maxX = 0, maxY = 0;  // axis-aligned bounding box, rotation included
    double area = 0.0;  // analytic area, fraction of the canvas (a ring without its hole)

    double boxCentreX() const { return 0.5 * (minX + maxX); }
    double boxCentreY() const { return 0.5 * (minY + maxY); }
};

// Sizes the shape so that the larger side of its rotated bounding box equals
// object.extent. Throws unclip::Error for a non-finite or non-positive extent.
ObjectGeometry objectGeometry(const SceneObject& object);

// Signed Euclidean distance from (x, y) to the shape's boundary: negative inside, positive
// outside (for a ring, inside its hole too).
double signedDistance(const ObjectGeometry& geometry, double x, double y);

}  // namespace unclip::shapes
