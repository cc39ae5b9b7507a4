// Text -> token ids for the text encoders: the common interface of the CLIP byte-level
// BPE tokenizer and the (plugin-backed) SentencePiece tokenizer.
//
//   auto tokenizer = unclip::loadTokenizer(modelDir / "tokenizer");
//   std::vector<int64_t> ids = tokenizer->encode("a red circle");  // BOS ... EOS, untruncated
//   unclip::TokenizedBatch batch = tokenizer->encodeBatch({"a red circle", ""});
//   // batch.ids [2, 77] int64 padded with padId(); batch.mask [2, 77] bool, true on BOS..EOS
//
// encodeBatch pads and truncates exactly as HuggingFace does with padding="max_length",
// truncation=True: an over-long prompt keeps BOS, its first maxLength - 2 tokens and EOS.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/types.h>

namespace unclip {

struct TokenizedBatch {
    torch::Tensor ids;   // [B, maxLength] int64
    torch::Tensor mask;  // [B, maxLength] bool: true for real tokens (BOS..EOS), false for padding
};

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // BOS + tokens + EOS, untruncated (BOS/EOS only where the tokenizer has them, i.e.
    // bosId()/eosId() >= 0). Any bytes are accepted: invalid UTF-8 reads as U+FFFD.
    virtual std::vector<int64_t> encode(const std::string& utf8) const = 0;
    // The text of ids, leaving out BOS and EOS. Padding is not recognised (the pad id
    // may be a real token, "!" for Karlo): cut it off with the mask first.
    virtual std::string decode(const std::vector<int64_t>& ids) const = 0;

    virtual int64_t padId() const = 0;
    virtual int64_t bosId() const = 0;  // -1: the tokenizer adds no BOS
    virtual int64_t eosId() const = 0;  // -1: the tokenizer adds no EOS
    virtual int64_t vocabSize() const = 0;

    // encode() of each text, truncated to maxLength (keeping the EOS) and padded.
    TokenizedBatch encodeBatch(const std::vector<std::string>& texts, int64_t maxLength = 77) const;
    // What encodeBatch does to one encode() result before padding.
    std::vector<int64_t> truncate(std::vector<int64_t> ids, int64_t maxLength) const;

    // tokenizer_config.json's model_max_length: the length the pipelines pad prompts to
    // (77 for CLIP), which may be shorter than the text encoder's position table.
    std::optional<int64_t> modelMaxLength() const { return modelMaxLength_; }
    void setModelMaxLength(std::optional<int64_t> length) { modelMaxLength_ = length; }

private:
    std::optional<int64_t> modelMaxLength_;
};

// Loads the tokenizer of a model folder (e.g. <model>/tokenizer), reading
// tokenizer_config.json when present: the CLIP BPE tokenizer when vocab.json and
// merges.txt exist, SentencePiece when spiece.model exists. Missing files or settings the
// engine does not support throw unclip::Error naming the folder and what was expected.
std::unique_ptr<Tokenizer> loadTokenizer(const std::filesystem::path& tokenizerFolder);

}  // namespace unclip
