// PNG chunk code and the image metadata chunks: CRCs, placement, encodings, round trips,
// and damaged input (which must give unclip::Error, never a crash or another exception).
#include <cstring>
#include <random>

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/metadata/png_chunks.h"
#include "core/metadata/png_metadata.h"
#include "harness.h"
#include "png_test_image.h"

using namespace unclip;
using unclip::test::appendChunk;
using unclip::test::tinyPng;

namespace {

std::vector<std::string> chunkTypes(const std::vector<uint8_t>& png) {
    std::vector<std::string> types;
    for (const auto& chunk : listPngChunks(png.data(), png.size())) types.push_back(chunk.type);
    return types;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += p + " ";
    return out;
}

const PngChunk& chunkNamed(const std::vector<PngChunk>& chunks, const std::string& type) {
    for (const auto& c : chunks)
        if (c.type == type) return c;
    throw std::runtime_error("no chunk " + type);
}

std::vector<uint8_t> bytesOf(const std::string& s) { return {s.begin(), s.end()}; }

// A tiny PNG with extra chunks spliced in before IDAT (or after it).
std::vector<uint8_t> pngWith(const std::vector<std::pair<std::string, std::vector<uint8_t>>>& extra,
                             bool afterIdat = false) {
    auto png = unclip::test::tinyPngSignatureAndIhdr();
    if (!afterIdat)
        for (const auto& [type, data] : extra) appendChunk(png, type, data);
    appendChunk(png, "IDAT", unclip::test::tinyPngIdat());
    if (afterIdat)
        for (const auto& [type, data] : extra) appendChunk(png, type, data);
    appendChunk(png, "IEND", {});
    return png;
}

const std::string kInfotext =
    "a red fox in the snow, studio light\nNegative prompt: blurry\n"
    "Steps: 25, Sampler: unCLIP DDPM, CFG scale: 8, Seed: 42, Size: 256x256, Model: shapes";

}  // namespace

UNCLIP_TEST(crc32_matches_known_values) {
    const std::string iend = "IEND", check = "123456789";
    UNCLIP_CHECK_EQ(pngCrc32(reinterpret_cast<const uint8_t*>(iend.data()), 4), 0xAE426082u);
    UNCLIP_CHECK_EQ(pngCrc32(reinterpret_cast<const uint8_t*>(check.data()), 9), 0xCBF43926u);
    // Chaining gives the CRC of the concatenation, as zlib's crc32() does.
    const auto* p = reinterpret_cast<const uint8_t*>(check.data());
    UNCLIP_CHECK_EQ(pngCrc32(p + 4, 5, pngCrc32(p, 4)), 0xCBF43926u);
    // The IEND chunk of every PNG ends in these bytes.
    const auto png = tinyPng();
    const std::vector<uint8_t> tail(png.end() - 8, png.end());
    UNCLIP_CHECK((tail == std::vector<uint8_t>{'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82}));
}

UNCLIP_TEST(hand_built_png_walks_cleanly) {
    const auto png = tinyPng();
    UNCLIP_CHECK_EQ(joined(chunkTypes(png)), std::string("IHDR IDAT IEND "));
    const auto meta = readMetadata(png);
    UNCLIP_CHECK(!meta.parameters && !meta.json && meta.allText.empty() && meta.skipped.empty());
}

UNCLIP_TEST(metadata_goes_after_ihdr_and_reads_back) {
    const auto png = tinyPng();
    const std::string json = R"({"seed":42,"prompt":"a red fox"})";
    const auto out = addMetadata(png, kInfotext, json);
    UNCLIP_CHECK_EQ(joined(chunkTypes(out)), std::string("IHDR tEXt iTXt IDAT IEND "));
    const auto meta = readMetadata(out);
    UNCLIP_CHECK(meta.parameters && *meta.parameters == kInfotext);
    UNCLIP_CHECK(meta.json && *meta.json == json);
    UNCLIP_CHECK_EQ(meta.allText.size(), size_t(2));
    UNCLIP_CHECK_EQ(meta.allText[0].first, std::string("parameters"));
    UNCLIP_CHECK_EQ(meta.allText[1].first, std::string("unclip-studio"));
    // Exactly the Pillow layout: keyword NUL text, no compression, newlines as they are.
    const auto chunks = listPngChunks(out.data(), out.size());
    const auto& text = chunkNamed(chunks, "tEXt");
    const std::string stored(out.begin() + text.dataStart,
                             out.begin() + text.dataStart + text.length);
    UNCLIP_CHECK(stored == std::string("parameters") + '\0' + kInfotext);
    const auto& itxt = chunkNamed(chunks, "iTXt");
    const std::string itxtStored(out.begin() + itxt.dataStart,
                                 out.begin() + itxt.dataStart + itxt.length);
    UNCLIP_CHECK(itxtStored == std::string("unclip-studio") + std::string(5, '\0') + json);
    // Pixels untouched: the IDAT and IEND bytes are copied as they were.
    UNCLIP_CHECK(std::equal(png.begin() + 33, png.end(), out.end() - (png.size() - 33)));
}

UNCLIP_TEST(non_latin1_parameters_become_uncompressed_itxt) {
    const std::string prompt =
        "雪の中の赤い狐 🦊\n2行目\nNegative prompt: \nSteps: 25, Seed: 1, Size: 64x64";
    const auto out = addMetadata(tinyPng(), prompt, "");
    UNCLIP_CHECK_EQ(joined(chunkTypes(out)), std::string("IHDR iTXt IDAT IEND "));
    const auto chunks = listPngChunks(out.data(), out.size());
    const auto& itxt = chunkNamed(chunks, "iTXt");
    UNCLIP_CHECK_EQ(int(out[itxt.dataStart + 11]), 0);  // compression flag, after "parameters\0"
    UNCLIP_CHECK(*readMetadata(out).parameters == prompt);
    UNCLIP_CHECK(!readMetadata(out).json);
}

UNCLIP_TEST(latin1_parameters_are_tEXt_in_latin1) {
    const std::string prompt = "caf\xC3\xA9 au lait";  // "café" in UTF-8
    const auto out = addMetadata(tinyPng(), prompt, "");
    const auto chunks = listPngChunks(out.data(), out.size());
    const auto& text = chunkNamed(chunks, "tEXt");
    UNCLIP_CHECK_EQ(text.length, uint32_t(11 + 12));  // one byte for é
    UNCLIP_CHECK_EQ(int(out[text.dataStart + 11 + 3]), 0xE9);
    UNCLIP_CHECK(*readMetadata(out).parameters == prompt);
}

UNCLIP_TEST(adding_twice_replaces_rather_than_duplicates) {
    const auto once = addMetadata(tinyPng(), "first\nNegative prompt: ", "{}");
    const auto twice = addMetadata(once, kInfotext, R"({"v":2})");
    UNCLIP_CHECK_EQ(joined(chunkTypes(twice)), std::string("IHDR tEXt iTXt IDAT IEND "));
    UNCLIP_CHECK(*readMetadata(twice).parameters == kInfotext);
    UNCLIP_CHECK(*readMetadata(twice).json == R"({"v":2})");
}

UNCLIP_TEST(reads_what_other_tools_write) {
    std::vector<uint8_t> sdcpp =
        bytesOf(std::string("parameters") + '\0' + "狐");  // raw UTF-8 in tEXt
    std::vector<uint8_t> latin1 = bytesOf(std::string("Comment") + '\0' + "caf\xE9");
    std::vector<uint8_t> ztxt = bytesOf(std::string("prompt") + '\0' + '\0' + "x\x9c");
    std::vector<uint8_t> compressedItxt =
        bytesOf(std::string("workflow") + '\0' + '\1' + '\0' + '\0' + '\0' + "x");
    std::vector<uint8_t> comfy = bytesOf(std::string("workflow") + '\0' + '\0' + '\0' + "en" +
                                         '\0' + "Arbeit" + '\0' + "{\"nodes\":[]}");
    const auto png =
        pngWith({{"tEXt", sdcpp}, {"tEXt", latin1}, {"zTXt", ztxt}, {"iTXt", compressedItxt}});
    const auto meta = readMetadata(png);
    UNCLIP_CHECK(*meta.parameters == "狐");
    UNCLIP_CHECK_EQ(meta.allText[1].second, std::string("caf\xC3\xA9"));
    UNCLIP_CHECK_EQ(meta.skipped.size(), size_t(2));
    UNCLIP_CHECK(meta.skipped[0].find("zTXt") != std::string::npos);
    UNCLIP_CHECK(meta.skipped[0].find("compressed") != std::string::npos);
    UNCLIP_CHECK(meta.skipped[1].find("'workflow': compressed") != std::string::npos);
    // Text after IDAT is read too (Qt's QImageReader::text() misses it).
    const auto after = readMetadata(pngWith({{"iTXt", comfy}}, true));
    UNCLIP_CHECK_EQ(after.allText.size(), size_t(1));
    UNCLIP_CHECK_EQ(after.allText[0].second, std::string("{\"nodes\":[]}"));
}

UNCLIP_TEST(text_chunk_with_bad_crc_is_skipped_with_a_note) {
    auto png = addMetadata(tinyPng(), kInfotext, "{}");
    const auto chunks = listPngChunks(png.data(), png.size());
    png[chunkNamed(chunks, "tEXt").dataStart + 3] ^= 0x01;
    const auto meta = readMetadata(png);
    UNCLIP_CHECK(!meta.parameters);
    UNCLIP_CHECK(meta.json && *meta.json == "{}");
    UNCLIP_CHECK(meta.skipped.size() == 1 &&
                 meta.skipped[0].find("CRC mismatch") != std::string::npos);
}

UNCLIP_TEST(damaged_pngs_give_errors_that_say_what_is_wrong) {
    const auto png = tinyPng();
    UNCLIP_CHECK_THROWS_WITH(readMetadata({}), "PNG signature");
    UNCLIP_CHECK_THROWS_WITH(readMetadata(bytesOf("GIF89a....")), "PNG signature");
    UNCLIP_CHECK_THROWS_WITH(readMetadata({png.begin(), png.end() - 12}), "before the IEND chunk");
    UNCLIP_CHECK_THROWS_WITH(readMetadata({png.begin(), png.begin() + 50}), "declares");
    auto badIhdr = png;
    badIhdr[20] ^= 0xFF;  // inside IHDR's data
    UNCLIP_CHECK_THROWS_WITH(readMetadata(badIhdr), "CRC mismatch in critical chunk 'IHDR'");
    auto huge = png;
    huge[8] = 0xFF;  // IHDR length 0xFF00000D
    UNCLIP_CHECK_THROWS_WITH(readMetadata(huge), "more than PNG allows");
    auto badType = png;
    badType[12] = '1';
    UNCLIP_CHECK_THROWS_WITH(readMetadata(badType), "invalid type");
    auto noIhdr = unclip::test::tinyPngSignatureAndIhdr();
    noIhdr.resize(8);
    appendChunk(noIhdr, "IEND", {});
    UNCLIP_CHECK_THROWS_WITH(readMetadata(noIhdr), "first chunk must be a 13-byte IHDR");
    UNCLIP_CHECK_THROWS_WITH(addMetadata({png.begin(), png.end() - 1}, kInfotext, ""),
                             "truncated PNG");
}

UNCLIP_TEST(bad_text_to_write_is_refused) {
    UNCLIP_CHECK_THROWS_WITH(addMetadata(tinyPng(), "bad \xFF utf8", ""), "not valid UTF-8");
    UNCLIP_CHECK_THROWS_WITH(addMetadata(tinyPng(), std::string("nul\0inside", 10), ""), "NUL");
    UNCLIP_CHECK_THROWS_WITH(makePngTextChunk("", "x"), "1 to 79");
    UNCLIP_CHECK_THROWS_WITH(makePngTextChunk(std::string(80, 'k'), "x"), "1 to 79");
    UNCLIP_CHECK_THROWS_WITH(makePngTextChunk(" lead", "x"), "space");
    UNCLIP_CHECK_THROWS_WITH(makePngTextChunk("tab\tkey", "x"), "printable ASCII");
}

UNCLIP_TEST(random_damage_only_ever_throws_unclip_error) {
    const auto good = addMetadata(tinyPng(), "雪\n" + kInfotext, R"({"seed":42})");
    std::mt19937 rng(1234);
    int errors = 0, readable = 0;
    for (int round = 0; round < 1000; ++round) {
        auto bytes = good;
        const int kind = round % 4;
        if (kind == 0 || kind == 3) {  // flip a few bytes
            const int flips = 1 + int(rng() % 4);
            for (int i = 0; i < flips; ++i)
                bytes[rng() % bytes.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
        }
        if (kind == 1 || kind == 3) bytes.resize(rng() % bytes.size());  // truncate
        if (kind == 2) {  // a wild length field, with the CRC no longer matching
            const size_t at = 8 + 12 + 13 + (rng() % 3) * 4;
            for (size_t i = 0; i < 4 && at + i < bytes.size(); ++i)
                bytes[at + i] = static_cast<uint8_t>(rng());
        }
        try {
            const auto meta = readMetadata(bytes);
            (void)addMetadata(bytes, "x", "{}");
            ++readable;
            (void)meta;
        } catch (const Error&) {
            ++errors;
        } catch (const std::exception& e) {
            UNCLIP_CHECK_MSG(false,
                             "round " << round << " threw a non-unclip exception: " << e.what());
        }
    }
    UNCLIP_CHECK(errors > 100);  // the damage was really seen
    UNCLIP_CHECK(readable > 0);  // and flips in ancillary chunks left the picture readable
}

UNCLIP_TEST(file_helper_reads_metadata_and_names_the_path) {
    const auto dir = unclip::test::tempDir();
    writeFileAtomic(dir / "image.png", addMetadata(tinyPng(), kInfotext, "{}"));
    const auto meta = readMetadataFromFile(dir / "image.png");
    UNCLIP_CHECK(meta.parameters && *meta.parameters == kInfotext);
    UNCLIP_CHECK_THROWS_WITH(readMetadataFromFile(dir / "missing.png"), "missing.png");
    writeFileAtomic(dir / "broken.png", bytesOf("not a png"));
    UNCLIP_CHECK_THROWS_WITH(readMetadataFromFile(dir / "broken.png"), "broken.png: not a PNG");
}
