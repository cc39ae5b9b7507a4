// The CLIP tokenizer against HuggingFace: the fixture's cases and the extra Unicode cases
// in data/clip_tokenizer_extra_cases.json must match id for id; plus the Unicode pieces
// (NFC, lowercasing, UTF-8 decoding) and the errors for broken tokenizer folders.
#include <atomic>
#include <fstream>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/config/json_config.h"
#include "core/tokenizer/byte_level_bpe.h"
#include "core/tokenizer/clip_tokenizer.h"
#include "core/tokenizer/unicode_text.h"
#include "harness.h"
#include "test_config.h"

namespace fs = std::filesystem;
using unclip::ClipTokenizer;

namespace {

fs::path fixtureTokenizerDir() { return unclip::test::fixtureDir() / "pipeline" / "tokenizer"; }

const ClipTokenizer& fixtureTokenizer() {
    static std::unique_ptr<ClipTokenizer> tokenizer;
    if (!tokenizer) {
        auto loaded = unclip::loadTokenizer(fixtureTokenizerDir());
        auto* clip = dynamic_cast<ClipTokenizer*>(loaded.get());
        UNCLIP_CHECK_MSG(clip != nullptr, "loadTokenizer did not pick the CLIP tokenizer");
        loaded.release();
        tokenizer.reset(clip);
    }
    return *tokenizer;
}

template <typename T>
std::string show(const std::vector<T>& values) {
    std::ostringstream os;
    os << "[";
    for (size_t i = 0; i < values.size(); ++i) os << (i ? ", " : "") << values[i];
    return os.str() + "]";
}

std::vector<int64_t> row(const torch::Tensor& t, int64_t b) {
    const auto r = t[b].to(torch::kInt64).contiguous();
    return {r.data_ptr<int64_t>(), r.data_ptr<int64_t>() + r.numel()};
}

void writeFile(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// A byte-level vocabulary with all 512 byte symbols, the merges given and the two CLIP
// special tokens, written to dir (no fixtures needed).
void writeTinyClipVocab(const fs::path& dir,
                        const std::vector<std::pair<std::string, std::string>>& merges) {
    nlohmann::json vocab = nlohmann::json::object();
    int64_t next = 0;
    for (int b = 0; b < 256; ++b)
        vocab[unclip::byteToSymbol(static_cast<unsigned char>(b))] = next++;
    for (int b = 0; b < 256; ++b)
        vocab[unclip::byteToSymbol(static_cast<unsigned char>(b)) + "</w>"] = next++;
    std::string mergesText = "#version: 0.2\n";
    for (const auto& [a, b] : merges) {
        if (!vocab.contains(a + b)) vocab[a + b] = next++;
        mergesText += a + " " + b + "\n";
    }
    vocab["<|startoftext|>"] = next++;
    vocab["<|endoftext|>"] = next++;
    writeFile(dir / "vocab.json", vocab.dump());
    writeFile(dir / "merges.txt", mergesText);
}

}  // namespace

UNCLIP_TEST(fixture_cases_are_exact) {
    const auto& clip = fixtureTokenizer();
    const auto cases =
        unclip::readJsonFile(unclip::test::fixtureDir() / "cases" / "tokenizer_cases.json");
    const auto maxLength = cases.at("max_length").get<int64_t>();
    std::vector<std::string> texts;
    for (const auto& c : cases.at("cases")) texts.push_back(c.at("text").get<std::string>());
    const auto batch = clip.encodeBatch(texts, maxLength);
    UNCLIP_CHECK(batch.ids.sizes() ==
                 torch::IntArrayRef({static_cast<int64_t>(texts.size()), maxLength}));
    UNCLIP_CHECK(batch.ids.scalar_type() == torch::kInt64 &&
                 batch.mask.scalar_type() == torch::kBool);

    size_t exact = 0;
    std::string failures;
    for (size_t i = 0; i < texts.size(); ++i) {
        const nlohmann::json c = cases.at("cases")[i];
        const auto ids = clip.encode(texts[i]);
        const auto tokens = clip.tokens(texts[i]);
        const bool idsOk = ids == c.at("ids").get<std::vector<int64_t>>();
        const bool tokensOk = tokens == c.at("tokens").get<std::vector<std::string>>();
        const bool paddedOk =
            row(batch.ids, static_cast<int64_t>(i)) == c.at("ids_77").get<std::vector<int64_t>>();
        const bool maskOk =
            row(batch.mask, static_cast<int64_t>(i)) == c.at("mask_77").get<std::vector<int64_t>>();
        if (idsOk && tokensOk && paddedOk && maskOk)
            ++exact;
        else
            failures += "\n  " + nlohmann::json(texts[i]).dump() +
                        (idsOk ? "" : " ids " + show(ids)) + (tokensOk ? "" : " tokens") +
                        (paddedOk ? "" : " ids_77") + (maskOk ? "" : " mask_77");
    }
    std::cout << "  fixture tokenizer cases exact: " << exact << "/" << texts.size() << "\n";
    UNCLIP_CHECK_MSG(exact == texts.size(), failures);
}

UNCLIP_TEST(extra_unicode_cases_match_huggingface) {
    const auto& clip = fixtureTokenizer();
    const auto data = unclip::readJsonFile(fs::path(UNCLIP_SOURCE_DIR) / "tests" / "engine" /
                                           "data" / "clip_tokenizer_extra_cases.json");
    size_t exact = 0;
    std::string failures;
    const nlohmann::json caseList = data.at("cases");
    for (const auto& c : caseList) {
        const auto text = c.at("text").get<std::string>();
        const auto expected = c.at("ids").get<std::vector<int64_t>>();
        const auto ids = clip.encode(text);
        if (ids == expected)
            ++exact;
        else
            failures += "\n  " + nlohmann::json(text).dump() + ": got " + show(ids) + ", HF " +
                        show(expected);
    }
    std::cout << "  extra (HF tokenizers) cases exact: " << exact << "/" << data.at("cases").size()
              << "\n";
    UNCLIP_CHECK_MSG(exact == data.at("cases").size(), failures);
}

UNCLIP_TEST(special_ids_and_padding_follow_the_folder) {
    const auto& clip = fixtureTokenizer();
    UNCLIP_CHECK_EQ(clip.bosId(), 49406);
    UNCLIP_CHECK_EQ(clip.eosId(), 49407);
    UNCLIP_CHECK_EQ(clip.padId(), 0);  // Karlo's pad_token "!"
    UNCLIP_CHECK_EQ(clip.vocabSize(), 49408);
    UNCLIP_CHECK_EQ(clip.token(49406), std::string("<|startoftext|>"));

    const auto batch = clip.encodeBatch({"", "a red circle"}, 8);
    UNCLIP_CHECK_EQ(show(row(batch.ids, 0)),
                    show(std::vector<int64_t>{49406, 49407, 0, 0, 0, 0, 0, 0}));
    UNCLIP_CHECK_EQ(show(row(batch.mask, 1)), show(std::vector<int64_t>{1, 1, 1, 1, 1, 0, 0, 0}));
    // Truncation keeps BOS, the first maxLength - 2 tokens and EOS.
    const auto cut = clip.encodeBatch({"one two three four five"}, 4);
    UNCLIP_CHECK_EQ(show(row(cut.ids, 0)), show(std::vector<int64_t>{49406, 637, 1237, 49407}));
    UNCLIP_CHECK_THROWS_WITH(clip.encodeBatch({"x"}, 1), "maxLength 1");
    UNCLIP_CHECK_THROWS_WITH(clip.truncate({49406, 49407}, -3), "maxLength -3");
    UNCLIP_CHECK_EQ(clip.encodeBatch({}, 77).ids.size(0), 0);
}

UNCLIP_TEST(decode_inverts_encode) {
    const auto& clip = fixtureTokenizer();
    UNCLIP_CHECK_EQ(clip.decode(clip.encode("A red circle, on a BLUE background!")),
                    std::string("a red circle , on a blue background !"));
    UNCLIP_CHECK_EQ(clip.decode(clip.encode("café 東京 👍🏽")),
                    std::string("café 東京 👍🏽"));
    UNCLIP_CHECK_EQ(clip.decode({}), std::string());
}

UNCLIP_TEST(nfc_composes_decomposed_text) {
    using unclip::unicode::nfc;
    UNCLIP_CHECK(nfc(U"e\u0301") == U"\u00e9");
    UNCLIP_CHECK(nfc(U"e\u0323\u0302") == U"\u1ec7");  // ệ, marks in either order
    UNCLIP_CHECK(nfc(U"e\u0302\u0323") == U"\u1ec7");
    UNCLIP_CHECK(nfc(U"a\u0301\u0301") == U"\u00e1\u0301");  // the second acute is blocked
    UNCLIP_CHECK(nfc(U"\u212b") == U"\u00c5");               // singleton: Angstrom -> Å
    UNCLIP_CHECK(nfc(U"\u0958") == U"\u0915\u093c");         // composition exclusion stays apart
    UNCLIP_CHECK(nfc(U"\u1100\u1161\u11a8") == U"\uac01");   // Hangul L V T -> 각
    UNCLIP_CHECK(nfc(U"\uac00\u11a8") == U"\uac01");
    UNCLIP_CHECK(nfc(U"\u0301e") == U"\u0301e");  // a leading mark has no starter
    // HF normalises with Unicode 9.0 data: a mark added later (U+1133B, Unicode 11) is a
    // starter, so the acute after it cannot reach the a.
    UNCLIP_CHECK(nfc(U"a\U0001133b\u0301") == U"a\U0001133b\u0301");
    UNCLIP_CHECK(nfc(U"a\U0001e94a\u0301") == U"\u00e1\U0001e94a");  // Adlam mark, Unicode 9.0
    UNCLIP_CHECK(unclip::unicode::nfd(U"\u1ec7") == U"e\u0323\u0302");

    const auto& clip = fixtureTokenizer();
    UNCLIP_CHECK_EQ(show(clip.encode("cafe\xcc\x81")), show(clip.encode("caf\xc3\xa9")));
    UNCLIP_CHECK_EQ(show(clip.encode("cafe\xcc\x81")),
                    show(std::vector<int64_t>{49406, 15304, 49407}));
}

UNCLIP_TEST(lowercasing_is_per_character) {
    using unclip::unicode::toLowerCase;
    UNCLIP_CHECK(toLowerCase(U"\u0130STANBUL") == U"i\u0307stanbul");  // İ -> i + dot above
    UNCLIP_CHECK(toLowerCase(U"\u03a3\u0391\u03a3") ==
                 U"\u03c3\u03b1\u03c3");  // no final-sigma rule
    UNCLIP_CHECK(toLowerCase(U"\u0100\u0102\u01c4\u01c5\u212a\U00010400") ==
                 U"\u0101\u0103\u01c6\u01c6k\U00010428");
    // HF tokenizers 0.23.2 gives these ids.
    const auto& clip = fixtureTokenizer();
    UNCLIP_CHECK_EQ(show(clip.encode("\xc4\xb0STANBUL")),
                    show(std::vector<int64_t>{49406, 328, 16384, 11231, 49407}));
}

UNCLIP_TEST(character_classes_match_the_regex) {
    using namespace unclip::unicode;
    UNCLIP_CHECK(isLetter(U'a') && isLetter(U'\u00e9') && isLetter(U'\u6771') &&
                 isLetter(U'\U0001d400'));
    UNCLIP_CHECK(!isLetter(U'1') && !isLetter(U'\u0301') && !isLetter(U'\U0001f431'));
    UNCLIP_CHECK(isNumber(U'7') && isNumber(U'\u00bd') && isNumber(U'\u216b') &&
                 isNumber(U'\u0663'));
    UNCLIP_CHECK(isWhiteSpace(U'\u3000') && isWhiteSpace(U'\u0085') && isWhiteSpace(U'\u00a0'));
    UNCLIP_CHECK(!isWhiteSpace(U'\u200b') && !isWhiteSpace(U'\u001c') && !isWhiteSpace(U'\ufeff'));
}

UNCLIP_TEST(invalid_utf8_reads_as_replacement_characters) {
    using unclip::unicode::decodeUtf8;
    UNCLIP_CHECK(decodeUtf8("\xc3\x28") == U"\ufffd(");
    UNCLIP_CHECK(decodeUtf8("\xe2\x82") == U"\ufffd");                            // truncated
    UNCLIP_CHECK(decodeUtf8("\xc0\xaf") == U"\ufffd\ufffd");                      // overlong
    UNCLIP_CHECK(decodeUtf8("\xed\xa0\x80") == U"\ufffd\ufffd\ufffd");            // surrogate
    UNCLIP_CHECK(decodeUtf8("\xf4\x90\x80\x80") == U"\ufffd\ufffd\ufffd\ufffd");  // > U+10FFFF
    UNCLIP_CHECK(decodeUtf8("a\xf0\x9f\x90\xb1z") == U"a\U0001f431z");
    UNCLIP_CHECK(decodeUtf8(std::string("a\0b", 3)) == std::u32string(U"a\0b", 3));

    const auto& clip = fixtureTokenizer();
    const auto ids = clip.encode("red \xff\xfe circle \xc3");
    UNCLIP_CHECK(ids.front() == clip.bosId() && ids.back() == clip.eosId());
    UNCLIP_CHECK_EQ(show(ids),
                    show(clip.encode("red \xef\xbf\xbd\xef\xbf\xbd circle \xef\xbf\xbd")));
    std::string everyByte;
    for (int b = 0; b < 256; ++b) everyByte.push_back(static_cast<char>(b));
    UNCLIP_CHECK(clip.encode(everyByte).size() > 2);
}

UNCLIP_TEST(long_words_and_threads_are_fine) {
    const auto& clip = fixtureTokenizer();
    UNCLIP_CHECK(clip.encode(std::string(200000, 'a')).size() > 1000);  // heap-based merging
    const auto expected = clip.encode("an astronaut riding a horse in photorealistic style");
    std::vector<std::thread> threads;
    std::atomic<int> mismatches{0};
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i)
                if (clip.encode("an astronaut riding a horse in photorealistic style") !=
                        expected ||
                    clip.encode("word" + std::to_string(i)).size() < 3)
                    ++mismatches;
        });
    for (auto& t : threads) t.join();
    UNCLIP_CHECK_EQ(mismatches.load(), 0);
}

UNCLIP_TEST(tiny_vocab_merges_by_rank_and_pads_with_eos) {
    const auto dir = unclip::test::tempDir();
    // "a b" has a worse rank than "b c", so "abc" merges b+c first; "a bc</w>" then joins.
    writeTinyClipVocab(dir, {{"b", "c</w>"}, {"a", "b"}, {"a", "bc</w>"}});
    const auto clip = ClipTokenizer::fromFolder(dir);  // no tokenizer_config.json
    UNCLIP_CHECK_EQ(clip->padId(), clip->eosId());     // no pad token: EOS, as HF's CLIP
    const auto tokens = clip->tokens("ABC ab abd");
    UNCLIP_CHECK_EQ(show(tokens),
                    show(std::vector<std::string>{"<|startoftext|>", "abc</w>", "a", "b</w>", "ab",
                                                  "d</w>", "<|endoftext|>"}));
}

UNCLIP_TEST(broken_folders_give_clear_errors) {
    const auto dir = unclip::test::tempDir();
    UNCLIP_CHECK_THROWS_WITH(unclip::loadTokenizer(dir / "absent"), "does not exist");
    UNCLIP_CHECK_THROWS_WITH(unclip::loadTokenizer(dir), "spiece.model");
    writeFile(dir / "merges.txt", "#version: 0.2\n");
    UNCLIP_CHECK_THROWS_WITH(unclip::loadTokenizer(dir), "lacks vocab.json");

    writeTinyClipVocab(dir, {{"a", "b"}});
    writeFile(dir / "merges.txt", "#version: 0.2\na b\nq zz\n");
    UNCLIP_CHECK_THROWS_WITH(unclip::loadTokenizer(dir), "merges.txt:3");
    writeFile(dir / "merges.txt", "#version: 0.2\nab\n");
    UNCLIP_CHECK_THROWS_WITH(unclip::loadTokenizer(dir), "two tokens");
    writeFile(dir / "merges.txt", "#version: 0.2\na b\n");
    writeFile(dir / "tokenizer_config.json", R"({"pad_token": "<pad>"})");
    UNCLIP_CHECK_THROWS_WITH(unclip::loadTokenizer(dir), "pad_token \"<pad>\"");
    writeFile(dir / "tokenizer_config.json", R"({"tokenizer_class": "GPT2Tokenizer"})");
    UNCLIP_CHECK_THROWS_WITH(unclip::loadTokenizer(dir), "GPT2Tokenizer");
    writeFile(dir / "tokenizer_config.json", R"({"pad_token": {"content": "!", "special": true}})");
    UNCLIP_CHECK_EQ(unclip::loadTokenizer(dir)->padId(), 33);  // "!", byte 33 in this vocabulary
    writeFile(dir / "tokenizer_config.json", "{broken");
    UNCLIP_CHECK_THROWS_WITH(unclip::loadTokenizer(dir), "tokenizer_config.json");
    writeFile(dir / "tokenizer_config.json", "{}");
    writeFile(dir / "vocab.json", "[1, 2]");
    UNCLIP_CHECK_THROWS_WITH(unclip::loadTokenizer(dir), "vocab.json");
}
