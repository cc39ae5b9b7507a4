// A valid 1x1 RGB PNG built by hand for the metadata tests: the engine has no image
// encoder, so IDAT holds a zlib stream with one stored (uncompressed) deflate block.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/metadata/png_chunks.h"

namespace unclip::test {

inline void appendChunk(std::vector<uint8_t>& png, const std::string& type,
                        const std::vector<uint8_t>& data) {
    const auto chunk = makePngChunk(type, data);
    png.insert(png.end(), chunk.begin(), chunk.end());
}

inline std::vector<uint8_t> tinyPngSignatureAndIhdr() {
    std::vector<uint8_t> png = {137, 80, 78, 71, 13, 10, 26, 10};
    // Width 1, height 1, bit depth 8, colour type 2 (RGB), deflate, adaptive filter, no interlace.
    appendChunk(png, "IHDR", {0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0});
    return png;
}

inline std::vector<uint8_t> tinyPngIdat() {
    const std::vector<uint8_t> raw = {0, 200, 30, 40};  // filter byte "none", then one RGB pixel
    uint32_t a = 1, b = 0;                              // Adler-32 of the raw bytes
    for (const uint8_t byte : raw) {
        a = (a + byte) % 65521;
        b = (b + a) % 65521;
    }
    const uint32_t adler = (b << 16) | a;
    const auto n = static_cast<uint8_t>(raw.size());
    // zlib header, then a final stored block: BFINAL=1/BTYPE=00, LEN and ~LEN little-endian.
    // Appended byte by byte: GCC 12's -Warray-bounds misfires on vector::insert here.
    std::vector<uint8_t> z;
    for (const uint8_t b : {uint8_t{0x78}, uint8_t{0x01}, uint8_t{0x01}, n, uint8_t{0},
                            static_cast<uint8_t>(~n), uint8_t{0xFF}})
        z.push_back(b);
    for (const uint8_t b : raw) z.push_back(b);
    for (int shift = 24; shift >= 0; shift -= 8) z.push_back(static_cast<uint8_t>(adler >> shift));
    return z;
}

inline std::vector<uint8_t> tinyPng() {
    auto png = tinyPngSignatureAndIhdr();
    appendChunk(png, "IDAT", tinyPngIdat());
    appendChunk(png, "IEND", {});
    return png;
}

}  // namespace unclip::test
