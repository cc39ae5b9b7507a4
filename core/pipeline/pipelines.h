// The three things a person does with unCLIP, as pipelines over a loaded model:
// text to image, variations of an image, and blends of two images.
//
//   auto model = UnclipModel::load(folder);
//   TextToImageRequest request;
//   request.prompts = {"a red circle on a blue background"};
//   request.seeds = {42};
//   auto out = generateFromText(*model, request);   // out.images [1, 256, 256, 3]
//
// Each image has its own seed (or the request carries a NoiseSource to replay draws);
// every pipeline runs under inference mode and batches the two guidance halves.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/pipeline/noise_source.h"
#include "core/pipeline/sampling.h"
#include "core/pipeline/unclip_model.h"

namespace unclip {

struct TextToImageRequest {
    std::vector<std::string> prompts;  // each repeated imagesPerPrompt times
    int64_t imagesPerPrompt = 1;
    std::vector<uint64_t> seeds;  // one per image (prompts x imagesPerPrompt)
    SamplingOptions sampling;
    std::shared_ptr<NoiseSource> noise;  // replaces the seeds when set
};

struct VariationRequest {
    // Either CLIP-preprocessed images [N, 3, S, S] (see clipPreprocess) or their image
    // embeddings [N, clip]; each gives imagesPerInput variations.
    torch::Tensor pixelValues;
    torch::Tensor imageEmbeddings;
    int64_t imagesPerInput = 1;
    std::vector<uint64_t> seeds;  // one per output image
    SamplingOptions sampling;
    std::shared_ptr<NoiseSource> noise;
};

struct BlendRequest {
    // Two CLIP-preprocessed images [1, 3, S, S] (or their embeddings [1, clip]).
    torch::Tensor pixelValuesA, pixelValuesB;
    torch::Tensor embeddingA, embeddingB;
    std::vector<double> thetas;  // 0 gives A, 1 gives B; one image per theta
    uint64_t seed = 0;           // shared by the whole row, so only theta changes
    SamplingOptions sampling;
    std::shared_ptr<NoiseSource> noise;
};

CascadeOutput generateFromText(UnclipModel& model, const TextToImageRequest& request,
                               const RunControl& control = {});
CascadeOutput generateVariations(UnclipModel& model, const VariationRequest& request,
                                 const RunControl& control = {});
CascadeOutput blendImages(UnclipModel& model, const BlendRequest& request,
                          const RunControl& control = {});

// CLIP image embeddings [N, clip] of CLIP-preprocessed images [N, 3, S, S].
torch::Tensor encodeImages(UnclipModel& model, const torch::Tensor& pixelValues);

// Spherical interpolation between a and b ([clip] or [1, clip]) at theta in [0, 1]: the
// angle is measured between the directions, and the magnitudes are carried along as
// the reference's interpolation does. Nearly parallel vectors fall back to a linear
// blend, where slerp's 1/sin(angle) would lose all precision.
torch::Tensor slerp(const torch::Tensor& a, const torch::Tensor& b, double theta);

}  // namespace unclip
