// Connected regions of a pixel grid, for the shapes checker (checker.h): labelling,
// growing labelled regions by a few pixels, and finding the holes of a region.
//
//   Grid<uint8_t> mask(w, h);               // 1 where a pixel belongs to some object
//   Components parts = labelComponents(mask);   // parts.labels: 0 = none, 1..count
//   growLabels(parts.labels, 2);            // each region also takes its 2-pixel rim
#pragma once

#include <cstdint>
#include <vector>

namespace unclip::shapes {

// A row-major 2-D array; small and plain, so the checker needs no image library.
template <typename T>
struct Grid {
    int width = 0, height = 0;
    std::vector<T> cells;

    Grid() = default;
    Grid(int w, int h, T fill = T{}) : width(w), height(h), cells(size_t(w) * size_t(h), fill) {}
    T& at(int x, int y) { return cells[size_t(y) * size_t(width) + size_t(x)]; }
    const T& at(int x, int y) const { return cells[size_t(y) * size_t(width) + size_t(x)]; }
    bool inside(int x, int y) const { return x >= 0 && y >= 0 && x < width && y < height; }
};

struct Components {
    Grid<int> labels;  // 0 where the mask is 0, else 1..count
    int count = 0;
    std::vector<int64_t> areas;  // pixels per label; areas[0] unused
};

// 8-connected regions of the non-zero cells: a thin diagonal stroke of a drawn shape
// (a star's point, a ring at 64 px) stays one region.
Components labelComponents(const Grid<uint8_t>& mask);

// Gives every unlabelled cell within `steps` 8-connected steps of a region the label of
// the nearest one (ties go to the region reached first), so a region's anti-aliased rim
// travels with it and a rim between two regions is split between them.
void growLabels(Grid<int>& labels, int steps);

// The cells that are 0 in `filled` and cannot reach the grid's edge through 0-cells
// (4-connected, the complement of 8-connected regions): the holes of the regions.
Grid<uint8_t> enclosedCells(const Grid<uint8_t>& filled);

}  // namespace unclip::shapes
