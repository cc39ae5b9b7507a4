// `unclip eval`: measures a model on the shapes world (core/shapes/model_evaluation.h).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace unclip::cli {

extern const char* kEvalHelp;

// defaultModel is called when --model is absent. Returns the exit status.
int runEval(const std::vector<std::string>& args,
            const std::function<std::filesystem::path()>& defaultModel);

}  // namespace unclip::cli
