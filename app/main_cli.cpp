// unclip: the command-line program. Everything lives in app/cli.
#include <string>
#include <vector>

#include "app/cli/cli.h"
#include "core/runtime/runtime.h"

int main(int argc, char** argv) {
    unclip::restartWithPassiveOpenMpWait(argv);
    unclip::keepFreedMemory();
    return unclip::cli::run(std::vector<std::string>(argv + 1, argv + argc));
}
