#include "app/cli/eval_command.h"

#include <fstream>
#include <iostream>

#include "app/cli/arguments.h"
#include "core/common/error.h"
#include "core/runtime/runtime.h"
#include "core/shapes/checker.h"
#include "core/shapes/holdout.h"
#include "core/shapes/model_evaluation.h"

namespace unclip::cli {
namespace fs = std::filesystem;

const char* kEvalHelp = R"(unclip eval [--model DIR] [--prompts FILE | --held-out N] [options]

Generates pictures of shapes-world captions and checks each against its caption, then
prints the share satisfied (one-object and two-object captions apart), how often
variations keep every object's colour and shape, CLIP's zero-shot accuracy, and the spread
of object position and size over seeds.

  --model DIR       the model to measure (default: the built-in model)
  --prompts FILE    one caption per line (default: held-out captions the trainer never saw)
  --held-out N      that many held-out captions of each kind, one- and two-object (default 20)
  --seeds K         pictures per caption, seeds S..S+K-1 (default 4)
  --seed S          first seed (default 1000)
  --size PX         resolution to check (default 256 when the model makes it)
  --steps P/D/S     sampling steps (default: the model's own, else 25/25/7)
  --guidance P/D    prior / decoder classifier-free guidance (default: the model's own, else
                    4/8; variations use D)
  --candidates P/D  best of P prior samples and of D decoder pictures (default: the
                    model's own, else 1/1)
  --pick-step N     the decoder step after which its candidates are judged (default 40%
                    of the decoder's steps)
  --variations N    rendered pictures to vary (default 40; 0 to skip)
  --zero-shot N     rendered pictures of one and of two objects for CLIP's zero-shot test
                    (default 200 each; 0 to skip)
  --upsamplers N    rendered 64 px pictures taken up to 256 and 1024 px by the upsamplers
                    alone and checked (default 20; 0 to skip)
  --no-prior        skip the prior's own test (its samples for the one-object captions,
                    read back by CLIP)
  --device D, --threads N   as for generate
)";

int runEval(const std::vector<std::string>& argv, const std::function<fs::path()>& defaultModel) {
    Arguments args(
        argv,
        {"model", "prompts", "held-out", "seeds", "seed", "size", "steps", "guidance", "candidates",
         "pick-step", "variations", "zero-shot", "upsamplers", "device", "threads"},
        {"no-prior"});
    const auto threads = args.integer("threads", 1, 1024);
    configureThreads(threads ? std::optional<int>(int(*threads)) : std::nullopt);
    const auto device = resolveDevice(args.value("device").value_or("auto"));
    const fs::path folder = args.value("model") ? fs::path(*args.value("model")) : defaultModel();
    auto model = UnclipModel::load(folder, {device, resolveDtype("auto", device)});

    std::vector<std::string> prompts;
    if (auto file = args.value("prompts")) {
        std::ifstream in(*file);
        if (!in) throw Error("cannot read the prompt list " + *file);
        for (std::string line; std::getline(in, line);)
            if (!line.empty() && line[0] != '#') prompts.push_back(line);
    } else {
        const int n = int(args.integer("held-out", 0, 10000).value_or(20));
        for (int objects : {1, 2})
            for (auto& p : shapes::heldOutPrompts(n, objects, 2026)) prompts.push_back(p);
    }

    shapes::EvaluationOptions options;
    options.seedsPerPrompt = int(args.integer("seeds", 1, 1000).value_or(4));
    options.firstSeed = args.seed("seed").value_or(1000);
    options.sampling = model->recommendedSampling;
    if (auto steps = args.numbers("steps", 3, 2, 1000, true)) {
        options.sampling.priorSteps = int64_t((*steps)[0]);
        options.sampling.decoderSteps = int64_t((*steps)[1]);
        options.sampling.superResSteps = int64_t((*steps)[2]);
    }
    if (auto guidance = args.numbers("guidance", 2, 0, 100, false)) {
        options.sampling.priorGuidance = (*guidance)[0];
        options.sampling.decoderGuidance = (*guidance)[1];
    }
    if (auto candidates = args.numbers("candidates", 2, 1, 16, true)) {
        options.sampling.priorCandidates = int64_t((*candidates)[0]);
        options.sampling.decoderCandidates = int64_t((*candidates)[1]);
    }
    if (auto step = args.integer("pick-step", 1, 1000)) options.sampling.candidatePickStep = *step;
    const auto resolutions = model->stageResolutions();
    int64_t size = 0;
    // A folder still being trained may have no decoder yet: its prior, CLIP and upsamplers
    // are measured all the same.
    const bool draw = !prompts.empty() && model->canGenerateFromText();
    if (!prompts.empty() && !draw)
        std::cout << "eval: " << folder.string()
                  << " has no decoder yet, so the captions are not drawn\n";
    const auto variations = args.integer("variations", 0, 100000).value_or(40);
    const bool vary = variations > 0 && model->canVaryImages();
    // The size applies to variations too, also when no caption is drawn (--held-out 0):
    // without it they ran at the model's largest size, not the one asked for.
    if (draw || vary) {
        const bool has256 =
            std::find(resolutions.begin(), resolutions.end(), 256) != resolutions.end();
        size = args.integer("size", 1, 1 << 20).value_or(has256 ? 256 : resolutions.back());
        auto stage = std::find(resolutions.begin(), resolutions.end(), size);
        if (stage == resolutions.end())
            throw Error("--size " + std::to_string(size) + " is not a resolution of this model");
        if (size < shapes::kSmallestCheckedSide || size > shapes::kLargestCheckedSide)
            throw Error("--size " + std::to_string(size) +
                        ": the picture checker reads pictures of " +
                        std::to_string(shapes::kSmallestCheckedSide) + " to " +
                        std::to_string(shapes::kLargestCheckedSide) +
                        " px a side; pick another of the model's resolutions");
        options.sampling.superResStages = int(stage - resolutions.begin());
    }
    options.progress = [](const std::string& line) { std::cout << "  " << line << std::endl; };

    std::cout << "eval: " << prompts.size() << " captions x " << options.seedsPerPrompt
              << " seeds and " << (vary ? variations : 0) << " variations at " << size << " px, "
              << describeSampling(options.sampling) << ", model " << folder.string() << "\n";
    shapes::EvaluationReport report;
    if (draw) report = shapes::evaluatePrompts(*model, prompts, options);
    if (vary)
        shapes::evaluateVariations(*model, int(variations), options.firstSeed, options, report);
    if (!args.has("no-prior") && model->prior && model->tokenizer && model->textEncoder)
        shapes::evaluatePrior(*model, prompts, options, report);
    if (const auto n = args.integer("upsamplers", 0, 100000).value_or(20);
        n > 0 && model->superResFirst)
        shapes::evaluateUpsamplers(*model, int(n), options.firstSeed, options, report);
    if (const auto n = args.integer("zero-shot", 0, 1000000).value_or(200);
        n > 0 && model->tokenizer && model->textEncoder && model->imageEncoder)
        shapes::evaluateZeroShot(*model, int(n), options.firstSeed, report);
    std::cout << shapes::formatReport(report);
    return 0;
}

}  // namespace unclip::cli
