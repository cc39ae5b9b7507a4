#include "core/tokenizer/spm_plugin_loader.h"

#include <dlfcn.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <vector>

#include "core/common/build_config.h"
#include "core/common/error.h"

namespace unclip {
namespace {

// AddressSanitizer refuses RTLD_DEEPBIND (it would bypass its interceptors); sanitizer
// builds open the plugin without it and may then meet trap 1 (see spm_plugin_loader.h).
#if defined(__SANITIZE_ADDRESS__)
constexpr int kDeepBind = 0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr int kDeepBind = 0;
#else
constexpr int kDeepBind = RTLD_DEEPBIND;
#endif
#else
constexpr int kDeepBind = RTLD_DEEPBIND;
#endif

std::vector<std::filesystem::path> candidatePaths() {
    namespace fs = std::filesystem;
    std::vector<fs::path> paths;
    if (const char* env = std::getenv("UNCLIP_SPM_PLUGIN"); env && *env) {
        const fs::path p(env);
        paths.push_back(fs::is_directory(p) ? p / spmPluginFileName() : p);
    }
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path dir = exe.parent_path();
        paths.push_back(
            (dir / UNCLIP_INSTALL_PLUGIN_RELDIR / spmPluginFileName()).lexically_normal());
        paths.push_back(dir / spmPluginFileName());
        paths.push_back((dir / ".." / "lib" / spmPluginFileName()).lexically_normal());
    }
    paths.push_back(fs::path(UNCLIP_BUILD_PLUGIN_DIR) / spmPluginFileName());
    return paths;
}

template <typename Fn>
void bind(void* handle, const char* name, Fn& fn, const std::filesystem::path& path) {
    fn = reinterpret_cast<Fn>(dlsym(handle, name));
    if (!fn)
        throw Error(path.string() + " is not a usable sentencepiece plugin: it lacks " + name +
                    "; rebuild the project so that the plugin matches the engine");
}

SpmPlugin openPlugin(const std::filesystem::path& path, void* handle) {
    using VersionFn = decltype(&unclip_spm_api_version);
    VersionFn version = nullptr;
    bind(handle, "unclip_spm_api_version", version, path);
    if (version() != UNCLIP_SPM_API_VERSION)
        throw Error(path.string() + " speaks plugin interface version " +
                    std::to_string(version()) + ", the engine needs " +
                    std::to_string(UNCLIP_SPM_API_VERSION) +
                    "; rebuild the project so that the plugin matches the engine");
    SpmPlugin p;
    p.path = path;
    bind(handle, "unclip_spm_last_error", p.lastError, path);
    bind(handle, "unclip_spm_load", p.load, path);
    bind(handle, "unclip_spm_free", p.free, path);
    bind(handle, "unclip_spm_free_buffer", p.freeBuffer, path);
    bind(handle, "unclip_spm_encode", p.encode, path);
    bind(handle, "unclip_spm_decode", p.decode, path);
    bind(handle, "unclip_spm_vocab_size", p.vocabSize, path);
    bind(handle, "unclip_spm_piece_to_id", p.pieceToId, path);
    bind(handle, "unclip_spm_id_to_piece", p.idToPiece, path);
    bind(handle, "unclip_spm_bos_id", p.bosId, path);
    bind(handle, "unclip_spm_eos_id", p.eosId, path);
    bind(handle, "unclip_spm_pad_id", p.padId, path);
    bind(handle, "unclip_spm_unk_id", p.unkId, path);
    bind(handle, "unclip_spm_train", p.train, path);
    return p;
}

SpmPlugin findAndOpen() {
    std::string looked, failures;
    for (const auto& path : candidatePaths()) {
        looked += "\n  " + path.string();
        if (!std::filesystem::exists(path)) continue;
        void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | kDeepBind);
        if (!handle) {
            const char* why = dlerror();
            failures += "\n  " + path.string() + ": " + (why ? why : "dlopen failed");
            continue;
        }
        try {
            return openPlugin(path, handle);  // kept open for the life of the process
        } catch (...) {
            dlclose(handle);
            throw;
        }
    }
    if (!failures.empty())
        throw Error(
            "the sentencepiece plugin was found but could not be loaded:" + failures +
            "\nReinstall libsentencepiece-dev (the plugin links libsentencepiece) and rebuild.");
    throw Error(std::string("sentencepiece support was not built: ") + spmPluginFileName() +
                " was not found. Looked in:" + looked +
                "\nTo get it, install libsentencepiece-dev (Debian/Ubuntu: apt-get install "
                "libsentencepiece-dev), rebuild with -DUNCLIP_WITH_SENTENCEPIECE=ON, or point "
                "UNCLIP_SPM_PLUGIN at an existing plugin file.");
}

}  // namespace

const char* spmPluginFileName() { return "unclip_spm_plugin.so"; }

std::string SpmPlugin::error(const std::string& doing) const {
    const char* message = lastError();
    return doing + ": " + (message && *message ? message : "unknown sentencepiece error");
}

const SpmPlugin& spmPlugin() {
    // Found once; a failure is not cached, so installing the plugin and retrying works.
    static std::mutex mutex;
    static std::unique_ptr<SpmPlugin> plugin;
    std::lock_guard<std::mutex> lock(mutex);
    if (!plugin) plugin = std::make_unique<SpmPlugin>(findAndOpen());
    return *plugin;
}

}  // namespace unclip
