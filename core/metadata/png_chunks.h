// PNG chunks in plain C++ (no libpng, no zlib): walking a PNG's chunks with every length
// and CRC checked, and building and reading the text chunks (tEXt, iTXt).
//
//   for (const PngChunk& c : listPngChunks(bytes.data(), bytes.size())) ...
//   std::vector<uint8_t> chunk = makePngTextChunk("parameters", infotext);
//   PngTextScan texts = readPngTextChunks(bytes.data(), bytes.size());
//
// Structural damage (no signature, a length past the end, no IEND, a bad CRC in a
// critical chunk) is an unclip::Error. A bad CRC in an ancillary chunk is not: libpng also
// just drops such chunks, so the picture stays readable; text readers skip them with a note.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace unclip {

// CRC-32 as PNG (and zlib) define it. Chains like zlib's crc32(): pass the previous result.
uint32_t pngCrc32(const uint8_t* data, size_t size, uint32_t previous = 0);

struct PngChunk {
    std::string type;  // four ASCII letters, e.g. "IHDR"
    size_t start = 0;  // offset of the chunk's length field
    size_t dataStart = 0;
    uint32_t length = 0;  // data bytes; the chunk ends at dataStart + length + 4 (the CRC)
    bool crcOk = true;
    size_t end() const { return dataStart + length + 4; }
};

// Every chunk from IHDR through IEND (bytes after IEND are ignored). Checks the signature,
// that IHDR comes first, that each chunk fits in the data, and the CRC of critical chunks.
std::vector<PngChunk> listPngChunks(const uint8_t* png, size_t size);

// A whole chunk (length, type, data, CRC) ready to splice into a PNG.
std::vector<uint8_t> makePngChunk(const std::string& type, const std::vector<uint8_t>& data);

// An uncompressed text chunk for a UTF-8 value, the way Pillow's PngInfo.add_text (and so
// AUTOMATIC1111) writes one: tEXt when every character is Latin-1, else iTXt with
// compression flag 0 and empty language and translated keyword. Newlines are kept as they
// are. The keyword must be 1-79 printable ASCII characters without leading, trailing or
// double spaces; the text must be valid UTF-8 without NUL characters.
std::vector<uint8_t> makePngTextChunk(const std::string& keyword, const std::string& utf8Text);
// The same, always as an uncompressed iTXt chunk (for JSON, which is UTF-8 by definition).
std::vector<uint8_t> makePngITXtChunk(const std::string& keyword, const std::string& utf8Text);

struct PngTextEntry {
    std::string chunkType;  // "tEXt" or "iTXt"
    std::string keyword;    // UTF-8
    std::string text;       // UTF-8
};

struct PngTextScan {
    std::vector<PngTextEntry> entries;  // in file order, before and after IDAT
    std::vector<std::string> skipped;   // one line per text chunk not read, saying why
};

// Reads every text chunk. tEXt is taken as UTF-8 when it is valid UTF-8 (stable-diffusion.cpp
// writes raw UTF-8 into tEXt) and as Latin-1 otherwise; uncompressed iTXt must be UTF-8.
// zTXt and compressed iTXt are skipped (no zlib here), as are malformed chunks and chunks
// whose CRC is wrong; each lands in `skipped`. Errors only for damage listPngChunks refuses.
PngTextScan readPngTextChunks(const uint8_t* png, size_t size);

// The keyword of a tEXt, zTXt or iTXt chunk as stored (Latin-1), or "" when the chunk has none.
std::string pngTextKeyword(const uint8_t* png, const PngChunk& chunk);

}  // namespace unclip
