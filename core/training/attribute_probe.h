// The CLIP stage's attribute probe (training only, never exported): a linear read-out of
// what a picture holds, from its image embedding, trained against what its caption names.
// Its loss pushes those attributes into the embedding, which the contrastive loss alone
// left at chance for shapes, and for positions and relations.
//
//   auto [targets, known] = attributeTargets(captions);            // [B, kAttributeCount] x2
//   auto loss = attributeProbeLoss(probe(imageEmbeds), targets, known);
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "core/shapes/scene.h"

namespace unclip::training {

// The attribute probe's outputs, one group after the other: the shapes, the colours and
// the colour-shape pairs a picture holds (the pairs say which colour goes with which shape),
// a lone object's position, and the relation of two objects. The relation is read with
// the objects in a fixed order (by colour, then shape), so that "a green circle above a
// white triangle" and "a white triangle below a green circle" give one target, as they
// give one picture.
constexpr int64_t kShapeCount = int64_t(shapes::kShapes.size());
constexpr int64_t kColorCount = int64_t(shapes::kColors.size());
constexpr int64_t kPairOffset = kShapeCount + kColorCount;
constexpr int64_t kPositionOffset = kPairOffset + kShapeCount * kColorCount;
constexpr int64_t kRelationOffset = kPositionOffset + int64_t(shapes::kPositions.size());
constexpr int64_t kAttributeCount = kRelationOffset + int64_t(shapes::kRelations.size());
constexpr std::array<std::pair<int64_t, int64_t>, 5> kAttributeGroups = {
    {{0, kShapeCount},
     {kShapeCount, kPairOffset},
     {kPairOffset, kPositionOffset},
     {kPositionOffset, kRelationOffset},
     {kRelationOffset, kAttributeCount}}};

// Multi-hot targets [B, kAttributeCount] for what each caption names, and a mask of the
// same shape: 1 where the caption says (a picture whose caption names no position has
// one all the same), 0 for captions the shapes world's parser cannot read.
std::pair<torch::Tensor, torch::Tensor> attributeTargets(const std::vector<std::string>& captions);

// Binary cross-entropy over the known entries, as the sum of each group's mean: each group
// weighs the same however many entries it has and however rarely a caption names it
// (pooled, the 40 pairs and the mostly unnamed positions left the position entries a few
// percent of the loss). logits, targets and known: [B, kAttributeCount].
torch::Tensor attributeProbeLoss(const torch::Tensor& logits, const torch::Tensor& targets,
                                 const torch::Tensor& known);

}  // namespace unclip::training
