#include "core/metadata/png_chunks.h"

#include <array>
#include <cstring>
#include <sstream>

#include "core/common/error.h"
#include "core/metadata/text_encoding.h"

namespace unclip {
namespace {

constexpr uint8_t kSignature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
constexpr uint32_t kMaxChunkLength = 0x7FFFFFFF;  // the PNG spec's limit (2^31 - 1)
constexpr size_t kMaxKeywordLength = 79;

const std::array<uint32_t, 256>& crcTable() {
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t n = 0; n < 256; ++n) {
            uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    return table;
}

uint32_t readBe32(const uint8_t* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

void appendBe32(std::vector<uint8_t>& out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

bool isLetter(uint8_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// A chunk type for messages: printable as is, else in hex (a fuzzed type may be anything).
std::string describeType(const uint8_t* p) {
    std::ostringstream os;
    bool printable = true;
    for (int i = 0; i < 4; ++i) printable = printable && p[i] >= 0x20 && p[i] < 0x7F;
    if (printable) {
        os << '\'' << std::string(reinterpret_cast<const char*>(p), 4) << '\'';
    } else {
        os << "0x" << std::hex;
        for (int i = 0; i < 4; ++i) os << (p[i] >> 4) << (p[i] & 0xF);
    }
    return os.str();
}

void checkKeyword(const std::string& keyword) {
    if (keyword.empty() || keyword.size() > kMaxKeywordLength)
        throw Error("PNG text keyword '" + keyword + "' must be 1 to 79 characters long");
    for (size_t i = 0; i < keyword.size(); ++i) {
        const auto c = static_cast<unsigned char>(keyword[i]);
        if (c < 0x20 || c > 0x7E)
            throw Error("PNG text keyword '" + keyword +
                        "' may hold printable ASCII characters only");
        if (c == ' ' && (i == 0 || i + 1 == keyword.size() || keyword[i - 1] == ' '))
            throw Error("PNG text keyword '" + keyword +
                        "' may not start or end with a space or hold two spaces in a row");
    }
}

void checkText(const std::string& keyword, const std::string& text) {
    if (!isValidUtf8(text))
        throw Error("the text for PNG chunk '" + keyword + "' is not valid UTF-8");
    if (text.find('\0') != std::string::npos)
        throw Error("the text for PNG chunk '" + keyword +
                    "' holds a NUL character, which PNG text cannot");
}

std::vector<uint8_t> iTXtChunk(const std::string& keyword, const std::string& text) {
    std::vector<uint8_t> data(keyword.begin(), keyword.end());
    // NUL, compression flag 0, method 0, empty language tag, empty translated keyword.
    for (const uint8_t b : {0, 0, 0, 0, 0}) data.push_back(b);
    data.insert(data.end(), text.begin(), text.end());
    return makePngChunk("iTXt", data);
}

}  // namespace

uint32_t pngCrc32(const uint8_t* data, size_t size, uint32_t previous) {
    const auto& table = crcTable();
    uint32_t crc = ~previous;
    for (size_t i = 0; i < size; ++i) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

std::vector<PngChunk> listPngChunks(const uint8_t* png, size_t size) {
    if (size < sizeof(kSignature) || std::memcmp(png, kSignature, sizeof(kSignature)) != 0)
        throw Error("not a PNG: the data does not start with the PNG signature");
    std::vector<PngChunk> chunks;
    size_t pos = sizeof(kSignature);
    for (;;) {
        const std::string where = " at byte " + std::to_string(pos);
        // Subtractions only, never pos + n, so no huge length can wrap around.
        if (size - pos < 12)
            throw Error("truncated PNG: the data ends" + where + " before the IEND chunk");
        const uint32_t length = readBe32(png + pos);
        const uint8_t* type = png + pos + 4;
        if (!isLetter(type[0]) || !isLetter(type[1]) || !isLetter(type[2]) || !isLetter(type[3]))
            throw Error("corrupt PNG: chunk" + where + " has the invalid type " +
                        describeType(type));
        if (length > kMaxChunkLength)
            throw Error("corrupt PNG: chunk " + describeType(type) + where + " declares " +
                        std::to_string(length) + " bytes, more than PNG allows");
        if (length > size - pos - 12)
            throw Error("truncated PNG: chunk " + describeType(type) + where + " declares " +
                        std::to_string(length) + " bytes but only " +
                        std::to_string(size - pos - 12) + " remain");
        PngChunk chunk;
        chunk.type.assign(reinterpret_cast<const char*>(type), 4);
        chunk.start = pos;
        chunk.dataStart = pos + 8;
        chunk.length = length;
        chunk.crcOk =
            pngCrc32(type, 4 + size_t(length)) == readBe32(png + chunk.dataStart + length);
        const bool critical = (type[0] & 0x20) == 0;  // upper-case first letter
        if (!chunk.crcOk && critical)
            throw Error("corrupt PNG: CRC mismatch in critical chunk '" + chunk.type + "'" + where);
        if (chunks.empty() && (chunk.type != "IHDR" || length != 13))
            throw Error("corrupt PNG: the first chunk must be a 13-byte IHDR, not " +
                        std::to_string(length) + "-byte '" + chunk.type + "'");
        pos = chunk.end();
        chunks.push_back(std::move(chunk));
        if (chunks.back().type == "IEND") return chunks;
    }
}

std::vector<uint8_t> makePngChunk(const std::string& type, const std::vector<uint8_t>& data) {
    if (type.size() != 4) throw Error("PNG chunk type '" + type + "' must be 4 letters");
    for (const char c : type)
        if (!isLetter(static_cast<uint8_t>(c)))
            throw Error("PNG chunk type '" + type + "' must be 4 letters");
    if (data.size() > kMaxChunkLength)
        throw Error("PNG chunk '" + type + "' would hold " + std::to_string(data.size()) +
                    " bytes, more than PNG allows");
    std::vector<uint8_t> chunk;
    chunk.reserve(12 + data.size());
    appendBe32(chunk, static_cast<uint32_t>(data.size()));
    chunk.insert(chunk.end(), type.begin(), type.end());
    chunk.insert(chunk.end(), data.begin(), data.end());
    appendBe32(chunk, pngCrc32(chunk.data() + 4, 4 + data.size()));
    return chunk;
}

std::vector<uint8_t> makePngTextChunk(const std::string& keyword, const std::string& utf8Text) {
    checkKeyword(keyword);
    checkText(keyword, utf8Text);
    std::string latin1;
    if (!utf8ToLatin1(utf8Text, &latin1)) return iTXtChunk(keyword, utf8Text);
    std::vector<uint8_t> data(keyword.begin(), keyword.end());
    data.push_back(0);
    data.insert(data.end(), latin1.begin(), latin1.end());
    return makePngChunk("tEXt", data);
}

std::vector<uint8_t> makePngITXtChunk(const std::string& keyword, const std::string& utf8Text) {
    checkKeyword(keyword);
    checkText(keyword, utf8Text);
    return iTXtChunk(keyword, utf8Text);
}

std::string pngTextKeyword(const uint8_t* png, const PngChunk& chunk) {
    if (chunk.type != "tEXt" && chunk.type != "zTXt" && chunk.type != "iTXt") return {};
    const char* data = reinterpret_cast<const char*>(png + chunk.dataStart);
    const void* nul = std::memchr(data, 0, chunk.length);
    if (nul == nullptr) return {};
    return std::string(data, static_cast<const char*>(nul));
}

PngTextScan readPngTextChunks(const uint8_t* png, size_t size) {
    PngTextScan scan;
    for (const PngChunk& chunk : listPngChunks(png, size)) {
        if (chunk.type != "tEXt" && chunk.type != "zTXt" && chunk.type != "iTXt") continue;
        const std::string where = chunk.type + " chunk at byte " + std::to_string(chunk.start);
        if (!chunk.crcOk) {
            scan.skipped.push_back(where + ": CRC mismatch, skipped");
            continue;
        }
        const std::string keyword = pngTextKeyword(png, chunk);
        if (keyword.empty() || keyword.size() > kMaxKeywordLength) {
            scan.skipped.push_back(where + ": no valid keyword, skipped");
            continue;
        }
        const std::string named = where + " '" + latin1ToUtf8(keyword) + "'";
        // What follows the keyword's NUL; within the chunk because the NUL was found there.
        const char* rest =
            reinterpret_cast<const char*>(png + chunk.dataStart) + keyword.size() + 1;
        const size_t restSize = chunk.length - keyword.size() - 1;
        if (chunk.type == "zTXt") {
            scan.skipped.push_back(named + ": compressed, not read (no zlib here)");
            continue;
        }
        if (chunk.type == "tEXt") {
            std::string text(rest, restSize);
            if (!isValidUtf8(text)) text = latin1ToUtf8(text);
            scan.entries.push_back({chunk.type, latin1ToUtf8(keyword), std::move(text)});
            continue;
        }
        // iTXt: compression flag, method, language tag NUL, translated keyword NUL, text.
        if (restSize < 2) {
            scan.skipped.push_back(named + ": too short, skipped");
            continue;
        }
        if (rest[0] != 0) {
            scan.skipped.push_back(named + ": compressed, not read (no zlib here)");
            continue;
        }
        const char* end = rest + restSize;
        const char* p = rest + 2;
        bool wellFormed = true;
        for (int field = 0; field < 2 && wellFormed; ++field) {
            const void* nul = std::memchr(p, 0, static_cast<size_t>(end - p));
            wellFormed = nul != nullptr;
            if (wellFormed) p = static_cast<const char*>(nul) + 1;
        }
        if (!wellFormed) {
            scan.skipped.push_back(named +
                                   ": language or translated keyword not terminated, skipped");
            continue;
        }
        std::string text(p, end);
        if (!isValidUtf8(text)) {
            scan.skipped.push_back(named + ": text is not valid UTF-8, skipped");
            continue;
        }
        scan.entries.push_back({chunk.type, latin1ToUtf8(keyword), std::move(text)});
    }
    return scan;
}

}  // namespace unclip
