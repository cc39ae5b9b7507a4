// The metadata every saved image carries, as PNG text chunks written after IHDR:
//   `parameters`     AUTOMATIC1111's infotext (generation_parameters.h), uncompressed tEXt,
//                    or uncompressed iTXt when the text is not Latin-1, exactly as A1111
//                    (Pillow) writes it, so A1111, ComfyUI, InvokeAI and Fooocus read it;
//   `unclip-studio`  this app's full-fidelity JSON, uncompressed iTXt.
// Not Qt's QImage::setText: it compresses values of 40+ characters (zTXt), which ComfyUI
// skips (shared/reference/UX-ANCHORS.md section 2.3).
//
//   auto png = addMetadata(encodePng(image), params.format(), json.dump());
//   writeFileAtomic(path, png);
//   PngMetadata meta = readMetadataFromFile(path);   // no pixels decoded
//   if (meta.parameters) auto p = GenerationParameters::parse(*meta.parameters);
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace unclip {

inline constexpr char kParametersKeyword[] = "parameters";
inline constexpr char kStudioMetadataKeyword[] = "unclip-studio";

// Returns a copy of `png` with the two chunks inserted right after IHDR (before IDAT, where
// every reader sees them without decoding pixels). Existing chunks with either keyword are
// dropped so metadata is replaced, never duplicated; an empty string writes no chunk.
// Both texts are UTF-8 (an unclip::Error otherwise, or when `png` is damaged).
std::vector<uint8_t> addMetadata(const std::vector<uint8_t>& png, const std::string& parametersText,
                                 const std::string& jsonText);

struct PngMetadata {
    std::optional<std::string> parameters;  // the first `parameters` chunk
    std::optional<std::string> json;        // the first `unclip-studio` chunk
    std::vector<std::pair<std::string, std::string>>
        allText;                       // every readable text chunk, in order
    std::vector<std::string> skipped;  // text chunks not read and why (zTXt, bad CRC, ...)
};

// Reads the text chunks of PNG bytes; unclip::Error when they are not a whole PNG.
PngMetadata readMetadata(const std::vector<uint8_t>& png);

// The same from a file; errors name the path. Files over 1 GiB are refused unread.
PngMetadata readMetadataFromFile(const std::filesystem::path& path);

}  // namespace unclip
