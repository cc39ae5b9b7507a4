// The `unclip` command line: generate, vary, blend, info.
//
//   unclip generate --model DIR --prompt "a red circle" --count 2 --seed 42 --out out/
//
// Errors print as one line on stderr and give a non-zero exit status.
#pragma once

#include <string>
#include <vector>

namespace unclip::cli {

// Runs one subcommand; returns the process exit status (0 ok, 1 error, 2 usage).
int run(const std::vector<std::string>& args);

}  // namespace unclip::cli
