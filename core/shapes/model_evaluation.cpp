#include "core/shapes/model_evaluation.h"

#include <cmath>
#include <iomanip>
#include <random>
#include <sstream>

#include "core/common/error.h"
#include "core/pipeline/cascade_stages.h"
#include "core/pipeline/clip_image_preprocess.h"
#include "core/pipeline/output_images.h"
#include "core/pipeline/pipelines.h"
#include "core/shapes/holdout.h"
#include "core/shapes/world.h"

namespace unclip::shapes {
namespace {

double stddev(const std::vector<double>& v) {
    if (v.size() < 2) return 0;
    double mean = 0, sq = 0;
    for (double x : v) mean += x;
    mean /= double(v.size());
    for (double x : v) sq += (x - mean) * (x - mean);
    return std::sqrt(sq / double(v.size() - 1));
}

}  // namespace

CheckResult checkDrawnPicture(const torch::Tensor& image01, const CaptionSpec& spec) {
    return checkImage(toImageUint8(image01).contiguous(), spec);  // [H, W, 3] bytes
}

CaptionSpec colourAndShapeOnly(const CaptionSpec& spec) {
    CaptionSpec out;
    for (const auto& o : spec.objects)
        out.objects.push_back({o.color, o.shape, std::nullopt, std::nullopt});
    return out;
}

EvaluationReport evaluatePrompts(UnclipModel& model, const std::vector<std::string>& prompts,
                                 const EvaluationOptions& options) {
    EvaluationReport report;
    double positionSum = 0, sizeSum = 0;
    int spreadCount = 0;
    for (size_t p = 0; p < prompts.size(); ++p) {
        const auto spec = parseCaption(prompts[p]);
        if (!spec) throw Error("'" + prompts[p] + "' is not a shapes-world caption");
        TextToImageRequest request;
        request.prompts = {prompts[p]};
        request.imagesPerPrompt = options.seedsPerPrompt;
        for (int s = 0; s < options.seedsPerPrompt; ++s)
            request.seeds.push_back(options.firstSeed + p * 1000 + uint64_t(s));
        request.sampling = options.sampling;
        const auto out = generateFromText(model, request);

        PromptResult result;
        result.prompt = prompts[p];
        result.objects = int(spec->objects.size());
        result.pictures = options.seedsPerPrompt;
        std::vector<double> xs, ys, sizes;
        for (int s = 0; s < options.seedsPerPrompt; ++s) {
            const auto check = checkDrawnPicture(out.images[s], *spec);
            if (check.satisfied)
                ++result.satisfied;
            else if (!check.failures.empty())
                result.failures.push_back(check.failures.front());
            if (!check.objects.empty()) {
                xs.push_back(check.objects.front().cx);
                ys.push_back(check.objects.front().cy);
                sizes.push_back(check.objects.front().extent);
            }
        }
        if (xs.size() >= 2) {
            result.positionSpread = std::hypot(stddev(xs), stddev(ys));
            result.sizeSpread = stddev(sizes);
            positionSum += result.positionSpread;
            sizeSum += result.sizeSpread;
            ++spreadCount;
        }
        auto& tally = result.objects == 1 ? report.oneObject : report.twoObjects;
        tally.total += result.pictures;
        tally.ok += result.satisfied;
        if (options.progress) {
            std::ostringstream line;
            line << result.satisfied << "/" << result.pictures << "  " << prompts[p];
            if (!result.failures.empty()) line << "   (" << result.failures.front() << ")";
            options.progress(line.str());
        }
        report.prompts.push_back(std::move(result));
    }
    if (spreadCount) {
        report.positionSpread = positionSum / spreadCount;
        report.sizeSpread = sizeSum / spreadCount;
    }
    return report;
}

void evaluateVariations(UnclipModel& model, int count, uint64_t seed,
                        const EvaluationOptions& options, EvaluationReport& report) {
    model.requireImageVariation();
    const auto pre = model.imagePreprocessing();
    std::mt19937_64 rng(seed);
    for (int i = 0; i < count; ++i) {
        const auto spec = sampleHeldOutSpec(rng);
        const auto picture = renderScene(sampleScene(spec, rng), 256);
        VariationRequest request;
        request.pixelValues = clipPreprocess(picture, pre);
        request.seeds = {seed + uint64_t(i)};
        request.sampling = options.sampling;
        const auto out = generateVariations(model, request);
        const auto check = checkDrawnPicture(out.images[0], colourAndShapeOnly(spec));
        ++report.variations.total;
        report.variations.ok += check.satisfied;
        // Only the misses get a line: 40 lines of "kept" would bury them.
        if (!check.satisfied && options.progress)
            options.progress(
                "variation " + std::to_string(i + 1) + " of " + canonicalCaption(spec) + ": " +
                (check.failures.empty() ? std::string("not kept") : check.failures.front()));
    }
}

// Checks one upsampled picture ([1, 3, H, W] in [-1, 1]) against its caption.
void tallyUpsampled(const torch::Tensor& picture, const CaptionSpec& spec, Tally& tally,
                    const EvaluationOptions& options) {
    const auto image = imagesFromModelRange(picture.to(torch::kFloat32).cpu())[0];  // [H, W, 3]
    const auto check = checkDrawnPicture(image, spec);
    ++tally.total;
    tally.ok += check.satisfied;
    if (!check.satisfied && options.progress)
        options.progress("upsampled to " + std::to_string(image.size(0)) +
                         " px: " + canonicalCaption(spec) + ": " + check.failures.front());
}

void evaluateUpsamplers(UnclipModel& model, int count, uint64_t seed,
                        const EvaluationOptions& options, EvaluationReport& report) {
    if (!model.superResFirst) throw Error(model.folder.string() + " has no upsampler to test");
    c10::InferenceMode guard;
    const int64_t lowSize = model.superResFirst->config.sampleSize / 4;
    std::mt19937_64 rng(seed);
    for (int i = 0; i < count; ++i) {
        const auto spec = sampleCaptionSpec(rng);
        const auto scene = sampleScene(spec, rng);
        auto low = renderScene(scene, lowSize).to(torch::kFloat32).permute({2, 0, 1}).unsqueeze(0);
        low = (low / 127.5 - 1).to(model.options.device, model.options.dtype);  // [1, 3, h, h]
        // The 256 px picture is checked, then taken on to 1024 as the cascade does (the same
        // noise draws as stages::finish), so the first upsampler runs once for both.
        PerImageNoise noise({seed + uint64_t(i)});
        const auto steps = options.sampling.superResSteps;
        auto picture = stages::runSuperRes(model, low, steps, noise, {});  // [1, 3, H, H]
        tallyUpsampled(picture, spec, report.upsampled256, options);
        if (!model.superRes1024) continue;
        picture = stages::runUpsampler(model, model.superRes1024, nullptr, "super_res_1024",
                                       picture.clamp(-1, 1), steps, noise, {});
        tallyUpsampled(picture, spec, report.upsampled1024, options);
    }
}

std::string formatReport(const EvaluationReport& r) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(1);
    auto line = [&](const char* what, const Tally& t) {
        if (t.total)
            os << "  " << std::left << std::setw(40) << what << std::right << std::setw(6)
               << 100 * t.rate() << "%  (" << t.ok << "/" << t.total << ")\n";
    };
    os << "evaluation\n";
    line("one-object captions satisfied", r.oneObject);
    line("two-object captions satisfied", r.twoObjects);
    line("variations keeping colour and shape", r.variations);
    line("CLIP zero-shot shape", r.zeroShotShape);
    line("CLIP zero-shot colour", r.zeroShotColor);
    line("CLIP zero-shot background", r.zeroShotBackground);
    line("CLIP zero-shot position (of 5)", r.zeroShotArrangement.position);
    line("CLIP zero-shot size (of 2)", r.zeroShotArrangement.size);
    line("CLIP zero-shot relation (vs reversed)", r.zeroShotArrangement.relation);
    line("CLIP zero-shot colours (vs swapped)", r.zeroShotArrangement.binding);
    line("  image tower alone: shape by centroid", r.imageOnlyShape);
    line("  image tower alone: position by centroid", r.imageOnlyPosition);
    line("prior samples CLIP reads as their shape", r.priorShape);
    line("prior samples CLIP reads as their colour", r.priorColor);
    line("  ... as their position (of 5)", r.priorArrangement.position);
    line("  ... as their size (of 2)", r.priorArrangement.size);
    line("  ... as their relation (vs reversed)", r.priorArrangement.relation);
    line("  ... as their colours (vs swapped)", r.priorArrangement.binding);
    line("upsampled renders satisfied at 256 px", r.upsampled256);
    line("upsampled renders satisfied at 1024 px", r.upsampled1024);
    if (r.zeroShotShape.total)
        os << std::setprecision(3) << "    text tower alone: cosine between captions differing in "
           << "shape only " << r.textShapeCosine << std::setprecision(1) << "\n";
    if (!r.prompts.empty())
        os << std::setprecision(3) << "  spread over seeds: object centre " << r.positionSpread
           << ", object size " << r.sizeSpread << " (std, fractions of the side)\n";
    return os.str();
}

}  // namespace unclip::shapes
