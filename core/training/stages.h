// `unclip train`: the stages that build a model folder (diffusers layout) from a recipe.
//
//   clip    the CLIP pair (text and image towers, contrastive) and its sentencepiece tokenizer
//   prior   the diffusion prior over the frozen CLIP's image embeddings (predicts x0)
//   decoder text_proj + the 64 px decoder UNet (learned variance, guidance dropout)
//   sr256   the 64 -> 256 upsampler (super_res_first), on random crops of degraded pictures
//   sr1024  the 256 -> 1024 upsampler (super_res_1024), likewise
//
// Each stage resumes from <model>/.training/<stage>/checkpoint.safetensors and exports its
// EMA weights (float16) into the model folder at every checkpoint, so the folder always
// loads. Stages after clip need the CLIP towers the clip stage exported.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/training/training_data.h"
#include "core/training/training_loop.h"

namespace unclip::training {

// Diffusion timesteps [first, end) of the stage's scheduler.
struct TimestepRange {
    int64_t first = 0;
    int64_t end = 0;
};

struct StageRequest {
    std::string stage;               // clip | prior | decoder | sr256 | sr1024
    std::filesystem::path modelDir;  // the model folder being built
    std::filesystem::path recipe;    // component configs and stage settings (JSON)
    const TrainingData* data = nullptr;
    std::optional<int64_t> steps, batch;  // override the recipe
    std::optional<double> learningRate;
    std::optional<int64_t> checkpointEvery, logEvery;
    std::optional<int64_t> accumulate;  // micro-batches per step (LoopOptions::accumulate)
    std::optional<int64_t> warmupSteps;
    // The timesteps a diffusion stage trains on, [first, end), instead of all of them: a
    // fine-tune can spend its few steps where the failures are decided (for the decoder,
    // the noisy steps that lay out which object goes where). Also the recipe's "timesteps".
    std::optional<TimestepRange> timesteps;
    std::optional<double> maxSeconds;  // a time budget for the stage, set-up included
    torch::Device device = torch::kCPU;
    // Mixed precision for the network's forward pass (autocast_scope.h): bfloat16, or
    // nullopt for float32. The decoder and the upsamplers take it; clip and prior refuse.
    std::optional<torch::Dtype> autocast;
    bool resume = true;
    std::ostream* log = nullptr;
};

const std::vector<std::string>& stageNames();

// Writes model_index.json and every component's config from the recipe into the model
// folder (an existing, different config is an error: it belongs to another recipe).
void prepareModelFolder(const std::filesystem::path& recipe, const std::filesystem::path& modelDir);

// Rewrites model_index.json from what the folder holds: schedulers, the feature extractor,
// the tokenizer, and each network whose weights exist.
void refreshModelIndex(const std::filesystem::path& modelDir);

LoopResult trainStage(const StageRequest& request);

}  // namespace unclip::training
