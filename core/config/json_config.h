// Reading diffusers / transformers config.json files into the engine's config structs.
//
// Each field is read with its documented default, and a value the engine does not
// implement is rejected with an error naming the file, the field and the value, so a
// model folder we cannot run fails at load time rather than drawing garbage.
//
//   auto json = readJsonFile(dir / "config.json");
//   JsonConfig cfg(json, dir / "config.json");
//   int layers = cfg.get<int>("num_layers", 20);
//   cfg.require("act_fn", std::string("silu"));           // only this value is supported
#pragma once

#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/error.h"

namespace unclip {

// Parses a JSON file; a missing file or broken JSON throws unclip::Error naming the file.
nlohmann::json readJsonFile(const std::filesystem::path& path);

class JsonConfig {
public:
    JsonConfig(nlohmann::json json, std::filesystem::path source)
        : json_(std::move(json)), source_(std::move(source)) {
        if (!json_.is_object()) throw Error(source_.string() + ": expected a JSON object");
    }

    bool has(const std::string& key) const {
        return json_.contains(key) && !json_.at(key).is_null();
    }

    // The value of key, or fallback when it is absent or null. A value of the wrong
    // type is an error naming the field.
    template <typename T>
    T get(const std::string& key, const T& fallback) const {
        if (!has(key)) return fallback;
        return getRequired<T>(key);
    }

    template <typename T>
    T getRequired(const std::string& key) const {
        if (!has(key)) throw Error(where(key) + " is missing");
        try {
            return json_.at(key).get<T>();
        } catch (const nlohmann::json::exception&) {
            throw Error(where(key) + " has value " + json_.at(key).dump() + " of the wrong type");
        }
    }

    template <typename T>
    std::optional<T> getOptional(const std::string& key) const {
        if (!has(key)) return std::nullopt;
        return getRequired<T>(key);
    }

    // Rejects any value of key other than the supported ones (absent/null is accepted
    // when allowAbsent, meaning the library default, which must be supported).
    template <typename T>
    void requireOneOf(const std::string& key, const std::vector<T>& supported,
                      bool allowAbsent = true) const {
        if (!has(key)) {
            if (allowAbsent) return;
            throw Error(where(key) + " is missing");
        }
        const T value = getRequired<T>(key);
        for (const auto& s : supported)
            if (s == value) return;
        std::ostringstream os;
        if (supported.empty()) {
            os << where(key) << " = " << json_.at(key).dump()
               << " is not supported by this engine (it must be absent or null)";
            throw Error(os.str());
        }
        os << where(key) << " = " << json_.at(key).dump() << " is not supported (supported: ";
        for (size_t i = 0; i < supported.size(); ++i)
            os << (i ? ", " : "") << nlohmann::json(supported[i]).dump();
        os << ")";
        throw Error(os.str());
    }

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw Error(where(key) + " " + problem);
    }

    const nlohmann::json& json() const { return json_; }
    const std::filesystem::path& source() const { return source_; }

private:
    std::string where(const std::string& key) const {
        return source_.string() + ": field '" + key + "'";
    }

    nlohmann::json json_;
    std::filesystem::path source_;
};

}  // namespace unclip
