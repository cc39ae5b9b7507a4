#include "core/shapes/model_evaluation.h"

#include <cmath>
#include <iomanip>
#include <random>
#include <sstream>

#include "core/common/error.h"
#include "core/pipeline/cascade_stages.h"
#include "core/pipeline/clip_image_preprocess.h"
#include "core/pipeline/pipelines.h"
#include "core/shapes/holdout.h"
#include "core/shapes/world.h"

namespace unclip::shapes {
namespace {

torch::Tensor toUint8(const torch::Tensor& image01) {
    return (image01.clamp(0, 1) * 255).round().to(torch::kUInt8).contiguous();  // [H, W, 3]
}

double stddev(const std::vector<double>& v) {
    if (v.size() < 2) return 0;
    double mean = 0, sq = 0;
    for (double x : v) mean += x;
    mean /= double(v.size());
    for (double x : v) sq += (x - mean) * (x - mean);
    return std::sqrt(sq / double(v.size() - 1));
}

// Only what a variation must keep: each object's colour and shape.
CaptionSpec colourAndShapeOnly(const CaptionSpec& spec) {
    CaptionSpec out;
    for (const auto& o : spec.objects)
        out.objects.push_back({o.color, o.shape, std::nullopt, std::nullopt});
    return out;
}

ClipImageProcessorConfig preprocessFor(const UnclipModel& model) {
    if (model.featureExtractor) return *model.featureExtractor;
    ClipImageProcessorConfig c;
    c.shortestEdge = c.cropHeight = c.cropWidth = model.imageEncoder->config.imageSize;
    return c;
}

}  // namespace

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
            const auto check = checkImage(toUint8(out.images[s]), *spec);
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
    const auto pre = preprocessFor(model);
    std::mt19937_64 rng(seed);
    for (int i = 0; i < count; ++i) {
        CaptionSpec spec;
        do spec = sampleCaptionSpec(rng);
        while (!isHeldOut(spec));
        const auto picture = renderScene(sampleScene(spec, rng), 256);
        VariationRequest request;
        request.pixelValues = clipPreprocess(picture, pre);
        request.seeds = {seed + uint64_t(i)};
        request.sampling = options.sampling;
        const auto out = generateVariations(model, request);
        const auto check = checkImage(toUint8(out.images[0]), colourAndShapeOnly(spec));
        ++report.variations.total;
        report.variations.ok += check.satisfied;
    }
}

// Checks one upsampled picture ([1, 3, H, W] in [-1, 1]) against its caption.
void tallyUpsampled(const torch::Tensor& picture, const CaptionSpec& spec, Tally& tally,
                    const EvaluationOptions& options) {
    const auto image = ((picture[0].permute({1, 2, 0}).to(torch::kFloat32).cpu() + 1) / 2)
                           .clamp(0, 1);  // [H, W, 3]
    const auto check = checkImage(toUint8(image), spec);
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

// Every colour-shape caption ("a red circle"), embedded once by the text tower: the classes
// CLIP's zero-shot readings choose from.
struct ColourShapeClasses {
    std::vector<std::pair<Color, Shape>> classes;
    torch::Tensor text;  // [40, clip], unit length, float32
};

// CLIP text embeddings of captions, [N, clip], unit length, float32.
torch::Tensor embedCaptions(UnclipModel& model, const std::vector<std::string>& captions) {
    const auto maxLength =
        model.tokenizer->modelMaxLength().value_or(model.textEncoder->config.maxPositions);
    auto tokens = model.tokenizer->encodeBatch(captions, maxLength);
    auto text =
        model.textEncoder(tokens.ids.to(model.options.device)).textEmbeds.to(torch::kFloat32);
    return text / text.norm(2, -1, true);
}

ColourShapeClasses colourShapeClasses(UnclipModel& model) {
    ColourShapeClasses out;
    std::vector<std::string> captions;
    for (auto c : kColors)
        for (auto s : kShapes) {
            out.classes.emplace_back(c, s);
            captions.push_back(canonicalCaption(
                {{ObjectSpec{c, s, std::nullopt, std::nullopt}}, std::nullopt, std::nullopt}));
        }
    out.text = embedCaptions(model, captions);
    return out;
}

// Which background CLIP reads in a one-object picture: its object's caption with each
// background colour the world allows (any but the object's own), the best match.
bool readsBackground(UnclipModel& model, const torch::Tensor& imageEmbed, const Scene& scene) {
    const auto& object = scene.objects.front();
    std::vector<Color> backgrounds;
    std::vector<std::string> captions;
    for (auto c : kColors) {
        if (c == object.color) continue;
        backgrounds.push_back(c);
        captions.push_back(
            canonicalCaption({{ObjectSpec{object.color, object.shape, std::nullopt, std::nullopt}},
                              std::nullopt,
                              c}));
    }
    const auto best = imageEmbed.matmul(embedCaptions(model, captions).t()).argmax(-1);
    return backgrounds[size_t(best.item<int64_t>())] == scene.background;
}

void evaluatePrior(UnclipModel& model, const std::vector<std::string>& prompts,
                   const EvaluationOptions& options, EvaluationReport& report) {
    if (!model.prior || !model.tokenizer || !model.textEncoder)
        throw Error(model.folder.string() + " has no prior (with its CLIP text tower) to test");
    c10::InferenceMode guard;
    const auto [classes, text] = colourShapeClasses(model);
    const auto& s = options.sampling;
    for (const auto& prompt : prompts) {
        const auto spec = parseCaption(prompt);
        if (!spec || spec->objects.size() != 1) continue;  // one object: one class to read
        std::vector<uint64_t> seeds;
        for (int k = 0; k < options.seedsPerPrompt; ++k) seeds.push_back(options.firstSeed + k);
        PerImageNoise noise(seeds);
        const std::vector<std::string> batch(seeds.size(), prompt);
        const bool guidance = s.priorGuidance > 1.0;
        auto conditioning = stages::encodeText(model, batch, guidance);
        auto embeds = stages::runPrior(model, conditioning, s.priorSteps, s.priorGuidance, guidance,
                                       noise, {})
                          .to(torch::kFloat32);  // [K, clip]
        embeds = embeds / embeds.norm(2, -1, true);
        const auto best = embeds.matmul(text.t()).argmax(-1).cpu();  // [K]
        for (int64_t k = 0; k < best.size(0); ++k) {
            const auto& chosen = classes[size_t(best[k].item<int64_t>())];
            ++report.priorShape.total;
            ++report.priorColor.total;
            report.priorShape.ok += chosen.second == spec->objects[0].shape;
            report.priorColor.ok += chosen.first == spec->objects[0].color;
        }
    }
}

void evaluateZeroShot(UnclipModel& model, int count, uint64_t seed, EvaluationReport& report) {
    if (!model.tokenizer || !model.textEncoder || !model.imageEncoder)
        throw Error(model.folder.string() +
                    " has no CLIP pair (tokenizer, text_encoder, image_encoder) to test");
    c10::InferenceMode guard;
    const auto pre = preprocessFor(model);
    const auto [classes, text] = colourShapeClasses(model);

    {  // the text tower alone: captions of one colour that differ only in shape
        auto similarity = text.matmul(text.t());  // [40, 40]
        double sum = 0;
        int pairs = 0;
        for (size_t a = 0; a < classes.size(); ++a)
            for (size_t b = a + 1; b < classes.size(); ++b)
                if (classes[a].first == classes[b].first) {
                    sum += similarity[int64_t(a)][int64_t(b)].item<double>();
                    ++pairs;
                }
        report.textShapeCosine = pairs ? sum / pairs : 0;
    }

    std::vector<torch::Tensor> imageEmbeds;
    std::vector<int64_t> imageShapes;
    std::mt19937_64 rng(seed);
    SamplingWeights oneObject;
    oneObject.twoObjects = 0.0;
    for (int i = 0; i < count; ++i) {
        const auto spec = sampleCaptionSpec(rng, oneObject);
        const auto scene = sampleScene(spec, rng);
        const auto picture = renderScene(scene, 256);
        auto pixels = clipPreprocess(picture, pre).to(model.options.device, model.options.dtype);
        auto image = model.imageEncoder(pixels).imageEmbeds.to(torch::kFloat32);
        image = image / image.norm(2, -1, true);  // [1, clip]
        imageEmbeds.push_back(image);
        imageShapes.push_back(int64_t(spec.objects[0].shape));
        const auto best = image.matmul(text.t()).argmax(-1).item<int64_t>();
        ++report.zeroShotShape.total;
        ++report.zeroShotColor.total;
        report.zeroShotShape.ok += classes[best].second == spec.objects[0].shape;
        report.zeroShotColor.ok += classes[best].first == spec.objects[0].color;
        ++report.zeroShotBackground.total;
        report.zeroShotBackground.ok += readsBackground(model, image, scene);
    }

    // The image tower alone: each picture against the shape centroids of all the others.
    if (imageEmbeds.empty()) return;
    auto all = torch::cat(imageEmbeds);  // [N, clip]
    const auto shapeCount = int64_t(kShapes.size());
    auto labels = torch::tensor(imageShapes, torch::kInt64).to(all.device());
    auto sums = torch::zeros({shapeCount, all.size(1)}, all.options())
                    .index_add_(0, labels, all);                                  // [S, clip]
    auto counts = torch::bincount(labels, {}, shapeCount).to(all.scalar_type());  // [S]
    for (int64_t i = 0; i < all.size(0); ++i) {
        auto own = labels[i].item<int64_t>();
        auto centroidSums = sums.clone();
        auto centroidCounts = counts.clone();
        centroidSums[own] -= all[i];
        centroidCounts[own] -= 1;
        auto centroids = centroidSums / centroidCounts.clamp_min(1).unsqueeze(1);
        auto scores = centroids.matmul(all[i]);  // [S]
        scores.masked_fill_(centroidCounts == 0, -1e9);
        ++report.imageOnlyShape.total;
        report.imageOnlyShape.ok += scores.argmax().item<int64_t>() == own;
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
    line("  image tower alone: shape by centroid", r.imageOnlyShape);
    line("prior samples CLIP reads as their shape", r.priorShape);
    line("prior samples CLIP reads as their colour", r.priorColor);
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
