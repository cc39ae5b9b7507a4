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

template <typename Module>
void loadFixtureWeights(Module& module, const std::string& component) {
    auto file = SafetensorsFile::open(findWeightsFile(fixturePipeline() / component));
    LoadOptions options;
    options.component = component;
    options.device = unclip::test::testDevice();
    options.dtype = unclip::test::testDtype();
    loadModuleWeights(*module, *file, options);
    module->eval();
}

// A case input, on the device and in the precision under test.
torch::Tensor in(const SafetensorsFile& file, const std::string& name) {
    return unclip::test::onTestDevice(file.tensor(name));
}

}  // namespace

UNCLIP_TEST(text_encoder_matches_reference) {
    models::ClipTextModel model(
        readClipTextConfig(fixturePipeline() / "text_encoder" / "config.json"));
    loadFixtureWeights(model, "text_encoder");
    auto c = fixtureCase("text_encoder");
    c10::InferenceMode guard;
    auto out = model(in(*c, "input_ids"));
    expectClose(out.lastHiddenState, c->tensor("last_hidden_state"),
                unclip::test::networkTolerance(), "text_encoder last_hidden_state");
    expectClose(out.textEmbeds, c->tensor("text_embeds"), unclip::test::networkTolerance(),
                "text_encoder text_embeds");
}

UNCLIP_TEST(image_encoder_matches_reference) {
    models::ClipVisionModel model(
        readClipVisionConfig(fixturePipeline() / "image_encoder" / "config.json"));
    loadFixtureWeights(model, "image_encoder");
    auto c = fixtureCase("image_encoder");
    c10::InferenceMode guard;
    auto out = model(in(*c, "pixel_values"));
    expectClose(out.lastHiddenState, c->tensor("last_hidden_state"),
                unclip::test::networkTolerance(), "image_encoder last_hidden_state");
    expectClose(out.imageEmbeds, c->tensor("image_embeds"), unclip::test::networkTolerance(),
                "image_encoder image_embeds");
}

UNCLIP_TEST(prior_matches_reference) {
    models::PriorTransformer model(readPriorConfig(fixturePipeline() / "prior" / "config.json"));
    loadFixtureWeights(model, "prior");
    auto c = fixtureCase("prior");
    c10::InferenceMode guard;
    auto out = model(in(*c, "hidden_states"), in(*c, "timestep"), in(*c, "proj_embedding"),
                     in(*c, "encoder_hidden_states"), in(*c, "attention_mask").to(torch::kBool));
    expectClose(out, c->tensor("predicted_image_embedding"), unclip::test::networkTolerance(),
                "prior predicted_image_embedding");
    expectClose(model->postProcessLatents(out), c->tensor("post_processed"),
                unclip::test::networkTolerance(), "prior post_processed");
}

UNCLIP_TEST(text_proj_matches_reference_with_and_without_guidance) {
    models::TextProj model(readTextProjConfig(fixturePipeline() / "text_proj" / "config.json"));
    loadFixtureWeights(model, "text_proj");
    c10::InferenceMode guard;
    for (const bool guidance : {false, true}) {
        auto c = fixtureCase(guidance ? "text_proj_cfg1" : "text_proj_cfg0");
        auto out = model(in(*c, "image_embeddings"), in(*c, "prompt_embeds"),
                         in(*c, "text_encoder_hidden_states"), guidance);
        const std::string tag = guidance ? "text_proj (guided)" : "text_proj";
        expectClose(out.encoderHiddenStates, c->tensor("encoder_hidden_states"),
                    unclip::test::networkTolerance(), tag + " encoder_hidden_states");
        expectClose(out.additiveTimeEmbedding, c->tensor("additive_clip_time_embeddings"),
                    unclip::test::networkTolerance(), tag + " additive_clip_time_embeddings");
    }
}

UNCLIP_TEST(decoder_matches_reference) {
    models::UNet model(readUNetConfig(fixturePipeline() / "decoder" / "config.json"));
    loadFixtureWeights(model, "decoder");
    auto c = fixtureCase("decoder");
    c10::InferenceMode guard;
    models::UNetConditioning cond{in(*c, "encoder_hidden_states"), in(*c, "class_labels"),
                                  in(*c, "attention_mask").to(torch::kBool)};
    auto out = model(in(*c, "sample"), in(*c, "timestep"), cond);
    expectClose(out, c->tensor("out"), unclip::test::networkTolerance(), "decoder out");
}

UNCLIP_TEST(super_res_nets_match_reference) {
    for (const std::string name : {"super_res_first", "super_res_last"}) {
        models::UNet model(readUNetConfig(fixturePipeline() / name / "config.json"));
        loadFixtureWeights(model, name);
        auto c = fixtureCase(name);
        c10::InferenceMode guard;
        auto out = model(in(*c, "sample"), in(*c, "timestep"));
        expectClose(out, c->tensor("out"), unclip::test::networkTolerance(), name + " out");
    }
}
