#include "core/training/attribute_probe.h"

#include "core/shapes/world.h"

namespace unclip::training {
namespace F = torch::nn::functional;

std::pair<torch::Tensor, torch::Tensor> attributeTargets(const std::vector<std::string>& captions) {
    const auto rows = int64_t(captions.size());
    auto targets = torch::zeros({rows, kAttributeCount});
    auto known = torch::zeros({rows, kAttributeCount});
    auto t = targets.accessor<float, 2>();
    auto k = known.accessor<float, 2>();
    auto markKnown = [&](int64_t row, int64_t from, int64_t to) {
        for (int64_t j = from; j < to; ++j) k[row][j] = 1.0f;
    };
    for (int64_t i = 0; i < rows; ++i) {
        const auto spec = shapes::parseCaption(captions[size_t(i)]);
        if (!spec) continue;
        markKnown(i, 0, kPositionOffset);
        for (const auto& object : spec->objects) {
            const auto shape = int64_t(object.shape), color = int64_t(object.color);
            t[i][shape] = 1.0f;
            t[i][kShapeCount + color] = 1.0f;
            t[i][kPairOffset + color * kShapeCount + shape] = 1.0f;
        }
        const auto& first = spec->objects.front();
        if (spec->objects.size() == 1 && first.position) {
            markKnown(i, kPositionOffset, kRelationOffset);
            t[i][kPositionOffset + int64_t(*first.position)] = 1.0f;
        }
        if (spec->relation) {
            const auto& second = spec->objects.back();
            const bool inOrder = std::make_pair(first.color, first.shape) <
                                 std::make_pair(second.color, second.shape);
            const auto relation = inOrder ? *spec->relation : shapes::opposite(*spec->relation);
            markKnown(i, kRelationOffset, kAttributeCount);
            t[i][kRelationOffset + int64_t(relation)] = 1.0f;
        }
    }
    return {targets, known};
}

torch::Tensor attributeProbeLoss(const torch::Tensor& logits, const torch::Tensor& targets,
                                 const torch::Tensor& known) {
    auto perEntry = F::binary_cross_entropy_with_logits(
        logits, targets, F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone));
    auto loss = torch::zeros({}, logits.options());
    for (auto [from, to] : kAttributeGroups) {
        auto groupKnown = known.slice(1, from, to);
        loss =
            loss + (perEntry.slice(1, from, to) * groupKnown).sum() / groupKnown.sum().clamp_min(1);
    }
    return loss;
}

}  // namespace unclip::training
