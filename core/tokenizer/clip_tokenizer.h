// The CLIP tokenizer (byte-level BPE with "</w>" word ends) from vocab.json +
// merges.txt, reproducing HuggingFace's CLIPTokenizerFast id for id.
//
//   auto clip = ClipTokenizer::fromFolder(modelDir / "tokenizer");
//   clip->encode("A red circle");   // {49406, 320, 736, 7117, 49407}
//   clip->tokens("A red circle");   // {"<|startoftext|>", "a</w>", "red</w>", "circle</w>",
//   "<|endoftext|>"}
//
// Steps, as HF runs them: special tokens written in the text (BOS, EOS, the pad token,
// other added tokens) are cut out first, verbatim and longest first; each stretch between
// them is normalised and split into words (clip_pretokenizer.h), and each word goes
// through the BPE (byte_level_bpe.h).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/tokenizer/byte_level_bpe.h"
#include "core/tokenizer/tokenizer.h"

namespace unclip {

struct ClipTokenizerOptions {
    std::string bosToken = "<|startoftext|>";
    std::string eosToken = "<|endoftext|>";
    std::string unkToken = "<|endoftext|>";
    // None: pad with the EOS id, as transformers' CLIPTokenizer does. Karlo's is "!" (id 0).
    std::optional<std::string> padToken;
    // More tokens to recognise verbatim in the text; id used when not in vocab.json.
    struct AddedToken {
        std::string content;
        std::optional<int64_t> id;
    };
    std::vector<AddedToken> addedTokens;
};

class ClipTokenizer : public Tokenizer {
public:
    // Throws unclip::Error on missing or malformed files and on special tokens that are
    // not in the vocabulary.
    ClipTokenizer(const std::filesystem::path& vocabJson, const std::filesystem::path& mergesTxt,
                  ClipTokenizerOptions options = {});
    // vocab.json + merges.txt of folder, special tokens from its tokenizer_config.json.
    static std::unique_ptr<ClipTokenizer> fromFolder(const std::filesystem::path& folder);

    std::vector<int64_t> encode(const std::string& utf8) const override;
    std::string decode(const std::vector<int64_t>& ids) const override;
    // The token strings of encode(utf8), BOS and EOS included (for tests and debugging).
    std::vector<std::string> tokens(const std::string& utf8) const;
    // The token string of an id ("" outside the vocabulary).
    std::string token(int64_t id) const;

    int64_t padId() const override { return padId_; }
    int64_t bosId() const override { return bosId_; }
    int64_t eosId() const override { return eosId_; }
    int64_t vocabSize() const override { return vocabSize_; }

private:
    struct Special {
        std::string content;
        int64_t id;
    };
    int64_t specialId(const std::string& content, std::optional<int64_t> fallbackId,
                      const char* role) const;
    // Adds the ids of a stretch of text without special tokens.
    void encodeText(const std::string& utf8, std::vector<int64_t>& ids) const;

    ByteLevelBpe bpe_;
    std::vector<Special> specials_;  // matched in the raw text
    int64_t bosId_, eosId_, padId_, vocabSize_;
    std::filesystem::path vocabPath_;
};

}  // namespace unclip
