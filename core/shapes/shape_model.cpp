#include "core/shapes/shape_model.h"

#include <cmath>

#include "core/shapes/geometry.h"

namespace unclip::shapes {

namespace {

constexpr double kDegrees = 180 / M_PI;

// The direction of one corner of the upright shape (y down): the square's lie on the
// diagonals, the triangle's apex and the star's first point straight up.
double uprightCornerDeg(Shape shape) { return shape == Shape::Square ? 45 : -90; }

}  // namespace

int symmetryOrder(Shape shape) {
    switch (shape) {
        case Shape::Triangle:
            return 3;
        case Shape::Square:
            return 4;
        case Shape::Star:
            return 5;
        case Shape::Circle:
        case Shape::Ring:
            return 0;
    }
    return 0;
}

double rotationFromMoment(Shape shape, std::complex<double> moment) {
    const int k = symmetryOrder(shape);
    if (k == 0 || std::abs(moment) == 0) return 0;
    const double turn = std::arg(moment) * kDegrees / k - uprightCornerDeg(shape);
    return std::remainder(turn, 360.0 / k);  // into half a period either way
}

double extentFromArea(Shape shape, double area, double rotationDeg) {
    SceneObject unit;
    unit.shape = shape;
    unit.extent = 1.0;
    unit.rotationDeg = rotationDeg;
    return std::sqrt(area / objectGeometry(unit).area);
}

}  // namespace unclip::shapes
