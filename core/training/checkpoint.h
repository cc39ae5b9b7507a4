// Resumable training checkpoints: the network, its EMA, the AdamW moments and where the
// run was, in one safetensors file written atomically (a crash mid-save keeps the last
// good checkpoint).
//
//   saveCheckpoint(dir / "checkpoint.safetensors", {*model, ema, optimizer, step, meta});
//   if (auto info = loadCheckpoint(path, *model, ema, optimizer)) step = info->step;
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <torch/torch.h>

#include "core/training/ema.h"

namespace unclip::training {

struct CheckpointInfo {
    int64_t step = 0;
    std::map<std::string, std::string> metadata;  // stage, config, seed, ... (free-form)
};

void saveCheckpoint(const std::filesystem::path& path, torch::nn::Module& model, const Ema& ema,
                    torch::optim::AdamW& optimizer, const CheckpointInfo& info);

// Restores everything in place; nullopt when the file does not exist. A checkpoint of
// another network (names or shapes differ) is an unclip::Error.
std::optional<CheckpointInfo> loadCheckpoint(const std::filesystem::path& path,
                                             torch::nn::Module& model, Ema& ema,
                                             torch::optim::AdamW& optimizer);

}  // namespace unclip::training
