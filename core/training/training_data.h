// Where training pictures and captions come from: the shapes world (drawn on the fly,
// endless) or a folder of `name.png` + `name.txt` pairs.
//
// Example i is a pure function of (seed, i), so a resumed run sees exactly the batches
// the interrupted one would have.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace unclip::training {

struct TrainingExample {
    torch::Tensor image;  // uint8 [size, size, 3]
    std::string caption;
};

class TrainingData {
public:
    virtual ~TrainingData() = default;
    virtual TrainingExample example(int64_t index, int64_t size) const = 0;
    // Example `index` again with one thing its caption names changed, in the picture and
    // in the caption alike: an object's shape, a lone object's position, the relation
    // reversed, or the two objects' colours swapped. A hard negative for the contrastive
    // stage, which otherwise sees too few pairs that differ in that alone to learn it:
    // with random batches CLIP read shapes at chance, and positions and relations too.
    // None where the data cannot make one.
    virtual std::optional<TrainingExample> twin(int64_t index, int64_t size) const {
        return std::nullopt;
    }
    virtual std::string describe() const = 0;
};

// The shapes world: random captions and the scenes they describe, rendered at any size.
// twoObjectShare: the chance of a two-object scene, when not the world's own (a half); a
// stage that draws one kind worse can see more of it. Examples depend on it, so a resumed
// run must keep it to see the batches the interrupted one would have.
std::unique_ptr<TrainingData> shapesWorldData(uint64_t seed,
                                              std::optional<double> twoObjectShare = {});

// Reads an image file as uint8 [H, W, 3] (the app passes OpenCV's reader; the engine
// alone has none).
using ImageReader = std::function<torch::Tensor(const std::filesystem::path&)>;

// Every image in folder (png, jpg, jpeg, webp, bmp) with a same-name .txt caption; images
// are centre-cropped to a square and resized. An empty folder, or one with no caption
// files, is an error that says what the folder must hold.
std::unique_ptr<TrainingData> captionedFolderData(const std::filesystem::path& folder,
                                                  ImageReader reader, uint64_t seed);

// A batch of `count` examples starting at index `first`: images float [B, 3, S, S] in
// [-1, 1] and their captions.
struct TrainingBatch {
    torch::Tensor images;
    std::vector<std::string> captions;
};
TrainingBatch makeBatch(const TrainingData& data, int64_t first, int64_t count, int64_t size);

// For the contrastive stage: examples first, first+1, ... each followed by its twin
// (or, where the data has none, by the next example), count in all.
TrainingBatch makeContrastiveBatch(const TrainingData& data, int64_t first, int64_t count,
                                   int64_t size);

// uint8 [H, W, 3] -> float [3, size, size] in [-1, 1]: centre square crop, antialiased resize.
torch::Tensor toModelImage(const torch::Tensor& imageHWC, int64_t size);

}  // namespace unclip::training
