// loadTokenizer (declared in tokenizer.h): picks the tokenizer a model folder holds.
#include <filesystem>

#include "core/common/error.h"
#include "core/tokenizer/clip_tokenizer.h"
#include "core/tokenizer/sentencepiece_tokenizer.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/tokenizer_config.h"

namespace unclip {

std::unique_ptr<Tokenizer> loadTokenizer(const std::filesystem::path& folder) {
    namespace fs = std::filesystem;
    if (!fs::is_directory(folder))
        throw Error("tokenizer folder " + folder.string() +
                    " does not exist; expected a folder with vocab.json + merges.txt (CLIP) or "
                    "spiece.model (SentencePiece)");
    std::unique_ptr<Tokenizer> tokenizer;
    // Either BPE file alone still means a CLIP folder, whose error names the other.
    if (fs::exists(folder / "vocab.json") || fs::exists(folder / "merges.txt"))
        tokenizer = ClipTokenizer::fromFolder(folder);
    else if (fs::exists(folder / "spiece.model"))
        tokenizer = SentencePieceTokenizer::fromFolder(folder);
    if (tokenizer) {
        tokenizer->setModelMaxLength(readTokenizerConfig(folder).modelMaxLength);
        return tokenizer;
    }
    throw Error("tokenizer folder " + folder.string() +
                " holds no tokenizer: expected vocab.json + merges.txt (CLIP byte-level BPE) or "
                "spiece.model (SentencePiece)");
}

}  // namespace unclip
