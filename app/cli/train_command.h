// `unclip train`: trains the stages of a model folder from a recipe (core/training).
// Shared by the `unclip` program (which can read image folders) and the engine-only
// `unclip_train` program for the GPU machine (shapes world only).
#pragma once

#include <string>
#include <vector>

#include "core/training/training_data.h"

namespace unclip::cli {

extern const char* kTrainHelp;

// Parses the options after `train` and runs the stages; returns the exit status.
// Errors propagate as exceptions (the callers print them as one line).
int runTrain(const std::vector<std::string>& args, training::ImageReader reader);

}  // namespace unclip::cli
