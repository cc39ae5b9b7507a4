// Finds and loads unclip_spm_plugin (core/spm_plugin), the module that holds
// sentencepiece, and hands out its C functions. Internal to the tokenizers.
//
//   const SpmPlugin& plugin = spmPlugin();          // throws unclip::Error when absent
//   UnclipSpmModel* model = plugin.load(path.c_str());
//
// The module is opened once per process with RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND, so
// that sentencepiece's bundled protobuf binds to itself and not to LibTorch's
// (shared/reference/ENVIRONMENT.md, trap 1), and is never closed.
// Where it looks, in order: $UNCLIP_SPM_PLUGIN (the file, or a folder holding it), the
// installed layout's folder relative to the executable (UNCLIP_INSTALL_PLUGIN_RELDIR,
// ../lib/unclip-studio), beside the executable, ../lib from it (also the build tree's layout),
// and last the build's lib folder (UNCLIP_BUILD_PLUGIN_DIR), so that an installed program
// never picks up a plugin from the build it came from.
#pragma once

#include <filesystem>
#include <string>

#include "core/spm_plugin/spm_plugin_api.h"

namespace unclip {

struct SpmPlugin {
    std::filesystem::path path;
    decltype(&unclip_spm_last_error) lastError;
    decltype(&unclip_spm_load) load;
    decltype(&unclip_spm_free) free;
    decltype(&unclip_spm_free_buffer) freeBuffer;
    decltype(&unclip_spm_encode) encode;
    decltype(&unclip_spm_decode) decode;
    decltype(&unclip_spm_vocab_size) vocabSize;
    decltype(&unclip_spm_piece_to_id) pieceToId;
    decltype(&unclip_spm_id_to_piece) idToPiece;
    decltype(&unclip_spm_bos_id) bosId;
    decltype(&unclip_spm_eos_id) eosId;
    decltype(&unclip_spm_pad_id) padId;
    decltype(&unclip_spm_unk_id) unkId;
    decltype(&unclip_spm_train) train;

    // The plugin's last error on this thread, prefixed with what we were doing.
    std::string error(const std::string& doing) const;
};

// The loaded plugin; throws unclip::Error saying that sentencepiece support was not
// built, where it looked and how to get it.
const SpmPlugin& spmPlugin();

// The file name of the module ("unclip_spm_plugin.so").
const char* spmPluginFileName();

}  // namespace unclip
