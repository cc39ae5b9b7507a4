#include "core/weights/safetensors_header.h"

#include <algorithm>
#include <limits>
#include <sstream>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/weights/safetensors_dtype.h"

namespace unclip {
namespace {

using Json = nlohmann::ordered_json;  // keeps the header's order for tie-breaks

// A valid header nests three levels ({name: {shape: [...]}}); anything much deeper is
// garbage, and refusing it up front keeps the JSON parser's recursion bounded.
constexpr int kMaxJsonDepth = 16;
// LibTorch handles far fewer dimensions in practice; this only bounds hostile headers.
constexpr size_t kMaxRank = 64;

std::string shapeText(const std::vector<int64_t>& shape) {
    std::ostringstream os;
    os << "[";
    for (size_t i = 0; i < shape.size(); ++i) os << (i ? ", " : "") << shape[i];
    os << "]";
    return os.str();
}

std::string spanText(uint64_t begin, uint64_t end) {
    return std::to_string(begin) + ".." + std::to_string(end);
}

struct TensorContext {
    const std::string& where;
    const std::string& name;
    [[noreturn]] void fail(const std::string& problem) const {
        throw Error(where + ": tensor '" + name + "' " + problem);
    }
};

void checkNesting(const std::string& where, const char* text, size_t size) {
    int depth = 0;
    bool inString = false, escaped = false;
    for (size_t i = 0; i < size; ++i) {
        const char c = text[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > kMaxJsonDepth)
                throw Error(where +
                            ": the header is not valid safetensors JSON (nested more than " +
                            std::to_string(kMaxJsonDepth) + " levels deep); the file is corrupt");
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
}

Json parseJson(const std::string& where, const char* text, size_t size) {
    checkNesting(where, text, size);
    // A JSON object may legally repeat a key, but a header that names a tensor twice is
    // ambiguous (which span is right?), so top-level duplicates are refused.
    std::unordered_set<std::string> seen;
    std::string duplicate;
    auto onEvent = [&](int depth, Json::parse_event_t event, Json& parsed) {
        if (event == Json::parse_event_t::key && depth == 1 && parsed.is_string()) {
            const auto& key = parsed.get_ref<const std::string&>();
            if (!seen.insert(key).second && duplicate.empty()) duplicate = key;
        }
        return true;
    };
    Json json;
    try {
        json = Json::parse(text, text + size, onEvent);
    } catch (const Json::exception& e) {
        throw Error(where + ": the header is not valid JSON (" + e.what() +
                    "); the file is corrupt or not a safetensors file");
    }
    if (!json.is_object())
        throw Error(where + ": the header is JSON but not an object (got " + json.type_name() +
                    "); the file is not a safetensors file");
    if (!duplicate.empty())
        throw Error(where + ": the header names '" + duplicate + "' twice; the file is corrupt");
    return json;
}

std::map<std::string, std::string> readMetadata(const std::string& where, const Json& value) {
    if (!value.is_object())
        throw Error(where + ": '__metadata__' must be an object of strings, got " +
                    std::string(value.type_name()));
    std::map<std::string, std::string> metadata;
    for (const auto& [key, item] : value.items()) {
        if (!item.is_string())
            throw Error(where + ": '__metadata__' entry '" + key + "' must be a string, got " +
                        std::string(item.type_name()));
        metadata[key] = item.get<std::string>();
    }
    return metadata;
}

// A JSON value that must be a non-negative integer; `what` names it in the message.
uint64_t readCount(const TensorContext& ctx, const Json& value, const std::string& what) {
    if (!value.is_number_integer())
        ctx.fail("has " + what + " " + value.dump() + ", which is not an integer");
    if (!value.is_number_unsigned()) ctx.fail("has negative " + what + " " + value.dump());
    return value.get<uint64_t>();
}

SafetensorsTensorInfo readEntry(const TensorContext& ctx, const Json& entry, uint64_t dataBytes) {
    if (!entry.is_object()) ctx.fail("is described by " + entry.dump() + ", not an object");
    for (const char* field : {"dtype", "shape", "data_offsets"})
        if (!entry.contains(field)) ctx.fail("has no '" + std::string(field) + "' field");

    SafetensorsTensorInfo info;
    const Json& dtype = entry.at("dtype");
    if (!dtype.is_string()) ctx.fail("has dtype " + dtype.dump() + ", which is not a string");
    info.dtype = dtype.get<std::string>();
    const SafetensorsDtype* known = findSafetensorsDtype(info.dtype);
    if (!known) {
        const std::string kind =
            isKnownUnsupportedSafetensorsDtype(info.dtype)
                ? "has dtype " + info.dtype + ", which this build does not support"
                : "has unknown dtype '" + info.dtype + "'";
        ctx.fail(kind + " (supported: " + supportedSafetensorsDtypes() + ")");
    }

    const Json& shape = entry.at("shape");
    if (!shape.is_array()) ctx.fail("has shape " + shape.dump() + ", which is not a list");
    if (shape.size() > kMaxRank)
        ctx.fail("has " + std::to_string(shape.size()) + " dimensions (at most " +
                 std::to_string(kMaxRank) + " are supported)");
    // numel, and the product of max(dim, 1) as LibTorch's strides need, must fit in
    // int64 even when some dimension is 0; checked before multiplying so nothing wraps.
    const uint64_t limit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    uint64_t strideProduct = 1;
    bool empty = false;
    for (const auto& dim : shape) {
        const uint64_t d = readCount(ctx, dim, "dimension");
        if (d > limit) ctx.fail("has dimension " + std::to_string(d) + ", which is too large");
        info.shape.push_back(static_cast<int64_t>(d));
        if (d == 0) empty = true;
        const uint64_t factor = std::max<uint64_t>(d, 1);
        if (strideProduct > limit / factor)
            ctx.fail("has shape " + shapeText(info.shape) + "..., whose element count overflows");
        strideProduct *= factor;
    }
    const uint64_t numel = empty ? 0 : strideProduct;
    if (numel > limit / known->elementSize)
        ctx.fail("has shape " + shapeText(info.shape) + ", whose byte size overflows");
    const uint64_t needed = numel * known->elementSize;

    const Json& offsets = entry.at("data_offsets");
    if (!offsets.is_array() || offsets.size() != 2)
        ctx.fail("has data_offsets " + offsets.dump() + ", expected [begin, end]");
    info.begin = readCount(ctx, offsets[0], "data offset");
    info.end = readCount(ctx, offsets[1], "data offset");
    if (info.begin > info.end)
        ctx.fail("has data_offsets [" + std::to_string(info.begin) + ", " +
                 std::to_string(info.end) + "] that end before they begin");
    if (info.end > dataBytes)
        ctx.fail("spans bytes " + spanText(info.begin, info.end) +
                 " but the file's data section has " + std::to_string(dataBytes) +
                 " bytes (truncated download?)");
    if (info.end - info.begin != needed)
        ctx.fail("has dtype " + info.dtype + " and shape " + shapeText(info.shape) +
                 ", which needs " + std::to_string(needed) + " bytes, but its data_offsets " +
                 spanText(info.begin, info.end) + " span " + std::to_string(info.end - info.begin) +
                 " bytes");
    return info;
}

void checkNoOverlap(const std::string& where, const SafetensorsHeader& header) {
    const std::string* previous = nullptr;
    for (const auto& name : header.names) {
        const auto& info = header.infos.at(name);
        if (info.begin == info.end) continue;  // an empty tensor occupies no bytes
        if (previous) {
            const auto& prev = header.infos.at(*previous);
            if (info.begin < prev.end)
                throw Error(where + ": tensors '" + *previous + "' (bytes " +
                            spanText(prev.begin, prev.end) + ") and '" + name + "' (bytes " +
                            spanText(info.begin, info.end) + ") overlap; the file is corrupt");
        }
        // names are sorted by begin, so the span ending last so far is the one to test
        if (!previous || info.end > header.infos.at(*previous).end) previous = &name;
    }
}

}  // namespace

SafetensorsHeader parseSafetensorsHeader(const std::string& where, const char* text, size_t size,
                                         uint64_t dataBytes) {
    const Json json = parseJson(where, text, size);
    SafetensorsHeader header;
    for (const auto& [name, entry] : json.items()) {
        if (name == "__metadata__") {
            header.metadata = readMetadata(where, entry);
            continue;
        }
        header.infos.emplace(name, readEntry(TensorContext{where, name}, entry, dataBytes));
        header.names.push_back(name);
    }
    std::stable_sort(header.names.begin(), header.names.end(), [&](const auto& a, const auto& b) {
        return header.infos.at(a).begin < header.infos.at(b).begin;
    });
    checkNoOverlap(where, header);
    return header;
}

}  // namespace unclip
