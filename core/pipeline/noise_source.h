// Where the pipelines' Gaussian draws come from.
//
// Every draw happens on the CPU in float32, so one seed gives the same picture on the
// CPU and on a GPU. Each image has its own seed (diffusers' list-of-generators
// behaviour), so image k of a batch is the same whatever else is in the batch, and a
// blend row that repeats one seed shares its noise across the row. Recorded draws can be
// replayed to reproduce the reference implementation's outputs exactly.
//
//   PerImageNoise noise({42, 43});             // two images
//   auto x = noise.draw({2, 3, 64, 64});       // row 0 from seed 42, row 1 from seed 43
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <torch/torch.h>

namespace unclip {

class NoiseSource {
public:
    virtual ~NoiseSource() = default;
    // A standard normal float32 CPU tensor of the given shape; shape[0] is the batch.
    virtual torch::Tensor draw(const std::vector<int64_t>& shape) = 0;
};

// One CPU generator per image, seeded like torch.manual_seed(seed).
class PerImageNoise : public NoiseSource {
public:
    explicit PerImageNoise(const std::vector<uint64_t>& seeds);
    torch::Tensor draw(const std::vector<int64_t>& shape) override;

private:
    std::vector<at::Generator> generators_;
};

// Replays recorded draws in order; a draw of another shape, or one too many, is an error.
class RecordedNoise : public NoiseSource {
public:
    explicit RecordedNoise(std::vector<torch::Tensor> draws);
    torch::Tensor draw(const std::vector<int64_t>& shape) override;
    size_t remaining() const { return draws_.size() - next_; }

private:
    std::vector<torch::Tensor> draws_;
    size_t next_ = 0;
};

}  // namespace unclip
