#include "core/tokenizer/sentencepiece_tokenizer.h"

#include <sstream>

#include "core/common/error.h"
#include "core/tokenizer/spm_plugin_loader.h"
#include "core/tokenizer/tokenizer_config.h"

namespace unclip {

SentencePieceTokenizer::SentencePieceTokenizer(const std::filesystem::path& modelFile,
                                               std::optional<std::string> padToken)
    : plugin_(spmPlugin()) {
    if (!std::filesystem::is_regular_file(modelFile))
        throw Error("sentencepiece model " + modelFile.string() + " does not exist");
    model_ = plugin_.load(modelFile.c_str());
    if (!model_) throw Error(plugin_.error("cannot load " + modelFile.string()));
    bosId_ = plugin_.bosId(model_);
    eosId_ = plugin_.eosId(model_);
    unkId_ = plugin_.unkId(model_);
    vocabSize_ = plugin_.vocabSize(model_);
    padId_ = plugin_.padId(model_);
    // No pad in the model: the folder's pad token if the model knows it, else EOS, else unk.
    if (padId_ < 0 && padToken) {
        const int64_t id = pieceId(*padToken);
        if (id != unkId_ || piece(unkId_) == *padToken) padId_ = id;
    }
    if (padId_ < 0) padId_ = eosId_ >= 0 ? eosId_ : unkId_;
}

SentencePieceTokenizer::~SentencePieceTokenizer() {
    if (model_) plugin_.free(model_);
}

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::fromFolder(
    const std::filesystem::path& folder) {
    const auto model = folder / "spiece.model";
    if (!std::filesystem::is_regular_file(model))
        throw Error("tokenizer folder " + folder.string() +
                    " lacks spiece.model, which a SentencePiece tokenizer needs");
    return std::make_unique<SentencePieceTokenizer>(model, readTokenizerConfig(folder).padToken);
}

bool SentencePieceTokenizer::pluginAvailable() {
    try {
        spmPlugin();
        return true;
    } catch (const Error&) {
        return false;
    }
}

void SentencePieceTokenizer::train(const std::filesystem::path& corpusTxt,
                                   const std::filesystem::path& modelPrefix, int vocabSize,
                                   const SentencePieceTrainOptions& options) {
    const SpmPlugin& plugin = spmPlugin();
    if (!std::filesystem::is_regular_file(corpusTxt))
        throw Error("sentencepiece training corpus " + corpusTxt.string() + " does not exist");
    if (vocabSize <= 0)
        throw Error("sentencepiece training: vocabulary size must be positive, got " +
                    std::to_string(vocabSize));
    if (modelPrefix.has_parent_path())
        std::filesystem::create_directories(modelPrefix.parent_path());

    std::ostringstream flags;
    flags << "--vocab_size=" << vocabSize << " --model_type=" << options.modelType
          << " --character_coverage=" << options.characterCoverage << " --pad_id=" << options.padId
          << " --unk_id=" << options.unkId << " --bos_id=" << options.bosId
          << " --eos_id=" << options.eosId;
    if (options.quiet) flags << " --minloglevel=1";
    flags << " " << options.extraOptions;
    if (plugin.train(corpusTxt.c_str(), modelPrefix.c_str(), flags.str().c_str()) != 0)
        throw Error(plugin.error("training a sentencepiece model on " + corpusTxt.string()));
}

std::vector<int64_t> SentencePieceTokenizer::encode(const std::string& utf8) const {
    int64_t count = 0;
    int32_t* pieces = plugin_.encode(model_, utf8.data(), utf8.size(), &count);
    if (!pieces) throw Error(plugin_.error("sentencepiece encode"));
    std::vector<int64_t> ids;
    ids.reserve(static_cast<size_t>(count) + 2);
    if (bosId_ >= 0) ids.push_back(bosId_);
    ids.insert(ids.end(), pieces, pieces + count);
    plugin_.freeBuffer(pieces);
    if (eosId_ >= 0) ids.push_back(eosId_);
    return ids;
}

std::string SentencePieceTokenizer::decode(const std::vector<int64_t>& ids) const {
    std::vector<int32_t> pieces;
    pieces.reserve(ids.size());
    for (int64_t id : ids) {
        if (id == bosId_ || id == eosId_) continue;
        if (id < 0 || id >= vocabSize_)
            throw Error("sentencepiece decode: id " + std::to_string(id) +
                        " is outside the vocabulary (size " + std::to_string(vocabSize_) + ")");
        pieces.push_back(static_cast<int32_t>(id));
    }
    size_t length = 0;
    char* text =
        plugin_.decode(model_, pieces.data(), static_cast<int64_t>(pieces.size()), &length);
    if (!text) throw Error(plugin_.error("sentencepiece decode"));
    std::string out(text, length);
    plugin_.freeBuffer(text);
    return out;
}

std::string SentencePieceTokenizer::piece(int64_t id) const {
    char* text =
        id >= 0 && id < vocabSize_ ? plugin_.idToPiece(model_, static_cast<int32_t>(id)) : nullptr;
    if (!text)
        throw Error("sentencepiece: id " + std::to_string(id) +
                    " is outside the vocabulary (size " + std::to_string(vocabSize_) + ")");
    std::string out(text);
    plugin_.freeBuffer(text);
    return out;
}

int64_t SentencePieceTokenizer::pieceId(const std::string& piece) const {
    return plugin_.pieceToId(model_, piece.c_str());
}

}  // namespace unclip
