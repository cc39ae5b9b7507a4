#include "core/metadata/png_metadata.h"

#include <fstream>
#include <iterator>
#include <system_error>

#include "core/common/error.h"
#include "core/metadata/png_chunks.h"

namespace unclip {
namespace {

constexpr uintmax_t kMaxFileBytes = uintmax_t(1) << 30;
constexpr size_t kSignatureBytes = 8;

}  // namespace

std::vector<uint8_t> addMetadata(const std::vector<uint8_t>& png, const std::string& parametersText,
                                 const std::string& jsonText) {
    const std::vector<PngChunk> chunks = listPngChunks(png.data(), png.size());
    std::vector<uint8_t> added;
    if (!parametersText.empty()) {
        const auto chunk = makePngTextChunk(kParametersKeyword, parametersText);
        added.insert(added.end(), chunk.begin(), chunk.end());
    }
    if (!jsonText.empty()) {
        const auto chunk = makePngITXtChunk(kStudioMetadataKeyword, jsonText);
        added.insert(added.end(), chunk.begin(), chunk.end());
    }

    std::vector<uint8_t> out(png.begin(), png.begin() + kSignatureBytes);
    out.reserve(png.size() + added.size());
    for (const PngChunk& chunk : chunks) {
        const std::string keyword = pngTextKeyword(png.data(), chunk);
        if (keyword == kParametersKeyword || keyword == kStudioMetadataKeyword) continue;
        out.insert(out.end(), png.begin() + chunk.start, png.begin() + chunk.end());
        if (chunk.type == "IHDR") out.insert(out.end(), added.begin(), added.end());
    }
    return out;
}

PngMetadata readMetadata(const std::vector<uint8_t>& png) {
    PngTextScan scan = readPngTextChunks(png.data(), png.size());
    PngMetadata meta;
    meta.skipped = std::move(scan.skipped);
    for (PngTextEntry& entry : scan.entries) {
        if (entry.keyword == kParametersKeyword && !meta.parameters) meta.parameters = entry.text;
        if (entry.keyword == kStudioMetadataKeyword && !meta.json) meta.json = entry.text;
        meta.allText.emplace_back(std::move(entry.keyword), std::move(entry.text));
    }
    return meta;
}

PngMetadata readMetadataFromFile(const std::filesystem::path& path) {
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) throw Error("cannot read image metadata from " + path.string() + ": " + ec.message());
    if (size > kMaxFileBytes)
        throw Error("cannot read image metadata from " + path.string() +
                    ": the file is larger than 1 GiB");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open " + path.string() + " to read its image metadata");
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    if (in.bad()) throw Error("reading " + path.string() + " failed");
    try {
        return readMetadata(bytes);
    } catch (const Error& e) {
        throw Error(path.string() + ": " + e.what());
    }
}

}  // namespace unclip
