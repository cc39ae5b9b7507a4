// loadModuleWeights / moduleStateDict / findWeightsFile: strict name and shape matching
// with every problem reported at once, and a real fixture checkpoint.
#include "harness.h"

#include <fstream>

#include "core/common/error.h"
#include "core/weights/module_loader.h"

using namespace unclip;
namespace fs = std::filesystem;

namespace {

// Registered names mirror a checkpoint's: "proj.weight", "conv_in.bias", "blocks.1.weight".
struct TinyNet : torch::nn::Module {
    explicit TinyNet(int64_t inChannels = 3) {
        proj = register_module("proj", torch::nn::Linear(4, 8));
        convIn = register_module("conv_in",
                                 torch::nn::Conv2d(torch::nn::Conv2dOptions(inChannels, 2, 3)));
        blocks = register_module(
            "blocks",
            torch::nn::Sequential(torch::nn::Linear(8, 8), torch::nn::ReLU(),
                                  torch::nn::Linear(torch::nn::LinearOptions(8, 2).bias(false))));
        scale = register_buffer("scale", torch::ones({2}));
        steps = register_buffer("steps", torch::tensor({5}, torch::kInt64));
    }
    torch::nn::Linear proj{nullptr};
    torch::nn::Conv2d convIn{nullptr};
    torch::nn::Sequential blocks{nullptr};
    torch::Tensor scale, steps;
};

using StateDict = std::vector<std::pair<std::string, torch::Tensor>>;

fs::path saveState(const StateDict& state,
                   const std::string& name = "diffusion_pytorch_model.safetensors") {
    const fs::path path = test::tempDir() / name;
    saveSafetensors(path, state);
    return path;
}

StateDict randomState(int64_t inChannels = 3) {
    torch::manual_seed(42);
    TinyNet source(inChannels);
    auto state = moduleStateDict(source);
    for (auto& [name, t] : state)
        if (t.is_floating_point()) t = torch::randn_like(t);
    return state;
}

StateDict without(StateDict state, const std::string& name) {
    state.erase(
        std::remove_if(state.begin(), state.end(), [&](const auto& e) { return e.first == name; }),
        state.end());
    return state;
}

void touch(const fs::path& path) { std::ofstream(path) << "x"; }

}  // namespace

UNCLIP_TEST(state_dict_names_mirror_registration) {
    TinyNet net;
    std::vector<std::string> names;
    for (const auto& [name, t] : moduleStateDict(net)) names.push_back(name);
    const std::vector<std::string> expected = {
        "proj.weight",   "proj.bias",       "conv_in.weight", "conv_in.bias", "blocks.0.weight",
        "blocks.0.bias", "blocks.2.weight", "scale",          "steps"};
    UNCLIP_CHECK(names == expected);
}

UNCLIP_TEST(loads_every_value) {
    const StateDict state = randomState();
    auto file = SafetensorsFile::open(saveState(state));
    TinyNet net;
    loadModuleWeights(net, *file);
    const auto loaded = moduleStateDict(net);
    UNCLIP_CHECK_EQ(loaded.size(), state.size());
    for (size_t i = 0; i < state.size(); ++i)
        UNCLIP_CHECK_MSG(torch::equal(loaded[i].second, state[i].second), state[i].first);
    // the member handles see the same values (set_data kept them shared)
    UNCLIP_CHECK(torch::equal(net.proj->weight, state[0].second));
    UNCLIP_CHECK(net.proj->weight.requires_grad());
    const auto x = torch::randn({1, 4});
    UNCLIP_CHECK(net.proj->forward(x).sizes() == torch::IntArrayRef({1, 8}));
}

UNCLIP_TEST(converts_floating_tensors_but_keeps_integer_buffers) {
    auto file = SafetensorsFile::open(saveState(randomState()));
    TinyNet net;
    loadModuleWeights(net, *file, {torch::kFloat16, torch::kCPU, "decoder"});
    UNCLIP_CHECK(net.proj->weight.scalar_type() == torch::kFloat16);
    UNCLIP_CHECK(net.scale.scalar_type() == torch::kFloat16);
    UNCLIP_CHECK(net.steps.scalar_type() == torch::kInt64);
    UNCLIP_CHECK_EQ(net.steps.item<int64_t>(), int64_t(5));
}

UNCLIP_TEST(reads_half_precision_files_into_float32) {
    StateDict state = randomState();
    for (auto& [name, t] : state)
        if (t.is_floating_point()) t = t.to(torch::kBFloat16);
    auto file = SafetensorsFile::open(saveState(state));
    TinyNet net;
    loadModuleWeights(net, *file);
    UNCLIP_CHECK(net.proj->weight.scalar_type() == torch::kFloat32);
    UNCLIP_CHECK(torch::equal(net.proj->weight, state[0].second.to(torch::kFloat32)));
}

UNCLIP_TEST(missing_tensor_is_named_with_its_shape) {
    auto file = SafetensorsFile::open(saveState(without(randomState(), "conv_in.bias")));
    TinyNet net;
    UNCLIP_CHECK_THROWS_WITH(
        loadModuleWeights(net, *file, {torch::kFloat32, torch::kCPU, "decoder"}),
        "decoder: 1 problem in ");
    UNCLIP_CHECK_THROWS_WITH(loadModuleWeights(net, *file), "missing tensor 'conv_in.bias' [2]");
}

UNCLIP_TEST(unexpected_tensor_is_named_with_its_shape) {
    StateDict state = randomState();
    state.emplace_back("extra.weight", torch::zeros({3, 1}));
    auto file = SafetensorsFile::open(saveState(state));
    TinyNet net;
    UNCLIP_CHECK_THROWS_WITH(loadModuleWeights(net, *file),
                             "unexpected tensor 'extra.weight' [3, 1]");
}

UNCLIP_TEST(wrong_shape_gives_got_and_expected) {
    auto file = SafetensorsFile::open(saveState(randomState(/*inChannels=*/6)));
    TinyNet net(3);
    UNCLIP_CHECK_THROWS_WITH(
        loadModuleWeights(net, *file),
        "tensor 'conv_in.weight' has shape [2, 6, 3, 3], expected [2, 3, 3, 3]");
}

UNCLIP_TEST(all_problems_in_one_error_and_module_untouched) {
    StateDict state = without(randomState(6), "proj.bias");
    state.emplace_back("extra", torch::zeros({1}));
    auto file = SafetensorsFile::open(saveState(state));
    TinyNet net(3);
    const torch::Tensor before = net.proj->weight.clone();
    try {
        loadModuleWeights(net, *file, {torch::kFloat32, torch::kCPU, "decoder"});
        UNCLIP_CHECK_MSG(false, "expected an error");
    } catch (const Error& e) {
        const std::string what = e.what();
        UNCLIP_CHECK_MSG(what.find("decoder: 3 problems in ") == 0, what);
        UNCLIP_CHECK_MSG(what.find("diffusion_pytorch_model.safetensors") != std::string::npos,
                         what);
        UNCLIP_CHECK_MSG(what.find("missing tensor 'proj.bias' [8]") != std::string::npos, what);
        UNCLIP_CHECK_MSG(what.find("'conv_in.weight' has shape [2, 6, 3, 3]") != std::string::npos,
                         what);
        UNCLIP_CHECK_MSG(what.find("unexpected tensor 'extra' [1]") != std::string::npos, what);
    }
    UNCLIP_CHECK(torch::equal(net.proj->weight, before));
}

UNCLIP_TEST(long_problem_lists_are_capped) {
    torch::nn::Sequential many;
    for (int i = 0; i < 15; ++i) many->push_back(torch::nn::Linear(2, 2));  // 30 tensors
    auto file = SafetensorsFile::open(saveState({}));
    UNCLIP_CHECK_THROWS_WITH(loadModuleWeights(*many, *file), "30 problems");
    UNCLIP_CHECK_THROWS_WITH(loadModuleWeights(*many, *file), "; and 10 more");
}

UNCLIP_TEST(position_ids_are_ignored_on_both_sides) {
    StateDict state = randomState();
    state.emplace_back("text_model.embeddings.position_ids",
                       torch::arange(77, torch::kInt64).unsqueeze(0));
    auto file = SafetensorsFile::open(saveState(state));
    TinyNet net;
    loadModuleWeights(net, *file);  // extra position_ids in the file: fine

    struct WithPositions : TinyNet {
        WithPositions() { ids = register_buffer("position_ids", torch::arange(4, torch::kInt64)); }
        torch::Tensor ids;
    } withPositions;
    auto plain = SafetensorsFile::open(saveState(randomState(), "plain.safetensors"));
    loadModuleWeights(withPositions, *plain);  // module's own position_ids, absent from file: fine
    UNCLIP_CHECK(torch::equal(withPositions.ids, torch::arange(4, torch::kInt64)));
}

UNCLIP_TEST(loads_onto_cuda_when_present) {
    if (!torch::cuda::is_available()) UNCLIP_SKIP("no CUDA device");
    auto file = SafetensorsFile::open(saveState(randomState()));
    TinyNet net;
    loadModuleWeights(net, *file, {torch::kFloat16, torch::Device(torch::kCUDA, 0), "decoder"});
    UNCLIP_CHECK(net.proj->weight.is_cuda());
    UNCLIP_CHECK(net.steps.is_cuda() && net.steps.scalar_type() == torch::kInt64);
    UNCLIP_CHECK(torch::equal(net.proj->weight.cpu(), randomState()[0].second.to(torch::kFloat16)));
}

// ---- findWeightsFile ----

UNCLIP_TEST(finds_diffusers_and_transformers_names) {
    const fs::path dir = test::tempDir();
    touch(dir / "model.fp16.safetensors");
    UNCLIP_CHECK_EQ(findWeightsFile(dir), dir / "model.fp16.safetensors");
    touch(dir / "model.safetensors");
    UNCLIP_CHECK_EQ(findWeightsFile(dir), dir / "model.safetensors");
    touch(dir / "diffusion_pytorch_model.safetensors");
    UNCLIP_CHECK_EQ(findWeightsFile(dir), dir / "diffusion_pytorch_model.safetensors");
}

UNCLIP_TEST(refuses_pickle_checkpoints) {
    const fs::path dir = test::tempDir();
    touch(dir / "diffusion_pytorch_model.bin");
    UNCLIP_CHECK_THROWS_WITH(findWeightsFile(dir), "not loaded for safety");
    UNCLIP_CHECK_THROWS_WITH(findWeightsFile(dir), "safe_serialization=True");
    UNCLIP_CHECK_THROWS_WITH(findWeightsFile(dir), "diffusion_pytorch_model.bin");
}

UNCLIP_TEST(refuses_sharded_checkpoints) {
    const fs::path dir = test::tempDir();
    touch(dir / "model.safetensors.index.json");
    touch(dir / "model-00001-of-00002.safetensors");
    UNCLIP_CHECK_THROWS_WITH(findWeightsFile(dir), "sharded checkpoint");
}

UNCLIP_TEST(empty_or_missing_folder) {
    const fs::path dir = test::tempDir();
    UNCLIP_CHECK_THROWS_WITH(findWeightsFile(dir), "no weights file in " + dir.string());
    UNCLIP_CHECK_THROWS_WITH(findWeightsFile(dir / "decoder"), "decoder is not a folder");
}

// ---- the reference fixture ----

UNCLIP_TEST(reads_reference_text_proj) {
    const fs::path folder = test::fixtureDir() / "pipeline" / "text_proj";
    const fs::path path = findWeightsFile(folder);
    UNCLIP_CHECK_EQ(path.filename().string(), std::string("diffusion_pytorch_model.safetensors"));
    auto file = SafetensorsFile::open(path);
    UNCLIP_CHECK_EQ(file->tensorNames().size(), size_t(11));
    UNCLIP_CHECK_EQ(file->metadata().at("format"), std::string("pt"));
    const std::vector<std::pair<std::string, std::vector<int64_t>>> expected = {
        {"learned_classifier_free_guidance_embeddings", {32}},
        {"clip_extra_context_tokens_proj.weight", {192, 32}},
        {"clip_extra_context_tokens_proj.bias", {192}},
        {"embedding_proj.weight", {128, 32}},
        {"encoder_hidden_states_proj.weight", {48, 32}},
        {"text_encoder_hidden_states_norm.weight", {48}},
    };
    for (const auto& [name, shape] : expected) {
        UNCLIP_CHECK_MSG(file->contains(name), name);
        UNCLIP_CHECK_MSG(file->info(name).shape == shape, name);
        UNCLIP_CHECK_EQ(file->info(name).dtype, std::string("F32"));
    }
    const torch::Tensor cfg = file->tensor("learned_classifier_free_guidance_embeddings");
    UNCLIP_CHECK(torch::isfinite(cfg).all().item<bool>());
}

UNCLIP_TEST(loads_reference_text_proj_into_a_mirroring_module) {
    const fs::path folder = test::fixtureDir() / "pipeline" / "text_proj";
    // UnCLIPTextProjModel's layout at the fixture's config (clip 32, 4 extra tokens, cross 48, time
    // 128).
    struct TextProj : torch::nn::Module {
        TextProj() {
            register_parameter("learned_classifier_free_guidance_embeddings", torch::zeros({32}));
            register_module("embedding_proj", torch::nn::Linear(32, 128));
            register_module("clip_image_embeddings_project_to_time_embeddings",
                            torch::nn::Linear(32, 128));
            register_module("clip_extra_context_tokens_proj", torch::nn::Linear(32, 4 * 48));
            register_module("encoder_hidden_states_proj", torch::nn::Linear(32, 48));
            register_module("text_encoder_hidden_states_norm",
                            torch::nn::LayerNorm(torch::nn::LayerNormOptions({48})));
        }
    } textProj;
    auto file = SafetensorsFile::open(findWeightsFile(folder));
    loadModuleWeights(textProj, *file, {torch::kFloat32, torch::kCPU, "text_proj"});
    UNCLIP_CHECK(
        torch::equal(textProj.named_parameters()["learned_classifier_free_guidance_embeddings"],
                     file->tensor("learned_classifier_free_guidance_embeddings")));
}
