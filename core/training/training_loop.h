// The optimisation loop every stage shares: AdamW with warm-up and cosine decay,
// gradient clipping, EMA, a progress line, resumable checkpoints and periodic export of
// the EMA weights into the model folder.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>

#include <torch/torch.h>

#include "core/training/ema.h"

namespace unclip::training {

struct LoopOptions {
    std::string stage;                     // for the progress line and checkpoint metadata
    std::filesystem::path checkpointPath;  // resumed from when it exists and `resume`
    int64_t steps = 1000;
    int64_t batch = 32;
    // The step's batch runs as this many forward/backward passes of batch / accumulate
    // examples whose gradients add up: the same steps in a fraction of the memory (the
    // decoder's batch of 256 takes ~20 GB on a CPU in one pass). 1: one pass.
    int64_t accumulate = 1;
    int64_t microBatch() const { return batch / accumulate; }
    double learningRate = 3e-4;
    double weightDecay = 0.0;
    double emaDecay = 0.999;
    int64_t warmupSteps = 200;
    double gradientClip = 1.0;
    int64_t checkpointEvery = 500;
    int64_t logEvery = 50;
    bool resume = true;
    // When set: the run ends (checkpoint and export included) at this time, and the learning
    // rate decays over whichever comes first, the steps or the time, so a time-boxed run (a
    // rented GPU) still ends on an annealed model. Resumed with a deadline, a run warms up
    // again from its first step and decays over its own time box (a warm restart).
    std::optional<std::chrono::steady_clock::time_point> deadline;
    std::map<std::string, std::string> metadata;  // stored in the checkpoint (runSettings)
    std::ostream* log = nullptr;
};

struct LoopResult {
    int64_t firstStep = 0;  // > 0 when resumed
    int64_t lastStep = 0;   // the step the run ended at (below `steps` when time ran out)
    double firstLoss = 0;   // mean over the first logging window of this run
    double lastLoss = 0;    // mean over the last logging window
    double samplesPerSecond = 0;
};

// One step's gradients, added into the parameters' .grad: the backward pass of each of
// micro-batches step * accumulate .. (step + 1) * accumulate - 1, each loss divided by
// `accumulate`, so the gradient is the whole batch's mean. Returns that mean loss, detached.
torch::Tensor accumulateGradients(const std::function<torch::Tensor(int64_t part)>& lossAt,
                                  int64_t step, int64_t accumulate);

// What a checkpoint records of the run that wrote it: the metadata, the stage, and the
// optimisation settings (batch, accumulate, learning_rate, warmup_steps), as text.
std::map<std::string, std::string> runSettings(const LoopOptions& options);

// "key old -> new, ..." for each key both maps hold with different values; "" when none
// (a checkpoint from before a key was recorded says nothing about it).
std::string settingsChangedSince(const std::map<std::string, std::string>& checkpoint,
                                 const std::map<std::string, std::string>& now);

// Throws unclip::Error unless `batch` splits into `accumulate` equal micro-batches.
void checkAccumulation(int64_t batch, int64_t accumulate);

// Runs steps [resumed step, options.steps). lossAt(i) returns the mean loss of micro-batch
// i, examples [i * microBatch, (i + 1) * microBatch): step s's batch is micro-batches
// s * accumulate .. (s + 1) * accumulate - 1, the same examples whatever the accumulation
// (its data must derive from i, for resumability).
// exportWeights(ema) is called at every checkpoint and at the end.
LoopResult runTrainingLoop(const LoopOptions& options, torch::nn::Module& trainable,
                           const std::function<torch::Tensor(int64_t part)>& lossAt,
                           const std::function<void(const Ema& ema)>& exportWeights);

}  // namespace unclip::training
