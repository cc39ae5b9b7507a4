#include "app/cli/model_locator.h"

#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "app/app_paths.h"
#include "core/common/error.h"

namespace unclip::cli {
namespace fs = std::filesystem;

namespace {

fs::path executableDir() {
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

}  // namespace

fs::path defaultModelFolder() {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("UNCLIP_MODEL"); env && *env) return env;
    const auto exeDir = executableDir();
    if (!exeDir.empty()) {
        candidates.push_back(exeDir / UNCLIP_INSTALL_DATA_RELDIR / "models" /
                             UNCLIP_BUILTIN_MODEL_NAME);
        candidates.push_back(exeDir / "models" / UNCLIP_BUILTIN_MODEL_NAME);
    }
    candidates.push_back(fs::path(UNCLIP_SOURCE_RESOURCES) / "models" / UNCLIP_BUILTIN_MODEL_NAME);
    for (const auto& c : candidates)
        if (fs::exists(c / "model_index.json")) return c.lexically_normal();
    throw Error(
        "no --model given and the built-in model was not found (looked in " +
        candidates.back().lexically_normal().string() +
        "); pass --model DIR with a model folder in the diffusers layout, or set UNCLIP_MODEL");
}

}  // namespace unclip::cli
