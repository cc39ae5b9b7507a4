// SentencePiece tokenizers (spiece.model), through the isolated sentencepiece plugin.
//
//   SentencePieceTokenizer::train(corpus, dir / "spiece", 1000);     // writes spiece.model/.vocab
//   SentencePieceTokenizer spm(dir / "spiece.model");
//   auto ids = spm.encode("a small red circle");   // BOS + pieces + EOS (where the model has them)
//   spm.decode(ids);                               // "a small red circle"
//
// sentencepiece cannot be linked into a process that holds LibTorch (ENVIRONMENT.md,
// trap 1), so it lives in unclip_spm_plugin, opened on first use (spm_plugin_loader.h).
// When the plugin was not built, every entry point throws unclip::Error saying so and how
// to get it; pluginAvailable() asks without throwing.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/tokenizer/tokenizer.h"

struct UnclipSpmModel;

namespace unclip {

struct SpmPlugin;

struct SentencePieceTrainOptions {
    std::string modelType = "unigram";  // unigram, bpe, char or word
    double characterCoverage = 1.0;     // 0.9995 is usual for large CJK corpora
    // Special ids; -1 leaves one out. The defaults give the model all four, pad first.
    int padId = 0, unkId = 1, bosId = 2, eosId = 3;
    std::string extraOptions;  // more trainer flags, e.g. "--max_sentence_length=8192"
    bool quiet = true;         // keep sentencepiece's progress log off stderr
};

class SentencePieceTokenizer : public Tokenizer {
public:
    // padToken: the folder's pad token, used when the model defines no pad id.
    explicit SentencePieceTokenizer(const std::filesystem::path& modelFile,
                                    std::optional<std::string> padToken = std::nullopt);
    ~SentencePieceTokenizer() override;
    SentencePieceTokenizer(const SentencePieceTokenizer&) = delete;
    SentencePieceTokenizer& operator=(const SentencePieceTokenizer&) = delete;

    // folder/spiece.model, pad token from folder/tokenizer_config.json.
    static std::unique_ptr<SentencePieceTokenizer> fromFolder(const std::filesystem::path& folder);

    // Trains a model on a text file (one sentence a line): modelPrefix.model and .vocab.
    static void train(const std::filesystem::path& corpusTxt,
                      const std::filesystem::path& modelPrefix, int vocabSize,
                      const SentencePieceTrainOptions& options = {});

    // Whether the plugin can be loaded (never throws).
    static bool pluginAvailable();

    std::vector<int64_t> encode(const std::string& utf8) const override;
    std::string decode(const std::vector<int64_t>& ids) const override;
    std::string piece(int64_t id) const;              // throws for ids outside the vocabulary
    int64_t pieceId(const std::string& piece) const;  // the unk id when unknown

    int64_t padId() const override { return padId_; }
    int64_t bosId() const override { return bosId_; }
    int64_t eosId() const override { return eosId_; }
    int64_t unkId() const { return unkId_; }
    int64_t vocabSize() const override { return vocabSize_; }

private:
    const SpmPlugin& plugin_;
    UnclipSpmModel* model_ = nullptr;
    int64_t bosId_, eosId_, padId_, unkId_, vocabSize_;
};

}  // namespace unclip
