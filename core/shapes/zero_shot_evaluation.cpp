// CLIP's readings for `unclip eval`: rendered pictures classified zero-shot by the two
// towers (colour, shape, background, position, size, and for two objects their relation
// and which colour goes with which shape), and the prior's samples read back the same way.
// The decoder can only draw what the image embedding holds, so these say which attributes
// a weak cascade lost before its decoder ran.
#include <random>

#include "core/common/error.h"
#include "core/pipeline/cascade_stages.h"
#include "core/pipeline/clip_image_preprocess.h"
#include "core/shapes/model_evaluation.h"
#include "core/shapes/world.h"

namespace unclip::shapes {
namespace {

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

// The caption CLIP matches best with a unit-length image embedding ([1, clip]).
size_t bestCaption(UnclipModel& model, const torch::Tensor& imageEmbed,
                   const std::vector<std::string>& captions) {
    return size_t(imageEmbed.matmul(embedCaptions(model, captions).t()).argmax(-1).item<int64_t>());
}

// A rendered scene's CLIP image embedding, [1, clip], unit length, float32.
torch::Tensor embedScene(UnclipModel& model, const Scene& scene,
                         const ClipImageProcessorConfig& pre) {
    auto pixels =
        clipPreprocess(renderScene(scene, 256), pre).to(model.options.device, model.options.dtype);
    auto image = model.imageEncoder(pixels).imageEmbeds.to(torch::kFloat32);
    return image / image.norm(2, -1, true);
}

std::string captionWith(const ObjectSpec& object) {
    return canonicalCaption({{object}, std::nullopt, std::nullopt});
}

// A one-object picture (or prior sample) whose caption names its position (or size): its colour and
// shape at each of the five positions (both sizes); CLIP must pick the named one.
void tallyPositionAndSize(UnclipModel& model, const torch::Tensor& imageEmbed,
                          const ObjectSpec& object, ArrangementTallies& tallies) {
    if (object.position) {
        const auto& positions = kPositions;
        std::vector<std::string> captions;
        for (auto p : positions)
            captions.push_back(captionWith({object.color, object.shape, {}, p}));
        ++tallies.position.total;
        tallies.position.ok +=
            positions[bestCaption(model, imageEmbed, captions)] == *object.position;
    }
    if (object.size) {
        const auto& sizes = kSizes;
        std::vector<std::string> captions;
        for (auto s : sizes) captions.push_back(captionWith({object.color, object.shape, s, {}}));
        ++tallies.size.total;
        tallies.size.ok += sizes[bestCaption(model, imageEmbed, captions)] == *object.size;
    }
}

// A two-object picture (or prior sample) with a relation: its caption against the same caption with
// the relation reversed, and (where the objects differ in colour and in shape) against the caption
// with the two colours swapped, "a green circle above a white triangle" against "a white circle
// above a green triangle". Chance is 50% for both.
void tallyRelationAndBinding(UnclipModel& model, const torch::Tensor& imageEmbed,
                             const CaptionSpec& spec, ArrangementTallies& tallies) {
    const auto caption = canonicalCaption(spec);
    auto reversed = spec;
    reversed.relation = opposite(*spec.relation);
    ++tallies.relation.total;
    tallies.relation.ok +=
        bestCaption(model, imageEmbed, {caption, canonicalCaption(reversed)}) == 0;
    const auto& a = spec.objects[0];
    const auto& b = spec.objects[1];
    if (a.color == b.color || a.shape == b.shape) return;
    auto swapped = spec;
    std::swap(swapped.objects[0].color, swapped.objects[1].color);
    ++tallies.binding.total;
    tallies.binding.ok += bestCaption(model, imageEmbed, {caption, canonicalCaption(swapped)}) == 0;
}

// Leave-one-out nearest centroid: each embedding ([1, clip]) against the mean of the
// others of each class. Tells whether the image tower holds an attribute at all, however
// the text tower words it.
Tally nearestCentroid(const std::vector<torch::Tensor>& embeds, const std::vector<int64_t>& labels,
                      int64_t classCount) {
    Tally tally;
    if (embeds.empty()) return tally;
    auto all = torch::cat(embeds);  // [N, clip]
    auto label = torch::tensor(labels, torch::kInt64).to(all.device());
    auto sums = torch::zeros({classCount, all.size(1)}, all.options())
                    .index_add_(0, label, all);                                  // [C, clip]
    auto counts = torch::bincount(label, {}, classCount).to(all.scalar_type());  // [C]
    for (int64_t i = 0; i < all.size(0); ++i) {
        const auto own = labels[size_t(i)];
        auto centroidSums = sums.clone();
        auto centroidCounts = counts.clone();
        centroidSums[own] -= all[i];
        centroidCounts[own] -= 1;
        auto centroids = centroidSums / centroidCounts.clamp_min(1).unsqueeze(1);
        auto scores = centroids.matmul(all[i]);  // [C]
        scores.masked_fill_(centroidCounts == 0, -1e9);
        ++tally.total;
        tally.ok += scores.argmax().item<int64_t>() == own;
    }
    return tally;
}

}  // namespace

void evaluatePrior(UnclipModel& model, const std::vector<std::string>& prompts,
                   const EvaluationOptions& options, EvaluationReport& report) {
    if (!model.prior || !model.tokenizer || !model.textEncoder)
        throw Error(model.folder.string() + " has no prior (with its CLIP text tower) to test");
    c10::InferenceMode guard;
    const auto [classes, text] = colourShapeClasses(model);
    const auto& s = options.sampling;
    for (const auto& prompt : prompts) {
        const auto spec = parseCaption(prompt);
        if (!spec) continue;
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
        for (int64_t k = 0; k < embeds.size(0); ++k) {
            const auto embed = embeds.slice(0, k, k + 1);  // [1, clip]
            if (spec->objects.size() == 1)
                tallyPositionAndSize(model, embed, spec->objects[0], report.priorArrangement);
            else if (spec->relation)
                tallyRelationAndBinding(model, embed, *spec, report.priorArrangement);
        }
        if (spec->objects.size() != 1) continue;  // colour and shape: one class to read
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
    const auto pre = model.imagePreprocessing();
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
    std::vector<torch::Tensor> positionEmbeds;  // the pictures whose caption names a position
    std::vector<int64_t> imagePositions;
    std::mt19937_64 rng(seed);
    SamplingWeights oneObject;
    oneObject.twoObjects = 0.0;
    for (int i = 0; i < count; ++i) {
        const auto spec = sampleCaptionSpec(rng, oneObject);
        const auto scene = sampleScene(spec, rng);
        const auto image = embedScene(model, scene, pre);  // [1, clip]
        imageEmbeds.push_back(image);
        imageShapes.push_back(int64_t(spec.objects[0].shape));
        if (spec.objects[0].position) {
            positionEmbeds.push_back(image);
            imagePositions.push_back(int64_t(*spec.objects[0].position));
        }
        const auto best = image.matmul(text.t()).argmax(-1).item<int64_t>();
        ++report.zeroShotShape.total;
        ++report.zeroShotColor.total;
        report.zeroShotShape.ok += classes[best].second == spec.objects[0].shape;
        report.zeroShotColor.ok += classes[best].first == spec.objects[0].color;
        ++report.zeroShotBackground.total;
        report.zeroShotBackground.ok += readsBackground(model, image, scene);
        tallyPositionAndSize(model, image, spec.objects[0], report.zeroShotArrangement);
    }

    // Two objects with a relation, as many pictures again.
    SamplingWeights twoObjects;
    twoObjects.twoObjects = 1.0;
    twoObjects.nameRelation = 1.0;
    for (int i = 0; i < count; ++i) {
        const auto spec = sampleCaptionSpec(rng, twoObjects);
        const auto scene = sampleScene(spec, rng);
        tallyRelationAndBinding(model, embedScene(model, scene, pre), spec,
                                report.zeroShotArrangement);
    }

    // The image tower alone: each picture against the centroids of all the others' shapes
    // (and named positions).
    report.imageOnlyShape = nearestCentroid(imageEmbeds, imageShapes, int64_t(kShapes.size()));
    report.imageOnlyPosition =
        nearestCentroid(positionEmbeds, imagePositions, int64_t(kPositions.size()));
}

}  // namespace unclip::shapes
