// SafetensorsFile / saveSafetensors: round trips of every dtype, and one test per kind of
// broken file, each asserting that the error names the problem (and never crashes).
#include "harness.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>

#include "core/common/error.h"
#include "core/weights/safetensors.h"

using unclip::SafetensorsFile;
using unclip::saveSafetensors;
namespace fs = std::filesystem;

namespace {

std::string readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string lengthPrefix(uint64_t n) {
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    return out;
}

// A file with this exact header text and `dataBytes` bytes of data (no padding added,
// so tests control every byte).
fs::path rawFile(const std::string& header, size_t dataBytes,
                 const std::string& name = "raw.safetensors") {
    const fs::path path = unclip::test::tempDir() / name;
    writeBytes(path, lengthPrefix(header.size()) + header + std::string(dataBytes, '\x01'));
    return path;
}

fs::path validFile() {
    const fs::path path = unclip::test::tempDir() / "model.safetensors";
    saveSafetensors(path,
                    {{"a", torch::arange(6, torch::kFloat32).reshape({2, 3})},
                     {"b", torch::arange(4, torch::kInt64)},
                     {"c", torch::ones({3}, torch::kFloat16)}},
                    {{"format", "pt"}});
    return path;
}

}  // namespace

UNCLIP_TEST(round_trip_every_dtype) {
    torch::manual_seed(0);
    const std::vector<std::pair<std::string, torch::Tensor>> tensors = {
        {"f64", torch::randn({2, 3}, torch::kFloat64)},
        {"f32", torch::randn({4}, torch::kFloat32)},
        {"f16", torch::randn({3, 1}).to(torch::kFloat16)},
        {"bf16", torch::randn({5}).to(torch::kBFloat16)},
        {"i64", torch::tensor({-(int64_t(1) << 40), int64_t(7)}, torch::kInt64)},
        {"i32", torch::tensor({-5, 1 << 30}, torch::kInt32)},
        {"i16", torch::tensor({-300, 300}, torch::kInt16)},
        {"i8", torch::tensor({-128, 127}, torch::kInt8)},
        {"u8", torch::tensor({0, 255}, torch::kUInt8)},
        {"bool", torch::tensor({true, false, true})},
        {"scalar", torch::tensor(3.5)},
        {"empty", torch::zeros({0, 3})},
    };
    const fs::path path = unclip::test::tempDir() / "all.safetensors";
    saveSafetensors(path, tensors, {{"format", "pt"}, {"note", "héllo"}});

    auto file = SafetensorsFile::open(path);
    UNCLIP_CHECK_EQ(file->tensorNames().size(), tensors.size());
    for (const auto& [name, expected] : tensors) {
        UNCLIP_CHECK_MSG(file->contains(name), name);
        const torch::Tensor got = file->tensor(name);
        UNCLIP_CHECK_MSG(got.scalar_type() == expected.scalar_type(), name);
        UNCLIP_CHECK_MSG(got.sizes() == expected.sizes(), name);
        UNCLIP_CHECK_MSG(torch::equal(got, expected), name);
    }
    UNCLIP_CHECK_EQ(file->info("bf16").dtype, std::string("BF16"));
    UNCLIP_CHECK_EQ(file->info("bool").dtype, std::string("BOOL"));
    UNCLIP_CHECK(file->info("scalar").shape.empty());
    UNCLIP_CHECK_EQ(file->metadata().size(), size_t(2));
    UNCLIP_CHECK_EQ(file->metadata().at("note"), std::string("héllo"));
}

UNCLIP_TEST(half_and_bfloat16_convert_to_float32) {
    const auto values = torch::tensor({0.5f, -2.0f, 1024.0f, 0.0f});
    const fs::path path = unclip::test::tempDir() / "half.safetensors";
    saveSafetensors(path, {{"h", values.to(torch::kFloat16)}, {"b", values.to(torch::kBFloat16)}});
    auto file = SafetensorsFile::open(path);
    for (const char* name : {"h", "b"}) {
        const torch::Tensor got = file->tensor(name, torch::kFloat32);
        UNCLIP_CHECK(got.scalar_type() == torch::kFloat32);
        UNCLIP_CHECK_MSG(torch::equal(got, values), name);
    }
    // and back the other way: float32 stored, half requested
    const torch::Tensor half = file->tensor("h", torch::kFloat16);
    UNCLIP_CHECK(half.scalar_type() == torch::kFloat16);
}

UNCLIP_TEST(writer_pads_header_to_8_and_aligns_wide_tensors_first) {
    const fs::path path = unclip::test::tempDir() / "order.safetensors";
    saveSafetensors(path, {{"byte", torch::ones({3}, torch::kUInt8)},
                           {"z", torch::ones({2})},
                           {"a", torch::ones({1})},
                           {"wide", torch::ones({1}, torch::kFloat64)}});
    const std::string bytes = readBytes(path);
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<uint8_t>(bytes[i]);
    UNCLIP_CHECK_EQ(n % 8, uint64_t(0));
    auto file = SafetensorsFile::open(path);
    const std::vector<std::string> expected = {"wide", "z", "a",
                                               "byte"};  // same width keeps input order
    UNCLIP_CHECK(file->tensorNames() == expected);
    for (const auto& name : file->tensorNames()) {
        const auto& info = file->info(name);
        const size_t width = name == "wide" ? 8 : name == "byte" ? 1 : 4;
        UNCLIP_CHECK_MSG((8 + n + info.begin) % width == 0, name);
    }
}

UNCLIP_TEST(reads_unaligned_data) {
    // The data section starts 5 bytes past an 8-byte boundary, so the F64 is misaligned.
    std::string header = R"({"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}})";
    while ((8 + header.size()) % 8 != 5) header += ' ';
    const double value = 1.0 / 3.0;
    std::string data(8, '\0');
    std::memcpy(data.data(), &value, 8);
    const fs::path path = unclip::test::tempDir() / "unaligned.safetensors";
    writeBytes(path, lengthPrefix(header.size()) + header + data);
    auto file = SafetensorsFile::open(path);
    UNCLIP_CHECK_EQ(file->tensor("x").item<double>(), value);
}

UNCLIP_TEST(tensor_outlives_file) {
    torch::Tensor t;
    {
        auto file = SafetensorsFile::open(validFile());
        t = file->tensor("a");
    }
    UNCLIP_CHECK_EQ(t.sum().item<float>(), 15.0f);
}

UNCLIP_TEST(non_contiguous_and_grad_tensors_save_their_values) {
    auto base = torch::arange(6, torch::kFloat32).reshape({2, 3});
    auto grad = torch::ones({2}, torch::requires_grad());
    const fs::path path = unclip::test::tempDir() / "t.safetensors";
    saveSafetensors(path, {{"t", base.t()}, {"g", grad}});
    auto file = SafetensorsFile::open(path);
    UNCLIP_CHECK(torch::equal(file->tensor("t"), base.t()));
    UNCLIP_CHECK(torch::equal(file->tensor("g"), torch::ones({2})));
}

UNCLIP_TEST(bool_bytes_other_than_0_and_1_read_as_true) {
    const fs::path path = rawFile(R"({"m":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}})", 2);
    std::string bytes = readBytes(path);
    bytes[bytes.size() - 1] = 7;
    writeBytes(path, bytes);
    auto reread = SafetensorsFile::open(path);
    UNCLIP_CHECK(torch::equal(reread->tensor("m"), torch::tensor({true, true})));
}

UNCLIP_TEST(save_overwrites_and_leaves_no_temp_file) {
    const fs::path dir = unclip::test::tempDir();
    saveSafetensors(dir / "w.safetensors", {{"x", torch::zeros({2})}});
    saveSafetensors(dir / "w.safetensors", {{"x", torch::ones({2})}});
    UNCLIP_CHECK(
        torch::equal(SafetensorsFile::open(dir / "w.safetensors")->tensor("x"), torch::ones({2})));
    size_t entries = 0;
    for (const auto& entry : fs::directory_iterator(dir))
        entries += entry.is_regular_file() ? 1 : 0;
    UNCLIP_CHECK_EQ(entries, size_t(1));
}

UNCLIP_TEST(save_rejects_bad_input) {
    const fs::path dir = unclip::test::tempDir();
    UNCLIP_CHECK_THROWS_WITH(
        saveSafetensors(dir / "d.safetensors", {{"x", torch::ones(1)}, {"x", torch::ones(1)}}),
        "tensor 'x' is given twice");
    UNCLIP_CHECK_THROWS_WITH(saveSafetensors(dir / "u.safetensors", {{"x", torch::Tensor()}}),
                             "undefined");
    UNCLIP_CHECK_THROWS_WITH(
        saveSafetensors(dir / "c.safetensors", {{"x", torch::ones(1, torch::kComplexFloat)}}),
        "cannot hold");
    UNCLIP_CHECK_THROWS_WITH(
        saveSafetensors(dir / "m.safetensors", {{"__metadata__", torch::ones(1)}}), "reserved");
    UNCLIP_CHECK_THROWS_WITH(
        saveSafetensors(dir / "nope" / "x.safetensors", {{"x", torch::ones(1)}}), "does not exist");
    UNCLIP_CHECK(!fs::exists(dir / "d.safetensors"));
}

UNCLIP_TEST(unknown_tensor_name_is_an_error) {
    auto file = SafetensorsFile::open(validFile());
    UNCLIP_CHECK_THROWS_WITH(file->tensor("nope"), "has no tensor named 'nope'");
    UNCLIP_CHECK_THROWS_WITH(file->info("nope"), "model.safetensors");
}

// ---- broken files: each names the file and the problem ----

UNCLIP_TEST(missing_file) {
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(unclip::test::tempDir() / "absent.safetensors"),
                             "cannot open");
}

UNCLIP_TEST(directory_is_not_a_file) {
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(unclip::test::tempDir()), "not a regular file");
}

UNCLIP_TEST(empty_file) {
    const fs::path path = unclip::test::tempDir() / "empty.safetensors";
    writeBytes(path, "");
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path), "empty.safetensors is empty (0 bytes)");
}

UNCLIP_TEST(file_shorter_than_8_bytes) {
    const fs::path path = unclip::test::tempDir() / "short.safetensors";
    writeBytes(path, std::string("\x10\0\0\0\0", 5));
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path),
                             "is 5 bytes long, shorter than the 8-byte header length");
}

UNCLIP_TEST(header_length_past_end_of_file) {
    const fs::path path = unclip::test::tempDir() / "long.safetensors";
    writeBytes(path, lengthPrefix(1000) + "{}");
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path),
                             "header length 1000 points past the end of the file (10 bytes)");
    writeBytes(path, lengthPrefix(~uint64_t(0)) + "{}");
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path), "points past the end of the file");
}

UNCLIP_TEST(truncated_data_section) {
    const fs::path path = validFile();
    std::string bytes = readBytes(path);
    bytes.resize(bytes.size() - 4);  // cut the last tensor (c, 3 x F16 = 6 bytes)
    writeBytes(path, bytes);
    UNCLIP_CHECK_THROWS_WITH(
        SafetensorsFile::open(path),
        "model.safetensors: tensor 'c' spans bytes 56..62 but the file's data section "
        "has 58 bytes (truncated download?)");
}

UNCLIP_TEST(overlapping_spans) {
    const fs::path path = rawFile(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                                  R"("b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})",
                                  24);
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path),
                             "tensors 'a' (bytes 0..16) and 'b' (bytes 8..24) overlap");
}

UNCLIP_TEST(span_inside_another_span_overlaps) {
    const fs::path path = rawFile(R"({"big":{"dtype":"U8","shape":[32],"data_offsets":[0,32]},)"
                                  R"("x":{"dtype":"U8","shape":[4],"data_offsets":[4,8]},)"
                                  R"("y":{"dtype":"U8","shape":[4],"data_offsets":[20,24]}})",
                                  32);
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path), "overlap");
}

UNCLIP_TEST(broken_json_header) {
    const fs::path path =
        rawFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]})", 4);  // no closing }
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path),
                             "raw.safetensors: the header is not valid JSON");
}

UNCLIP_TEST(header_that_is_not_an_object) {
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(rawFile("[1, 2]", 0)), "not an object");
}

UNCLIP_TEST(deeply_nested_header) {
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(rawFile(std::string(5000, '['), 0)),
                             "nested more than");
}

UNCLIP_TEST(duplicate_tensor_name) {
    const fs::path path = rawFile(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},)"
                                  R"("a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})",
                                  2);
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path), "names 'a' twice");
}

UNCLIP_TEST(shape_times_element_size_differs_from_span) {
    const fs::path path =
        rawFile(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})", 20);
    UNCLIP_CHECK_THROWS_WITH(
        SafetensorsFile::open(path),
        "tensor 'w' has dtype F32 and shape [2, 3], which needs 24 bytes, but its "
        "data_offsets 0..20 span 20 bytes");
}

UNCLIP_TEST(shape_whose_size_overflows) {
    const fs::path path = rawFile(
        R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,0]}})", 0);
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path), "overflows");
    const fs::path bytesOverflow =
        rawFile(R"({"w":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,0]}})", 0);
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(bytesOverflow), "overflows");
}

UNCLIP_TEST(unknown_dtype) {
    const fs::path path = rawFile(R"({"w":{"dtype":"F17","shape":[1],"data_offsets":[0,4]}})", 4);
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path),
                             "tensor 'w' has unknown dtype 'F17' (supported: F64");
}

UNCLIP_TEST(known_but_unsupported_dtype) {
    const fs::path path = rawFile(R"({"w":{"dtype":"U16","shape":[1],"data_offsets":[0,2]}})", 2);
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path),
                             "dtype U16, which this build does not support");
}

UNCLIP_TEST(negative_dimension) {
    const fs::path path = rawFile(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4);
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path), "has negative dimension -1");
}

UNCLIP_TEST(fractional_dimension) {
    const fs::path path = rawFile(R"({"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", 4);
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path), "which is not an integer");
}

UNCLIP_TEST(offsets_that_end_before_they_begin) {
    const fs::path path = rawFile(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}})", 8);
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(path), "end before they begin");
}

UNCLIP_TEST(malformed_entries) {
    UNCLIP_CHECK_THROWS_WITH(
        SafetensorsFile::open(rawFile(R"({"w":{"dtype":"F32","shape":[1]}})", 4)),
        "has no 'data_offsets' field");
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(rawFile(
                                 R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}})", 4)),
                             "expected [begin, end]");
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(rawFile(R"({"w":3})", 0)), "not an object");
    UNCLIP_CHECK_THROWS_WITH(
        SafetensorsFile::open(rawFile(R"({"w":{"dtype":4,"shape":[1],"data_offsets":[0,4]}})", 4)),
        "not a string");
}

UNCLIP_TEST(metadata_must_map_strings_to_strings) {
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(rawFile(R"({"__metadata__":{"epoch":3}})", 0)),
                             "'__metadata__' entry 'epoch' must be a string");
    UNCLIP_CHECK_THROWS_WITH(SafetensorsFile::open(rawFile(R"({"__metadata__":[]})", 0)),
                             "must be an object");
}

UNCLIP_TEST(empty_header_is_a_valid_empty_file) {
    auto file = SafetensorsFile::open(rawFile("{}", 0));
    UNCLIP_CHECK(file->tensorNames().empty());
}

// Random corruption of a valid file must only ever end in unclip::Error (or load).
// UNCLIP_FUZZ_ROUNDS raises the 500 rounds for a longer run (best under UNCLIP_SANITIZE).
UNCLIP_TEST(mutated_files_only_throw_unclip_errors) {
    const char* roundsEnv = std::getenv("UNCLIP_FUZZ_ROUNDS");
    const int rounds = roundsEnv ? std::max(1, std::atoi(roundsEnv)) : 500;
    const std::string valid = readBytes(validFile());
    const fs::path path = unclip::test::tempDir() / "mutant.safetensors";
    std::mt19937 rng(1234);
    auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
    int opened = 0;
    for (int round = 0; round < rounds; ++round) {
        std::string bytes = valid;
        const size_t edits = 1 + pick(3);
        for (size_t e = 0; e < edits && !bytes.empty(); ++e) {
            switch (pick(4)) {
                case 0:
                    bytes[pick(bytes.size())] ^= static_cast<char>(1 << pick(8));
                    break;  // flip a bit
                case 1:
                    bytes.resize(pick(bytes.size() + 1));
                    break;  // truncate
                case 2: {   // change a digit in the header: keeps JSON valid, breaks numbers
                    const size_t at = 8 + pick(200);
                    if (at < bytes.size() && std::isdigit(static_cast<unsigned char>(bytes[at])))
                        bytes[at] = static_cast<char>('0' + pick(10));
                    break;
                }
                default:
                    bytes[pick(std::min<size_t>(bytes.size(), 8))] = static_cast<char>(pick(256));
                    break;
            }
        }
        writeBytes(path, bytes);
        try {
            auto file = SafetensorsFile::open(path);
            for (const auto& name : file->tensorNames()) (void)file->tensor(name, torch::kFloat32);
            ++opened;
        } catch (const unclip::Error&) {
            // expected
        } catch (const std::exception& e) {
            UNCLIP_CHECK_MSG(false, "round " << round << " threw a non-unclip error: " << e.what());
        }
    }
    std::cout << "  (" << opened << " of " << rounds << " mutants still loaded)\n";
    UNCLIP_CHECK(opened < rounds);  // the mutations did break files
}
