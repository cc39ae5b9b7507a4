// Every training stage on a tiny recipe (tests/engine/data/tiny_recipe.json): a few
// dozen steps lower each stage's loss, a stopped stage resumes where it was, and the
// folder the stages build loads and draws a picture.
#include <sstream>

#include "core/pipeline/pipelines.h"
#include "core/tokenizer/sentencepiece_tokenizer.h"
#include "core/training/stages.h"
#include "harness.h"
#include "test_config.h"

using namespace unclip;
namespace fs = std::filesystem;

namespace {

fs::path tinyRecipe() {
    return fs::path(UNCLIP_SOURCE_DIR) / "tests" / "engine" / "data" / "tiny_recipe.json";
}

training::LoopResult train(const fs::path& model, const std::string& stage,
                           const training::TrainingData& data,
                           std::optional<int64_t> steps = std::nullopt) {
    training::StageRequest request;
    request.stage = stage;
    request.modelDir = model;
    request.recipe = tinyRecipe();
    request.data = &data;
    request.steps = steps;
    std::ostringstream log;
    request.log = &log;
    auto result = training::trainStage(request);
    std::cout << log.str();
    return result;
}

void expectLearns(const training::LoopResult& r, const std::string& stage) {
    std::cout << "  " << stage << ": loss " << r.firstLoss << " -> " << r.lastLoss << "\n";
    UNCLIP_CHECK_MSG(r.lastLoss < r.firstLoss,
                     stage << " did not learn: " << r.firstLoss << " -> " << r.lastLoss);
}

}  // namespace

UNCLIP_TEST(every_stage_learns_and_the_folder_draws) {
    if (!SentencePieceTokenizer::pluginAvailable())
        UNCLIP_SKIP("the sentencepiece plugin was not built");
    torch::manual_seed(0);
    const auto model = unclip::test::tempDir() / "tiny";
    auto data = training::shapesWorldData(7);

    // clip, interrupted after 30 steps and resumed: the second run starts at 30.
    auto partial = train(model, "clip", *data, 30);
    UNCLIP_CHECK_EQ(partial.firstStep, int64_t(0));
    auto clip = train(model, "clip", *data);
    UNCLIP_CHECK_EQ(clip.firstStep, int64_t(30));
    UNCLIP_CHECK(fs::exists(model / "tokenizer" / "spiece.model"));
    UNCLIP_CHECK(partial.firstLoss > clip.lastLoss);

    expectLearns(train(model, "prior", *data), "prior");
    expectLearns(train(model, "decoder", *data), "decoder");
    expectLearns(train(model, "sr256", *data), "sr256");

    auto loaded = UnclipModel::load(model);
    UNCLIP_CHECK(loaded->canGenerateFromText());
    TextToImageRequest request;
    request.prompts = {"a red circle"};
    request.seeds = {1};
    request.sampling.priorSteps = request.sampling.decoderSteps = request.sampling.superResSteps =
        3;
    auto out = generateFromText(*loaded, request);
    UNCLIP_CHECK_EQ(out.images.size(1), 64);
    UNCLIP_CHECK(torch::isfinite(out.images).all().item<bool>());
}
