// unclip: the command-line program. Everything lives in app/cli.
#include <string>
#include <vector>

#include "app/cli/cli.h"

int main(int argc, char** argv) {
    return unclip::cli::run(std::vector<std::string>(argv + 1, argv + argc));
}
