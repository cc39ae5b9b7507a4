#include "core/tokenizer/clip_tokenizer.h"

#include <algorithm>

#include "core/common/error.h"
#include "core/tokenizer/clip_pretokenizer.h"
#include "core/tokenizer/tokenizer_config.h"
#include "core/tokenizer/unicode_text.h"

namespace unclip {

ClipTokenizer::ClipTokenizer(const std::filesystem::path& vocabJson,
                             const std::filesystem::path& mergesTxt, ClipTokenizerOptions options)
    : bpe_(vocabJson, mergesTxt, "</w>"), vocabPath_(vocabJson) {
    bosId_ = specialId(options.bosToken, std::nullopt, "bos_token");
    eosId_ = specialId(options.eosToken, std::nullopt, "eos_token");
    const int64_t unkId = specialId(options.unkToken, std::nullopt, "unk_token");
    padId_ = options.padToken ? specialId(*options.padToken, std::nullopt, "pad_token") : eosId_;

    // HF registers every special token as an added token, so each is recognised verbatim
    // in the text ("px!!" with Karlo's pad token "!" gives px, !, !).
    specials_ = {{options.bosToken, bosId_}, {options.eosToken, eosId_}, {options.unkToken, unkId}};
    if (options.padToken) specials_.push_back({*options.padToken, padId_});
    vocabSize_ = bpe_.size();
    for (const auto& added : options.addedTokens) {
        if (added.content.empty()) continue;
        const int64_t id = specialId(added.content, added.id, "added token");
        specials_.push_back({added.content, id});
        vocabSize_ = std::max(vocabSize_, id + 1);
    }
    // Longest first, so that the first match found at a position is the longest one.
    std::stable_sort(specials_.begin(), specials_.end(), [](const Special& a, const Special& b) {
        return a.content.size() > b.content.size();
    });
}

int64_t ClipTokenizer::specialId(const std::string& content, std::optional<int64_t> fallbackId,
                                 const char* role) const {
    if (content.empty())
        throw Error(std::string("CLIP tokenizer: the ") + role + " is empty; give its text");
    if (const auto id = bpe_.id(content)) return *id;
    if (fallbackId && *fallbackId >= 0) return *fallbackId;
    throw Error(std::string("CLIP tokenizer: the ") + role + " \"" + content + "\" is not in " +
                vocabPath_.string() + "; fix tokenizer_config.json or use the matching vocab.json");
}

std::unique_ptr<ClipTokenizer> ClipTokenizer::fromFolder(const std::filesystem::path& folder) {
    const auto vocab = folder / "vocab.json", merges = folder / "merges.txt";
    std::string missing;
    for (const auto& file : {vocab, merges})
        if (!std::filesystem::is_regular_file(file))
            missing += (missing.empty() ? "" : " and ") + file.filename().string();
    if (!missing.empty())
        throw Error("tokenizer folder " + folder.string() + " lacks " + missing +
                    ": a CLIP tokenizer needs vocab.json and merges.txt (copy the model's "
                    "tokenizer/ folder complete)");

    const TokenizerConfig config = readTokenizerConfig(folder);
    const std::string& cls = config.tokenizerClass;
    if (!cls.empty() && cls.rfind("CLIPTokenizer", 0) != 0)
        throw Error(config.source.string() + ": tokenizer_class \"" + cls +
                    "\" is not supported with vocab.json + merges.txt; the engine implements "
                    "CLIPTokenizer (byte-level BPE with </w> word ends)");

    ClipTokenizerOptions options;
    if (config.bosToken) options.bosToken = *config.bosToken;
    if (config.eosToken) options.eosToken = *config.eosToken;
    if (config.unkToken) options.unkToken = *config.unkToken;
    options.padToken = config.padToken;
    for (const auto& added : config.addedTokens)
        options.addedTokens.push_back({added.content, added.id});
    return std::make_unique<ClipTokenizer>(vocab, merges, std::move(options));
}

void ClipTokenizer::encodeText(const std::string& utf8, std::vector<int64_t>& ids) const {
    if (utf8.empty()) return;
    for (const std::string& word : clipPreTokenize(clipNormalize(unicode::decodeUtf8(utf8))))
        for (int32_t id : bpe_.encodeWord(word)) ids.push_back(id);
}

std::vector<int64_t> ClipTokenizer::encode(const std::string& utf8) const {
    // Invalid bytes become U+FFFD here once, so matching special tokens on bytes below is
    // matching on characters.
    const std::string text = unicode::encodeUtf8(unicode::decodeUtf8(utf8));
    std::vector<int64_t> ids{bosId_};
    size_t stretchStart = 0;
    for (size_t i = 0; i < text.size();) {
        const auto match = std::find_if(specials_.begin(), specials_.end(), [&](const Special& s) {
            return text.compare(i, s.content.size(), s.content) == 0;
        });
        if (match == specials_.end()) {
            ++i;
            continue;
        }
        encodeText(text.substr(stretchStart, i - stretchStart), ids);
        ids.push_back(match->id);
        i += match->content.size();
        stretchStart = i;
    }
    encodeText(text.substr(stretchStart), ids);
    ids.push_back(eosId_);
    return ids;
}

std::string ClipTokenizer::token(int64_t id) const {
    if (id >= 0 && id < bpe_.size()) return bpe_.token(static_cast<int32_t>(id));
    for (const auto& s : specials_)
        if (s.id == id) return s.content;
    return {};
}

std::vector<std::string> ClipTokenizer::tokens(const std::string& utf8) const {
    std::vector<std::string> out;
    for (int64_t id : encode(utf8)) out.push_back(token(id));
    return out;
}

std::string ClipTokenizer::decode(const std::vector<int64_t>& ids) const {
    // As transformers' CLIPTokenizer.convert_tokens_to_string: join the tokens, map the
    // byte symbols back to bytes, read them as UTF-8, turn "</w>" into spaces, trim.
    std::string bytes;
    for (int64_t id : ids) {
        if (id == bosId_ || id == eosId_) continue;
        for (char32_t c : unicode::decodeUtf8(token(id))) {
            if (const auto byte = symbolToByte(c))
                bytes.push_back(static_cast<char>(*byte));
            else
                unicode::appendUtf8(c, bytes);
        }
    }
    std::string text = unicode::encodeUtf8(unicode::decodeUtf8(bytes));
    for (size_t at = 0; (at = text.find("</w>", at)) != std::string::npos; ++at)
        text.replace(at, 4, " ");
    const size_t first = text.find_first_not_of(' '), last = text.find_last_not_of(' ');
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

}  // namespace unclip
