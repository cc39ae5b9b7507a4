// Each network of the cascade against the reference implementation's outputs
// (fixtures/unclip-reference-a/cases): within 1e-4 relative error, figures printed.
// Every size comes from the fixture's config files, so any fixture set of the same
// layout runs here unchanged (UNCLIP_REFERENCE_DIR).
#include "core/config/component_configs.h"
#include "core/weights/module_loader.h"
#include "harness.h"
#include "tensor_checks.h"

using namespace unclip;
using unclip::test::expectClose;
using unclip::test::fixtureCase;
using unclip::test::fixturePipeline;

namespace {

constexpr double kTolerance = 1e-4;

template <typename Module>
void loadFixtureWeights(Module& module, const std::string& component) {
    auto file = SafetensorsFile::open(findWeightsFile(fixturePipeline() / component));
    LoadOptions options;
    options.component = component;
    loadModuleWeights(*module, *file, options);
    module->eval();
}

}  // namespace

UNCLIP_TEST(text_encoder_matches_reference) {
    models::ClipTextModel model(
        readClipTextConfig(fixturePipeline() / "text_encoder" / "config.json"));
    loadFixtureWeights(model, "text_encoder");
    auto c = fixtureCase("text_encoder");
    c10::InferenceMode guard;
    auto out = model(c->tensor("input_ids"));
    expectClose(out.lastHiddenState, c->tensor("last_hidden_state"), kTolerance,
                "text_encoder last_hidden_state");
    expectClose(out.textEmbeds, c->tensor("text_embeds"), kTolerance, "text_encoder text_embeds");
}

UNCLIP_TEST(image_encoder_matches_reference) {
    models::ClipVisionModel model(
        readClipVisionConfig(fixturePipeline() / "image_encoder" / "config.json"));
    loadFixtureWeights(model, "image_encoder");
    auto c = fixtureCase("image_encoder");
    c10::InferenceMode guard;
    auto out = model(c->tensor("pixel_values"));
    expectClose(out.lastHiddenState, c->tensor("last_hidden_state"), kTolerance,
                "image_encoder last_hidden_state");
    expectClose(out.imageEmbeds, c->tensor("image_embeds"), kTolerance,
                "image_encoder image_embeds");
}

UNCLIP_TEST(prior_matches_reference) {
    models::PriorTransformer model(readPriorConfig(fixturePipeline() / "prior" / "config.json"));
    loadFixtureWeights(model, "prior");
    auto c = fixtureCase("prior");
    c10::InferenceMode guard;
    auto out =
        model(c->tensor("hidden_states"), c->tensor("timestep"), c->tensor("proj_embedding"),
              c->tensor("encoder_hidden_states"), c->tensor("attention_mask").to(torch::kBool));
    expectClose(out, c->tensor("predicted_image_embedding"), kTolerance,
                "prior predicted_image_embedding");
    expectClose(model->postProcessLatents(out), c->tensor("post_processed"), kTolerance,
                "prior post_processed");
}

UNCLIP_TEST(text_proj_matches_reference_with_and_without_guidance) {
    models::TextProj model(readTextProjConfig(fixturePipeline() / "text_proj" / "config.json"));
    loadFixtureWeights(model, "text_proj");
    c10::InferenceMode guard;
    for (const bool guidance : {false, true}) {
        auto c = fixtureCase(guidance ? "text_proj_cfg1" : "text_proj_cfg0");
        auto out = model(c->tensor("image_embeddings"), c->tensor("prompt_embeds"),
                         c->tensor("text_encoder_hidden_states"), guidance);
        const std::string tag = guidance ? "text_proj (guided)" : "text_proj";
        expectClose(out.encoderHiddenStates, c->tensor("encoder_hidden_states"), kTolerance,
                    tag + " encoder_hidden_states");
        expectClose(out.additiveTimeEmbedding, c->tensor("additive_clip_time_embeddings"),
                    kTolerance, tag + " additive_clip_time_embeddings");
    }
}

UNCLIP_TEST(decoder_matches_reference) {
    models::UNet model(readUNetConfig(fixturePipeline() / "decoder" / "config.json"));
    loadFixtureWeights(model, "decoder");
    auto c = fixtureCase("decoder");
    c10::InferenceMode guard;
    models::UNetConditioning cond{c->tensor("encoder_hidden_states"), c->tensor("class_labels"),
                                  c->tensor("attention_mask").to(torch::kBool)};
    auto out = model(c->tensor("sample"), c->tensor("timestep"), cond);
    expectClose(out, c->tensor("out"), kTolerance, "decoder out");
}

UNCLIP_TEST(super_res_nets_match_reference) {
    for (const std::string name : {"super_res_first", "super_res_last"}) {
        models::UNet model(readUNetConfig(fixturePipeline() / name / "config.json"));
        loadFixtureWeights(model, name);
        auto c = fixtureCase(name);
        c10::InferenceMode guard;
        auto out = model(c->tensor("sample"), c->tensor("timestep"));
        expectClose(out, c->tensor("out"), kTolerance, name + " out");
    }
}
