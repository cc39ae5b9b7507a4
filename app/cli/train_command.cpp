#include "app/cli/train_command.h"

#include <iomanip>
#include <iostream>

#include "app/app_paths.h"
#include "app/cli/arguments.h"
#include "core/common/error.h"
#include "core/runtime/runtime.h"
#include "core/training/autocast_scope.h"
#include "core/training/stages.h"

namespace unclip::cli {
namespace fs = std::filesystem;

const char* kTrainHelp = R"(unclip train --model DIR [--stage STAGE] [options]

Trains a model folder (diffusers layout) stage by stage from a recipe. Each stage resumes
from DIR/.training/STAGE/checkpoint.safetensors and exports its EMA weights (float16)
into DIR at every checkpoint, so the folder loads while training goes on.

  --model DIR           the model folder to build (created when absent)
  --stage STAGE         clip, prior, decoder, sr256, sr1024, or all (default: all, in order)
  --recipe FILE         component configs and stage settings (default: the built-in recipe)
  --data shapes|DIR     the shapes world (default), or a folder of image + same-name .txt pairs
  --steps N             steps per stage (default: the recipe's)
  --batch N             batch size (default: the recipe's)
  --lr X                peak learning rate (default: the recipe's)
  --seed S              data and noise seed (default 0)
  --two-objects P       the share of two-object scenes the shapes world draws (default:
                        the world's own, a half); more for a stage that draws them
                        worse. A resumed stage sees the interrupted run's batches only
                        with the same P and S
  --accumulate K        run each step's batch as K passes of batch/K examples, their
                        gradients summed: the same steps in a K-th of the memory (a CPU
                        needs ~20 GB for the decoder's batch of 256 in one pass); not clip
  --timesteps F/E       train a diffusion stage on timesteps F..E-1 only (default: all,
                        0/1000): a fine-tune of the noisy steps where the decoder lays out
                        which object goes where, say 500/1000
  --warmup N            warm-up steps (default: the recipe's, at most a fifth of the
                        steps); a fine-tune of a few hundred steps wants a few dozen
  --checkpoint-every N  steps between checkpoints (default: the recipe's, else 500)
  --log-every N         steps between progress lines (default 50)
  --minutes M           end each stage after M minutes (checkpointed and exported), the
                        learning rate decaying over the steps or the time, whichever ends first
  --no-resume           start over instead of resuming from a checkpoint
  --device D            auto, cpu, cuda or cuda:N (default auto)
  --threads N           CPU threads (default: OMP_NUM_THREADS, else all cores)
  --autocast off|bfloat16
                        mixed precision for the decoder and upsampler stages: their
                        convolutions and matrix products in bfloat16, weights and
                        optimiser in float32 (default off; it pays where bfloat16 is
                        fast: this project's CPU with AMX trained the decoder 1.6x faster,
                        one without AMX no faster, an H200, whose float32 runs as TF32,
                        ~13% slower)
)";

namespace {

fs::path defaultRecipe() {
    std::error_code ec;
    const auto exeDir = fs::read_symlink("/proc/self/exe", ec).parent_path();
    for (const auto& candidate : {exeDir / UNCLIP_INSTALL_DATA_RELDIR / "recipes" / "shapes.json",
                                  fs::path(UNCLIP_SOURCE_RESOURCES) / "recipes" / "shapes.json"})
        if (fs::exists(candidate)) return candidate.lexically_normal();
    throw Error("the built-in recipe was not found; pass --recipe FILE");
}

}  // namespace

int runTrain(const std::vector<std::string>& argv, training::ImageReader reader) {
    Arguments args(argv,
                   {"model", "stage", "recipe", "data", "steps", "batch", "lr", "seed",
                    "checkpoint-every", "log-every", "minutes", "device", "threads", "autocast",
                    "two-objects", "accumulate", "timesteps", "warmup"},
                   {"no-resume"});
    const fs::path modelDir = args.required("model");
    const auto stage = args.value("stage").value_or("all");
    const auto threads = args.integer("threads", 1, 1024);
    const int threadCount =
        configureThreads(threads ? std::optional<int>(int(*threads)) : std::nullopt);
    const auto device = resolveDevice(args.value("device").value_or("auto"));
    const uint64_t seed = args.seed("seed").value_or(0);
    const auto autocast = training::parseAutocast(args.value("autocast").value_or("off"));

    std::unique_ptr<training::TrainingData> data;
    const auto dataArg = args.value("data").value_or("shapes");
    const auto twoObjects = args.number("two-objects", 0.0, 1.0);
    if (dataArg == "shapes") {
        data = training::shapesWorldData(seed, twoObjects);
    } else {
        if (twoObjects)
            throw Error("--two-objects sets the shapes world's mix; a folder of pictures (--data " +
                        dataArg + ") has its own");
        data = training::captionedFolderData(dataArg, reader, seed);
    }

    std::vector<std::string> stages;
    if (stage == "all")
        stages = training::stageNames();
    else
        stages = {stage};

    for (const auto& name : stages) {
        training::StageRequest request;
        request.stage = name;
        request.modelDir = modelDir;
        request.recipe = args.value("recipe") ? fs::path(*args.value("recipe")) : defaultRecipe();
        request.data = data.get();
        request.steps = args.integer("steps", 1, 100'000'000);
        request.batch = args.integer("batch", 1, 65536);
        request.learningRate = args.number("lr", 1e-8, 1.0);
        request.warmupSteps = args.integer("warmup", 1, 100'000'000);
        // With every stage, micro-batches and a timestep range go to the stages that take
        // them (the clip stage has neither), as mixed precision does below.
        if (stage != "all" || name != "clip") {
            request.accumulate = args.integer("accumulate", 1, 65536);
            if (auto range = args.numbers("timesteps", 2, 0, 100'000, /*integers=*/true))
                request.timesteps =
                    training::TimestepRange{int64_t((*range)[0]), int64_t((*range)[1])};
        }
        request.checkpointEvery = args.integer("checkpoint-every", 1, 100'000'000);
        request.logEvery = args.integer("log-every", 1, 100'000'000);
        if (auto minutes = args.number("minutes", 0.05, 100'000))
            request.maxSeconds = *minutes * 60;
        request.device = device;
        // With every stage, mixed precision goes to the stages that take it.
        if (stage != "all" || (name != "clip" && name != "prior")) request.autocast = autocast;
        request.resume = !args.has("no-resume");
        request.log = &std::cout;
        std::cout << "train: stage " << name << " into " << modelDir.string() << " (" << threadCount
                  << " threads)" << std::endl;
        const auto result = training::trainStage(request);
        std::cout << "train: " << name << " loss " << std::setprecision(4) << result.firstLoss
                  << " -> " << result.lastLoss << ", " << std::fixed << std::setprecision(1)
                  << result.samplesPerSecond << std::defaultfloat << " samples/s" << std::endl;
    }
    return 0;
}

}  // namespace unclip::cli
