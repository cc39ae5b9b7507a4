// Byte-level BPE over a vocab.json + merges.txt pair, as HuggingFace tokenizers' BPE
// model with a ByteLevel pre-tokenizer and an end-of-word suffix (CLIP's "</w>").
//
//   ByteLevelBpe bpe(folder / "vocab.json", folder / "merges.txt", "</w>");
//   std::vector<int32_t> ids = bpe.encodeWord("photorealistic");   // {1153, 16157}
//   bpe.token(1153);                                                // "photo"
//
// A word's bytes map to printable characters (GPT-2's bytes_to_unicode), the suffix is
// appended to the last one, and pairs merge by rank (merges.txt line order) until none
// applies: always the lowest rank, the leftmost on ties. Results are cached per word.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace unclip {

// GPT-2's bytes_to_unicode: the printable character (as UTF-8) that stands for byte b.
const std::string& byteToSymbol(unsigned char b);
// The inverse, for decoding: the byte a symbol character stands for, if any.
std::optional<unsigned char> symbolToByte(char32_t symbol);

class ByteLevelBpe {
public:
    // Throws unclip::Error naming the file on a missing file, broken JSON, a malformed
    // merge line or a merge whose parts or result are not in the vocabulary.
    ByteLevelBpe(const std::filesystem::path& vocabJson, const std::filesystem::path& mergesTxt,
                 std::string endOfWordSuffix);

    // The ids of one pre-tokenized word, given as its raw (UTF-8) bytes.
    std::vector<int32_t> encodeWord(const std::string& word) const;

    std::optional<int32_t> id(const std::string& token) const;
    const std::string& token(int32_t id) const;  // "" for an id outside the vocabulary
    int64_t size() const { return static_cast<int64_t>(tokens_.size()); }
    const std::string& endOfWordSuffix() const { return suffix_; }

private:
    struct Merge {
        uint32_t rank;
        int32_t result;
    };
    static uint64_t pairKey(int32_t a, int32_t b) {
        return (uint64_t(uint32_t(a)) << 32) | uint32_t(b);
    }
    std::vector<int32_t> mergeWord(const std::string& word) const;

    std::string suffix_;
    std::unordered_map<std::string, int32_t> ids_;
    std::vector<std::string> tokens_;
    std::unordered_map<uint64_t, Merge> merges_;
    std::array<int32_t, 256> byteIds_{};        // symbol of each byte
    std::array<int32_t, 256> byteSuffixIds_{};  // symbol + suffix, for a word's last byte

    // Like HF's BPE cache: bounded, and only for words of reasonable length.
    static constexpr size_t kCacheCapacity = 10000;
    static constexpr size_t kMaxCachedWordLength = 256;
    mutable std::mutex cacheMutex_;
    mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
};

}  // namespace unclip
