// Every training stage on a tiny recipe (tests/engine/data/tiny_recipe.json): a few
// dozen steps lower each stage's loss, a stopped stage resumes where it was, and the
// folder the stages build loads, draws a picture and goes through every part of the
// evaluation.
#include <fstream>
#include <functional>
#include <sstream>

#include "core/config/json_config.h"
#include "core/pipeline/pipelines.h"
#include "core/pipeline/recommended_sampling.h"
#include "core/shapes/model_evaluation.h"
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
                           std::optional<int64_t> steps = std::nullopt,
                           std::string* logText = nullptr,
                           std::optional<double> learningRate = std::nullopt,
                           std::optional<torch::Dtype> autocast = std::nullopt,
                           const std::function<void(training::StageRequest&)>& adjust = {}) {
    training::StageRequest request;
    request.stage = stage;
    request.modelDir = model;
    request.recipe = tinyRecipe();
    request.data = &data;
    request.steps = steps;
    request.learningRate = learningRate;
    request.autocast = autocast;
    std::ostringstream log;
    request.log = &log;
    if (adjust) adjust(request);
    auto result = training::trainStage(request);
    std::cout << log.str();
    if (logText) *logText = log.str();
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

    // A recommendation measured on the folder (unclip eval) outlives the stages' exports.
    auto index = readJsonFile(model / "model_index.json");
    index[kRecommendedSamplingKey] = {{"decoder_guidance_scale", 3.0}};
    std::ofstream(model / "model_index.json") << index.dump(2);

    expectLearns(train(model, "prior", *data), "prior");
    expectLearns(train(model, "decoder", *data), "decoder");
    // The decoder again from scratch in mixed precision (bfloat16 autocast, which
    // gpu-train.sh can ask for), in a copy of the folder: it learns too. CLIP and prior
    // refuse it.
    const auto mixed = unclip::test::tempDir() / "tiny-bf16";
    fs::copy(model, mixed, fs::copy_options::recursive);
    for (const auto* part : {"decoder", "text_proj"})
        fs::remove(mixed / part / "diffusion_pytorch_model.safetensors");
    fs::remove_all(mixed / ".training" / "decoder");
    std::string mixedLog;
    expectLearns(
        train(mixed, "decoder", *data, std::nullopt, &mixedLog, std::nullopt, torch::kBFloat16),
        "decoder (bfloat16 autocast)");
    UNCLIP_CHECK_MSG(mixedLog.find("autocast bfloat16") != std::string::npos, mixedLog);
    UNCLIP_CHECK_THROWS_WITH(
        train(mixed, "prior", *data, 2, nullptr, std::nullopt, torch::kBFloat16),
        "decoder and upsampler stages");
    // A CPU fine-tune's shape (docs/TRAINING.md): the batch in micro-batches, on the noisy
    // half of the schedule, from the exported weights. The clip stage refuses micro-batches.
    fs::remove_all(mixed / ".training" / "decoder");
    std::string fineTuneLog;
    const auto fineTune = [](training::StageRequest& r) {
        r.batch = 8;
        r.accumulate = 2;
        r.timesteps = training::TimestepRange{500, 1000};
    };
    auto tuned =
        train(mixed, "decoder", *data, 3, &fineTuneLog, std::nullopt, std::nullopt, fineTune);
    UNCLIP_CHECK_EQ(tuned.lastStep, int64_t(3));
    // The range line comes from the objective the stage trains with, not from its settings.
    for (const char* said : {"continuing from the exported weights", "2 micro-batches of 4",
                             "training timesteps 500..999 of 1000"})
        UNCLIP_CHECK_MSG(fineTuneLog.find(said) != std::string::npos, fineTuneLog);
    UNCLIP_CHECK_THROWS_WITH(
        train(mixed, "clip", *data, 2, nullptr, std::nullopt, std::nullopt, fineTune),
        "whole batch in one pass");
    UNCLIP_CHECK_THROWS_WITH(train(mixed, "clip", *data, 2, nullptr, std::nullopt, std::nullopt,
                                   [](training::StageRequest& r) {
                                       r.timesteps = training::TimestepRange{0, 500};
                                   }),
                             "no diffusion timesteps");
    UNCLIP_CHECK_THROWS_WITH(train(mixed, "decoder", *data, 2, nullptr, std::nullopt, std::nullopt,
                                   [](training::StageRequest& r) {
                                       r.timesteps = training::TimestepRange{500, 2000};
                                   }),
                             "beyond the schedule's 1000");
    auto sr = train(model, "sr256", *data);
    expectLearns(sr, "sr256");
    // Exported weights without a checkpoint (a training seed): the stage continues from them.
    fs::remove_all(model / ".training" / "sr256");
    auto seeded = train(model, "sr256", *data, 5);
    UNCLIP_CHECK_EQ(seeded.firstStep, int64_t(0));
    UNCLIP_CHECK_MSG(seeded.firstLoss < sr.firstLoss, "a seeded stage started at "
                                                          << seeded.firstLoss << ", from scratch "
                                                          << sr.firstLoss);

    auto loaded = UnclipModel::load(model);
    UNCLIP_CHECK(loaded->canGenerateFromText());
    UNCLIP_CHECK_EQ(loaded->recommendedSampling.decoderGuidance, 3.0);
    TextToImageRequest request;
    request.prompts = {"a red circle"};
    request.seeds = {1};
    request.sampling.priorSteps = request.sampling.decoderSteps = request.sampling.superResSteps =
        3;
    auto out = generateFromText(*loaded, request);
    UNCLIP_CHECK_EQ(out.images.size(1), 64);
    UNCLIP_CHECK(torch::isfinite(out.images).all().item<bool>());

    // Each part of `unclip eval` runs on the folder and counts what it measured (the tiny
    // model's quality is not the point: the figures of a real one are in docs/TRAINING.md).
    shapes::EvaluationOptions options;
    options.seedsPerPrompt = 2;
    options.sampling = request.sampling;
    options.sampling.superResStages = 1;
    shapes::EvaluationReport report;
    shapes::evaluatePrior(*loaded, {"a red circle", "a blue star above a green ring"}, options,
                          report);
    UNCLIP_CHECK_EQ(report.priorShape.total, 2);  // the one-object caption, two seeds
    UNCLIP_CHECK_EQ(report.priorArrangement.relation.total, 2);  // the two-object one
    shapes::evaluateUpsamplers(*loaded, 2, 5, options, report);
    UNCLIP_CHECK_EQ(report.upsampled256.total, 2);
    std::vector<std::string> missed;  // each missed variation says which scene and why
    options.progress = [&](const std::string& line) { missed.push_back(line); };
    shapes::evaluateVariations(*loaded, 3, 5, options, report);
    options.progress = nullptr;
    UNCLIP_CHECK_EQ(report.variations.total, 3);
    UNCLIP_CHECK_EQ(int(missed.size()), report.variations.total - report.variations.ok);
    for (const auto& line : missed)
        UNCLIP_CHECK_MSG(line.rfind("variation ", 0) == 0 && line.find(": ") != std::string::npos,
                         line);
    shapes::evaluateZeroShot(*loaded, 6, 5, report);
    UNCLIP_CHECK_EQ(report.imageOnlyShape.total, 6);
    UNCLIP_CHECK_EQ(report.zeroShotArrangement.relation.total, 6);  // every two-object picture
    UNCLIP_CHECK(report.zeroShotArrangement.binding.total <= 6);    // colours and shapes differ
    UNCLIP_CHECK(report.textShapeCosine > -1.0 && report.textShapeCosine <= 1.0 + 1e-6);
    const auto text = shapes::formatReport(report);
    for (const char* line :
         {"prior samples CLIP reads as their shape", "upsampled renders satisfied at 256 px",
          "image tower alone", "CLIP zero-shot relation (vs reversed)"})
        UNCLIP_CHECK_MSG(text.find(line) != std::string::npos, text);
}

UNCLIP_TEST(a_prior_seeded_for_other_clip_towers_starts_over) {
    if (!SentencePieceTokenizer::pluginAvailable())
        UNCLIP_SKIP("the sentencepiece plugin was not built");
    torch::manual_seed(0);
    const auto model = unclip::test::tempDir() / "tiny-reclip";
    auto data = training::shapesWorldData(7);
    train(model, "clip", *data, 20);
    train(model, "prior", *data, 10);
    auto seededPrior = [&] {  // the prior again from its export alone, as a seed model has it
        fs::remove_all(model / ".training" / "prior");
        std::string log;
        train(model, "prior", *data, 2, &log);
        return log;
    };
    // The same towers: the exported prior goes on.
    auto log = seededPrior();
    UNCLIP_CHECK_MSG(log.find("continuing from the exported weights") != std::string::npos, log);
    UNCLIP_CHECK_MSG(log.find("starting it over") == std::string::npos, log);
    // The towers trained further (at a high rate, so they surely move): it starts over.
    train(model, "clip", *data, 40, nullptr, 0.02);
    log = seededPrior();
    UNCLIP_CHECK_MSG(log.find("starting it over") != std::string::npos, log);
}
