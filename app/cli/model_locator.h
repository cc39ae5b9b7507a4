// Where the built-in model lives: beside the program when installed, in the source tree
// when run from a build folder.
#pragma once

#include <filesystem>

namespace unclip::cli {

// The built-in model's folder; an Error that says to pass --model when none is found.
std::filesystem::path defaultModelFolder();

}  // namespace unclip::cli
