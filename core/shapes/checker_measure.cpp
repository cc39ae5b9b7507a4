// measureImage: from pixels to background and objects (the steps checker.h lists).
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>

#include "core/shapes/checker.h"
#include "core/shapes/checker_pixels.h"
#include "core/shapes/components.h"
#include "core/shapes/outline.h"
#include "core/shapes/shape_model.h"

namespace unclip::shapes {

namespace {

// Anti-aliasing and a slight blur reach this many pixels beyond the half-coverage edge.
constexpr int kRimPixels = 2;

// One object's coverage (its region and rim) in a box of its own, padded by one pixel.
struct CoverageBox {
    int x0 = 0, y0 = 0;          // canvas position of the box's cell (0, 0)
    Grid<float> coverage;        // clamped to [0, 1]; 0 outside the object
    Grid<float> signedCoverage;  // unclamped: noise averages out in area and centroid
};

CoverageBox coverageOf(const Picture& picture, const Background& background,
                       const Grid<int>& labels, int label, size_t color) {
    int minX = picture.side, minY = picture.side, maxX = -1, maxY = -1;
    for (int y = 0; y < picture.side; ++y)
        for (int x = 0; x < picture.side; ++x)
            if (labels.at(x, y) == label)
                minX = std::min(minX, x), maxX = std::max(maxX, x), minY = std::min(minY, y),
                maxY = std::max(maxY, y);
    CoverageBox box;
    box.x0 = minX - 1, box.y0 = minY - 1;
    const int w = maxX - minX + 3, h = maxY - minY + 3;
    box.coverage = Grid<float>(w, h, 0.f);
    box.signedCoverage = Grid<float>(w, h, 0.f);
    for (int y = 1; y < h - 1; ++y) {
        for (int x = 1; x < w - 1; ++x) {
            if (labels.at(box.x0 + x, box.y0 + y) != label) continue;
            const Rgbf pixel = picture.pixels.at(box.x0 + x, box.y0 + y);
            // Clamped loosely: a wild pixel must not move the centroid far.
            const float c = std::clamp(coverageBy(pixel, background, color), -0.5f, 1.5f);
            box.signedCoverage.at(x, y) = c;
            box.coverage.at(x, y) = std::clamp(c, 0.f, 1.f);
        }
    }
    return box;
}

// The k-th complex moments of the coverage about (cx, cy), box coordinates, k = 0..5.
struct Moments {
    std::array<std::complex<double>, 6> value{};
    std::array<double, 6> norm{};  // the same with |z|^k: a k-fold symmetric shape's bound
    double symmetry(size_t k) const { return norm[k] > 0 ? std::abs(value[k]) / norm[k] : 0.0; }
};

Moments momentsOf(const Grid<float>& coverage, double cx, double cy) {
    Moments m;
    for (int y = 0; y < coverage.height; ++y) {
        for (int x = 0; x < coverage.width; ++x) {
            const double c = coverage.at(x, y);
            if (c == 0) continue;
            const std::complex<double> z(x + 0.5 - cx, y + 0.5 - cy);
            const double radius = std::sqrt(std::norm(z));  // std::abs calls the slow hypot
            std::complex<double> power = 1;
            double radiusPower = 1;
            for (size_t k = 0; k < m.value.size(); ++k, power *= z, radiusPower *= radius) {
                m.value[k] += c * power;
                m.norm[k] += c * radiusPower;
            }
        }
    }
    return m;
}

// The holes inside the half-covered outline and the coverage with them filled. A hole's
// area counts the uncovered part of its own pixels and of the object pixels around it.
struct Holes {
    double area = 0;
    Grid<float> filledCoverage;
};

Holes holesOf(const Grid<float>& coverage) {
    Grid<uint8_t> inside(coverage.width, coverage.height, 0);
    for (size_t i = 0; i < inside.cells.size(); ++i) inside.cells[i] = coverage.cells[i] >= 0.5f;
    const Grid<uint8_t> enclosed = enclosedCells(inside);
    auto enclosedAt = [&](int x, int y) { return enclosed.inside(x, y) && enclosed.at(x, y); };
    Holes holes{0, coverage};
    for (int y = 0; y < coverage.height; ++y) {
        for (int x = 0; x < coverage.width; ++x) {
            if (!enclosedAt(x, y) && !enclosedAt(x + 1, y) && !enclosedAt(x - 1, y) &&
                !enclosedAt(x, y + 1) && !enclosedAt(x, y - 1))
                continue;
            holes.area += 1.0 - coverage.at(x, y);
            holes.filledCoverage.at(x, y) = 1.f;
        }
    }
    return holes;
}

// Where the outline crosses one half, sharp points fall short (a 36-degree star point
// by ~0.8 px, more when blurred); a clean instance's extent follows exactly from its area
// and angle. The model corrects the outline by at most what points can lose, so a drawing
// that is no clean instance keeps its measured extent.
constexpr double kMaxPointLossPixels = 5, kMaxPointGainPixels = 2;

double extentOf(const std::optional<Shape>& shape, double outlineExtent, double area,
                const Moments& moments) {
    if (!shape) return outlineExtent;
    const size_t k = size_t(symmetryOrder(*shape));
    const double rotation = rotationFromMoment(*shape, moments.value[k]);
    const double model = extentFromArea(*shape, area, rotation);
    const bool explained = model <= outlineExtent + kMaxPointLossPixels &&
                           model >= outlineExtent - kMaxPointGainPixels;
    return explained ? model : outlineExtent;
}

MeasuredObject measureObject(const Picture& picture, const Background& background,
                             const Grid<int>& labels, int label, size_t color) {
    const CoverageBox box = coverageOf(picture, background, labels, label, color);

    // Area and centroid of what is drawn (a ring's annulus, not its disc), box coordinates.
    double area = 0, sumX = 0, sumY = 0;
    const Grid<float>& signedCoverage = box.signedCoverage;
    for (int y = 0; y < signedCoverage.height; ++y) {
        for (int x = 0; x < signedCoverage.width; ++x) {
            const double c = signedCoverage.at(x, y);
            area += c, sumX += c * (x + 0.5), sumY += c * (y + 0.5);
        }
    }
    // A generated smear's signed coverage can nearly cancel out (as much darker as lighter
    // than its colour), and sum / area then lands anywhere, far outside the object. Such a
    // smear is placed by its clamped coverage instead.
    double clampedArea = 0, clampedX = 0, clampedY = 0;
    for (int y = 0; y < box.coverage.height; ++y)
        for (int x = 0; x < box.coverage.width; ++x) {
            const double c = box.coverage.at(x, y);
            clampedArea += c, clampedX += c * (x + 0.5), clampedY += c * (y + 0.5);
        }
    const auto inside = [&](double cx, double cy) {
        return cx >= 0 && cx <= signedCoverage.width && cy >= 0 && cy <= signedCoverage.height;
    };
    if (area < 0.25 * clampedArea ||
        !inside(sumX / std::max(area, 1e-9), sumY / std::max(area, 1e-9)))
        area = clampedArea, sumX = clampedX, sumY = clampedY;
    area = std::max(area, 1e-9);
    const double cx = area > 1e-6 ? sumX / area : 0.5 * signedCoverage.width;
    const double cy = area > 1e-6 ? sumY / area : 0.5 * signedCoverage.height;
    // Clamped coverage: noise in the rim must not make a ratio exceed its bound.
    const Moments moments = momentsOf(box.coverage, cx, cy);

    const Holes holes = holesOf(box.coverage);
    const double filledArea = area + holes.area;
    const std::vector<Point> hull = convexHull(edgePoints(holes.filledCoverage, 0.5));
    double minX = signedCoverage.width, minY = signedCoverage.height, maxX = 0, maxY = 0;
    for (const Point& p : hull)
        minX = std::min(minX, p.x), maxX = std::max(maxX, p.x), minY = std::min(minY, p.y),
        maxY = std::max(maxY, p.y);
    const double outlineExtent = hull.empty() ? 0 : std::max(maxX - minX, maxY - minY);
    const double hullArea = polygonArea(hull), hullPerimeter = polygonPerimeter(hull);
    const double rectangleArea = minimumRectangleArea(hull);

    MeasuredObject out;
    ShapeFeatures& f = out.features;
    f.holeRatio = std::sqrt(holes.area / filledArea);
    f.solidity = hullArea > 0 ? filledArea / hullArea : 0;
    f.rectangleFill = rectangleArea > 0 ? filledArea / rectangleArea : 0;
    f.roundness = hullPerimeter > 0 ? 4 * M_PI * hullArea / (hullPerimeter * hullPerimeter) : 0;
    f.twoFold = moments.symmetry(2), f.threeFold = moments.symmetry(3);
    f.fourFold = moments.symmetry(4), f.fiveFold = moments.symmetry(5);

    const double side = picture.side;
    out.object.color = kColors[color];
    out.object.shape = classifyShape(f);
    out.object.cx = (box.x0 + cx) / side;
    out.object.cy = (box.y0 + cy) / side;
    out.object.extent = extentOf(out.object.shape, outlineExtent, area, moments) / side;
    out.object.area = area / (side * side);
    return out;
}

}  // namespace

Measurement measureImage(const torch::Tensor& imageHWC) {
    const Picture picture = readPicture(imageHWC);
    Measurement out;
    out.side = picture.side;
    const std::optional<Background> background = findBackground(picture);
    if (!background) return out;
    out.background = background->color;

    Components parts = labelComponents(objectPixels(picture, *background));
    const double minPixels = kMinObjectArea * picture.side * picture.side;
    std::vector<int> objects;
    std::vector<std::vector<size_t>> objectCells(size_t(parts.count) + 1);
    for (size_t i = 0; i < parts.labels.cells.size(); ++i) {
        int& label = parts.labels.cells[i];
        if (label && parts.areas[size_t(label)] < minPixels) label = 0;  // a speck
        if (label) objectCells[size_t(label)].push_back(i);
    }
    for (int label = 1; label <= parts.count; ++label)
        if (parts.areas[size_t(label)] >= minPixels) objects.push_back(label);

    std::vector<size_t> colors;
    for (int label : objects)
        colors.push_back(objectColor(picture, *background, objectCells[size_t(label)]));
    growLabels(parts.labels, kRimPixels);
    for (size_t k = 0; k < objects.size(); ++k)
        out.objects.push_back(
            measureObject(picture, *background, parts.labels, objects[k], colors[k]));
    std::sort(out.objects.begin(), out.objects.end(),
              [](const MeasuredObject& a, const MeasuredObject& b) {
                  return a.object.area > b.object.area;
              });
    return out;
}

}  // namespace unclip::shapes
