#include "core/image/image_header.h"

#include <cstdlib>
#include <cstring>

namespace unclip {
namespace {

uint32_t be16(const uint8_t* p) { return (uint32_t(p[0]) << 8) | p[1]; }
uint32_t be32(const uint8_t* p) { return (be16(p) << 16) | be16(p + 2); }
uint32_t le16(const uint8_t* p) { return uint32_t(p[0]) | (uint32_t(p[1]) << 8); }
uint32_t le24(const uint8_t* p) { return le16(p) | (uint32_t(p[2]) << 16); }
uint32_t le32(const uint8_t* p) { return le24(p) | (uint32_t(p[3]) << 24); }

bool startsWith(const uint8_t* data, size_t size, const char* magic, size_t offset = 0) {
    const size_t n = std::strlen(magic);
    return size >= offset + n && std::memcmp(data + offset, magic, n) == 0;
}

// Signature, then the IHDR chunk: width and height big-endian at bytes 16 and 20.
std::optional<ImageDimensions> probePng(const uint8_t* data, size_t size) {
    if (size < 24 || !startsWith(data, size, "IHDR", 12)) return std::nullopt;
    return ImageDimensions{be32(data + 16), be32(data + 20)};
}

// Walk the marker segments up to the first start-of-frame, which holds the size.
std::optional<ImageDimensions> probeJpeg(const uint8_t* data, size_t size) {
    size_t pos = 2;
    while (pos + 4 <= size) {
        if (data[pos] != 0xFF) return std::nullopt;
        const uint8_t marker = data[pos + 1];
        if (marker == 0xFF) {  // fill byte
            ++pos;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {  // no length field
            pos += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA) return std::nullopt;  // end / scan before a frame
        const size_t length = be16(data + pos + 2);
        const bool startOfFrame =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (startOfFrame) {
            if (pos + 9 > size) return std::nullopt;
            return ImageDimensions{be16(data + pos + 7), be16(data + pos + 5)};
        }
        if (length < 2) return std::nullopt;
        pos += 2 + length;
    }
    return std::nullopt;
}

// BITMAPCOREHEADER (12 bytes) has 16-bit sizes; later headers signed 32-bit, negative
// height meaning top-down rows.
std::optional<ImageDimensions> probeBmp(const uint8_t* data, size_t size) {
    if (size < 26) return std::nullopt;
    if (le32(data + 14) == 12) return ImageDimensions{le16(data + 18), le16(data + 20)};
    const auto width = static_cast<int32_t>(le32(data + 18));
    const auto height = static_cast<int32_t>(le32(data + 22));
    return ImageDimensions{std::llabs(width), std::llabs(height)};
}

// RIFF container; the first chunk is lossy (VP8), lossless (VP8L) or extended (VP8X).
std::optional<ImageDimensions> probeWebp(const uint8_t* data, size_t size) {
    if (size < 30) return std::nullopt;
    if (startsWith(data, size, "VP8 ", 12) && data[23] == 0x9D && data[24] == 0x01 &&
        data[25] == 0x2A)
        return ImageDimensions{le16(data + 26) & 0x3FFF, le16(data + 28) & 0x3FFF};
    if (startsWith(data, size, "VP8L", 12) && data[20] == 0x2F) {
        const uint32_t bits = le32(data + 21);
        return ImageDimensions{(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
    }
    if (startsWith(data, size, "VP8X", 12))
        return ImageDimensions{le24(data + 24) + 1, le24(data + 27) + 1};
    return std::nullopt;
}

bool looksLikeJpeg(const uint8_t* data, size_t size) {
    return size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
}

}  // namespace

std::optional<ImageDimensions> probeImageDimensions(const uint8_t* data, size_t size) {
    if (startsWith(data, size, "\x89PNG\r\n\x1a\n")) return probePng(data, size);
    if (looksLikeJpeg(data, size)) return probeJpeg(data, size);
    if (startsWith(data, size, "BM")) return probeBmp(data, size);
    if (startsWith(data, size, "RIFF") && startsWith(data, size, "WEBP", 8))
        return probeWebp(data, size);
    return std::nullopt;
}

}  // namespace unclip
