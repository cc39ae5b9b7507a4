// Wrong requests to the pipelines: each ends in an unclip::Error that says what was wrong
// (before any long run where it can), never in a crash or a LibTorch error. Runs that do
// start use 2 steps per stage.
#include "harness.h"

#include <cmath>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <iterator>
#include <limits>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/pipeline/pipelines.h"
#include "fixture_model.h"
#include "tensor_checks.h"

using namespace unclip;
namespace fs = std::filesystem;
using unclip::test::fixtureModel;
using unclip::test::fixturePipeline;
using unclip::test::twoStepSampling;

namespace {

SamplingOptions fastSampling() { return twoStepSampling(); }

TextToImageRequest textRequest() {
    TextToImageRequest r;
    r.prompts = {"a red circle"};
    r.seeds = {1};
    r.sampling = fastSampling();
    return r;
}

// CLIP-preprocessed pixels of the fixture's image encoder size: [n, 3, S, S].
torch::Tensor pixels(int64_t n = 1) {
    const auto size = fixtureModel()->imageEncoder->config.imageSize;
    return torch::rand({n, 3, size, size}) * 2 - 1;
}

VariationRequest variationRequest() {
    VariationRequest r;
    r.pixelValues = pixels();
    r.seeds = {1};
    r.sampling = fastSampling();
    return r;
}

BlendRequest blendRequest() {
    BlendRequest r;
    r.pixelValuesA = pixels();
    r.pixelValuesB = pixels();
    r.thetas = {0.0, 0.5, 1.0};
    r.seed = 3;
    r.sampling = fastSampling();
    return r;
}

// run() must throw an unclip::Error whose message holds every needle; any other
// exception (a LibTorch shape error, say) propagates and fails the test.
template <typename Run>
void expectError(Run run, std::initializer_list<std::string> needles) {
    std::string what;
    try {
        run();
    } catch (const unclip::Error& e) {
        what = e.what();
    }
    UNCLIP_CHECK_MSG(!what.empty(), "the request did not fail");
    for (const auto& needle : needles)
        UNCLIP_CHECK_MSG(what.find(needle) != std::string::npos,
                         "error does not mention '" << needle << "': " << what);
    std::cout << "  " << what << "\n";
}

// A writable copy of the fixture folder without the named components (folders and
// model_index.json entries).
fs::path fixtureWithout(std::initializer_list<std::string> components) {
    const fs::path source = fixturePipeline();
    const fs::path copy = unclip::test::tempDir() / "model";
    fs::create_directories(copy);
    for (const auto& entry : fs::directory_iterator(source)) {
        const auto name = entry.path().filename().string();
        bool dropped = false;
        for (const auto& c : components) dropped = dropped || c == name;
        if (!dropped) fs::copy(entry.path(), copy / name, fs::copy_options::recursive);
    }
    // The fixture is read-only; the copy must be writable (and removable).
    for (const auto& entry : fs::recursive_directory_iterator(copy))
        fs::permissions(entry.path(),
                        entry.is_directory() ? fs::perms::owner_all
                                             : fs::perms::owner_read | fs::perms::owner_write,
                        fs::perm_options::add);
    const auto indexPath = copy / "model_index.json";
    nlohmann::ordered_json index;
    {
        std::ifstream in(indexPath);
        index = nlohmann::ordered_json::parse(in);
    }
    for (const auto& c : components) index.erase(c);
    std::ofstream(indexPath, std::ios::trunc) << index.dump(2);
    return copy;
}

}  // namespace

UNCLIP_TEST(a_good_request_runs) {
    // The baseline every case below changes in one respect.
    auto out = generateFromText(*fixtureModel(), textRequest());
    UNCLIP_CHECK_EQ(out.images.size(0), int64_t(1));
    auto variation = generateVariations(*fixtureModel(), variationRequest());
    UNCLIP_CHECK_EQ(variation.images.size(0), int64_t(1));
    auto blend = blendImages(*fixtureModel(), blendRequest());
    UNCLIP_CHECK_EQ(blend.images.size(0), int64_t(3));
}

// ---- text to image ----

UNCLIP_TEST(no_prompt) {
    auto r = textRequest();
    r.prompts.clear();
    r.seeds.clear();
    expectError([&] { generateFromText(*fixtureModel(), r); }, {"no prompt"});
}

UNCLIP_TEST(zero_images_per_prompt) {
    auto r = textRequest();
    r.imagesPerPrompt = 0;
    r.seeds.clear();
    expectError([&] { generateFromText(*fixtureModel(), r); }, {"number of images", "at least 1"});
    r.imagesPerPrompt = -2;
    expectError([&] { generateFromText(*fixtureModel(), r); }, {"at least 1"});
}

UNCLIP_TEST(seed_count_mismatch) {
    auto r = textRequest();
    r.imagesPerPrompt = 2;
    r.seeds = {1};
    expectError([&] { generateFromText(*fixtureModel(), r); },
                {"one seed per image", "2 images, 1 seeds"});
    r.seeds = {1, 2, 3};
    expectError([&] { generateFromText(*fixtureModel(), r); }, {"2 images, 3 seeds"});
}

UNCLIP_TEST(one_prior_step) {
    auto r = textRequest();
    r.sampling.priorSteps = 1;
    expectError([&] { generateFromText(*fixtureModel(), r); },
                {"prior", "between 2 and 1000", "got 1"});
}

UNCLIP_TEST(too_many_decoder_steps) {
    auto r = textRequest();
    r.sampling.decoderSteps = 5000;
    // Refused before the prior runs, not after it.
    RunControl control;
    int stepsRun = 0;
    control.onProgress = [&](const Progress&) { ++stepsRun; };
    expectError([&] { generateFromText(*fixtureModel(), r, control); },
                {"decoder", "between 2 and 1000", "got 5000"});
    UNCLIP_CHECK_EQ(stepsRun, 0);
}

UNCLIP_TEST(one_super_res_step) {
    auto r = textRequest();
    r.sampling.superResSteps = 1;
    expectError([&] { generateFromText(*fixtureModel(), r); }, {"super-res", "got 1"});
}

UNCLIP_TEST(negative_or_nan_guidance) {
    auto r = textRequest();
    r.sampling.priorGuidance = -1.0;
    expectError([&] { generateFromText(*fixtureModel(), r); }, {"guidance", "not negative"});
    r = textRequest();
    r.sampling.decoderGuidance = std::numeric_limits<double>::quiet_NaN();
    expectError([&] { generateFromText(*fixtureModel(), r); }, {"guidance", "finite"});
}

UNCLIP_TEST(candidates_out_of_range) {
    for (int64_t k : {int64_t(0), int64_t(17)}) {
        auto r = textRequest();
        r.sampling.decoderCandidates = k;
        expectError([&] { generateFromText(*fixtureModel(), r); },
                    {"candidates per picture", "between 1 and 16", std::to_string(k)});
        r = textRequest();
        r.sampling.priorCandidates = k;
        expectError([&] { generateFromText(*fixtureModel(), r); }, {"between 1 and 16"});
    }
}

UNCLIP_TEST(candidates_with_recorded_noise) {
    auto r = textRequest();
    r.sampling.decoderCandidates = 2;
    r.noise = std::make_shared<RecordedNoise>(std::vector<torch::Tensor>{});
    expectError([&] { generateFromText(*fixtureModel(), r); },
                {"candidates", "per-picture seeds", "recorded noise"});
}

UNCLIP_TEST(decoder_candidates_without_image_encoder) {
    // Text to image runs without the image tower, but judging candidates needs it.
    auto model = UnclipModel::load(fixtureWithout({"image_encoder", "feature_extractor"}));
    auto r = textRequest();
    r.sampling.decoderCandidates = 2;
    expectError([&] { generateFromText(*model, r); }, {"image_encoder", "use 1 candidate"});
    r.sampling.decoderCandidates = 1;
    r.sampling.priorCandidates = 2;  // the prior's choice needs only the text tower
    UNCLIP_CHECK_EQ(generateFromText(*model, r).images.size(0), int64_t(1));
}

UNCLIP_TEST(text_request_on_a_folder_without_prior) {
    auto model = UnclipModel::load(fixtureWithout({"prior"}));
    UNCLIP_CHECK(!model->canGenerateFromText());
    expectError([&] { generateFromText(*model, textRequest()); },
                {"cannot generate from text", "has no prior"});
}

// ---- variations ----

UNCLIP_TEST(wrongly_shaped_pixel_values) {
    auto r = variationRequest();
    const auto size = fixtureModel()->imageEncoder->config.imageSize;
    r.pixelValues = torch::rand({1, 3, size * 2, size * 2});
    const std::string expected =
        "[N, 3, " + std::to_string(size) + ", " + std::to_string(size) + "]";
    expectError([&] { generateVariations(*fixtureModel(), r); }, {expected, "got [1, 3, "});
    r.pixelValues = torch::rand({3, size, size});  // no batch dimension
    expectError([&] { generateVariations(*fixtureModel(), r); }, {expected, "got [3, "});
    r.pixelValues = torch::rand({1, 1, size, size});  // grey, not RGB
    expectError([&] { generateVariations(*fixtureModel(), r); }, {expected});
}

UNCLIP_TEST(no_image_for_variations) {
    auto r = variationRequest();
    r.pixelValues = torch::Tensor();
    expectError([&] { generateVariations(*fixtureModel(), r); }, {"no image"});
}

UNCLIP_TEST(empty_batch_of_images) {
    auto r = variationRequest();
    r.pixelValues = pixels(0);
    r.seeds.clear();
    expectError([&] { generateVariations(*fixtureModel(), r); }, {"no image"});
}

UNCLIP_TEST(wrongly_shaped_image_embeddings) {
    auto r = variationRequest();
    r.pixelValues = torch::Tensor();
    r.imageEmbeddings = torch::randn({1, 7});
    expectError([&] { generateVariations(*fixtureModel(), r); },
                {"image embeddings", "got [1, 7]"});
    r.imageEmbeddings = torch::tensor(1.0f);  // a scalar
    expectError([&] { generateVariations(*fixtureModel(), r); }, {"image embeddings"});
}

UNCLIP_TEST(wrong_steps_for_variations) {
    auto r = variationRequest();
    r.sampling.decoderSteps = 1;
    expectError([&] { generateVariations(*fixtureModel(), r); }, {"decoder steps", "got 1"});
    // The prior does not run for variations, so its count does not matter.
    r = variationRequest();
    r.sampling.priorSteps = 0;
    UNCLIP_CHECK_EQ(generateVariations(*fixtureModel(), r).images.size(0), int64_t(1));
}

UNCLIP_TEST(zero_variations) {
    auto r = variationRequest();
    r.imagesPerInput = 0;
    r.seeds.clear();
    expectError([&] { generateVariations(*fixtureModel(), r); }, {"at least 1"});
}

UNCLIP_TEST(variation_seed_count_mismatch) {
    auto r = variationRequest();
    r.imagesPerInput = 3;
    expectError([&] { generateVariations(*fixtureModel(), r); }, {"3 images, 1 seeds"});
}

UNCLIP_TEST(variation_on_a_folder_without_image_encoder) {
    auto model = UnclipModel::load(fixtureWithout({"image_encoder", "feature_extractor"}));
    UNCLIP_CHECK(model->canGenerateFromText());
    UNCLIP_CHECK(!model->canVaryImages());
    auto r = variationRequest();
    expectError([&] { generateVariations(*model, r); },
                {"cannot make variations", "has no image_encoder"});
    expectError([&] { blendImages(*model, blendRequest()); }, {"has no image_encoder"});
}

// ---- blends ----

UNCLIP_TEST(blend_theta_outside_unit_interval) {
    auto r = blendRequest();
    r.thetas = {0.0, 1.5};
    expectError([&] { blendImages(*fixtureModel(), r); }, {"[0, 1]", "got 1.5"});
    r.thetas = {-0.25};
    expectError([&] { blendImages(*fixtureModel(), r); }, {"[0, 1]", "got -0.25"});
    r.thetas = {std::nan("")};
    expectError([&] { blendImages(*fixtureModel(), r); }, {"[0, 1]"});
}

UNCLIP_TEST(blend_without_thetas) {
    auto r = blendRequest();
    r.thetas.clear();
    expectError([&] { blendImages(*fixtureModel(), r); }, {"at least one blend position"});
}

UNCLIP_TEST(blend_with_two_images_on_one_side) {
    auto r = blendRequest();
    r.pixelValuesA = pixels(2);
    expectError([&] { blendImages(*fixtureModel(), r); }, {"exactly one image on each side"});
}

UNCLIP_TEST(blend_embeddings_of_the_wrong_width) {
    BlendRequest r = blendRequest();
    r.pixelValuesA = r.pixelValuesB = torch::Tensor();
    r.embeddingA = torch::randn({1, 7});
    r.embeddingB = torch::randn({1, 7});
    expectError([&] { blendImages(*fixtureModel(), r); }, {"blend image A", "got [1, 7]"});
}

UNCLIP_TEST(blend_with_a_missing_image) {
    auto r = blendRequest();
    r.pixelValuesB = torch::Tensor();
    expectError([&] { blendImages(*fixtureModel(), r); }, {"no image given for blend image B"});
}
