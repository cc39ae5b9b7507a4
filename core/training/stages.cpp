#include "core/training/stages.h"

#include <fstream>
#include <iostream>
#include <optional>

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/config/component_configs.h"
#include "core/config/json_config.h"
#include "core/pipeline/cascade_stages.h"
#include "core/pipeline/clip_image_preprocess.h"
#include "core/pipeline/recommended_sampling.h"
#include "core/runtime/runtime.h"
#include "core/shapes/world.h"
#include "core/tokenizer/sentencepiece_tokenizer.h"
#include "core/training/attribute_probe.h"
#include "core/training/autocast_scope.h"
#include "core/training/diffusion_objective.h"
#include "core/weights/module_loader.h"
#include "core/weights/safetensors.h"

namespace unclip::training {
namespace fs = std::filesystem;
namespace F = torch::nn::functional;
using json = nlohmann::json;

namespace {

// ---- recipe and model folder ----

void writeJson(const fs::path& path, const json& value);

struct StageSettings {
    LoopOptions loop;
    json extra;                              // stage-specific settings (drop rates, crop size, ...)
    std::optional<TimestepRange> timesteps;  // the diffusion timesteps trained, when not all
};

// The recipe's "timesteps": [first, end], overridden by the request's.
std::optional<TimestepRange> timestepsFor(const json& stage, const StageRequest& r) {
    if (r.timesteps) return r.timesteps;
    if (!stage.contains("timesteps")) return std::nullopt;
    const auto& range = stage["timesteps"];
    if (!range.is_array() || range.size() != 2 || !range[0].is_number_integer() ||
        !range[1].is_number_integer())
        throw Error(r.recipe.string() + ": the stage '" + r.stage +
                    "' has \"timesteps\" that is not [first, end] (two integers)");
    return TimestepRange{range[0].get<int64_t>(), range[1].get<int64_t>()};
}

// A diffusion stage's training objective on its scheduler's tables, drawing the stage's
// timesteps (all of them, or the range asked for, which it logs).
DiffusionObjective stageObjective(const UnclipSchedulerConfig& scheduler, const StageRequest& r,
                                  const StageSettings& settings) {
    DiffusionObjective objective(scheduler, r.device);
    if (settings.timesteps) {
        objective.restrictTimesteps(settings.timesteps->first, settings.timesteps->end);
        if (r.log)
            *r.log << "[" << r.stage << "] training timesteps " << settings.timesteps->first << ".."
                   << settings.timesteps->end - 1 << " of " << objective.numTimesteps() << "\n";
    }
    return objective;
}

StageSettings settingsFor(const json& recipe, const StageRequest& r) {
    if (!recipe.contains("stages") || !recipe["stages"].contains(r.stage))
        throw Error(r.recipe.string() + " has no settings for the stage '" + r.stage + "'");
    const auto& s = recipe["stages"][r.stage];
    StageSettings out;
    auto& o = out.loop;
    o.stage = r.stage;
    o.checkpointPath = r.modelDir / ".training" / r.stage / "checkpoint.safetensors";
    o.steps = r.steps.value_or(s.value("steps", int64_t(1000)));
    o.batch = r.batch.value_or(s.value("batch", int64_t(16)));
    o.learningRate = r.learningRate.value_or(s.value("learning_rate", 2e-4));
    o.weightDecay = s.value("weight_decay", 0.0);
    o.accumulate = r.accumulate.value_or(s.value("accumulate", int64_t(1)));
    o.emaDecay = s.value("ema_decay", 0.999);
    o.warmupSteps = r.warmupSteps.value_or(std::min<int64_t>(s.value("warmup_steps", int64_t(200)),
                                                             std::max<int64_t>(1, o.steps / 5)));
    o.checkpointEvery = r.checkpointEvery.value_or(s.value("checkpoint_every", int64_t(500)));
    o.logEvery = r.logEvery.value_or(s.value("log_every", int64_t(50)));
    o.resume = r.resume;
    if (r.maxSeconds)
        o.deadline = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(*r.maxSeconds));
    o.log = r.log;
    o.metadata["recipe"] = r.recipe.filename().string();
    o.metadata["data"] = r.data->describe();
    o.metadata["autocast"] = r.autocast ? "bfloat16" : "off";
    if (o.steps < 1 || o.batch < 1) throw Error("steps and batch must be at least 1");
    if (o.warmupSteps >= o.steps)
        throw Error("a warm-up of " + std::to_string(o.warmupSteps) + " steps leaves none of the " +
                    std::to_string(o.steps) + " steps at the full learning rate: pick a --warmup " +
                    "below --steps");
    checkAccumulation(o.batch, o.accumulate);  // before the stage loads its networks
    out.extra = s;
    out.timesteps = timestepsFor(s, r);  // checked against the schedule by the stage
    if (r.stage != "clip")               // the diffusion stages: the checkpoint records the range
        o.metadata["timesteps"] = out.timesteps ? std::to_string(out.timesteps->first) + ".." +
                                                      std::to_string(out.timesteps->end - 1)
                                                : "all";
    return out;
}

void writeJson(const fs::path& path, const json& value) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path);
    out << value.dump(2) << "\n";
    if (!out) throw Error("cannot write " + path.string());
}

json readRecipe(const fs::path& path) { return readJsonFile(path); }

// Saves a network's weights as float16 safetensors: the shipped form.
void exportComponent(torch::nn::Module& module, const fs::path& dir, const std::string& file) {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (auto& [name, t] : moduleStateDict(module))
        tensors.emplace_back(name,
                             t.is_floating_point() ? t.to(torch::kCPU, torch::kFloat16) : t.cpu());
    fs::create_directories(dir);
    saveSafetensors(dir / file, tensors, {{"format", "pt"}});
    refreshModelIndex(dir.parent_path());
}

template <typename Module>
void loadComponent(Module& module, const fs::path& dir, const torch::Device& device,
                   const std::string& name) {
    if (!fs::exists(dir))
        throw Error("the model folder has no " + name + " yet: train its stage first");
    auto file = SafetensorsFile::open(findWeightsFile(dir));
    LoadOptions options;
    options.device = device;
    options.component = name;
    loadModuleWeights(*module, *file, options);
    module->eval();
    for (auto& p : module->parameters()) p.set_requires_grad(false);
}

// A stage whose networks have exported weights in the folder but no checkpoint (a training
// seed, or weights copied in) continues from those weights instead of starting over: the
// EMA starts at them, the optimiser afresh. `--no-resume` still starts from scratch.
void startFromExportedWeights(const LoopOptions& loop,
                              const std::vector<std::pair<torch::nn::Module*, fs::path>>& parts,
                              const torch::Device& device, std::ostream* log) {
    if (!loop.resume || fs::exists(loop.checkpointPath)) return;
    auto weightsIn = [](const fs::path& dir) {
        return fs::exists(dir / "model.safetensors") ||
               fs::exists(dir / "diffusion_pytorch_model.safetensors");
    };
    for (const auto& part : parts)
        if (!weightsIn(part.second)) return;
    for (const auto& [module, dir] : parts) {
        auto file = SafetensorsFile::open(findWeightsFile(dir));
        LoadOptions options;
        options.device = device;
        options.component = dir.filename().string();
        loadModuleWeights(*module, *file, options);
    }
    if (log)
        *log << "[" << loop.stage << "] no checkpoint: continuing from the exported weights in "
             << parts.front().second.parent_path().string() << "\n";
}

// Host -> training device without making the host wait: on CUDA the batch goes through
// pinned memory as an asynchronous copy, so drawing the next batch overlaps this step's
// kernels (a plain .to() waits for the GPU to drain first).
torch::Tensor toDevice(const torch::Tensor& host, const torch::Device& device) {
    if (!device.is_cuda()) return host.to(device);
    return host.pin_memory().to(device, /*non_blocking=*/true);
}

at::Generator stepGenerator(uint64_t seed, int64_t step) {
    return at::make_generator<at::CPUGeneratorImpl>(seed * 1000003ull + uint64_t(step) * 7919ull +
                                                    17ull);
}

// ---- the frozen CLIP the later stages condition on ----

// Model-range images [B, 3, S, S] -> CLIP pixel values at the crop size. Training pictures
// are square, so resize + centre crop reduce to one resize. The normalisation constants
// go to the device once: building them there at every step would wait for the GPU.
struct ClipPixels {
    ClipPixels(const ClipImageProcessorConfig& pre, const torch::Device& device)
        : height(pre.cropHeight), width(pre.cropWidth) {
        const auto options = torch::TensorOptions().dtype(torch::kFloat32);
        mean = torch::tensor({pre.imageMean[0], pre.imageMean[1], pre.imageMean[2]}, options)
                   .view({1, 3, 1, 1})
                   .to(device);
        std = torch::tensor({pre.imageStd[0], pre.imageStd[1], pre.imageStd[2]}, options)
                  .view({1, 3, 1, 1})
                  .to(device);
    }
    torch::Tensor operator()(const torch::Tensor& images) const {
        auto x = (images + 1) / 2;  // [B, 3, S, S] in [0, 1]
        if (x.size(2) != height || x.size(3) != width)
            x = F::interpolate(x, F::InterpolateFuncOptions()
                                      .size(std::vector<int64_t>{height, width})
                                      .mode(torch::kBicubic)
                                      .align_corners(false)
                                      .antialias(true));
        return (x - mean) / std;  // [B, 3, crop, crop]
    }
    int64_t height, width;
    torch::Tensor mean, std;  // [1, 3, 1, 1] on the training device
};

struct FrozenClip {
    std::unique_ptr<Tokenizer> tokenizer;
    models::ClipTextModel text{nullptr};
    models::ClipVisionModel vision{nullptr};
    std::optional<ClipPixels> pixels;
    int64_t maxLength = 77;
};

FrozenClip loadFrozenClip(const fs::path& modelDir, const torch::Device& device) {
    FrozenClip clip;
    clip.tokenizer = loadTokenizer(modelDir / "tokenizer");
    clip.text =
        models::ClipTextModel(readClipTextConfig(modelDir / "text_encoder" / "config.json"));
    loadComponent(clip.text, modelDir / "text_encoder", device, "text_encoder");
    clip.vision =
        models::ClipVisionModel(readClipVisionConfig(modelDir / "image_encoder" / "config.json"));
    loadComponent(clip.vision, modelDir / "image_encoder", device, "image_encoder");
    clip.pixels.emplace(ClipImageProcessorConfig::fromFile(modelDir / "feature_extractor" /
                                                           "preprocessor_config.json"),
                        device);
    clip.maxLength = clip.tokenizer->modelMaxLength().value_or(clip.text->config.maxPositions);
    return clip;
}

struct TextCondition {
    torch::Tensor embeds, hidden, mask;
};

TextCondition encodeCaptions(FrozenClip& clip, const std::vector<std::string>& captions,
                             const torch::Device& device) {
    torch::NoGradGuard noGrad;
    auto tokens = clip.tokenizer->encodeBatch(captions, clip.maxLength);
    auto out = clip.text(toDevice(tokens.ids, device));
    return {out.textEmbeds, out.lastHiddenState, toDevice(tokens.mask, device)};
}

torch::Tensor imageEmbeddings(FrozenClip& clip, const torch::Tensor& images) {
    torch::NoGradGuard noGrad;
    return clip.vision((*clip.pixels)(images)).imageEmbeds;
}

// Replaces each caption by "" with probability p (classifier-free guidance dropout).
std::vector<std::string> dropCaptions(std::vector<std::string> captions, double p,
                                      at::Generator& generator) {
    auto u = torch::rand({int64_t(captions.size())}, generator);
    auto uAt = u.accessor<float, 1>();
    for (size_t i = 0; i < captions.size(); ++i)
        if (uAt[int64_t(i)] < p) captions[i].clear();
    return captions;
}

// ---- clip ----

struct ClipPairImpl : torch::nn::Module {
    ClipPairImpl(const models::ClipTextConfig& text, const models::ClipVisionConfig& vision) {
        text_encoder = register_module("text_encoder", models::ClipTextModel(text));
        image_encoder = register_module("image_encoder", models::ClipVisionModel(vision));
        logit_scale = register_parameter("logit_scale", torch::full({}, std::log(1 / 0.07)));
        attribute_probe = register_module("attribute_probe",
                                          torch::nn::Linear(vision.projectionDim, kAttributeCount));
        initialiseEmbeddings();
    }
    // CLIP's own initial scales (OpenAI's, which transformers copies) instead of
    // LibTorch's N(0, 1) for embeddings: with unit-variance position embeddings the
    // patch contents started buried under position noise, and the image tower learned
    // colour (a global statistic) but told shapes apart no better than chance.
    void initialiseEmbeddings() {
        torch::NoGradGuard noGrad;
        auto& text = text_encoder->text_model->embeddings;
        text->token_embedding->weight.normal_(0, 0.02);
        text->position_embedding->weight.normal_(0, 0.01);
        auto& vision = image_encoder->vision_model->embeddings;
        const double scale = 1.0 / std::sqrt(double(vision->class_embedding.size(0)));
        vision->class_embedding.normal_(0, scale);
        vision->position_embedding->weight.normal_(0, scale);
    }
    models::ClipTextModel text_encoder{nullptr};
    models::ClipVisionModel image_encoder{nullptr};
    torch::Tensor logit_scale;
    // Training only (not exported): reads what a picture holds from its image embedding
    // (see attributeTargets). Its loss pushes that into the embedding, which the
    // contrastive loss alone left at chance for shapes, and for positions and relations.
    torch::nn::Linear attribute_probe{nullptr};
};
TORCH_MODULE(ClipPair);

void trainTokenizer(const StageRequest& r, const json& recipe) {
    const auto dir = r.modelDir / "tokenizer";
    if (fs::exists(dir / "spiece.model")) return;
    const auto& t = recipe.at("tokenizer");
    const auto corpus = r.modelDir / ".training" / "clip" / "corpus.txt";
    fs::create_directories(corpus.parent_path());
    {
        std::ofstream out(corpus);
        const int64_t n = t.value("corpus_captions", int64_t(20000));
        for (int64_t i = 0; i < n; ++i) out << r.data->example(i, 16).caption << "\n";
    }
    fs::create_directories(dir);
    SentencePieceTrainOptions options;
    // BPE on this small-vocabulary corpus ends with whole words as pieces; unigram kept
    // splitting words into letters, which left the small text tower more to learn.
    options.modelType = t.value("model_type", options.modelType);
    options.extraOptions = "--hard_vocab_limit=false";
    SentencePieceTokenizer::train(corpus, dir / "spiece", int(t.value("vocab_size", 160)), options);
    writeJson(dir / "tokenizer_config.json", {{"tokenizer_class", "SentencePieceTokenizer"},
                                              {"model_max_length", t.value("model_max_length", 32)},
                                              {"pad_token", "<pad>"},
                                              {"bos_token", "<s>"},
                                              {"eos_token", "</s>"},
                                              {"unk_token", "<unk>"}});
    if (r.log)
        *r.log << "[clip] trained the sentencepiece tokenizer on " << corpus.string() << "\n";
}

LoopResult trainClip(const StageRequest& r, const json& recipe, StageSettings settings) {
    trainTokenizer(r, recipe);
    auto tokenizer = loadTokenizer(r.modelDir / "tokenizer");
    // The text tower's vocabulary and special ids come from the tokenizer just trained.
    const auto textConfigPath = r.modelDir / "text_encoder" / "config.json";
    auto textJson = readJsonFile(textConfigPath);
    textJson["vocab_size"] = tokenizer->vocabSize();
    textJson["bos_token_id"] = tokenizer->bosId();
    textJson["eos_token_id"] = tokenizer->eosId();
    textJson["pad_token_id"] = tokenizer->padId();
    writeJson(textConfigPath, textJson);

    const auto textConfig = readClipTextConfig(textConfigPath);
    const auto visionConfig = readClipVisionConfig(r.modelDir / "image_encoder" / "config.json");
    const ClipPixels clipPixels(ClipImageProcessorConfig::fromFile(
                                    r.modelDir / "feature_extractor" / "preprocessor_config.json"),
                                r.device);
    const int64_t maxLength = tokenizer->modelMaxLength().value_or(textConfig.maxPositions);
    ClipPair pair(textConfig, visionConfig);
    pair->to(r.device);
    const auto batch = settings.loop.batch;
    const double attributeWeight = settings.extra.value("attribute_loss", 1.0);

    auto lossAt = [&](int64_t step) {
        auto b = makeContrastiveBatch(*r.data, step * batch, batch, visionConfig.imageSize);
        auto ids = toDevice(tokenizer->encodeBatch(b.captions, maxLength).ids, r.device);
        auto text =
            F::normalize(pair->text_encoder(ids).textEmbeds, F::NormalizeFuncOptions().dim(-1));
        auto imageEmbeds =
            pair->image_encoder(clipPixels(toDevice(b.images, r.device))).imageEmbeds;
        auto image = F::normalize(imageEmbeds, F::NormalizeFuncOptions().dim(-1));
        auto logits = pair->logit_scale.exp().clamp_max(100) * image.matmul(text.t());  // [B, B]
        // Identical captions are all positives (the shapes world repeats short captions).
        // (Built on the host in one buffer: per-element tensor writes cost seconds at B=512.)
        auto same = torch::empty({batch, batch});
        auto sameAt = same.accessor<float, 2>();
        for (int64_t i = 0; i < batch; ++i)
            for (int64_t j = 0; j < batch; ++j)
                sameAt[i][j] = b.captions[i] == b.captions[j] ? 1.0f : 0.0f;
        auto targets = toDevice(same / same.sum(1, true), r.device);
        auto lossImage = -(targets * torch::log_softmax(logits, 1)).sum(1).mean();
        auto lossText = -(targets * torch::log_softmax(logits.t(), 1)).sum(1).mean();
        auto [attributes, known] = attributeTargets(b.captions);
        auto lossProbe =
            attributeProbeLoss(pair->attribute_probe(imageEmbeds), toDevice(attributes, r.device),
                               toDevice(known, r.device));
        return (lossImage + lossText) / 2 + attributeWeight * lossProbe;
    };
    auto exportWeights = [&](const Ema& ema) {
        ClipPair copy(textConfig, visionConfig);
        ema.copyTo(*copy);
        exportComponent(*copy->text_encoder, r.modelDir / "text_encoder", "model.safetensors");
        exportComponent(*copy->image_encoder, r.modelDir / "image_encoder", "model.safetensors");
    };
    startFromExportedWeights(settings.loop,
                             {{pair->text_encoder.get(), r.modelDir / "text_encoder"},
                              {pair->image_encoder.get(), r.modelDir / "image_encoder"}},
                             r.device, r.log);
    return runTrainingLoop(settings.loop, *pair, lossAt, exportWeights);
}

// ---- prior ----

LoopResult trainPrior(const StageRequest& r, StageSettings settings) {
    auto clip = loadFrozenClip(r.modelDir, r.device);
    const auto config = readPriorConfig(r.modelDir / "prior" / "config.json");
    models::PriorTransformer prior(config);
    prior->to(r.device);
    auto objective = stageObjective(
        readSchedulerConfig(r.modelDir / "prior_scheduler" / "scheduler_config.json"), r, settings);
    const auto batch = settings.loop.microBatch();  // examples per lossAt(part)
    const double captionDrop = settings.extra.value("caption_drop", 0.1);
    const int64_t imageSize = clip.vision->config.imageSize;

    // The prior works on normalised embeddings: per-dimension statistics of the data's
    // CLIP image embeddings, stored in the prior (clip_mean, clip_std) and kept frozen.
    torch::Tensor mean, std;
    {
        torch::NoGradGuard noGrad;
        std::vector<torch::Tensor> embeds;
        for (int64_t i = 0; i < 16; ++i)
            embeds.push_back(imageEmbeddings(
                clip, makeBatch(*r.data, -1 - i * 64 - 64, 64, imageSize).images.to(r.device)));
        auto all = torch::cat(embeds);  // [1024, clip]
        mean = all.mean(0, true);
        std = all.std(0, true, true).clamp_min(1e-4);
    }
    auto useStatistics = [&] {
        torch::NoGradGuard noGrad;
        prior->clip_mean.copy_(mean);
        prior->clip_std.copy_(std);
        prior->clip_mean.set_requires_grad(false);
        prior->clip_std.set_requires_grad(false);
    };
    useStatistics();

    auto lossAt = [&](int64_t part) {
        auto generator = stepGenerator(1, part);
        auto b = makeBatch(*r.data, part * batch, batch, imageSize);
        auto text =
            encodeCaptions(clip, dropCaptions(b.captions, captionDrop, generator), r.device);
        auto x0 = (imageEmbeddings(clip, toDevice(b.images, r.device)) - prior->clip_mean) /
                  prior->clip_std;  // [B, clip]
        auto t = toDevice(objective.sampleTimesteps(batch, generator), r.device);
        auto noise = toDevice(torch::randn(x0.sizes(), generator), r.device);
        auto predicted =
            prior(objective.noisy(x0, t, noise), t, text.embeds, text.hidden, text.mask);
        return objective.x0Loss(predicted, x0);
    };
    auto exportWeights = [&](const Ema& ema) {
        models::PriorTransformer copy(config);
        ema.copyTo(*copy);
        exportComponent(*copy, r.modelDir / "prior", "diffusion_pytorch_model.safetensors");
    };
    startFromExportedWeights(settings.loop, {{prior.get(), r.modelDir / "prior"}}, r.device, r.log);
    // A prior exported for other CLIP towers (the clip stage has trained since) would map
    // captions into their embedding space, normalised by their statistics: start it over.
    // The statistics come from 1,024 examples, so the same towers give them again to
    // within ~0.15 std in the worst of the dimensions (another data seed) or to the export's
    // float16 rounding (the same seed).
    const auto drift = ((prior->clip_mean - mean).abs() / std).max().item<double>();
    if (drift > 0.5) {
        if (r.log)
            *r.log << "[prior] the exported prior was trained on other CLIP towers (its "
                   << "embedding mean is off by up to " << drift << " std): starting it over\n";
        prior = models::PriorTransformer(config);
        prior->to(r.device);
        useStatistics();
    }
    return runTrainingLoop(settings.loop, *prior, lossAt, exportWeights);
}

// ---- decoder ----

struct DecoderStageImpl : torch::nn::Module {
    DecoderStageImpl(const models::TextProjConfig& tp, const models::UNetConfig& unet) {
        text_proj = register_module("text_proj", models::TextProj(tp));
        decoder = register_module("decoder", models::UNet(unet));
    }
    models::TextProj text_proj{nullptr};
    models::UNet decoder{nullptr};
};
TORCH_MODULE(DecoderStage);

LoopResult trainDecoder(const StageRequest& r, StageSettings settings) {
    auto clip = loadFrozenClip(r.modelDir, r.device);
    const auto textProjConfig = readTextProjConfig(r.modelDir / "text_proj" / "config.json");
    const auto unetConfig = readUNetConfig(r.modelDir / "decoder" / "config.json");
    DecoderStage model(textProjConfig, unetConfig);
    model->to(r.device);
    auto objective = stageObjective(
        readSchedulerConfig(r.modelDir / "decoder_scheduler" / "scheduler_config.json"), r,
        settings);
    const auto batch = settings.loop.microBatch();  // examples per lossAt(part)
    const double imageDrop = settings.extra.value("image_drop", 0.1);
    const double captionDrop = settings.extra.value("caption_drop", 0.5);
    // Offset noise (see DiffusionObjective::trainingNoise): without it the decoder barely
    // learns to take a picture's overall colour from its conditioning, and its samples
    // drift to off-palette backgrounds. Sampling still starts from plain noise.
    const double offsetNoise = settings.extra.value("offset_noise", 0.0);
    const auto extraTokens = textProjConfig.clipExtraContextTokens;

    auto lossAt = [&](int64_t part) {
        auto generator = stepGenerator(2, part);
        auto b = makeBatch(*r.data, part * batch, batch, unetConfig.sampleSize);
        auto images = toDevice(b.images, r.device);
        auto text =
            encodeCaptions(clip, dropCaptions(b.captions, captionDrop, generator), r.device);
        // Guidance dropout of the image embedding: the learned "no image" embedding.
        auto embeds = imageEmbeddings(clip, images);
        auto dropImage =
            toDevice(torch::rand({batch}, generator) < imageDrop, r.device).unsqueeze(1);
        auto none =
            model->text_proj->learned_classifier_free_guidance_embeddings.unsqueeze(0).expand_as(
                embeds);
        embeds = torch::where(dropImage, none, embeds);
        auto tokenMask =
            F::pad(text.mask.to(torch::kFloat32), F::PadFuncOptions({extraTokens, 0}).value(1.0));
        auto t = toDevice(objective.sampleTimesteps(batch, generator), r.device);
        auto noise = toDevice(
            DiffusionObjective::trainingNoise(images.sizes(), offsetNoise, generator), r.device);
        auto xt = objective.noisy(images, t, noise);
        torch::Tensor out;
        {
            // The frozen CLIP towers above ran in float32, so the conditioning is the one
            // sampling sees; only the trained networks run in the lower precision.
            AutocastScope autocast(r.device, r.autocast);
            auto cond = model->text_proj(embeds, text.embeds, text.hidden, /*guidance=*/false);
            models::UNetConditioning unetCond{cond.encoderHiddenStates, cond.additiveTimeEmbedding,
                                              tokenMask};
            out = model->decoder(xt, t, unetCond);
        }
        return objective.learnedRangeLoss(out, images, xt, t, noise);  // in float32
    };
    auto exportWeights = [&](const Ema& ema) {
        DecoderStage copy(textProjConfig, unetConfig);
        ema.copyTo(*copy);
        exportComponent(*copy->text_proj, r.modelDir / "text_proj",
                        "diffusion_pytorch_model.safetensors");
        exportComponent(*copy->decoder, r.modelDir / "decoder",
                        "diffusion_pytorch_model.safetensors");
    };
    startFromExportedWeights(settings.loop,
                             {{model->text_proj.get(), r.modelDir / "text_proj"},
                              {model->decoder.get(), r.modelDir / "decoder"}},
                             r.device, r.log);
    return runTrainingLoop(settings.loop, *model, lossAt, exportWeights);
}

// ---- upsamplers ----

// Separable Gaussian blur with one sigma for the batch (sigma 0: unchanged).
torch::Tensor gaussianBlur(const torch::Tensor& x, double sigma) {
    if (sigma <= 0.05) return x;
    const int64_t radius = std::max<int64_t>(1, int64_t(std::ceil(3 * sigma)));
    auto k = torch::arange(-radius, radius + 1, x.options()).pow(2).div(-2 * sigma * sigma).exp();
    k = k / k.sum();
    const auto c = x.size(1);
    auto kx = k.view({1, 1, 1, -1}).repeat({c, 1, 1, 1});
    auto ky = k.view({1, 1, -1, 1}).repeat({c, 1, 1, 1});
    auto padded =
        F::pad(x, F::PadFuncOptions({radius, radius, radius, radius}).mode(torch::kReplicate));
    auto h = F::conv2d(padded, kx, F::Conv2dFuncOptions().groups(c));
    return F::conv2d(h, ky, F::Conv2dFuncOptions().groups(c));
}

LoopResult trainSuperRes(const StageRequest& r, StageSettings settings,
                         const std::string& component) {
    const auto config = readUNetConfig(r.modelDir / component / "config.json");
    models::UNet unet(config);
    unet->to(r.device);
    const auto schedulerConfig =
        readSchedulerConfig(r.modelDir / "super_res_scheduler" / "scheduler_config.json");
    auto objective = stageObjective(schedulerConfig, r, settings);
    // Predicting the clean picture ("sample") rather than the noise: the noise loss hardly
    // sees a wrong colour at the noisy steps where colours are decided, and upsamplers
    // trained with it (10k steps on an H200) drew every colour shifted towards green.
    const bool predictsSample = schedulerConfig.predictionType == PredictionType::Sample;
    const auto batch = settings.loop.microBatch();  // examples per lossAt(part)
    const int64_t high = config.sampleSize, low = high / 4;
    const int64_t crop = std::min<int64_t>(settings.extra.value("crop", high / 4), high);
    const double blurMax = settings.extra.value("blur_sigma_max", 0.8);

    auto lossAt = [&](int64_t part) {
        auto generator = stepGenerator(3, part);
        // Resized on the training device: at 1024 px the CPU resizes took longer than the step.
        auto hr = toDevice(makeBatch(*r.data, part * batch, batch, high).images,
                           r.device);  // [B, 3, H, H]
        // The conditioning the net sees at sampling time: a low-resolution picture,
        // softened a little (generated ones are not crisp), upsampled as the pipeline does.
        auto lr = F::interpolate(hr, F::InterpolateFuncOptions()
                                         .size(std::vector<int64_t>{low, low})
                                         .mode(torch::kBilinear)
                                         .align_corners(false)
                                         .antialias(true));
        lr = gaussianBlur(lr, blurMax * torch::rand({1}, generator).item<double>());
        auto up = stages::upsampleBicubic(lr.clamp(-1, 1), high, high).clamp(-1, 1);
        // Random crops: the nets are convolutional, so they run on whole pictures later.
        std::vector<torch::Tensor> hrCrops, upCrops;
        for (int64_t i = 0; i < batch; ++i) {
            const auto y = torch::randint(0, high - crop + 1, {1}, generator).item<int64_t>();
            const auto x = torch::randint(0, high - crop + 1, {1}, generator).item<int64_t>();
            hrCrops.push_back(hr[i].narrow(1, y, crop).narrow(2, x, crop));
            upCrops.push_back(up[i].narrow(1, y, crop).narrow(2, x, crop));
        }
        auto x0 = torch::stack(hrCrops);
        auto condition = torch::stack(upCrops);
        auto t = toDevice(objective.sampleTimesteps(batch, generator), r.device);
        auto noise = toDevice(torch::randn(x0.sizes(), generator), r.device);
        auto xt = torch::cat({objective.noisy(x0, t, noise), condition}, 1);
        torch::Tensor out;
        {
            AutocastScope autocast(r.device, r.autocast);
            out = unet(xt, t);
        }
        return predictsSample ? objective.x0Loss(out, x0) : objective.epsilonLoss(out, noise);
    };
    auto exportWeights = [&](const Ema& ema) {
        models::UNet copy(config);
        ema.copyTo(*copy);
        exportComponent(*copy, r.modelDir / component, "diffusion_pytorch_model.safetensors");
    };
    startFromExportedWeights(settings.loop, {{unet.get(), r.modelDir / component}}, r.device,
                             r.log);
    return runTrainingLoop(settings.loop, *unet, lossAt, exportWeights);
}

}  // namespace

const std::vector<std::string>& stageNames() {
    static const std::vector<std::string> names = {"clip", "prior", "decoder", "sr256", "sr1024"};
    return names;
}

void prepareModelFolder(const fs::path& recipePath, const fs::path& modelDir) {
    const auto recipe = readRecipe(recipePath);
    if (!recipe.contains("components") || !recipe["components"].is_object())
        throw Error(recipePath.string() + " has no \"components\" object");
    fs::create_directories(modelDir);
    for (const auto& [name, config] : recipe["components"].items()) {
        const bool scheduler = name.find("scheduler") != std::string::npos;
        const auto file = scheduler                     ? "scheduler_config.json"
                          : name == "feature_extractor" ? "preprocessor_config.json"
                                                        : "config.json";
        const auto path = modelDir / name / file;
        if (!fs::exists(path)) writeJson(path, config);  // never over a config a stage completed
    }
    refreshModelIndex(modelDir);
}

void refreshModelIndex(const fs::path& modelDir) {
    // Lists what is usable now: a network only once a stage has exported its weights,
    // so a half-built folder still loads (and says what it lacks).
    json index = {{"_class_name", "UnCLIPPipeline"}, {"_unclip_studio", "built by unclip train"}};
    // The recommended steps and guidance are measured (unclip eval), not trained: kept.
    const auto indexPath = modelDir / "model_index.json";
    if (fs::exists(indexPath)) {
        const auto previous = readJsonFile(indexPath);
        if (previous.is_object() && previous.contains(kRecommendedSamplingKey))
            index[kRecommendedSamplingKey] = previous[kRecommendedSamplingKey];
    }
    for (const auto& entry : fs::directory_iterator(modelDir)) {
        if (!entry.is_directory()) continue;
        const auto name = entry.path().filename().string();
        const auto dir = entry.path();
        if (name.empty() || name[0] == '.') continue;
        if (fs::exists(dir / "spiece.model")) {
            index[name] = {"unclip_studio", "SentencePieceTokenizer"};
        } else if (fs::exists(dir / "vocab.json")) {
            index[name] = {"transformers", "CLIPTokenizer"};
        } else if (fs::exists(dir / "scheduler_config.json")) {
            index[name] = {"diffusers",
                           readJsonFile(dir / "scheduler_config.json").value("_class_name", "")};
        } else if (fs::exists(dir / "preprocessor_config.json")) {
            index[name] = {"transformers", "CLIPImageProcessor"};
        } else if (fs::exists(dir / "config.json")) {
            const bool hasWeights = fs::exists(dir / "model.safetensors") ||
                                    fs::exists(dir / "diffusion_pytorch_model.safetensors");
            if (!hasWeights) continue;
            const auto config = readJsonFile(dir / "config.json");
            if (config.contains("_class_name"))
                index[name] = {"diffusers", config["_class_name"]};
            else if (config.contains("architectures") && !config["architectures"].empty())
                index[name] = {"transformers", config["architectures"][0]};
        }
    }
    writeJson(indexPath, index);
}

LoopResult trainStage(const StageRequest& r) {
    if (!r.data) throw Error("no training data given");
    const auto& names = stageNames();
    if (std::find(names.begin(), names.end(), r.stage) == names.end())
        throw Error("unknown stage '" + r.stage + "' (clip, prior, decoder, sr256, sr1024)");
    const auto recipe = readRecipe(r.recipe);
    prepareModelFolder(r.recipe, r.modelDir);
    auto settings = settingsFor(recipe, r);
    if (r.device.is_cuda()) useFastFloat32OnCuda();
    if (r.log)
        *r.log << "[" << r.stage << "] " << settings.loop.steps << " steps of "
               << settings.loop.batch << " from " << r.data->describe() << " on " << r.device.str()
               << (r.autocast ? ", autocast bfloat16" : "")
               << (settings.loop.accumulate > 1
                       ? ", " + std::to_string(settings.loop.accumulate) + " micro-batches of " +
                             std::to_string(settings.loop.microBatch())
                       : std::string())
               << "\n";
    if (r.autocast && (r.stage == "clip" || r.stage == "prior"))
        throw Error("mixed precision (--autocast) is for the decoder and upsampler stages; train " +
                    r.stage + " without it");
    // Every other example of the batch is a negative for each one: split into micro-batches,
    // the contrastive loss would see fewer of them, so the clip stage takes its batch whole.
    if (r.stage == "clip" && settings.loop.accumulate != 1)
        throw Error(
            "the clip stage's contrastive loss needs its whole batch in one pass: train it "
            "without --accumulate (and without \"accumulate\" in the recipe's clip stage)");
    if (r.stage == "clip" && settings.timesteps)
        throw Error(
            "the clip stage has no diffusion timesteps: --timesteps (or a recipe's "
            "\"timesteps\") is for prior, decoder, sr256 and sr1024");
    if (r.stage == "clip") return trainClip(r, recipe, settings);
    if (r.stage == "prior") return trainPrior(r, settings);
    if (r.stage == "decoder") return trainDecoder(r, settings);
    if (r.stage == "sr256") return trainSuperRes(r, settings, "super_res_first");
    return trainSuperRes(r, settings, "super_res_1024");
}

}  // namespace unclip::training
