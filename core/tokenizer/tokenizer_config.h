// The parts of a HuggingFace tokenizer_config.json that the engine's tokenizers use.
//
//   auto cfg = readTokenizerConfig(folder);      // defaults when the file is absent
//   if (cfg.padToken) ...                         // "!" for Karlo
//
// Special tokens may be written as strings or as AddedToken objects ({"content": ...});
// both read as their text.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace unclip {

struct TokenizerConfig {
    std::filesystem::path source;  // the file read, empty when there was none
    std::string tokenizerClass;    // "" when not given
    std::optional<std::string> bosToken, eosToken, unkToken, padToken;
    // additional_special_tokens and added_tokens_decoder (id given when known).
    struct AddedToken {
        std::string content;
        std::optional<int64_t> id;
    };
    std::vector<AddedToken> addedTokens;
    std::optional<int64_t> modelMaxLength;
};

// Reads folder/tokenizer_config.json; an absent file gives an empty config. Broken
// JSON or fields of the wrong type throw unclip::Error naming the file and field.
TokenizerConfig readTokenizerConfig(const std::filesystem::path& folder);

}  // namespace unclip
