// unclip_train: the trainer alone, built with the engine (no OpenCV, no Qt), for machines
// such as the GPU one. It trains on the shapes world (`unclip train` can also read
// folders); `unclip_train eval ...` runs the evaluation there too.
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/eval_command.h"
#include "app/cli/train_command.h"
#include "core/common/error.h"
#include "core/runtime/runtime.h"

int main(int argc, char** argv) {
    unclip::restartWithRuntimeSettings(argv);
    unclip::keepFreedMemory();
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::cout << unclip::cli::kTrainHelp;
        return args.empty() ? 2 : 0;
    }
    try {
        // `unclip_train eval --model DIR ...` measures what was trained, on the same machine.
        if (args[0] == "eval")
            return unclip::cli::runEval(std::vector<std::string>(args.begin() + 1, args.end()), [] {
                throw unclip::Error("pass --model DIR");
                return std::filesystem::path();
            });
        return unclip::cli::runTrain(args, nullptr);
    } catch (const c10::Error& e) {
        std::string message = e.what_without_backtrace();
        std::cerr << "unclip_train: " << message.substr(0, message.find('\n')) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "unclip_train: " << e.what() << "\n";
    }
    return 1;
}
