// A loaded unCLIP model folder in the diffusers layout (the published Karlo folders, the
// built-in model, the test fixtures): model_index.json plus one folder per component.
//
//   auto model = UnclipModel::load("karlo-v1-alpha", {torch::kCUDA, torch::kFloat16});
//   if (!model->canGenerateFromText()) ...   // e.g. an image-variations folder
//
// Components not listed in model_index.json but present as folders (image_encoder and
// feature_extractor next to a text-to-image model) are loaded too, so one folder can
// serve text-to-image, variations and blending.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/pipeline/clip_image_preprocess.h"
#include "core/pipeline/sampling.h"
#include "core/scheduler/unclip_scheduler.h"
#include "core/tokenizer/tokenizer.h"
#include "models/clip.h"
#include "models/prior_transformer.h"
#include "models/text_proj.h"
#include "models/unet.h"

namespace unclip {

struct ModelLoadOptions {
    torch::Device device = torch::kCPU;
    torch::Dtype dtype = torch::kFloat32;
};

struct ComponentInfo {
    std::string name;       // "decoder"
    std::string className;  // "UNet2DConditionModel"
    int64_t parameters = 0;
    std::string detail;  // sizes worth showing, e.g. "blocks 320,640,960,1280"
};

class UnclipModel {
public:
    static std::shared_ptr<UnclipModel> load(const std::filesystem::path& folder,
                                             const ModelLoadOptions& options = {});

    bool canGenerateFromText() const;  // tokenizer, text encoder, prior, decoder stack
    bool canVaryImages() const;        // image encoder + decoder stack
    // Throws an Error that names what the folder lacks for the task.
    void requireTextToImage() const;
    void requireImageVariation() const;
    // The components each task needs that this folder lacks (empty when it can).
    std::vector<std::string> missingForTextToImage() const;
    std::vector<std::string> missingForImageVariation() const;

    std::vector<ComponentInfo> components() const;
    // Output side of the decoder and of each super-resolution stage: 64, 256, ...
    std::vector<int64_t> stageResolutions() const;
    // How pictures are prepared for the image encoder: feature_extractor/ where the folder
    // has it, else a resize to the encoder's own size. Requires the image encoder.
    ClipImageProcessorConfig imagePreprocessing() const;

    std::filesystem::path folder;
    ModelLoadOptions options;
    // Steps and guidance to start from: the folder's own recommendation where its
    // model_index.json has one (core/pipeline/recommended_sampling.h), else Karlo's.
    SamplingOptions recommendedSampling;

    std::unique_ptr<Tokenizer> tokenizer;
    models::ClipTextModel textEncoder{nullptr};
    models::ClipVisionModel imageEncoder{nullptr};
    std::optional<ClipImageProcessorConfig> featureExtractor;
    models::PriorTransformer prior{nullptr};
    std::optional<UnclipScheduler> priorScheduler;
    models::TextProj textProj{nullptr};
    models::UNet decoder{nullptr};
    std::optional<UnclipScheduler> decoderScheduler;
    models::UNet superResFirst{nullptr};
    models::UNet superResLast{nullptr};  // optional: the first net runs every step without it
    std::optional<UnclipScheduler> superResScheduler;  // also drives super_res_1024
    models::UNet superRes1024{nullptr};  // optional third stage: 256 -> 1024 (the built-in model)
};

}  // namespace unclip
