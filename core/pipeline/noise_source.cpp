#include "core/pipeline/noise_source.h"

#include <ATen/CPUGeneratorImpl.h>

#include "core/common/error.h"

namespace unclip {

PerImageNoise::PerImageNoise(const std::vector<uint64_t>& seeds) {
    for (auto seed : seeds) generators_.push_back(at::make_generator<at::CPUGeneratorImpl>(seed));
}

torch::Tensor PerImageNoise::draw(const std::vector<int64_t>& shape) {
    if (shape.empty() || shape[0] != static_cast<int64_t>(generators_.size()))
        throw Error("noise for " + std::to_string(shape.empty() ? 0 : shape[0]) +
                    " images requested, but " + std::to_string(generators_.size()) +
                    " seeds were given");
    std::vector<int64_t> rowShape = shape;
    rowShape[0] = 1;
    std::vector<torch::Tensor> rows;
    for (auto& generator : generators_)
        rows.push_back(
            at::randn(rowShape, generator, torch::TensorOptions().dtype(torch::kFloat32)));
    return torch::cat(rows, 0);
}

RecordedNoise::RecordedNoise(std::vector<torch::Tensor> draws) : draws_(std::move(draws)) {}

torch::Tensor RecordedNoise::draw(const std::vector<int64_t>& shape) {
    if (next_ >= draws_.size())
        throw Error("recorded noise exhausted after " + std::to_string(draws_.size()) + " draws");
    auto t = draws_[next_];
    if (t.sizes().vec() != shape)
        throw Error("recorded draw " + std::to_string(next_) + " has shape " + c10::str(t.sizes()) +
                    " but the pipeline asked for " + c10::str(c10::IntArrayRef(shape)));
    ++next_;
    return t.to(torch::kFloat32);
}

}  // namespace unclip
