// Engine benchmark: prints figures, asserts nothing (speed targets are read from its
// output, never enforced by timed tests).
//
//   bench_engine [--device cpu|cuda] [--dtype float32|float16] [--reps N] [--threads N]
//                [--fixture DIR] [--skip-karlo] [--all] [--unet-config CONFIG.json]
//                [--no-keep-memory]   (measure without keepFreedMemory, for comparison)
//                [--model DIR]        (a trained folder instead: see 3.)
//                [--size PX]          (with --model: that resolution only)
//                [--candidates P/D] [--pick-step N] [--decoder-steps N]
//                                     (with --model: other than the folder's own)
//                [--profile TRACE.json] (with --model: a Chrome trace of one picture instead)
//                [--shapes-data]      (the trainer's picture drawing instead: see 4.)
//
// 1. The fixture pipeline (tiny cascade) end to end at default steps 25/25/7, batch 1.
// 2. One Karlo-size decoder forward (random weights from Karlo's config), 64x64, batch 2
//    (the two guidance halves). With --all also the prior (batch 2) and one super-res
//    forward at 256x256 (batch 1).
// 3. With --model DIR (the built-in model: resources/models/shapes) only that folder: its
//    loading time, then text-to-image at each of its resolutions (default steps and
//    guidance, batch 1), with the time of each stage.
// 4. With --shapes-data only the training batches of the shapes world, as each stage draws
//    them (rendered, captioned, converted): pictures per second on the threads given, which
//    a GPU step must not wait for.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include "bench_config.h"
#include "core/config/component_configs.h"
#include "core/pipeline/pipelines.h"
#include "core/runtime/runtime.h"
#include "core/training/training_data.h"

using namespace unclip;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void sync(const torch::Device& device) {
    if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

template <typename Fn>
void timeIt(const std::string& what, int reps, const torch::Device& device, Fn fn) {
    fn();  // warm-up: first-call allocations, kernel selection
    sync(device);
    double best = 1e300, total = 0;
    for (int i = 0; i < reps; ++i) {
        auto start = Clock::now();
        fn();
        sync(device);
        const double ms = msSince(start);
        best = std::min(best, ms);
        total += ms;
    }
    std::cout << std::left << std::setw(52) << what << std::right << " mean " << std::setw(10)
              << std::fixed << std::setprecision(1) << total / reps << " ms   best "
              << std::setw(10) << best << " ms  (" << reps << " runs)\n";
}

std::string arg(const std::vector<std::string>& args, const std::string& name,
                const std::string& fallback) {
    for (size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == name) return args[i + 1];
    return fallback;
}

bool flag(const std::vector<std::string>& args, const std::string& name) {
    return std::find(args.begin(), args.end(), name) != args.end();
}

void benchFixturePipeline(const fs::path& folder, int reps) {
    if (!fs::exists(folder / "model_index.json")) {
        std::cout << "fixture pipeline: not found at " << folder << ", skipped\n";
        return;
    }
    auto start = Clock::now();
    auto model = UnclipModel::load(folder);
    std::cout << "fixture pipeline: loaded in " << std::fixed << std::setprecision(1)
              << msSince(start) << " ms\n";
    TextToImageRequest request;
    request.prompts = {"a red circle on a blue background"};
    request.seeds = {0};
    timeIt("fixture text-to-image, 25/25/7 steps, batch 1", reps, torch::kCPU,
           [&] { generateFromText(*model, request); });
}

// Seconds each stage took in one text-to-image run, from the progress callbacks: a stage
// runs from the previous stage's last step to its own last step (text encoding counts
// towards the prior, each upsampler is its own entry).
std::vector<std::pair<std::string, double>> stageTimes(UnclipModel& model,
                                                       const TextToImageRequest& request) {
    std::vector<std::pair<std::string, double>> stages;
    auto last = Clock::now();
    RunControl control;
    control.onProgress = [&](const Progress& p) {
        if (p.step == 1) stages.push_back({stageName(p.stage), 0});
        if (p.stage == Stage::SuperRes && p.step == 1 && stages.size() > 3)
            stages.back().first += " 2";
        if (p.step == p.total) {
            stages.back().second = std::chrono::duration<double>(Clock::now() - last).count();
            last = Clock::now();
        }
    };
    generateFromText(model, request, control);
    return stages;
}

// Sampling settings to time instead of the folder's own (0: the folder's).
struct SamplingOverride {
    int64_t priorCandidates = 0, decoderCandidates = 0, pickStep = 0, decoderSteps = 0;
};
// What a user gets by default: one picture of a two-object caption at the folder's
// recommended settings (or `o`'s), up to the stage that draws `stageIndex`'s resolution.
TextToImageRequest defaultRequest(const UnclipModel& model, size_t stageIndex,
                                  const SamplingOverride& o) {
    TextToImageRequest request;
    request.prompts = {"a small purple star above an orange ring on a white background"};
    request.seeds = {1};
    request.sampling = model.recommendedSampling;
    request.sampling.superResStages = int(stageIndex);
    if (o.priorCandidates) request.sampling.priorCandidates = o.priorCandidates;
    if (o.decoderCandidates) request.sampling.decoderCandidates = o.decoderCandidates;
    if (o.pickStep) request.sampling.candidatePickStep = o.pickStep;
    if (o.decoderSteps) request.sampling.decoderSteps = o.decoderSteps;
    return request;
}

// The index in stageResolutions() of a resolution the folder draws; an error otherwise.
size_t stageIndexOf(const UnclipModel& model, const fs::path& folder, int size) {
    const auto resolutions = model.stageResolutions();
    const auto stage = std::find(resolutions.begin(), resolutions.end(), size);
    if (stage == resolutions.end())
        throw std::runtime_error(folder.string() + " draws no " + std::to_string(size) +
                                 " px pictures");
    return size_t(stage - resolutions.begin());
}

void benchTrainedModel(const fs::path& folder, int reps, int onlySize,
                       const SamplingOverride& override) {
    double bestLoad = 1e300;
    std::shared_ptr<UnclipModel> model;
    for (int i = 0; i < std::max(reps, 1); ++i) {
        model.reset();
        auto start = Clock::now();
        model = UnclipModel::load(folder);
        bestLoad = std::min(bestLoad, msSince(start));
    }
    std::cout << folder.filename().string() << ": loaded in " << std::fixed << std::setprecision(1)
              << bestLoad << " ms (best of " << std::max(reps, 1) << ")\n";
    const auto resolutions = model->stageResolutions();
    if (onlySize) stageIndexOf(*model, folder, onlySize);  // refuses a size it lacks
    for (size_t k = 0; k < resolutions.size(); ++k) {
        if (onlySize && resolutions[k] != onlySize) continue;
        const auto request = defaultRequest(*model, k, override);
        const std::string size = std::to_string(resolutions[k]);
        timeIt(
            size + "x" + size + " text-to-image, " + describeSteps(request.sampling) + ", batch 1",
            reps, torch::kCPU, [&] { generateFromText(*model, request); });
        std::cout << "    stages:";
        for (const auto& [stage, seconds] : stageTimes(*model, request))
            std::cout << "  " << stage << " " << std::setprecision(2) << seconds << " s";
        std::cout << "\n";
    }
}

// One text-to-image run at the folder's defaults under LibTorch's profiler, after a
// warm-up run: every operator call with its time, as a Chrome trace (chrome://tracing or
// ui.perfetto.dev), to see where the time goes.
void profileTrainedModel(const fs::path& folder, int size, const std::string& trace,
                         const SamplingOverride& override) {
    auto model = UnclipModel::load(folder);
    const auto request = defaultRequest(*model, stageIndexOf(*model, folder, size), override);
    generateFromText(*model, request);
    std::ofstream out(trace);
    if (!out) throw std::runtime_error("cannot write the profile to " + trace);
    {
        torch::autograd::profiler::RecordProfile profile(out);
        generateFromText(*model, request);
    }
    if (!out) throw std::runtime_error("writing the profile to " + trace + " failed");
    std::cout << "profile of one " << size << " px picture written to " << trace << "\n";
}

void benchShapesData(int reps) {
    auto data = training::shapesWorldData(0);
    struct Case {
        const char* stage;
        int64_t batch, size;
    };
    for (const Case& c :
         {Case{"decoder", 256, 64}, Case{"sr256", 32, 256}, Case{"sr1024", 16, 1024}}) {
        int64_t first = 0;
        const auto start = Clock::now();
        for (int i = 0; i < reps; ++i, first += c.batch)
            training::makeBatch(*data, first, c.batch, c.size);
        const double seconds = msSince(start) / 1000;
        std::cout << c.stage << " batch " << c.batch << " at " << c.size << " px: " << std::fixed
                  << std::setprecision(1) << 1000 * seconds / reps << " ms a batch, "
                  << std::setprecision(0) << double(c.batch * reps) / seconds << " pictures/s\n";
    }
}

void benchKarlo(const torch::Device& device, torch::Dtype dtype, int reps, bool all) {
    torch::NoGradGuard noGrad;
    const fs::path configs = fs::path(UNCLIP_SOURCE_DIR) / "tests" / "engine" / "data" / "karlo";
    auto opts = torch::TensorOptions().device(device).dtype(dtype);
    const std::string tag = std::string(" (") + device.str() + ", " + dtypeName(dtype) + ")";
    {
        models::UNet decoder(readUNetConfig(configs / "decoder.json"));
        decoder->to(device, dtype);
        decoder->eval();
        const int64_t batch = 2;
        auto x = torch::randn({batch, 3, 64, 64}, opts);
        auto t = torch::full({1}, 500, torch::TensorOptions().dtype(torch::kInt64).device(device));
        models::UNetConditioning cond{
            torch::randn({batch, 81, 1536}, opts), torch::randn({batch, 1280}, opts),
            torch::ones({batch, 81}, torch::TensorOptions().dtype(torch::kBool).device(device))};
        c10::InferenceMode guard;
        timeIt("Karlo decoder forward, 64x64, batch 2" + tag, reps, device,
               [&] { decoder(x, t, cond); });
    }
    if (!all) return;
    {
        models::PriorTransformer prior(readPriorConfig(configs / "prior.json"));
        prior->to(device, dtype);
        prior->eval();
        const int64_t batch = 2;
        auto mask =
            torch::ones({batch, 77}, torch::TensorOptions().dtype(torch::kBool).device(device));
        auto t = torch::full({1}, 500, torch::TensorOptions().dtype(torch::kInt64).device(device));
        auto x = torch::randn({batch, 768}, opts), emb = torch::randn({batch, 768}, opts),
             hidden = torch::randn({batch, 77, 768}, opts);
        c10::InferenceMode guard;
        timeIt("Karlo prior forward, batch 2" + tag, reps, device,
               [&] { prior(x, t, emb, hidden, mask); });
    }
    {
        models::UNet superRes(readUNetConfig(configs / "super_res.json"));
        superRes->to(device, dtype);
        superRes->eval();
        auto x = torch::randn({1, 6, 256, 256}, opts);
        auto t = torch::full({1}, 500, torch::TensorOptions().dtype(torch::kInt64).device(device));
        c10::InferenceMode guard;
        timeIt("Karlo super-res forward, 256x256, batch 1" + tag, std::max(1, reps / 2), device,
               [&] { superRes(x, t); });
    }
}

// One forward of any decoder or super-res config at its sample size, batch 2 for the
// decoder (the guidance halves) and 1 for a super-res net: for sizing a recipe.
void benchUNetConfig(const fs::path& config, const torch::Device& device, torch::Dtype dtype,
                     int reps) {
    c10::InferenceMode guard;
    auto c = readUNetConfig(config);
    models::UNet unet(c);
    unet->to(device, dtype);
    unet->eval();
    const bool decoder = c.identityClassEmbedding;
    const int64_t batch = decoder ? 2 : 1;
    auto opts = torch::TensorOptions().device(device).dtype(dtype);
    auto x = torch::randn({batch, c.inChannels, c.sampleSize, c.sampleSize}, opts);
    auto t = torch::full({1}, 500, torch::TensorOptions().dtype(torch::kInt64).device(device));
    models::UNetConditioning cond;
    if (decoder)
        cond = {
            torch::randn({batch, 36, c.crossAttentionDim}, opts),
            torch::randn({batch, c.timeEmbedDim()}, opts),
            torch::ones({batch, 36}, torch::TensorOptions().dtype(torch::kBool).device(device))};
    int64_t params = 0;
    for (const auto& p : unet->parameters()) params += p.numel();
    timeIt(config.filename().string() + " " + std::to_string(c.sampleSize) + " px, batch " +
               std::to_string(batch) + ", " + std::to_string(params) + " params",
           reps, device, [&] { unet(x, t, cond); });
}

}  // namespace

int main(int argc, char** argv) {
    restartWithRuntimeSettings(argv);  // as the programs do (set the variables to compare)
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        if (!flag(args, "--no-keep-memory"))
            std::cout << "keep freed memory: " << (keepFreedMemory() ? "on" : "refused") << "\n";
        const auto threadsArg = arg(args, "--threads", "");
        const int threads = configureThreads(
            threadsArg.empty() ? std::nullopt : std::optional<int>(std::stoi(threadsArg)));
        const auto device = resolveDevice(arg(args, "--device", "cpu"));
        const auto dtype = resolveDtype(arg(args, "--dtype", "float32"), device);
        const int reps = std::stoi(arg(args, "--reps", "3"));
        const char* wait = std::getenv("OMP_WAIT_POLICY");
        const std::string blas = openBlasCoreName();
        std::cout << "OMP_WAIT_POLICY " << (wait ? wait : "(unset)") << ", OpenBLAS kernels "
                  << (blas.empty() ? "(not OpenBLAS)" : blas) << "\n";
        std::cout << "LibTorch " << TORCH_VERSION_MAJOR << "." << TORCH_VERSION_MINOR << ", "
                  << threads << " intra-op threads, device " << device.str() << "\n";
        const fs::path fixture = arg(args, "--fixture",
                                     (fs::path(UNCLIP_SOURCE_DIR) / ".." / "shared" / "fixtures" /
                                      "unclip-reference-a" / "pipeline")
                                         .lexically_normal()
                                         .string());
        if (const auto config = arg(args, "--unet-config", ""); !config.empty()) {
            benchUNetConfig(config, device, dtype, reps);
            return 0;
        }
        if (flag(args, "--shapes-data")) {
            benchShapesData(reps);
            return 0;
        }
        if (const auto folder = arg(args, "--model", ""); !folder.empty()) {
            const int size = std::stoi(arg(args, "--size", "0"));
            SamplingOverride samplingOverride;
            if (const auto k = arg(args, "--candidates", ""); !k.empty()) {
                const auto slash = k.find('/');
                if (slash == std::string::npos)
                    throw std::runtime_error("--candidates takes P/D, got " + k);
                samplingOverride.priorCandidates = std::stoi(k.substr(0, slash));
                samplingOverride.decoderCandidates = std::stoi(k.substr(slash + 1));
            }
            samplingOverride.pickStep = std::stoi(arg(args, "--pick-step", "0"));
            samplingOverride.decoderSteps = std::stoi(arg(args, "--decoder-steps", "0"));
            if (const auto trace = arg(args, "--profile", ""); !trace.empty())
                profileTrainedModel(folder, size ? size : 64, trace, samplingOverride);
            else
                benchTrainedModel(folder, reps, size, samplingOverride);
            return 0;
        }
        if (!flag(args, "--skip-fixture")) benchFixturePipeline(fixture, reps);
        if (!flag(args, "--skip-karlo")) benchKarlo(device, dtype, reps, flag(args, "--all"));
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_engine: " << e.what() << "\n";
        return 1;
    }
}
