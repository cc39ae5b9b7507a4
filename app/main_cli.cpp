// unclip: the command-line program. Everything lives in app/cli.
#include <set>
#include <string>
#include <vector>

#include "app/cli/cli.h"
#include "core/runtime/runtime.h"

int main(int argc, char** argv) {
    // Only the commands that run networks pay for the restart (help and info do not).
    static const std::set<std::string> computing = {"generate", "vary", "blend", "eval", "train"};
    if (argc > 1 && computing.count(argv[1])) unclip::restartWithRuntimeSettings(argv);
    unclip::keepFreedMemory();
    return unclip::cli::run(std::vector<std::string>(argv + 1, argv + argc));
}
