#include "core/tokenizer/tokenizer_config.h"

#include "core/config/json_config.h"

namespace unclip {
namespace {

// A special token: a string, an AddedToken object with "content", or null (none).
std::optional<std::string> tokenText(const nlohmann::json& value, const std::string& where) {
    if (value.is_null()) return std::nullopt;
    if (value.is_string()) return value.get<std::string>();
    if (value.is_object() && value.contains("content") && value.at("content").is_string())
        return value.at("content").get<std::string>();
    throw Error(where + " should be a string or an object with a \"content\" string, got " +
                value.dump());
}

}  // namespace

TokenizerConfig readTokenizerConfig(const std::filesystem::path& folder) {
    TokenizerConfig config;
    const auto path = folder / "tokenizer_config.json";
    if (!std::filesystem::exists(path)) return config;
    config.source = path;
    const JsonConfig json(readJsonFile(path), path);
    const auto field = [&](const std::string& key) {
        return path.string() + ": field '" + key + "'";
    };

    config.tokenizerClass = json.get<std::string>("tokenizer_class", "");
    const auto special = [&](const std::string& key) -> std::optional<std::string> {
        return json.has(key) ? tokenText(json.json().at(key), field(key)) : std::nullopt;
    };
    config.bosToken = special("bos_token");
    config.eosToken = special("eos_token");
    config.unkToken = special("unk_token");
    config.padToken = special("pad_token");
    // transformers writes a huge sentinel (1e30) for "no limit": keep only sane values.
    if (json.has("model_max_length") && json.json().at("model_max_length").is_number_integer()) {
        const auto v = json.json().at("model_max_length").get<int64_t>();
        if (v > 0 && v < (int64_t(1) << 31)) config.modelMaxLength = v;
    }

    if (json.has("additional_special_tokens")) {
        const nlohmann::json list = json.json().at("additional_special_tokens");
        if (!list.is_array()) json.fail("additional_special_tokens", "should be a list");
        for (const auto& item : list)
            if (auto text = tokenText(item, field("additional_special_tokens")))
                config.addedTokens.push_back({*text, std::nullopt});
    }
    if (json.has("added_tokens_decoder")) {
        const nlohmann::json map = json.json().at("added_tokens_decoder");
        if (!map.is_object())
            json.fail("added_tokens_decoder", "should be an object of id -> token");
        for (const auto& [key, item] : map.items()) {
            int64_t id = -1;
            try {
                size_t used = 0;
                id = std::stoll(key, &used);
                if (used != key.size()) id = -1;
            } catch (const std::exception&) {
                id = -1;
            }
            if (id < 0)
                json.fail("added_tokens_decoder", "has key '" + key + "', which is not a token id");
            if (auto text = tokenText(item, field("added_tokens_decoder")))
                config.addedTokens.push_back({*text, id});
        }
    }
    return config;
}

}  // namespace unclip
