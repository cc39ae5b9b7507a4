#include "core/pipeline/pipelines.h"

#include <cmath>
#include <optional>

#include "core/common/error.h"
#include "core/pipeline/candidates.h"
#include "core/pipeline/cascade_stages.h"

namespace unclip {
namespace {

std::shared_ptr<NoiseSource> noiseFor(const std::shared_ptr<NoiseSource>& injected,
                                      const std::vector<uint64_t>& seeds, int64_t images) {
    if (injected) return injected;
    if (static_cast<int64_t>(seeds.size()) != images)
        throw Error("give one seed per image: " + std::to_string(images) + " images, " +
                    std::to_string(seeds.size()) + " seeds");
    return std::make_shared<PerImageNoise>(seeds);
}

// A stage's step count against its scheduler, checked before any stage runs so a bad
// count for a late stage does not cost the earlier stages' time.
void checkSteps(const char* stage, int64_t steps, const std::optional<UnclipScheduler>& scheduler) {
    if (!scheduler) return;
    const auto most = scheduler->config().numTrainTimesteps;
    if (steps < 2 || steps > most)
        throw Error(std::string("the number of ") + stage + " steps must be between 2 and " +
                    std::to_string(most) + ", got " + std::to_string(steps));
}

void checkSampling(const UnclipModel& model, const SamplingOptions& s, bool usesPrior) {
    constexpr int64_t kMostCandidates = 16;
    for (auto k : {s.priorCandidates, s.decoderCandidates})
        if (k < 1 || k > kMostCandidates)
            throw Error("the number of candidates per picture must be between 1 and " +
                        std::to_string(kMostCandidates) + ", got " + std::to_string(k));
    if (s.candidatePickStep < 0)
        throw Error("the step at which candidates are judged cannot be negative");
    if (s.decoderCandidates > 1 && !model.imageEncoder)
        throw Error(
            "choosing the best of several decoder candidates needs the CLIP image "
            "encoder (image_encoder/), which " +
            model.folder.string() + " lacks; use 1 candidate");
    if (s.priorGuidance < 0 || s.decoderGuidance < 0 || !std::isfinite(s.priorGuidance) ||
        !std::isfinite(s.decoderGuidance))
        throw Error("guidance scales must be finite and not negative");
    if (usesPrior) checkSteps("prior", s.priorSteps, model.priorScheduler);
    checkSteps("decoder", s.decoderSteps, model.decoderScheduler);
    if (model.superResFirst && s.superResStages != 0)
        checkSteps("super-res", s.superResSteps, model.superResScheduler);
}

// Extra candidates draw from seeds derived from each picture's own, so they need seeds.
std::vector<uint64_t> seedsForCandidates(const std::shared_ptr<NoiseSource>& injected,
                                         const std::vector<uint64_t>& seeds,
                                         const SamplingOptions& s) {
    if (injected && (s.priorCandidates > 1 || s.decoderCandidates > 1))
        throw Error("several candidates per picture need per-picture seeds, not recorded noise");
    return seeds;
}

// Decoder, best of s.decoderCandidates: the candidate whose own CLIP image embedding is
// closest to the embedding it was drawn from, judged part way (s.candidatePickStep). For a
// caption that beat judging against the caption's text embedding (61% against 59% of
// held-out one-object captions, TRAINING.md), and it is the same rule for variations and
// blends.
torch::Tensor decoderBestOf(UnclipModel& model, const torch::Tensor& imageEmbeddings,
                            const stages::TextConditioning& text, bool guidance,
                            const SamplingOptions& s, NoiseSource& noise,
                            const std::vector<uint64_t>& seeds, const RunControl& control) {
    const auto k = s.decoderCandidates;
    if (k == 1)
        return stages::runDecoder(model, imageEmbeddings, text, s.decoderSteps, s.decoderGuidance,
                                  guidance, noise, control);
    CandidateNoise candidateNoise(noise, seeds, k, CandidateStage::Decoder);
    auto targets = imageEmbeddings.repeat_interleave(k, 0);  // [B * k, clip]
    stages::DecoderPick pick;
    pick.candidates = k;
    pick.atStep = s.candidatePickStep > 0
                      ? std::min(s.candidatePickStep, s.decoderSteps)
                      : std::max<int64_t>(1, std::llround(0.4 * double(s.decoderSteps)));
    pick.choose = [&](const torch::Tensor& clean) {
        return bestCandidates(clipImageScores(model, clean.clamp(-1, 1), targets), k);  // [B]
    };
    return stages::runDecoder(model, imageEmbeddings.repeat_interleave(k, 0), repeatText(text, k),
                              s.decoderSteps, s.decoderGuidance, guidance, candidateNoise, control,
                              &pick);  // [B, 3, h, w]
}

// The cascade's shared tail: decoder (guided by the empty prompt) and super-res.
CascadeOutput decodeEmbeddings(UnclipModel& model, const torch::Tensor& imageEmbeddings,
                               int64_t images, const SamplingOptions& sampling, NoiseSource& noise,
                               const std::vector<uint64_t>& seeds, const RunControl& control) {
    const bool guidance = sampling.decoderGuidance > 1.0;
    auto text = stages::encodeText(model, std::vector<std::string>(images, ""), guidance);
    auto decoded =
        decoderBestOf(model, imageEmbeddings, text, guidance, sampling, noise, seeds, control);
    return stages::finish(model, imageEmbeddings, decoded, sampling, noise, control);
}

torch::Tensor embeddingsOf(UnclipModel& model, const torch::Tensor& pixels,
                           const torch::Tensor& embeddings, const char* what) {
    if (embeddings.defined()) {
        // [N, clip] or [clip]; anything else would fail deep inside the decoder.
        const auto width = model.textProj->config.clipEmbeddingsDim;
        if (embeddings.dim() < 1 || embeddings.dim() > 2 || embeddings.size(-1) != width)
            throw Error(std::string("image embeddings for ") + what + " must be [N, " +
                        std::to_string(width) + "] (this model's CLIP width), got " +
                        c10::str(embeddings.sizes()));
        if (embeddings.numel() == 0) throw Error(std::string("no image given for ") + what);
        return embeddings.to(model.options.device, model.options.dtype).reshape({-1, width});
    }
    if (!pixels.defined() || (pixels.dim() > 0 && pixels.size(0) == 0))
        throw Error(std::string("no image given for ") + what);
    return encodeImages(model, pixels);
}

}  // namespace

torch::Tensor encodeImages(UnclipModel& model, const torch::Tensor& pixelValues) {
    model.requireImageVariation();
    const auto& c = model.imageEncoder->config;
    if (pixelValues.dim() != 4 || pixelValues.size(1) != c.numChannels ||
        pixelValues.size(2) != c.imageSize || pixelValues.size(3) != c.imageSize)
        throw Error("the image encoder takes preprocessed images of [N, " +
                    std::to_string(c.numChannels) + ", " + std::to_string(c.imageSize) + ", " +
                    std::to_string(c.imageSize) + "], got " + c10::str(pixelValues.sizes()));
    c10::InferenceMode guard;
    return model.imageEncoder(pixelValues.to(model.options.device, model.options.dtype))
        .imageEmbeds;
}

CascadeOutput generateFromText(UnclipModel& model, const TextToImageRequest& request,
                               const RunControl& control) {
    model.requireTextToImage();
    checkSampling(model, request.sampling, /*usesPrior=*/true);
    if (request.prompts.empty()) throw Error("no prompt given");
    if (request.imagesPerPrompt < 1) throw Error("the number of images must be at least 1");
    c10::InferenceMode guard;

    std::vector<std::string> prompts;  // one per image, as diffusers' repeat_interleave
    for (const auto& p : request.prompts) prompts.insert(prompts.end(), request.imagesPerPrompt, p);
    const auto images = static_cast<int64_t>(prompts.size());
    auto noise = noiseFor(request.noise, request.seeds, images);
    const auto& s = request.sampling;
    const auto seeds = seedsForCandidates(request.noise, request.seeds, s);

    // One guidance switch for both stages, as the reference pipeline has it.
    const bool guidance = s.priorGuidance > 1.0 || s.decoderGuidance > 1.0;
    auto text = stages::encodeText(model, prompts, guidance);

    // prior
    auto imageEmbeddings = priorBestOf(model, text, guidance, s, *noise, seeds, control);
    // decoder
    auto decoded = decoderBestOf(model, imageEmbeddings, text, guidance, s, *noise, seeds, control);
    // super-res
    return stages::finish(model, imageEmbeddings, decoded, s, *noise, control);
}

CascadeOutput generateVariations(UnclipModel& model, const VariationRequest& request,
                                 const RunControl& control) {
    model.requireImageVariation();
    checkSampling(model, request.sampling, /*usesPrior=*/false);
    if (request.imagesPerInput < 1) throw Error("the number of variations must be at least 1");
    c10::InferenceMode guard;
    auto embeddings =
        embeddingsOf(model, request.pixelValues, request.imageEmbeddings, "variations");
    embeddings = embeddings.repeat_interleave(request.imagesPerInput, 0);  // [N * k, clip]
    const auto images = embeddings.size(0);
    auto noise = noiseFor(request.noise, request.seeds, images);
    const auto seeds = seedsForCandidates(request.noise, request.seeds, request.sampling);
    return decodeEmbeddings(model, embeddings, images, request.sampling, *noise, seeds, control);
}

CascadeOutput blendImages(UnclipModel& model, const BlendRequest& request,
                          const RunControl& control) {
    model.requireImageVariation();
    checkSampling(model, request.sampling, /*usesPrior=*/false);
    if (request.thetas.empty()) throw Error("give at least one blend position (theta)");
    for (double theta : request.thetas)
        if (!(theta >= 0.0 && theta <= 1.0))
            throw Error("blend positions must lie in [0, 1], got " + std::to_string(theta));
    c10::InferenceMode guard;
    auto a = embeddingsOf(model, request.pixelValuesA, request.embeddingA, "blend image A");
    auto b = embeddingsOf(model, request.pixelValuesB, request.embeddingB, "blend image B");
    if (a.size(0) != 1 || b.size(0) != 1)
        throw Error("a blend takes exactly one image on each side");
    std::vector<torch::Tensor> rows;
    for (double theta : request.thetas) rows.push_back(slerp(a, b, theta));
    auto embeddings = torch::cat(rows, 0);  // [N, clip]
    const auto images = embeddings.size(0);
    const std::vector<uint64_t> rowSeeds(images, request.seed);
    auto noise = noiseFor(request.noise, rowSeeds, images);
    const auto seeds = seedsForCandidates(request.noise, rowSeeds, request.sampling);
    return decodeEmbeddings(model, embeddings, images, request.sampling, *noise, seeds, control);
}

torch::Tensor slerp(const torch::Tensor& a, const torch::Tensor& b, double theta) {
    auto x = a.to(torch::kFloat64).reshape({1, -1});
    auto y = b.to(torch::kFloat64).reshape({1, -1});
    if (x.size(1) != y.size(1)) throw Error("cannot interpolate embeddings of different widths");
    const double nx = x.norm().item<double>(), ny = y.norm().item<double>();
    if (nx == 0.0 || ny == 0.0) throw Error("cannot interpolate a zero embedding");
    const double cosine = std::clamp((x / nx * y / ny).sum().item<double>(), -1.0, 1.0);
    const double omega = std::acos(cosine);
    torch::Tensor out;
    if (std::sin(omega) < 1e-6) {
        out = (1.0 - theta) * x + theta * y;  // (anti)parallel: no unique great circle
    } else {
        const double so = std::sin(omega);
        out = (std::sin((1.0 - theta) * omega) / so) * x + (std::sin(theta * omega) / so) * y;
    }
    return out.to(a.scalar_type());  // [1, clip]
}

}  // namespace unclip
