#include "core/training/training_data.h"

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "core/common/error.h"
#include "core/shapes/holdout.h"
#include "core/shapes/world.h"

namespace unclip::training {
namespace fs = std::filesystem;
namespace F = torch::nn::functional;

namespace {

// A stream of its own per example: mixes the run's seed and the index (splitmix64).
uint64_t exampleSeed(uint64_t seed, int64_t index) {
    uint64_t z = seed + 0x9e3779b97f4a7c15ull * (uint64_t(index) + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

class ShapesWorldData : public TrainingData {
public:
    ShapesWorldData(uint64_t seed, std::optional<double> twoObjectShare) : seed_(seed) {
        if (!twoObjectShare) return;
        if (!(*twoObjectShare >= 0.0 && *twoObjectShare <= 1.0))
            throw Error("the share of two-object scenes must lie in [0, 1], got " +
                        std::to_string(*twoObjectShare));
        weights_.twoObjects = *twoObjectShare;
    }

    TrainingExample example(int64_t index, int64_t size) const override {
        std::mt19937_64 rng(exampleSeed(seed_, index));
        const auto spec = shapes::sampleTrainingSpec(rng, weights_);  // never an evaluation caption
        const auto scene = shapes::sampleScene(spec, rng);
        return {shapes::renderScene(scene, size), shapes::captionText(spec, rng)};
    }

    std::optional<TrainingExample> twin(int64_t index, int64_t size) const override {
        std::mt19937_64 rng(exampleSeed(seed_, index));
        const auto spec = shapes::sampleTrainingSpec(rng, weights_);  // example()'s draws
        const auto scene = shapes::sampleScene(spec, rng);
        const auto wording = rng;  // so the twin's caption is worded like the original's
        std::mt19937_64 pick(exampleSeed(seed_ ^ 0x7417ull, index));
        // Three twins in four change what only some captions name (a position, a relation,
        // the colours' owners), where this caption names it; the rest, and every other, a
        // shape.
        std::optional<shapes::CaptionSpec> other;
        if (pick() % 4 != 0) other = otherArrangement(spec, pick);
        if (other) {
            const auto twinScene = sampleArranged(*other, scene, pick);
            auto captionRng = wording;
            return TrainingExample{shapes::renderScene(twinScene, size),
                                   shapes::captionText(*other, captionRng)};
        }
        return shapeTwin(spec, scene, wording, pick, size);
    }

    std::string describe() const override {
        std::string text = "the shapes world (seed " + std::to_string(seed_);
        if (weights_.twoObjects != shapes::SamplingWeights{}.twoObjects) {
            std::ostringstream share;
            share << weights_.twoObjects * 100;
            text += ", " + share.str() + "% two-object scenes";
        }
        return text + ")";
    }

private:
    // One object's shape changed; the same bounding box, so the twin keeps every position,
    // size and relation.
    static std::optional<TrainingExample> shapeTwin(const shapes::CaptionSpec& spec,
                                                    const shapes::Scene& scene,
                                                    const std::mt19937_64& wording,
                                                    std::mt19937_64& pick, int64_t size) {
        const size_t k = pick() % spec.objects.size();
        for (int attempt = 0; attempt < 16; ++attempt) {
            const auto shape = shapes::kShapes[pick() % shapes::kShapes.size()];
            if (shape == spec.objects[k].shape) continue;
            auto twin = spec;
            twin.objects[k].shape = shape;
            const bool alike = twin.objects.size() == 2 &&
                               twin.objects[0].color == twin.objects[1].color &&
                               twin.objects[0].shape == twin.objects[1].shape;
            if (alike) continue;  // the world never draws two objects it cannot tell apart
            if (shapes::isHeldOut(twin)) continue;  // never train on an evaluation caption
            auto twinScene = scene;
            twinScene.objects[k].shape = shape;
            if (shape == shapes::Shape::Circle || shape == shapes::Shape::Ring)
                twinScene.objects[k].rotationDeg = 0;
            auto captionRng = wording;
            return TrainingExample{shapes::renderScene(twinScene, size),
                                   shapes::captionText(twin, captionRng)};
        }
        return std::nullopt;
    }

    // The caption with its arrangement changed, where it names one: a lone object at
    // another named position, two objects in the reversed relation, or (two objects of
    // different colours and shapes) each colour on the other shape. None otherwise, or
    // where the change would give an evaluation caption.
    static std::optional<shapes::CaptionSpec> otherArrangement(const shapes::CaptionSpec& spec,
                                                               std::mt19937_64& pick) {
        auto twin = spec;
        if (spec.objects.size() == 1) {
            if (!spec.objects[0].position) return std::nullopt;
            const auto& positions = shapes::kPositions;
            auto& position = *twin.objects[0].position;
            const auto at =
                size_t(std::find(positions.begin(), positions.end(), position) - positions.begin());
            position = positions[(at + 1 + pick() % 4) % positions.size()];  // any other
        } else {
            const auto& a = spec.objects[0];
            const auto& b = spec.objects[1];
            const bool swappable = a.color != b.color && a.shape != b.shape;
            if (spec.relation && (!swappable || pick() % 2 == 0)) {
                twin.relation = shapes::opposite(*spec.relation);
            } else if (swappable) {
                std::swap(twin.objects[0].color, twin.objects[1].color);
            } else {
                return std::nullopt;
            }
        }
        if (shapes::isHeldOut(twin)) return std::nullopt;
        return twin;
    }

    // A fresh placement for the changed caption (the sampler keeps the named ranges and
    // the objects apart), on the original's background where the caption left it free.
    static shapes::Scene sampleArranged(const shapes::CaptionSpec& spec,
                                        const shapes::Scene& original, std::mt19937_64& pick) {
        std::mt19937_64 placement(pick());
        auto scene = shapes::sampleScene(spec, placement);
        scene.background = original.background;  // the same colours in play, so still apart
        return scene;
    }

    uint64_t seed_;
    shapes::SamplingWeights weights_;
};

class CaptionedFolderData : public TrainingData {
public:
    CaptionedFolderData(const fs::path& folder, ImageReader reader, uint64_t seed)
        : folder_(folder), reader_(std::move(reader)), seed_(seed) {
        if (!fs::is_directory(folder))
            throw Error("training folder " + folder.string() + " does not exist");
        for (const auto& entry : fs::directory_iterator(folder)) {
            auto ext = entry.path().extension().string();
            std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
            if (ext != ".png" && ext != ".jpg" && ext != ".jpeg" && ext != ".webp" && ext != ".bmp")
                continue;
            auto captionPath = entry.path();
            captionPath.replace_extension(".txt");
            if (!fs::exists(captionPath)) continue;
            std::ifstream in(captionPath);
            std::stringstream text;
            text << in.rdbuf();
            auto caption = text.str();
            while (!caption.empty() && std::isspace(static_cast<unsigned char>(caption.back())))
                caption.pop_back();
            if (caption.empty()) continue;
            items_.push_back({entry.path(), caption});
        }
        std::sort(items_.begin(), items_.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        if (items_.empty())
            throw Error("training folder " + folder.string() +
                        " holds no usable pairs: put each picture (png, jpg, webp, bmp) next to a "
                        "non-empty "
                        ".txt file of the same name holding its caption");
        if (!reader_)
            throw Error(
                "this build cannot read image files (the engine-only build has no image decoder)");
    }

    TrainingExample example(int64_t index, int64_t size) const override {
        // A fresh shuffle per epoch, from the seed: each picture once per pass.
        const auto n = static_cast<int64_t>(items_.size());
        const int64_t epoch = index / n;
        std::vector<int64_t> order(n);
        for (int64_t i = 0; i < n; ++i) order[i] = i;
        std::mt19937_64 rng(exampleSeed(seed_, -1 - epoch));
        std::shuffle(order.begin(), order.end(), rng);
        const auto& [path, caption] = items_[order[index % n]];
        auto image = reader_(path);
        auto resized =
            ((toModelImage(image, size) + 1) * 127.5).round().clamp(0, 255).to(torch::kUInt8);
        return {resized.permute({1, 2, 0}).contiguous(), caption};
    }

    std::string describe() const override {
        return std::to_string(items_.size()) + " captioned pictures in " + folder_.string();
    }

private:
    fs::path folder_;
    ImageReader reader_;
    uint64_t seed_;
    std::vector<std::pair<fs::path, std::string>> items_;
};

}  // namespace

std::unique_ptr<TrainingData> shapesWorldData(uint64_t seed, std::optional<double> twoObjectShare) {
    return std::make_unique<ShapesWorldData>(seed, twoObjectShare);
}

std::unique_ptr<TrainingData> captionedFolderData(const fs::path& folder, ImageReader reader,
                                                  uint64_t seed) {
    return std::make_unique<CaptionedFolderData>(folder, std::move(reader), seed);
}

torch::Tensor toModelImage(const torch::Tensor& imageHWC, int64_t size) {
    auto x = imageHWC.to(torch::kFloat32).permute({2, 0, 1}).unsqueeze(0);  // [1, 3, H, W]
    const auto h = x.size(2), w = x.size(3), side = std::min(h, w);
    x = x.narrow(2, (h - side) / 2, side).narrow(3, (w - side) / 2, side);
    if (side != size)
        x = F::interpolate(x, F::InterpolateFuncOptions()
                                  .size(std::vector<int64_t>{size, size})
                                  .mode(torch::kBicubic)
                                  .align_corners(false)
                                  .antialias(true));
    return (x[0] / 127.5 - 1).clamp(-1, 1);  // [3, size, size]
}

TrainingBatch makeBatch(const TrainingData& data, int64_t first, int64_t count, int64_t size) {
    TrainingBatch batch;
    std::vector<torch::Tensor> images(count);
    batch.captions.resize(count);
    // Examples are independent (each draws from its own seeded stream), so they are drawn
    // on the intra-op threads: at 1024 px drawing the batch dominated a GPU step.
    at::parallel_for(0, count, 1, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            auto ex = data.example(first + i, size);
            images[i] = ex.image.size(0) == size && ex.image.size(1) == size
                            ? ex.image.to(torch::kFloat32).permute({2, 0, 1}) / 127.5 - 1
                            : toModelImage(ex.image, size);
            batch.captions[i] = std::move(ex.caption);
        }
    });
    batch.images = torch::stack(images);  // [B, 3, S, S]
    return batch;
}

TrainingBatch makeContrastiveBatch(const TrainingData& data, int64_t first, int64_t count,
                                   int64_t size) {
    TrainingBatch batch;
    std::vector<torch::Tensor> images(count);
    batch.captions.resize(count);
    at::parallel_for(0, count, 1, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            const int64_t index = first + i / 2;
            std::optional<TrainingExample> ex;
            if (i % 2 == 1) ex = data.twin(index, size);
            if (!ex) ex = data.example(i % 2 == 1 ? first + count + i : index, size);
            images[i] = toModelImage(ex->image, size);
            batch.captions[i] = std::move(ex->caption);
        }
    });
    batch.images = torch::stack(images);  // [B, 3, S, S]
    return batch;
}

}  // namespace unclip::training
