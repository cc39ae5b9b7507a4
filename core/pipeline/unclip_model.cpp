#include "core/pipeline/unclip_model.h"

#include <map>
#include <sstream>

#include "core/common/error.h"
#include "core/config/component_configs.h"
#include "core/config/json_config.h"
#include "core/pipeline/recommended_sampling.h"
#include "core/weights/module_loader.h"
#include "core/weights/safetensors.h"

namespace unclip {
namespace fs = std::filesystem;

namespace {

// The components the engine knows, and the class model_index.json must name for each.
const std::map<std::string, std::vector<std::string>>& knownComponents() {
    static const std::map<std::string, std::vector<std::string>> known = {
        {"tokenizer", {"CLIPTokenizer", "CLIPTokenizerFast", "SentencePieceTokenizer"}},
        {"text_encoder", {"CLIPTextModelWithProjection"}},
        {"image_encoder", {"CLIPVisionModelWithProjection"}},
        {"feature_extractor", {"CLIPImageProcessor", "CLIPFeatureExtractor"}},
        {"prior", {"PriorTransformer"}},
        {"prior_scheduler", {"UnCLIPScheduler"}},
        {"text_proj", {"UnCLIPTextProjModel"}},
        {"decoder", {"UNet2DConditionModel"}},
        {"decoder_scheduler", {"UnCLIPScheduler"}},
        {"super_res_first", {"UNet2DModel"}},
        {"super_res_last", {"UNet2DModel"}},
        {"super_res_scheduler", {"UnCLIPScheduler"}},
        // unCLIP Studio's own extra stage (the paper's 256 -> 1024 upsampler).
        {"super_res_1024", {"UNet2DModel"}},
    };
    return known;
}

struct ModelIndex {
    std::map<std::string, std::string> listed;  // component name -> class
    SamplingOptions recommended;                // the folder's own steps and guidance
};

// The components model_index.json lists, validated against the folder, and the sampling
// settings it recommends.
ModelIndex readModelIndex(const fs::path& folder) {
    const auto indexPath = folder / "model_index.json";
    if (!fs::is_directory(folder))
        throw Error("model folder " + folder.string() + " does not exist or is not a folder");
    if (!fs::exists(indexPath))
        throw Error(folder.string() +
                    " has no model_index.json: choose the folder of a model in the diffusers "
                    "layout (it holds model_index.json and one folder per component)");
    JsonConfig index(readJsonFile(indexPath), indexPath);
    std::map<std::string, std::string> listed;
    for (const auto& [name, value] : index.json().items()) {
        if (name.empty() || name[0] == '_') continue;
        // [library, class]; [null, null] marks an optional component that is absent.
        if (!value.is_array() || value.size() != 2)
            index.fail(name, "must be a [library, class] pair, got " + value.dump());
        if (value[1].is_null()) continue;
        if (!value[1].is_string())
            index.fail(name, "has a class that is not a string: " + value.dump());
        const auto className = value[1].get<std::string>();
        const auto known = knownComponents().find(name);
        if (known == knownComponents().end()) continue;  // e.g. a safety checker: not ours to run
        bool supported = false;
        for (const auto& c : known->second) supported = supported || c == className;
        if (!supported)
            index.fail(name, "names the class '" + className +
                                 "', which this engine cannot load for that component");
        if (!fs::is_directory(folder / name))
            throw Error(indexPath.string() + " lists the component '" + name + "' but the folder " +
                        (folder / name).string() + " is missing: the download may be incomplete");
        listed[name] = className;
    }
    // Extra folders a text-to-image download may carry without listing them (with weights:
    // a model folder still being trained holds every config before its weights).
    const auto encoder = folder / "image_encoder";
    const bool encoderHasWeights = fs::exists(encoder / "model.safetensors") ||
                                   fs::exists(encoder / "diffusion_pytorch_model.safetensors");
    if (!listed.count("image_encoder") && fs::exists(encoder / "config.json") && encoderHasWeights)
        listed["image_encoder"] = "CLIPVisionModelWithProjection";
    if (!listed.count("feature_extractor") &&
        fs::exists(folder / "feature_extractor" / "preprocessor_config.json"))
        listed["feature_extractor"] = "CLIPImageProcessor";
    if (listed.empty())
        throw Error(indexPath.string() + " lists no component this engine can load");
    return {listed, recommendedSampling(index.json(), indexPath)};
}

template <typename Module>
void loadWeights(Module& module, const fs::path& componentFolder, const std::string& name,
                 const ModelLoadOptions& options) {
    auto file = SafetensorsFile::open(findWeightsFile(componentFolder));
    LoadOptions loadOptions;
    loadOptions.dtype = options.dtype;
    loadOptions.device = options.device;
    loadOptions.component = name;
    loadModuleWeights(*module, *file, loadOptions);
    module->eval();
    for (auto& p : module->parameters()) p.set_requires_grad(false);
}

// Builds a network from its config.json and fills it from its weights file.
template <typename Module, typename Config>
Module buildAndLoad(const fs::path& folder, const std::string& name,
                    Config (*readConfig)(const fs::path&), const ModelLoadOptions& options) {
    const auto configPath = folder / name / "config.json";
    Module module(readConfig(configPath));
    loadWeights(module, folder / name, name, options);
    return module;
}

int64_t countParameters(const torch::nn::Module& module) {
    int64_t n = 0;
    for (const auto& p : module.parameters()) n += p.numel();
    return n;
}

std::string joinSizes(const std::vector<int64_t>& sizes) {
    std::ostringstream os;
    for (size_t i = 0; i < sizes.size(); ++i) os << (i ? "," : "") << sizes[i];
    return os.str();
}

// Every component that reads or writes a CLIP embedding must agree on its width, and the
// text widths feeding the prior and text_proj must match the text encoder's; otherwise
// the first run would fail deep inside a network.
void checkEmbeddingWidths(const UnclipModel& model) {
    struct Width {
        std::string what;
        int64_t value;
    };
    std::vector<Width> image, text;
    if (model.textEncoder) {
        text.push_back({"text_encoder projection_dim", model.textEncoder->config.projectionDim});
        image.push_back({"text_encoder projection_dim", model.textEncoder->config.projectionDim});
    }
    if (model.imageEncoder)
        image.push_back({"image_encoder projection_dim", model.imageEncoder->config.projectionDim});
    if (model.prior) image.push_back({"prior embedding_dim", model.prior->config.embeddingDim});
    if (model.textProj)
        image.push_back(
            {"text_proj clip_embeddings_dim", model.textProj->config.clipEmbeddingsDim});
    for (size_t i = 1; i < image.size(); ++i)
        if (image[i].value != image[0].value)
            throw Error(
                model.folder.string() + ": " + image[i].what + " (" +
                std::to_string(image[i].value) + ") differs from " + image[0].what + " (" +
                std::to_string(image[0].value) +
                "): the components come from different models; take them from one download");
    if (model.textEncoder && model.textProj &&
        model.textEncoder->config.hiddenSize !=
            model.textProj->encoder_hidden_states_proj->weight.size(1))
        throw Error(model.folder.string() + ": text_proj expects text tokens " +
                    std::to_string(model.textProj->encoder_hidden_states_proj->weight.size(1)) +
                    " wide, but the text encoder's hidden_size is " +
                    std::to_string(model.textEncoder->config.hiddenSize));
}

}  // namespace

std::shared_ptr<UnclipModel> UnclipModel::load(const fs::path& folder,
                                               const ModelLoadOptions& options) {
    const ModelIndex index = readModelIndex(folder);
    const auto& listed = index.listed;
    auto model = std::make_shared<UnclipModel>();
    model->folder = folder;
    model->options = options;
    model->recommendedSampling = index.recommended;
    auto has = [&](const char* name) { return listed.count(name) > 0; };
    auto schedulerAt = [&](const char* name) {
        return UnclipScheduler(readSchedulerConfig(folder / name / "scheduler_config.json"));
    };

    if (has("tokenizer")) model->tokenizer = loadTokenizer(folder / "tokenizer");
    if (has("text_encoder"))
        model->textEncoder = buildAndLoad<models::ClipTextModel>(folder, "text_encoder",
                                                                 readClipTextConfig, options);
    if (has("image_encoder"))
        model->imageEncoder = buildAndLoad<models::ClipVisionModel>(folder, "image_encoder",
                                                                    readClipVisionConfig, options);
    if (has("feature_extractor"))
        model->featureExtractor = ClipImageProcessorConfig::fromFile(folder / "feature_extractor" /
                                                                     "preprocessor_config.json");
    if (has("prior"))
        model->prior =
            buildAndLoad<models::PriorTransformer>(folder, "prior", readPriorConfig, options);
    if (has("prior_scheduler")) model->priorScheduler = schedulerAt("prior_scheduler");
    if (has("text_proj"))
        model->textProj =
            buildAndLoad<models::TextProj>(folder, "text_proj", readTextProjConfig, options);
    if (has("decoder"))
        model->decoder = buildAndLoad<models::UNet>(folder, "decoder", readUNetConfig, options);
    if (has("decoder_scheduler")) model->decoderScheduler = schedulerAt("decoder_scheduler");
    if (has("super_res_first"))
        model->superResFirst =
            buildAndLoad<models::UNet>(folder, "super_res_first", readUNetConfig, options);
    if (has("super_res_last"))
        model->superResLast =
            buildAndLoad<models::UNet>(folder, "super_res_last", readUNetConfig, options);
    if (has("super_res_scheduler")) model->superResScheduler = schedulerAt("super_res_scheduler");
    if (has("super_res_1024"))
        model->superRes1024 =
            buildAndLoad<models::UNet>(folder, "super_res_1024", readUNetConfig, options);

    // oneDNN's CPU convolutions are faster on channels-last activations (models/unet.h).
    // float32 only: in bfloat16 on the CPU the built-in model drew noise that way with
    // LibTorch 1.13 (and bfloat16 is slower there without AMX anyway).
    if (options.device.is_cpu() && options.dtype == torch::kFloat32)
        for (auto* unet :
             {&model->decoder, &model->superResFirst, &model->superResLast, &model->superRes1024})
            if (*unet) (*unet)->useChannelsLast();

    if (model->superResLast && !model->superResFirst)
        throw Error(folder.string() + " has super_res_last without super_res_first");
    if (model->superRes1024 && !model->superResFirst)
        throw Error(folder.string() +
                    " has super_res_1024 without super_res_first (the 256 px stage it upsamples)");
    if (model->superResFirst && !model->superResScheduler)
        throw Error(folder.string() + " has a super-resolution net but no super_res_scheduler");
    if (model->decoder) {
        const auto& dc = model->decoder->config;
        if (dc.outChannels != 2 * dc.inChannels)
            throw Error(
                "decoder/config.json: out_channels must be twice in_channels (noise and learned "
                "variance)");
        // Each may be consistent with its own weights and still not fit the other.
        const auto mismatch = [&](const char* field, int64_t textProj, int64_t decoder) {
            return Error((folder / "text_proj" / "config.json").string() + ": " + field + " (" +
                         std::to_string(textProj) + ") differs from the decoder's (" +
                         std::to_string(decoder) +
                         "): text_proj and decoder come from different models; take both "
                         "from the same download");
        };
        if (model->textProj && model->textProj->config.crossAttentionDim != dc.crossAttentionDim)
            throw mismatch("cross_attention_dim", model->textProj->config.crossAttentionDim,
                           dc.crossAttentionDim);
        if (model->textProj && model->textProj->config.timeEmbedDim != dc.timeEmbedDim())
            throw mismatch("time_embed_dim", model->textProj->config.timeEmbedDim,
                           dc.timeEmbedDim());
    }
    checkEmbeddingWidths(*model);
    return model;
}

std::vector<std::string> UnclipModel::missingForTextToImage() const {
    std::vector<std::string> missing;
    if (!tokenizer) missing.push_back("tokenizer");
    if (!textEncoder) missing.push_back("text_encoder");
    if (!prior) missing.push_back("prior");
    if (!priorScheduler) missing.push_back("prior_scheduler");
    if (!textProj) missing.push_back("text_proj");
    if (!decoder) missing.push_back("decoder");
    if (!decoderScheduler) missing.push_back("decoder_scheduler");
    return missing;
}

std::vector<std::string> UnclipModel::missingForImageVariation() const {
    std::vector<std::string> missing;
    if (!imageEncoder) missing.push_back("image_encoder");
    if (!tokenizer) missing.push_back("tokenizer");
    if (!textEncoder) missing.push_back("text_encoder");
    if (!textProj) missing.push_back("text_proj");
    if (!decoder) missing.push_back("decoder");
    if (!decoderScheduler) missing.push_back("decoder_scheduler");
    return missing;
}

bool UnclipModel::canGenerateFromText() const { return missingForTextToImage().empty(); }

bool UnclipModel::canVaryImages() const { return missingForImageVariation().empty(); }

ClipImageProcessorConfig UnclipModel::imagePreprocessing() const {
    if (featureExtractor) return *featureExtractor;
    if (!imageEncoder) throw Error(folder.string() + " has no image_encoder");
    ClipImageProcessorConfig config;
    config.shortestEdge = config.cropHeight = config.cropWidth = imageEncoder->config.imageSize;
    return config;
}

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return list;
}

}  // namespace

void UnclipModel::requireTextToImage() const {
    const auto missing = missingForTextToImage();
    if (missing.empty()) return;
    throw Error(folder.string() + " cannot generate from text: it has no " + joined(missing) +
                " (an image-variations download has no prior; use a text-to-image model such as "
                "karlo-v1-alpha)");
}

void UnclipModel::requireImageVariation() const {
    const auto missing = missingForImageVariation();
    if (missing.empty()) return;
    throw Error(
        folder.string() + " cannot make variations or blends of images: it has no " +
        joined(missing) +
        " (use a model with a CLIP image encoder, such as karlo-v1-alpha-image-variations)");
}

std::vector<int64_t> UnclipModel::stageResolutions() const {
    std::vector<int64_t> sizes;
    if (decoder) sizes.push_back(decoder->config.sampleSize);
    if (superResFirst) sizes.push_back(superResFirst->config.sampleSize);
    if (superResFirst && superRes1024) sizes.push_back(superRes1024->config.sampleSize);
    return sizes;
}

std::vector<ComponentInfo> UnclipModel::components() const {
    std::vector<ComponentInfo> out;
    auto add = [&](const char* name, const char* cls, const torch::nn::Module* m,
                   std::string detail) {
        if (m) out.push_back({name, cls, countParameters(*m), std::move(detail)});
    };
    if (tokenizer)
        out.push_back({"tokenizer", "", 0, "vocabulary " + std::to_string(tokenizer->vocabSize())});
    if (textEncoder) {
        const auto& c = textEncoder->config;
        add("text_encoder", "CLIPTextModelWithProjection", textEncoder.get(),
            "width " + std::to_string(c.hiddenSize) + ", " + std::to_string(c.numLayers) +
                " layers, projection " + std::to_string(c.projectionDim));
    }
    if (imageEncoder) {
        const auto& c = imageEncoder->config;
        add("image_encoder", "CLIPVisionModelWithProjection", imageEncoder.get(),
            "width " + std::to_string(c.hiddenSize) + ", " + std::to_string(c.numLayers) +
                " layers, " + std::to_string(c.imageSize) + " px, patch " +
                std::to_string(c.patchSize));
    }
    if (prior) {
        const auto& c = prior->config;
        add("prior", "PriorTransformer", prior.get(),
            "width " + std::to_string(c.innerDim()) + ", " + std::to_string(c.numLayers) +
                " layers, " + std::to_string(c.numAttentionHeads) + " heads");
    }
    if (textProj) add("text_proj", "UnCLIPTextProjModel", textProj.get(), "");
    if (decoder)
        add("decoder", "UNet2DConditionModel", decoder.get(),
            std::to_string(decoder->config.sampleSize) + " px, blocks " +
                joinSizes(decoder->config.blockOutChannels));
    if (superResFirst)
        add("super_res_first", "UNet2DModel", superResFirst.get(),
            std::to_string(superResFirst->config.sampleSize) + " px, blocks " +
                joinSizes(superResFirst->config.blockOutChannels));
    if (superRes1024)
        add("super_res_1024", "UNet2DModel", superRes1024.get(),
            std::to_string(superRes1024->config.sampleSize) + " px, blocks " +
                joinSizes(superRes1024->config.blockOutChannels));
    if (superResLast)
        add("super_res_last", "UNet2DModel", superResLast.get(),
            "blocks " + joinSizes(superResLast->config.blockOutChannels));
    return out;
}

}  // namespace unclip
