// Other layouts than the fixture's must load and run: per-block layer counts and head
// sizes (with null entries), cross-attention first, three levels, no mid block in the
// super-res net, a prior with its optional norms and a wider time embedding. The fixture
// folder is copied and its decoder, prior and super-res nets are replaced by random ones
// of the variant configs, saved with our own writer.
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/config/component_configs.h"
#include "core/pipeline/pipelines.h"
#include "core/weights/module_loader.h"
#include "core/weights/safetensors.h"
#include "harness.h"

using namespace unclip;
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

void writeJson(const fs::path& path, const json& value) { std::ofstream(path) << value.dump(2); }

json readJson(const fs::path& path) { return json::parse(std::ifstream(path)); }

template <typename Module, typename Config>
void replaceComponent(const fs::path& folder, const std::string& name, const json& config,
                      Config (*read)(const fs::path&)) {
    writeJson(folder / name / "config.json", config);
    torch::manual_seed(0);
    Module module(read(folder / name / "config.json"));
    for (auto& p : module->parameters()) {
        torch::NoGradGuard noGrad;
        p.normal_(0.0, 0.05);
    }
    saveSafetensors(findWeightsFile(folder / name), moduleStateDict(*module));
}

}  // namespace

UNCLIP_TEST(variant_layouts_load_and_run) {
    const auto folder = unclip::test::tempDir() / "variant";
    fs::copy(unclip::test::fixtureDir() / "pipeline", folder, fs::copy_options::recursive);

    auto decoder = readJson(folder / "decoder" / "config.json");
    const auto cross = decoder["cross_attention_dim"];
    decoder["block_out_channels"] = {32, 48, 64};
    decoder["down_block_types"] = {"SimpleCrossAttnDownBlock2D", "ResnetDownsampleBlock2D",
                                   "SimpleCrossAttnDownBlock2D"};
    decoder["up_block_types"] = {"SimpleCrossAttnUpBlock2D", "ResnetUpsampleBlock2D",
                                 "SimpleCrossAttnUpBlock2D"};
    decoder["layers_per_block"] = {1, 2, 1};
    decoder["attention_head_dim"] = {16, nullptr,
                                     8};  // up block 0 (width 64) uses 16, up 2 (32) uses 8
    decoder["norm_eps"] = 1e-6;
    decoder["resnet_time_scale_shift"] = "default";
    decoder["act_fn"] = "swish";
    replaceComponent<models::UNet>(folder, "decoder", decoder, readUNetConfig);

    for (const char* name : {"super_res_first", "super_res_last"}) {
        auto sr = readJson(folder / name / "config.json");
        sr["block_out_channels"] = {16, 32, 32};
        sr["norm_num_groups"] = 4;
        sr["down_block_types"] = {"ResnetDownsampleBlock2D", "ResnetDownsampleBlock2D",
                                  "ResnetDownsampleBlock2D"};
        sr["up_block_types"] = {"ResnetUpsampleBlock2D", "ResnetUpsampleBlock2D",
                                "ResnetUpsampleBlock2D"};
        sr["layers_per_block"] = 1;
        sr["mid_block_type"] = nullptr;
        replaceComponent<models::UNet>(folder, name, sr, readUNetConfig);
    }

    auto prior = readJson(folder / "prior" / "config.json");
    prior["num_attention_heads"] = 4;
    prior["attention_head_dim"] = 8;
    prior["num_layers"] = 1;
    prior["time_embed_dim"] = 48;
    prior["norm_in_type"] = "layer";
    prior["embedding_proj_norm_type"] = "layer";
    replaceComponent<models::PriorTransformer>(folder, "prior", prior, readPriorConfig);

    auto model = UnclipModel::load(folder);
    UNCLIP_CHECK(model->decoder->mid_block);
    UNCLIP_CHECK(!model->superResFirst->mid_block);
    UNCLIP_CHECK_EQ(cross.get<int64_t>(), model->decoder->config.crossAttentionDim);

    TextToImageRequest request;
    request.prompts = {"a purple star"};
    request.imagesPerPrompt = 2;
    request.seeds = {1, 2};
    request.sampling.priorSteps = request.sampling.decoderSteps = request.sampling.superResSteps =
        2;
    auto out = generateFromText(*model, request);
    UNCLIP_CHECK_EQ(out.images.size(0), 2);
    UNCLIP_CHECK_EQ(out.images.size(1), model->superResFirst->config.sampleSize);
    UNCLIP_CHECK(torch::isfinite(out.images).all().item<bool>());

    VariationRequest variation;
    variation.imageEmbeddings = out.imageEmbeddings.narrow(0, 0, 1);
    variation.seeds = {3};
    variation.sampling = request.sampling;
    UNCLIP_CHECK(torch::isfinite(generateVariations(*model, variation).images).all().item<bool>());
}

UNCLIP_TEST(head_sizes_only_need_to_divide_attention_levels) {
    const auto dir = unclip::test::tempDir();
    auto decoder = readJson(unclip::test::fixtureDir() / "pipeline" / "decoder" / "config.json");
    decoder["block_out_channels"] = {24,
                                     64};  // 24 is no multiple of 16, but level 0 has no attention
    decoder["norm_num_groups"] = 8;
    writeJson(dir / "config.json", decoder);
    auto config = readUNetConfig(dir / "config.json");
    UNCLIP_CHECK_EQ(config.attentionHeadDims[0], 16);
    decoder["block_out_channels"] = {32, 40};  // 40 is: the error names the attention level
    writeJson(dir / "config.json", decoder);
    UNCLIP_CHECK_THROWS_WITH(readUNetConfig(dir / "config.json"), "does not divide the width 40");
}
