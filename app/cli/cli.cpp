#include "app/cli/cli.h"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/arguments.h"
#include "app/cli/eval_command.h"
#include "app/cli/image_record.h"
#include "app/cli/model_locator.h"
#include "app/cli/train_command.h"
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/image/image_io.h"
#include "core/metadata/generation_parameters.h"
#include "core/metadata/png_metadata.h"
#include "core/pipeline/clip_image_preprocess.h"
#include "core/pipeline/pipelines.h"
#include "core/runtime/runtime.h"
#include "core/weights/module_loader.h"
#include "core/weights/safetensors.h"

namespace unclip::cli {
namespace fs = std::filesystem;

namespace {

const char* kUsage = R"(unclip: unCLIP image generation on this computer

Usage:
  unclip generate --prompt TEXT [options]     images from a caption
  unclip vary --image FILE [options]          variations of an image
  unclip blend --image A --image B (--theta T | --frames N) [options]
  unclip info [--model DIR]                   what a model folder holds
  unclip train --model DIR [--stage STAGE]    train a model folder (see train --help)
  unclip eval [--model DIR]                   measure a model on the shapes world
  unclip COMMAND --help                       the options of a command
)";

const char* kCommonOptions = R"(
Common options:
  --model DIR        a model folder in the diffusers layout (default: the built-in model)
  --out DIR          where to write PNG files (default: ./outputs)
  --seed S           seed of the first image; image k uses S + k (default: random)
  --size PX          final resolution, one of the model's stages (default: 256 when it has it,
                     else the largest)
  --device D         auto, cpu, cuda or cuda:N (default: auto)
  --dtype T          auto, float32, float16 or bfloat16 (default: float16 on CUDA, else float32)
  --threads N        CPU threads (default: OMP_NUM_THREADS, else all cores)
)";

const char* kGenerateHelp =
    R"(unclip generate --prompt TEXT [--count N] [--steps P/D/S] [--guidance P/D] [options]

  --prompt TEXT      the caption (required)
  --count N          images to make (default 1)
  --steps P/D/S      prior / decoder / super-res steps (default: the model's own, else 25/25/7)
  --guidance P/D     prior / decoder classifier-free guidance (default: the model's own, else
                     4/8; the built-in model's is 2/2)
  --candidates P/D   prior samples / decoder pictures drawn per image, of which CLIP keeps
                     the best (default: the model's own, else 1/1; the built-in model's is
                     2/4); decoder candidates are judged after 40% of the steps, and each
                     takes time until then
)";

const char* kVaryHelp =
    R"(unclip vary --image FILE [--image FILE ...] [--count N] [--steps D/S] [--guidance D] [options]

  --image FILE       an image to vary (PNG, JPEG, WebP, BMP, TIFF); repeatable
  --count N          variations per image (default 1)
  --steps D/S        decoder / super-res steps (default: the model's own, else 25/7)
  --guidance D       decoder classifier-free guidance (default: the model's own, else 8)
  --candidates D     decoder pictures drawn per variation, of which CLIP keeps the one
                     closest to the source image (default: the model's own, else 1)
)";

const char* kBlendHelp =
    R"(unclip blend --image A --image B (--theta T | --frames N) [--steps D/S] [--guidance D] [options]

  --image FILE       exactly two images, A then B
  --theta T          one blend at T in [0, 1] (0 is A, 1 is B)
  --frames N         a row of N blends from A to B, all decoded with the same seed
  --steps D/S        decoder / super-res steps (default: the model's own, else 25/7)
  --guidance D       decoder classifier-free guidance (default: the model's own, else 8)
  --candidates D     decoder pictures drawn per blend, of which CLIP keeps the one closest
                     to the blended embedding (default: the model's own, else 1)
)";

const char* kInfoHelp = R"(unclip info [--model DIR]

Lists the components of a model folder with their sizes, parameter counts and the
precision of their weight files.
)";

const std::vector<std::string> kCommonValued = {"model",  "out",   "seed",   "size",
                                                "device", "dtype", "threads"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

struct Session {
    std::shared_ptr<UnclipModel> model;
    fs::path outDir;
    uint64_t firstSeed = 0;
    int superResStages = -1;
};

uint64_t randomSeed() {
    std::random_device rd;
    return (uint64_t(rd()) << 32 | rd()) & 0xffffffffull;  // 32 bits: easy to type back
}

Session openSession(const Arguments& args) {
    const auto threads = args.integer("threads", 1, 1024);
    configureThreads(threads ? std::optional<int>(int(*threads)) : std::nullopt);
    Session s;
    const auto device = resolveDevice(args.value("device").value_or("auto"));
    ModelLoadOptions options{device, resolveDtype(args.value("dtype").value_or("auto"), device)};
    const fs::path folder =
        args.value("model") ? fs::path(*args.value("model")) : defaultModelFolder();
    std::cerr << "loading " << folder.string() << " on " << device.str() << " ("
              << dtypeName(options.dtype) << ")\n";
    s.model = UnclipModel::load(folder, options);
    s.outDir = args.value("out").value_or("outputs");
    s.firstSeed = args.seed("seed").value_or(randomSeed());
    // 256 px by default when the model makes it (the built-in model also makes 1024).
    const auto resolutions = s.model->stageResolutions();
    for (size_t i = 0; i < resolutions.size() && !args.has("size"); ++i)
        if (resolutions[i] == 256) s.superResStages = int(i);
    if (auto size = args.integer("size", 1, 1 << 20)) {
        const auto stages = s.model->stageResolutions();
        s.superResStages = -2;
        for (size_t i = 0; i < stages.size(); ++i)
            if (stages[i] == *size) s.superResStages = int(i);
        if (s.superResStages == -2) {
            std::string list;
            for (auto r : stages) list += (list.empty() ? "" : ", ") + std::to_string(r);
            throw Error("--size " + std::to_string(*size) +
                        " is not a resolution this model produces (" + list + ")");
        }
    }
    return s;
}

std::vector<uint64_t> seedsFrom(uint64_t first, int64_t count) {
    std::vector<uint64_t> seeds;
    for (int64_t i = 0; i < count; ++i) seeds.push_back(first + uint64_t(i));
    return seeds;
}

RunControl consoleProgress() {
    RunControl control;
    const bool tty = isatty(STDERR_FILENO);
    control.onProgress = [tty](const Progress& p) {
        if (tty) {
            std::cerr << "\r" << std::setw(9) << stageName(p.stage) << " " << p.step << "/"
                      << p.total << "   " << (p.step == p.total ? "\n" : "") << std::flush;
        } else if (p.step == p.total) {
            std::cerr << stageName(p.stage) << ": " << p.total << " steps done\n";
        }
    };
    return control;
}

std::string timestamp() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    localtime_r(&now, &tm);
    std::ostringstream os;
    os << std::put_time(&tm, "%Y%m%d-%H%M%S");
    return os.str();
}

// Writes each image as <kind>-<time>-<index>-seed<seed>.png with its metadata inside, never
// over an existing file, and atomically.
void writeImages(const CascadeOutput& out, const fs::path& dir, const std::string& kind,
                 const std::vector<uint64_t>& seeds, const std::vector<ImageRecord>& records,
                 const std::vector<std::string>& extraTags = {}) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error("cannot create the output folder " + dir.string() + ": " + ec.message());
    const auto images = toImageUint8(out.images);
    const auto stamp = timestamp();
    for (int64_t i = 0; i < images.size(0); ++i) {
        std::ostringstream name;
        name << kind << "-" << stamp << "-" << std::setw(2) << std::setfill('0') << i;
        if (i < int64_t(extraTags.size())) name << "-" << extraTags[i];
        name << "-seed" << seeds.at(i);
        fs::path path = dir / (name.str() + ".png");
        for (int n = 1; fs::exists(path); ++n)
            path = dir / (name.str() + "-" + std::to_string(n) + ".png");
        writeFileAtomic(path, pngWithRecord(encodePng(images[i]), records.at(size_t(i)),
                                            images.size(2), images.size(1)));
        std::cout << "wrote " << path.string() << "\n";
    }
}

torch::Tensor preprocessFor(const UnclipModel& model, const fs::path& imagePath) {
    model.requireImageVariation();  // before reading the file: the folder's lack comes first
    return clipPixelsFor(model, readImageRGB(imagePath));
}

SamplingOptions decoderSampling(const Arguments& args, const Session& s) {
    SamplingOptions sampling = s.model->recommendedSampling;
    if (auto steps = args.numbers("steps", 2, 2, 1000, true)) {
        sampling.decoderSteps = int64_t((*steps)[0]);
        sampling.superResSteps = int64_t((*steps)[1]);
    }
    if (auto g = args.number("guidance", 0, 100)) sampling.decoderGuidance = *g;
    if (auto k = args.integer("candidates", 1, 16)) sampling.decoderCandidates = *k;
    sampling.superResStages = s.superResStages;
    return sampling;
}

int generate(const std::vector<std::string>& argv) {
    Arguments args(argv,
                   with(kCommonValued, {"prompt", "count", "steps", "guidance", "candidates"}), {});
    const auto prompt = args.required("prompt");
    const auto count = args.integer("count", 1, 1000).value_or(1);
    auto s = openSession(args);
    TextToImageRequest request;
    request.prompts = {prompt};
    request.imagesPerPrompt = count;
    request.seeds = seedsFrom(s.firstSeed, count);
    request.sampling = s.model->recommendedSampling;
    if (auto steps = args.numbers("steps", 3, 2, 1000, true)) {
        request.sampling.priorSteps = int64_t((*steps)[0]);
        request.sampling.decoderSteps = int64_t((*steps)[1]);
        request.sampling.superResSteps = int64_t((*steps)[2]);
    }
    if (auto k = args.numbers("candidates", 2, 1, 16, true)) {
        request.sampling.priorCandidates = int64_t((*k)[0]);
        request.sampling.decoderCandidates = int64_t((*k)[1]);
    }
    if (auto g = args.numbers("guidance", 2, 0, 100, false)) {
        request.sampling.priorGuidance = (*g)[0];
        request.sampling.decoderGuidance = (*g)[1];
    }
    request.sampling.superResStages = s.superResStages;
    const auto start = std::chrono::steady_clock::now();
    auto out = generateFromText(*s.model, request, consoleProgress());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::vector<ImageRecord> records;
    for (auto seed : request.seeds) {
        records.push_back(
            textImageRecord(prompt, seed, request.sampling, s.model->folder, out.images.size(1)));
    }
    writeImages(out, s.outDir, "generate", request.seeds, records);
    std::cerr << "made " << count << " image(s) of " << out.images.size(2) << "x"
              << out.images.size(1) << " in " << std::fixed << std::setprecision(1) << seconds
              << " s\n";
    return 0;
}

int vary(const std::vector<std::string>& argv) {
    Arguments args(argv, with(kCommonValued, {"image", "count", "steps", "guidance", "candidates"}),
                   {});
    const auto images = args.values("image");
    if (images.empty()) throw Error("--image is required (see --help)");
    const auto count = args.integer("count", 1, 1000).value_or(1);
    auto s = openSession(args);
    std::vector<torch::Tensor> pixels;
    for (const auto& path : images) pixels.push_back(preprocessFor(*s.model, path));
    VariationRequest request;
    request.pixelValues = torch::cat(pixels, 0);
    request.imagesPerInput = count;
    request.seeds = seedsFrom(s.firstSeed, count * int64_t(images.size()));
    request.sampling = decoderSampling(args, s);
    auto out = generateVariations(*s.model, request, consoleProgress());
    std::vector<ImageRecord> records;
    for (size_t i = 0; i < request.seeds.size(); ++i)
        records.push_back(decoderImageRecord("variation", request.seeds[i], request.sampling,
                                             s.model->folder,
                                             {{"source", images[i / size_t(count)]}}));
    writeImages(out, s.outDir, "vary", request.seeds, records);
    return 0;
}

int blend(const std::vector<std::string>& argv) {
    Arguments args(
        argv, with(kCommonValued, {"image", "theta", "frames", "steps", "guidance", "candidates"}),
        {});
    const auto images = args.values("image");
    if (images.size() != 2)
        throw Error("blend takes exactly two --image options, got " +
                    std::to_string(images.size()));
    if (args.has("theta") == args.has("frames")) throw Error("give either --theta T or --frames N");
    std::vector<double> thetas;
    if (auto theta = args.number("theta", 0, 1)) thetas = {*theta};
    if (auto frames = args.integer("frames", 2, 1000))
        for (int64_t i = 0; i < *frames; ++i) thetas.push_back(double(i) / double(*frames - 1));
    auto s = openSession(args);
    BlendRequest request;
    request.pixelValuesA = preprocessFor(*s.model, images[0]);
    request.pixelValuesB = preprocessFor(*s.model, images[1]);
    request.thetas = thetas;
    request.seed = s.firstSeed;
    request.sampling = decoderSampling(args, s);
    auto out = blendImages(*s.model, request, consoleProgress());
    std::vector<std::string> tags;
    for (double t : thetas) {
        std::ostringstream os;
        os << "theta" << std::fixed << std::setprecision(2) << t;
        tags.push_back(os.str());
    }
    std::vector<ImageRecord> records;
    for (double theta : thetas) {
        auto record = decoderImageRecord(
            "blend", s.firstSeed, request.sampling, s.model->folder,
            {{"source_a", images[0]}, {"source_b", images[1]}, {"theta", theta}});
        record.settings.emplace_back("Blend theta", formatNumber(theta));
        records.push_back(std::move(record));
    }
    writeImages(out, s.outDir, "blend", std::vector<uint64_t>(thetas.size(), s.firstSeed), records,
                tags);
    return 0;
}

int info(const std::vector<std::string>& argv) {
    Arguments args(argv, {"model"}, {});
    const fs::path folder =
        args.value("model") ? fs::path(*args.value("model")) : defaultModelFolder();
    auto model = UnclipModel::load(folder);
    std::cout << "model " << folder.string() << "\n";
    int64_t total = 0;
    for (const auto& c : model->components()) {
        std::string fileDtype;
        const auto dir = folder / c.name;
        if (c.parameters > 0) {
            auto file = SafetensorsFile::open(findWeightsFile(dir));
            const auto names = file->tensorNames();
            if (!names.empty()) fileDtype = file->info(names.front()).dtype;
        }
        std::cout << "  " << std::left << std::setw(17) << c.name << std::setw(30) << c.className
                  << std::right;
        if (c.parameters > 0)
            std::cout << std::setw(14) << c.parameters << " params  " << std::setw(4) << fileDtype;
        std::cout << "  " << c.detail << "\n";
        total += c.parameters;
    }
    std::cout << "  total parameters " << total << "\n";
    std::cout << "  can generate from text: " << (model->canGenerateFromText() ? "yes" : "no")
              << "; variations and blends: " << (model->canVaryImages() ? "yes" : "no") << "\n";
    std::cout << "  resolutions:";
    for (auto r : model->stageResolutions()) std::cout << " " << r;
    std::cout << "\n";
    std::cout << "  default " << describeSampling(model->recommendedSampling) << "\n";
    return 0;
}

}  // namespace

int run(const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage << kCommonOptions;
        return args.empty() ? 2 : 0;
    }
    const std::string command = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    const bool help = std::find(rest.begin(), rest.end(), "--help") != rest.end() ||
                      std::find(rest.begin(), rest.end(), "-h") != rest.end();
    try {
        if (command == "generate") {
            if (help) return std::cout << kGenerateHelp << kCommonOptions, 0;
            return generate(rest);
        }
        if (command == "vary") {
            if (help) return std::cout << kVaryHelp << kCommonOptions, 0;
            return vary(rest);
        }
        if (command == "blend") {
            if (help) return std::cout << kBlendHelp << kCommonOptions, 0;
            return blend(rest);
        }
        if (command == "train") {
            if (help) return std::cout << kTrainHelp, 0;
            return runTrain(rest, [](const fs::path& p) { return readImageRGB(p); });
        }
        if (command == "eval") {
            if (help) return std::cout << kEvalHelp, 0;
            return runEval(rest, defaultModelFolder);
        }
        if (command == "info") {
            if (help) return std::cout << kInfoHelp, 0;
            return info(rest);
        }
        std::cerr << "unclip: unknown command '" << command << "'\n" << kUsage;
        return 2;
    } catch (const Error& e) {
        std::cerr << "unclip " << command << ": " << e.what() << "\n";
        return 1;
    } catch (const c10::Error& e) {
        // LibTorch's own errors carry a C++ backtrace; the first line is the message.
        std::string message = e.what_without_backtrace();
        std::cerr << "unclip " << command << ": " << message.substr(0, message.find('\n')) << "\n";
        return 1;
    } catch (const std::bad_alloc&) {
        std::cerr << "unclip " << command
                  << ": out of memory (try --count 1, a smaller --size, or the CPU)\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "unclip " << command << ": " << e.what() << "\n";
        return 1;
    }
}

}  // namespace unclip::cli
