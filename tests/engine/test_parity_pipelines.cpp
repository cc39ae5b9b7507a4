// Whole pipelines against the reference, fed the reference's recorded noise draws:
// the final images within 1e-3 absolute, intermediate results printed and checked.
#include <nlohmann/json.hpp>

#include "core/pipeline/cascade_stages.h"
#include "core/pipeline/pipelines.h"
#include "harness.h"
#include "tensor_checks.h"

using namespace unclip;
using unclip::test::expectAbsClose;
using unclip::test::expectClose;
using unclip::test::fixtureCase;
using unclip::test::fixturePipeline;

namespace {

nlohmann::json metadataJson(const SafetensorsFile& file, const std::string& key) {
    auto it = file.metadata().find(key);
    UNCLIP_CHECK_MSG(it != file.metadata().end(), "fixture metadata lacks " << key);
    auto value = nlohmann::json::parse(it->second);
    return value.is_string() ? nlohmann::json::parse(value.get<std::string>()) : value;
}

std::shared_ptr<RecordedNoise> recordedDraws(const SafetensorsFile& file) {
    std::vector<torch::Tensor> draws;
    for (int i = 0; file.contains("draw_" + std::to_string(i)); ++i)
        draws.push_back(file.tensor("draw_" + std::to_string(i)));
    UNCLIP_CHECK(!draws.empty());
    return std::make_shared<RecordedNoise>(std::move(draws));
}

std::shared_ptr<UnclipModel> fixtureModel() {
    static std::shared_ptr<UnclipModel> model = UnclipModel::load(
        fixturePipeline(), {unclip::test::testDevice(), unclip::test::testDtype()});
    return model;
}

}  // namespace

UNCLIP_TEST(text_to_image_matches_reference) {
    auto c = fixtureCase("pipeline_text2img");
    auto model = fixtureModel();
    TextToImageRequest request;
    request.prompts = metadataJson(*c, "prompts").get<std::vector<std::string>>();
    const auto steps = metadataJson(*c, "steps");
    request.sampling.priorSteps = steps.at("prior_num_inference_steps").get<int64_t>();
    request.sampling.decoderSteps = steps.at("decoder_num_inference_steps").get<int64_t>();
    request.sampling.superResSteps = steps.at("super_res_num_inference_steps").get<int64_t>();
    request.sampling.priorGuidance = std::stod(metadataJson(*c, "prior_guidance_scale").dump());
    request.sampling.decoderGuidance = std::stod(metadataJson(*c, "decoder_guidance_scale").dump());
    auto noise = recordedDraws(*c);
    request.noise = noise;

    auto out = generateFromText(*model, request);
    UNCLIP_CHECK_EQ(noise->remaining(), size_t(0));  // consumed every draw, in order
    expectClose(out.imageEmbeddings, c->tensor("image_embeddings"),
                unclip::test::networkTolerance(), "text2img image_embeddings");
    // The first super-res call's input: [noise; bicubic-upsampled decoder output].
    auto srInput = c->tensor("super_res_input");
    const auto size = srInput.size(2);
    auto upsampled = stages::upsampleBicubic(out.decoderImage, size, size);
    expectAbsClose(upsampled, srInput.narrow(1, 3, 3), unclip::test::pipelineTolerance(),
                   "text2img super-res conditioning (decoder output)");
    expectAbsClose(out.images, c->tensor("image"), unclip::test::pipelineTolerance(),
                   "text2img image");
}

UNCLIP_TEST(image_variation_matches_reference) {
    auto c = fixtureCase("pipeline_variation");
    auto model = fixtureModel();
    VariationRequest request;
    request.pixelValues = c->tensor("pixel_values");
    request.imagesPerInput = std::stoll(metadataJson(*c, "num_images_per_prompt").dump());
    request.sampling.decoderSteps = std::stoll(metadataJson(*c, "decoder_steps").dump());
    request.sampling.superResSteps = std::stoll(metadataJson(*c, "super_res_steps").dump());
    request.sampling.decoderGuidance = std::stod(metadataJson(*c, "decoder_guidance_scale").dump());
    auto noise = recordedDraws(*c);
    request.noise = noise;

    auto out = generateVariations(*model, request);
    UNCLIP_CHECK_EQ(noise->remaining(), size_t(0));
    expectClose(out.imageEmbeddings, c->tensor("image_embeddings"),
                unclip::test::networkTolerance(), "variation image_embeddings");
    expectAbsClose(out.images, c->tensor("image"), unclip::test::pipelineTolerance(),
                   "variation image");
}

UNCLIP_TEST(seeded_generation_is_reproducible_and_per_image) {
    auto model = fixtureModel();
    TextToImageRequest request;
    request.prompts = {"a red circle"};
    request.imagesPerPrompt = 2;
    request.seeds = {7, 8};
    request.sampling.priorSteps = request.sampling.decoderSteps = request.sampling.superResSteps =
        2;
    auto a = generateFromText(*model, request);
    auto b = generateFromText(*model, request);
    UNCLIP_CHECK(torch::equal(a.images, b.images));
    // Image 1 alone with seed 8 is the same picture as image 1 of the pair.
    request.imagesPerPrompt = 1;
    request.seeds = {8};
    auto single = generateFromText(*model, request);
    UNCLIP_CHECK(unclip::test::absoluteError(single.images[0], a.images[1]) <
                 unclip::test::batchTolerance());
    UNCLIP_CHECK(unclip::test::absoluteError(a.images[0], a.images[1]) > 1e-3);
}

UNCLIP_TEST(cancellation_stops_between_steps) {
    auto model = fixtureModel();
    TextToImageRequest request;
    request.prompts = {"a blue star"};
    request.seeds = {1};
    RunControl control;
    control.cancel = std::make_shared<CancelToken>();
    int steps = 0;
    control.onProgress = [&](const Progress& p) {
        ++steps;
        if (p.stage == Stage::Prior && p.step == 2) control.cancel->cancel();
    };
    UNCLIP_CHECK_THROWS_WITH(generateFromText(*model, request, control), "cancelled");
    UNCLIP_CHECK_EQ(steps, 2);
}

UNCLIP_TEST(progress_reports_every_stage_and_previews) {
    auto model = fixtureModel();
    TextToImageRequest request;
    request.prompts = {"a green ring"};
    request.seeds = {3};
    request.sampling.priorSteps = 3;
    request.sampling.decoderSteps = 4;
    request.sampling.superResSteps = 2;
    RunControl control;
    control.previewEvery = 2;
    int prior = 0, decoder = 0, superRes = 0, previews = 0;
    control.onProgress = [&](const Progress& p) {
        prior += p.stage == Stage::Prior;
        decoder += p.stage == Stage::Decoder;
        superRes += p.stage == Stage::SuperRes;
        if (p.preview.defined()) {
            ++previews;
            UNCLIP_CHECK_EQ(p.preview.dim(), 4);
            UNCLIP_CHECK(p.preview.min().item<float>() >= 0.0f &&
                         p.preview.max().item<float>() <= 1.0f);
        }
    };
    auto out = generateFromText(*model, request, control);
    UNCLIP_CHECK_EQ(prior, 3);
    UNCLIP_CHECK_EQ(decoder, 4);
    UNCLIP_CHECK_EQ(superRes, 2);
    UNCLIP_CHECK_EQ(previews, 2);
    UNCLIP_CHECK_EQ(out.images.size(3), 3);
}

UNCLIP_TEST(blend_endpoints_and_shared_seed) {
    auto model = fixtureModel();
    auto c = fixtureCase("pipeline_variation");
    auto pixels = c->tensor("pixel_values");
    BlendRequest request;
    request.pixelValuesA = pixels;
    request.pixelValuesB = pixels.flip({3});
    request.thetas = {0.0, 0.5, 1.0};
    request.seed = 11;
    request.sampling.decoderSteps = request.sampling.superResSteps = 2;
    auto out = blendImages(*model, request);
    UNCLIP_CHECK_EQ(out.images.size(0), 3);
    auto a = encodeImages(*model, request.pixelValuesA);
    auto b = encodeImages(*model, request.pixelValuesB);
    UNCLIP_CHECK(unclip::test::absoluteError(out.imageEmbeddings[0], a[0]) <
                 unclip::test::batchTolerance());
    UNCLIP_CHECK(unclip::test::absoluteError(out.imageEmbeddings[2], b[0]) <
                 unclip::test::batchTolerance());
    // The same seed decodes A's embedding to the same picture as a one-image variation.
    VariationRequest variation;
    variation.imageEmbeddings = a;
    variation.seeds = {11};
    variation.sampling = request.sampling;
    auto single = generateVariations(*model, variation);
    UNCLIP_CHECK(unclip::test::absoluteError(single.images[0], out.images[0]) <
                 unclip::test::batchTolerance());
}
