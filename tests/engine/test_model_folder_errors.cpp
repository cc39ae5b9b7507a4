// Model folders as UnclipModel::load reads them: the sampling settings model_index.json
// recommends, and broken folders. Each broken-folder test copies the fixture pipeline
// folder, breaks one thing, and checks that UnclipModel::load refuses it with an
// unclip::Error naming the problem (the tensor, the field, the file or the folder), never
// a crash or a LibTorch / JSON exception leaking through.
#include "harness.h"

#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/config/component_configs.h"
#include "core/pipeline/recommended_sampling.h"
#include "core/pipeline/unclip_model.h"
#include "core/weights/module_loader.h"
#include "core/weights/safetensors.h"
#include "tensor_checks.h"

using namespace unclip;
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using StateDict = std::vector<std::pair<std::string, torch::Tensor>>;

namespace {

// A writable copy of the fixture pipeline folder (the fixture itself is read-only).
fs::path copyFixture() {
    const fs::path source = unclip::test::fixturePipeline();  // skips when absent
    if (!fs::is_directory(source)) UNCLIP_SKIP("no fixture pipeline at " + source.string());
    const fs::path copy = unclip::test::tempDir() / "model";
    fs::copy(source, copy, fs::copy_options::recursive);
    fs::permissions(copy, fs::perms::owner_all, fs::perm_options::add);
    for (const auto& entry : fs::recursive_directory_iterator(copy))
        fs::permissions(entry.path(),
                        entry.is_directory() ? fs::perms::owner_all
                                             : fs::perms::owner_read | fs::perms::owner_write,
                        fs::perm_options::add);
    return copy;
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    UNCLIP_CHECK_MSG(in, "cannot read " << path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeText(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    UNCLIP_CHECK_MSG(out, "cannot write " << path);
}

template <typename Edit>
void editJson(const fs::path& path, Edit edit) {
    Json json = Json::parse(readText(path));
    edit(json);
    writeText(path, json.dump(2));
}

// Rewrites a safetensors file with its tensors passed through edit.
template <typename Edit>
void editWeights(const fs::path& path, Edit edit) {
    StateDict tensors;
    std::map<std::string, std::string> metadata;
    {
        auto file = SafetensorsFile::open(path);
        for (const auto& name : file->tensorNames()) tensors.emplace_back(name, file->tensor(name));
        metadata = file->metadata();
    }  // unmapped before the file is replaced
    edit(tensors);
    saveSafetensors(path, tensors, metadata);
}

torch::Tensor& tensorNamed(StateDict& tensors, const std::string& name) {
    for (auto& [n, t] : tensors)
        if (n == name) return t;
    unclip::test::fail(__FILE__, __LINE__, "the fixture has no tensor " + name);
}

// The 8-byte header length, the JSON header, and the data section of a safetensors file.
struct RawSafetensors {
    Json header;
    std::string data;
};

RawSafetensors readRaw(const fs::path& path) {
    const std::string bytes = readText(path);
    uint64_t length = 0;
    std::memcpy(&length, bytes.data(), 8);  // little-endian host, as the engine requires
    return {Json::parse(bytes.substr(8, length)), bytes.substr(8 + length)};
}

void writeRaw(const fs::path& path, const RawSafetensors& raw) {
    std::string header = raw.header.dump();
    header.resize((header.size() + 7) / 8 * 8, ' ');  // padded as the reference writer does
    const uint64_t length = header.size();
    std::string bytes(8, '\0');
    std::memcpy(bytes.data(), &length, 8);
    writeText(path, bytes + header + raw.data);
}

// UnclipModel::load(folder) must throw an unclip::Error whose message holds every needle.
// Any other exception type propagates and fails the test: a LibTorch or JSON error
// reaching the user is itself the bug.
void expectLoadError(const fs::path& folder, std::initializer_list<std::string> needles) {
    std::string what;
    try {
        UnclipModel::load(folder);
    } catch (const unclip::Error& e) {
        what = e.what();
    }
    UNCLIP_CHECK_MSG(!what.empty(), "loading " << folder << " succeeded");
    for (const auto& needle : needles)
        UNCLIP_CHECK_MSG(what.find(needle) != std::string::npos,
                         "error does not mention '" << needle << "': " << what);
    std::cout << "  " << what << "\n";
}

const char* kDecoderWeights = "decoder/diffusion_pytorch_model.safetensors";
const char* kPriorWeights = "prior/diffusion_pytorch_model.safetensors";

}  // namespace

UNCLIP_TEST(the_unbroken_copy_loads) {
    // Every case below breaks exactly one thing in this copy; the copy itself is fine.
    auto model = UnclipModel::load(copyFixture());
    UNCLIP_CHECK(model->canGenerateFromText());
    UNCLIP_CHECK(model->canVaryImages());
}

// ---- the folder's recommended sampling settings ----

UNCLIP_TEST(recommended_sampling_is_read_from_model_index) {
    const auto folder = copyFixture();
    UNCLIP_CHECK_EQ(UnclipModel::load(folder)->recommendedSampling.decoderGuidance,
                    8.0);  // Karlo's
    editJson(folder / "model_index.json", [](Json& j) {
        j[kRecommendedSamplingKey] = {{"decoder_guidance_scale", 4.5},
                                      {"super_res_num_inference_steps", 3},
                                      {"decoder_candidates", 4}};
    });
    const auto s = UnclipModel::load(folder)->recommendedSampling;
    UNCLIP_CHECK_EQ(s.decoderGuidance, 4.5);
    UNCLIP_CHECK_EQ(s.superResSteps, int64_t(3));
    UNCLIP_CHECK_EQ(s.decoderCandidates, int64_t(4));
    UNCLIP_CHECK_EQ(s.priorCandidates, int64_t(1));  // not named: one
    UNCLIP_CHECK_EQ(s.priorGuidance, 4.0);           // not named: Karlo's
    UNCLIP_CHECK_EQ(s.decoderSteps, int64_t(25));
}

UNCLIP_TEST(recommended_sampling_typo_or_bad_value_is_named) {
    const nlohmann::json typo = {{kRecommendedSamplingKey, {{"decoder_guidance", 4}}}};
    const nlohmann::json steps = {{kRecommendedSamplingKey, {{"prior_num_inference_steps", 2.5}}}};
    const nlohmann::json scale = {{kRecommendedSamplingKey, {{"prior_guidance_scale", -1}}}};
    const nlohmann::json shape = {{kRecommendedSamplingKey, 4}};
    const nlohmann::json many = {{kRecommendedSamplingKey, {{"decoder_candidates", 17}}}};
    for (const auto& [index, needle] :
         {std::pair{typo, "decoder_guidance' is not a setting"},
          std::pair{steps, "whole number of steps from 1 to 1000, got 2.5"},
          std::pair{scale, "guidance scale from 0 to 100, got -1"},
          std::pair{shape, "must be an object"},
          std::pair{many,
                    "decoder_candidates' must be a whole number of candidates from 1 to 16"}}) {
        std::string what;
        try {
            recommendedSampling(index, "model_index.json");
        } catch (const unclip::Error& e) {
            what = e.what();
        }
        UNCLIP_CHECK_MSG(what.find(needle) != std::string::npos &&
                             what.find("model_index.json") != std::string::npos,
                         "expected an error with '" << needle << "', got '" << what << "'");
    }
}

// ---- weights files ----

UNCLIP_TEST(missing_tensor_is_named) {
    const auto folder = copyFixture();
    editWeights(folder / kDecoderWeights, [](StateDict& tensors) {
        tensors.erase(std::remove_if(tensors.begin(), tensors.end(),
                                     [](const auto& e) { return e.first == "conv_out.bias"; }),
                      tensors.end());
    });
    expectLoadError(folder, {"decoder", "missing tensor 'conv_out.bias'"});
}

UNCLIP_TEST(wrong_shape_names_tensor_and_both_shapes) {
    const auto folder = copyFixture();
    editWeights(folder / kDecoderWeights, [](StateDict& tensors) {
        auto& w = tensorNamed(tensors, "conv_in.weight");
        UNCLIP_CHECK_EQ(w.size(3), int64_t(3));
        w = torch::zeros({32, 3, 5, 5});
    });
    expectLoadError(folder, {"'conv_in.weight'", "[32, 3, 5, 5]", "expected [32, 3, 3, 3]"});
}

UNCLIP_TEST(unexpected_tensor_is_named) {
    const auto folder = copyFixture();
    editWeights(folder / kDecoderWeights, [](StateDict& tensors) {
        tensors.emplace_back("mid_block.stray.weight", torch::ones({4, 2}));
    });
    expectLoadError(folder, {"unexpected tensor 'mid_block.stray.weight'", "[4, 2]"});
}

UNCLIP_TEST(truncated_weights_file) {
    const auto folder = copyFixture();
    const auto path = folder / kPriorWeights;
    fs::resize_file(path, fs::file_size(path) / 2);
    expectLoadError(folder, {"prior", "spans bytes", "truncated"});
}

UNCLIP_TEST(empty_weights_file) {
    const auto folder = copyFixture();
    fs::resize_file(folder / kPriorWeights, 0);
    expectLoadError(folder, {"prior", "is empty"});
}

UNCLIP_TEST(header_length_past_end_of_file) {
    const auto folder = copyFixture();
    const auto path = folder / kPriorWeights;
    std::string bytes = readText(path);
    const uint64_t length = bytes.size() + 1000;
    std::memcpy(bytes.data(), &length, 8);
    writeText(path, bytes);
    expectLoadError(folder,
                    {"header length " + std::to_string(length), "points past the end of the file"});
}

UNCLIP_TEST(huge_header_length) {
    const auto folder = copyFixture();
    const auto path = folder / kPriorWeights;
    std::string bytes = readText(path);
    std::memset(bytes.data(), 0xff, 8);  // 2^64 - 1: must not wrap any bounds check
    writeText(path, bytes);
    expectLoadError(folder, {"points past the end of the file"});
}

UNCLIP_TEST(overlapping_tensor_spans) {
    const auto folder = copyFixture();
    const auto path = folder / "text_proj/diffusion_pytorch_model.safetensors";
    auto raw = readRaw(path);
    // Two tensors of the same byte size: point the second at the first one's bytes, so
    // every span stays inside the file and has the right length, but they overlap.
    std::string first, second;
    std::map<uint64_t, std::string> bySize;
    for (const auto& [name, entry] : raw.header.items()) {
        if (name == "__metadata__") continue;
        const auto offsets = entry.at("data_offsets");
        const uint64_t bytes = offsets[1].get<uint64_t>() - offsets[0].get<uint64_t>();
        if (bytes == 0) continue;
        auto [it, fresh] = bySize.emplace(bytes, name);
        if (!fresh) {
            first = it->second;
            second = name;
            break;
        }
    }
    UNCLIP_CHECK_MSG(!second.empty(), "no two text_proj tensors of one size");
    raw.header[second]["data_offsets"] = raw.header[first]["data_offsets"];
    writeRaw(path, raw);
    expectLoadError(folder, {"'" + first + "'", "'" + second + "'", "overlap"});
}

UNCLIP_TEST(header_that_is_not_json) {
    const auto folder = copyFixture();
    const auto path = folder / kPriorWeights;
    std::string bytes = readText(path);
    bytes[8 + 1] = '[';  // {"__metadata__": ... becomes {[_metadata__": ...
    writeText(path, bytes);
    expectLoadError(folder, {"prior", "header is not valid JSON"});
}

UNCLIP_TEST(pickle_only_weights_are_refused) {
    const auto folder = copyFixture();
    fs::rename(folder / kDecoderWeights, folder / "decoder/diffusion_pytorch_model.bin");
    expectLoadError(folder, {"diffusion_pytorch_model.bin", "pickle", "safetensors"});
}

UNCLIP_TEST(no_weights_file) {
    const auto folder = copyFixture();
    fs::remove(folder / "text_proj/diffusion_pytorch_model.safetensors");
    expectLoadError(folder, {"no weights file in", "text_proj"});
}

// ---- config files ----

UNCLIP_TEST(broken_json_in_component_config) {
    const auto folder = copyFixture();
    const auto path = folder / "decoder/config.json";
    const std::string text = readText(path);
    writeText(path, text.substr(0, text.size() / 2));  // cut off mid-object
    expectLoadError(folder, {"decoder", "config.json is not valid JSON"});
}

UNCLIP_TEST(broken_json_in_model_index) {
    const auto folder = copyFixture();
    writeText(folder / "model_index.json",
              "{\"decoder\": [\"diffusers\", \"UNet2DConditionModel\"");
    expectLoadError(folder, {"model_index.json is not valid JSON"});
}

UNCLIP_TEST(model_index_that_is_not_an_object) {
    const auto folder = copyFixture();
    writeText(folder / "model_index.json", "[\"decoder\"]");
    expectLoadError(folder, {"model_index.json", "expected a JSON object"});
}

UNCLIP_TEST(model_index_entry_that_is_not_a_pair) {
    const auto folder = copyFixture();
    editJson(folder / "model_index.json", [](Json& j) { j["decoder"] = "UNet2DConditionModel"; });
    expectLoadError(folder, {"field 'decoder'", "[library, class] pair"});
}

UNCLIP_TEST(model_index_class_the_engine_cannot_load) {
    const auto folder = copyFixture();
    editJson(folder / "model_index.json", [](Json& j) {
        j["decoder"] = {"diffusers", "UNet3DConditionModel"};
    });
    expectLoadError(folder, {"field 'decoder'", "UNet3DConditionModel"});
}

UNCLIP_TEST(unknown_block_type) {
    const auto folder = copyFixture();
    editJson(folder / "decoder/config.json",
             [](Json& j) { j["down_block_types"][1] = "CrossAttnDownBlock2D"; });
    expectLoadError(folder, {"decoder", "down_block_types", "'CrossAttnDownBlock2D'"});
}

UNCLIP_TEST(wrong_typed_config_field) {
    const auto folder = copyFixture();
    editJson(folder / "decoder/config.json", [](Json& j) { j["layers_per_block"] = "two"; });
    expectLoadError(folder, {"decoder", "field 'layers_per_block'", "\"two\"", "wrong type"});
}

UNCLIP_TEST(missing_component_config) {
    const auto folder = copyFixture();
    fs::remove(folder / "text_proj/config.json");
    expectLoadError(folder, {"text_proj", "config.json", "missing"});
}

UNCLIP_TEST(unsupported_beta_schedule) {
    const auto folder = copyFixture();
    editJson(folder / "prior_scheduler/scheduler_config.json",
             [](Json& j) { j["beta_schedule"] = "linear"; });
    expectLoadError(
        folder, {"prior_scheduler", "field 'beta_schedule'", "\"linear\"", "squaredcos_cap_v2"});
}

UNCLIP_TEST(unsupported_variance_type) {
    const auto folder = copyFixture();
    editJson(folder / "decoder_scheduler/scheduler_config.json",
             [](Json& j) { j["variance_type"] = "fixed_large"; });
    expectLoadError(folder, {"decoder_scheduler", "field 'variance_type'", "\"fixed_large\""});
}

// ---- folders ----

UNCLIP_TEST(listed_component_folder_missing) {
    const auto folder = copyFixture();
    fs::remove_all(folder / "super_res_last");
    expectLoadError(folder, {"'super_res_last'", "is missing"});
}

UNCLIP_TEST(folder_without_model_index) {
    const auto folder = copyFixture();
    fs::remove(folder / "model_index.json");
    expectLoadError(folder, {"has no model_index.json", "diffusers layout"});
}

UNCLIP_TEST(folder_that_does_not_exist) {
    const auto folder = unclip::test::tempDir() / "no-such-model";
    expectLoadError(folder, {"no-such-model", "does not exist"});
}

UNCLIP_TEST(file_given_instead_of_folder) {
    const auto folder = copyFixture();
    expectLoadError(folder / "model_index.json", {"is not a folder"});
}

UNCLIP_TEST(tokenizer_without_merges) {
    const auto folder = copyFixture();
    fs::remove(folder / "tokenizer/merges.txt");
    expectLoadError(folder, {"tokenizer", "lacks merges.txt"});
}

// ---- components that disagree ----

UNCLIP_TEST(text_proj_cross_attention_dim_disagrees_with_decoder) {
    const auto folder = copyFixture();
    // A text_proj that is consistent in itself (config and weights agree) but projects to
    // 64 channels while the decoder attends over 48: only the cross-check can catch it.
    editJson(folder / "text_proj/config.json", [](Json& j) {
        UNCLIP_CHECK_EQ(j.at("cross_attention_dim").get<int64_t>(), int64_t(48));
        j["cross_attention_dim"] = 64;
    });
    models::TextProj textProj(readTextProjConfig(folder / "text_proj/config.json"));
    saveSafetensors(folder / "text_proj/diffusion_pytorch_model.safetensors",
                    moduleStateDict(*textProj));
    expectLoadError(
        folder, {"text_proj", "cross_attention_dim (64)", "decoder's (48)", "different models"});
}

UNCLIP_TEST(text_proj_config_disagrees_with_its_weights) {
    const auto folder = copyFixture();
    editJson(folder / "text_proj/config.json", [](Json& j) { j["cross_attention_dim"] = 64; });
    expectLoadError(folder, {"text_proj", "has shape", "expected"});
}
