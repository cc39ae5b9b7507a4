#include "core/shapes/components.h"

#include <array>
#include <utility>

namespace unclip::shapes {

namespace {

using Offset = std::pair<int, int>;
constexpr std::array<Offset, 4> kFourNeighbours = {{{1, 0}, {-1, 0}, {0, 1}, {0, -1}}};
constexpr std::array<Offset, 8> kEightNeighbours = {
    {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {1, -1}, {-1, 1}, {-1, -1}}};

}  // namespace

Components labelComponents(const Grid<uint8_t>& mask) {
    Components out;
    out.labels = Grid<int>(mask.width, mask.height, 0);
    out.areas.push_back(0);
    // Breadth-first flood fill with an explicit queue: recursion would overflow the
    // stack on a 1024 px canvas.
    std::vector<std::pair<int, int>> queue;
    for (int y = 0; y < mask.height; ++y) {
        for (int x = 0; x < mask.width; ++x) {
            if (!mask.at(x, y) || out.labels.at(x, y)) continue;
            const int label = ++out.count;
            int64_t area = 0;
            queue.assign(1, {x, y});
            out.labels.at(x, y) = label;
            for (size_t head = 0; head < queue.size(); ++head) {
                auto [px, py] = queue[head];
                ++area;
                for (auto [dx, dy] : kEightNeighbours) {
                    const int nx = px + dx, ny = py + dy;
                    if (!mask.inside(nx, ny) || !mask.at(nx, ny) || out.labels.at(nx, ny)) continue;
                    out.labels.at(nx, ny) = label;
                    queue.push_back({nx, ny});
                }
            }
            out.areas.push_back(area);
        }
    }
    return out;
}

void growLabels(Grid<int>& labels, int steps) {
    std::vector<std::pair<int, int>> frontier;
    for (int y = 0; y < labels.height; ++y)
        for (int x = 0; x < labels.width; ++x)
            if (labels.at(x, y)) frontier.push_back({x, y});
    for (int step = 0; step < steps && !frontier.empty(); ++step) {
        std::vector<std::pair<int, int>> next;
        for (auto [x, y] : frontier) {
            for (auto [dx, dy] : kEightNeighbours) {
                const int nx = x + dx, ny = y + dy;
                if (!labels.inside(nx, ny) || labels.at(nx, ny)) continue;
                labels.at(nx, ny) = labels.at(x, y);
                next.push_back({nx, ny});
            }
        }
        frontier = std::move(next);
    }
}

Grid<uint8_t> enclosedCells(const Grid<uint8_t>& filled) {
    // Mark every 0-cell reachable from the edge; the 0-cells left over are enclosed.
    Grid<uint8_t> outside(filled.width, filled.height, 0);
    std::vector<std::pair<int, int>> queue;
    auto seed = [&](int x, int y) {
        if (filled.at(x, y) || outside.at(x, y)) return;
        outside.at(x, y) = 1;
        queue.push_back({x, y});
    };
    for (int x = 0; x < filled.width; ++x) {
        seed(x, 0);
        seed(x, filled.height - 1);
    }
    for (int y = 0; y < filled.height; ++y) {
        seed(0, y);
        seed(filled.width - 1, y);
    }
    for (size_t head = 0; head < queue.size(); ++head) {
        auto [x, y] = queue[head];
        for (auto [dx, dy] : kFourNeighbours) {
            const int nx = x + dx, ny = y + dy;
            if (filled.inside(nx, ny)) seed(nx, ny);
        }
    }
    Grid<uint8_t> enclosed(filled.width, filled.height, 0);
    for (size_t i = 0; i < filled.cells.size(); ++i)
        enclosed.cells[i] = !filled.cells[i] && !outside.cells[i];
    return enclosed;
}

}  // namespace unclip::shapes
