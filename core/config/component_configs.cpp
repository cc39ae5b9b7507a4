#include "core/config/component_configs.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/config/json_config.h"

namespace unclip {
namespace {

using Strings = std::vector<std::string>;

JsonConfig open(const std::filesystem::path& path) { return JsonConfig(readJsonFile(path), path); }

void requirePositive(const JsonConfig& cfg, const std::string& key, int64_t value) {
    if (value <= 0) cfg.fail(key, "must be positive, got " + std::to_string(value));
}

// transformers CLIP configs sometimes nest the tower config (CLIPConfig); accept both.
JsonConfig towerConfig(const std::filesystem::path& path, const char* nestedKey) {
    auto cfg = open(path);
    if (cfg.has(nestedKey) && cfg.json().at(nestedKey).is_object())
        return JsonConfig(cfg.json().at(nestedKey), path);
    return cfg;
}

// The transformer fields both CLIP towers share, read and checked once.
template <typename TowerConfig>
void readClipTower(const JsonConfig& cfg, TowerConfig& c) {
    c.hiddenSize = cfg.get<int64_t>("hidden_size", c.hiddenSize);
    c.intermediateSize = cfg.get<int64_t>("intermediate_size", c.intermediateSize);
    c.numLayers = cfg.get<int64_t>("num_hidden_layers", c.numLayers);
    c.numHeads = cfg.get<int64_t>("num_attention_heads", c.numHeads);
    c.projectionDim = cfg.get<int64_t>("projection_dim", c.projectionDim);
    c.layerNormEps = cfg.get<double>("layer_norm_eps", c.layerNormEps);
    cfg.requireOneOf<std::string>("hidden_act", {"quick_gelu", "gelu"});
    c.hiddenAct = cfg.get<std::string>("hidden_act", c.hiddenAct);
    for (const char* key : {"hidden_size", "intermediate_size", "num_hidden_layers",
                            "num_attention_heads", "projection_dim"})
        requirePositive(cfg, key, cfg.get<int64_t>(key, 1));
    if (c.hiddenSize % c.numHeads != 0)
        cfg.fail("num_attention_heads", "(" + std::to_string(c.numHeads) +
                                            ") does not divide hidden_size " +
                                            std::to_string(c.hiddenSize));
}

}  // namespace

models::ClipTextConfig readClipTextConfig(const std::filesystem::path& path) {
    const auto cfg = towerConfig(path, "text_config");
    models::ClipTextConfig c;
    readClipTower(cfg, c);
    c.vocabSize = cfg.get<int64_t>("vocab_size", c.vocabSize);
    c.maxPositions = cfg.get<int64_t>("max_position_embeddings", c.maxPositions);
    c.eosTokenId = cfg.get<int64_t>("eos_token_id", c.eosTokenId);
    for (const char* key : {"vocab_size", "max_position_embeddings"})
        requirePositive(cfg, key, cfg.get<int64_t>(key, 1));
    return c;
}

models::ClipVisionConfig readClipVisionConfig(const std::filesystem::path& path) {
    const auto cfg = towerConfig(path, "vision_config");
    models::ClipVisionConfig c;
    readClipTower(cfg, c);
    c.imageSize = cfg.get<int64_t>("image_size", c.imageSize);
    c.patchSize = cfg.get<int64_t>("patch_size", c.patchSize);
    c.numChannels = cfg.get<int64_t>("num_channels", c.numChannels);
    for (const char* key : {"image_size", "patch_size", "num_channels"})
        requirePositive(cfg, key, cfg.get<int64_t>(key, 1));
    if (c.imageSize % c.patchSize != 0)
        cfg.fail("patch_size", "(" + std::to_string(c.patchSize) + ") does not divide image_size " +
                                   std::to_string(c.imageSize));
    return c;
}

models::PriorTransformerConfig readPriorConfig(const std::filesystem::path& path) {
    const auto cfg = open(path);
    cfg.requireOneOf<std::string>("_class_name", {"PriorTransformer"});
    models::PriorTransformerConfig c;
    c.numAttentionHeads = cfg.get<int64_t>("num_attention_heads", c.numAttentionHeads);
    c.attentionHeadDim = cfg.get<int64_t>("attention_head_dim", c.attentionHeadDim);
    c.numLayers = cfg.get<int64_t>("num_layers", c.numLayers);
    c.embeddingDim = cfg.get<int64_t>("embedding_dim", c.embeddingDim);
    c.numEmbeddings = cfg.get<int64_t>("num_embeddings", c.numEmbeddings);
    c.additionalEmbeddings = cfg.get<int64_t>("additional_embeddings", c.additionalEmbeddings);
    c.timeEmbedDim = cfg.get<int64_t>("time_embed_dim", 0);
    c.embeddingProjDim = cfg.get<int64_t>("embedding_proj_dim", 0);
    c.clipEmbedDim = cfg.get<int64_t>("clip_embed_dim", 0);
    for (const char* key : {"num_attention_heads", "attention_head_dim", "num_layers",
                            "embedding_dim", "num_embeddings"})
        requirePositive(cfg, key, cfg.get<int64_t>(key, 1));
    // Karlo's prior: the sequence is text tokens + 4 (text embedding, time, x_t, query).
    cfg.requireOneOf<int64_t>("additional_embeddings", {4});
    cfg.requireOneOf<std::string>("time_embed_act_fn", {"silu", "swish"});
    cfg.requireOneOf<std::string>("added_emb_type", {"prd"}, /*allowAbsent=*/true);
    if (cfg.json().contains("added_emb_type") && cfg.json().at("added_emb_type").is_null())
        cfg.fail("added_emb_type",
                 "is null (a prior without its query token) and is not supported");
    cfg.requireOneOf<std::string>("encoder_hid_proj_type", {"linear"});
    if (cfg.json().contains("encoder_hid_proj_type") &&
        cfg.json().at("encoder_hid_proj_type").is_null())
        cfg.fail("encoder_hid_proj_type",
                 "is null (a prior without text tokens) and is not supported");
    cfg.requireOneOf<std::string>("norm_in_type", {"layer"});
    cfg.requireOneOf<std::string>("embedding_proj_norm_type", {"layer"});
    c.normIn = cfg.has("norm_in_type");
    c.embeddingProjNorm = cfg.has("embedding_proj_norm_type");
    return c;
}

models::TextProjConfig readTextProjConfig(const std::filesystem::path& path) {
    const auto cfg = open(path);
    cfg.requireOneOf<std::string>("_class_name", {"UnCLIPTextProjModel"});
    models::TextProjConfig c;
    c.clipEmbeddingsDim = cfg.get<int64_t>("clip_embeddings_dim", c.clipEmbeddingsDim);
    c.clipExtraContextTokens =
        cfg.get<int64_t>("clip_extra_context_tokens", c.clipExtraContextTokens);
    c.crossAttentionDim = cfg.get<int64_t>("cross_attention_dim", c.crossAttentionDim);
    c.timeEmbedDim = cfg.get<int64_t>("time_embed_dim", c.timeEmbedDim);
    for (const char* key : {"clip_embeddings_dim", "clip_extra_context_tokens",
                            "cross_attention_dim", "time_embed_dim"})
        requirePositive(cfg, key, cfg.get<int64_t>(key, 1));
    return c;
}

namespace {

// An int for every level, or a list with one entry per level (null entries mean
// `nullMeans[i]`), as diffusers accepts for layers_per_block and attention_head_dim.
std::vector<int64_t> perLevel(const JsonConfig& cfg, const std::string& key, size_t levels,
                              int64_t fallback, const std::vector<int64_t>& nullMeans,
                              bool allowList) {
    if (!cfg.has(key)) return std::vector<int64_t>(levels, fallback);
    const auto& value = cfg.json().at(key);
    if (value.is_array()) {
        if (!allowList) cfg.fail(key, "must be one number for this model class, got a list");
        if (value.size() != levels)
            cfg.fail(key, "has " + std::to_string(value.size()) + " entries for " +
                              std::to_string(levels) + " blocks");
        std::vector<int64_t> out;
        for (size_t i = 0; i < levels; ++i) {
            if (value[i].is_null()) {
                out.push_back(nullMeans.at(i));
            } else if (value[i].is_number_integer()) {
                out.push_back(value[i].get<int64_t>());
            } else {
                cfg.fail(key, "entry " + std::to_string(i) +
                                  " is not a whole number: " + value[i].dump());
            }
        }
        return out;
    }
    return std::vector<int64_t>(levels, cfg.getRequired<int64_t>(key));
}

bool isCrossAttention(const std::string& type) { return type.rfind("SimpleCrossAttn", 0) == 0; }

}  // namespace

models::UNetConfig readUNetConfig(const std::filesystem::path& path) {
    const auto cfg = open(path);
    cfg.requireOneOf<std::string>("_class_name", {"UNet2DConditionModel", "UNet2DModel"},
                                  /*allowAbsent=*/false);
    const bool conditional = cfg.getRequired<std::string>("_class_name") == "UNet2DConditionModel";
    models::UNetConfig c;
    c.inChannels = cfg.get<int64_t>("in_channels", conditional ? 4 : 3);
    c.outChannels = cfg.get<int64_t>("out_channels", conditional ? 4 : 3);
    c.sampleSize = cfg.get<int64_t>("sample_size", 0);
    c.blockOutChannels = cfg.getRequired<std::vector<int64_t>>("block_out_channels");
    c.downBlockTypes = cfg.getRequired<Strings>("down_block_types");
    c.upBlockTypes = cfg.getRequired<Strings>("up_block_types");
    if (cfg.json().contains("norm_num_groups") && cfg.json().at("norm_num_groups").is_null())
        cfg.fail("norm_num_groups",
                 "is null; this engine needs group normalisation (a number of groups)");
    c.normNumGroups = cfg.get<int64_t>("norm_num_groups", 32);
    c.normEps = cfg.get<double>("norm_eps", 1e-5);
    c.flipSinToCos = cfg.get<bool>("flip_sin_to_cos", true);
    c.freqShift = cfg.get<double>("freq_shift", 0.0);
    c.centerInputSample = cfg.get<bool>("center_input_sample", false);
    c.midBlockScaleFactor = cfg.get<double>("mid_block_scale_factor", 1.0);
    c.timeEmbeddingDim = cfg.get<int64_t>("time_embedding_dim", 0);
    requirePositive(cfg, "in_channels", c.inChannels);
    requirePositive(cfg, "out_channels", c.outChannels);
    requirePositive(cfg, "norm_num_groups", c.normNumGroups);
    if (cfg.has("sample_size") && !cfg.json().at("sample_size").is_number_integer())
        cfg.fail("sample_size",
                 "must be one number (square images), got " + cfg.json().at("sample_size").dump());
    if (!(c.midBlockScaleFactor > 0)) cfg.fail("mid_block_scale_factor", "must be positive");

    const auto levels = c.blockOutChannels.size();
    if (levels == 0) cfg.fail("block_out_channels", "is empty");
    if (c.downBlockTypes.size() != levels)
        cfg.fail("down_block_types", "must have as many entries as block_out_channels (" +
                                         std::to_string(levels) + "), got " +
                                         std::to_string(c.downBlockTypes.size()));
    if (c.upBlockTypes.size() != levels)
        cfg.fail("up_block_types", "must have as many entries as block_out_channels (" +
                                       std::to_string(levels) + "), got " +
                                       std::to_string(c.upBlockTypes.size()));
    for (auto ch : c.blockOutChannels)
        if (ch <= 0 || ch % c.normNumGroups != 0)
            cfg.fail("block_out_channels", "entry " + std::to_string(ch) +
                                               " is not a positive multiple of norm_num_groups " +
                                               std::to_string(c.normNumGroups));
    c.layersPerBlock = perLevel(cfg, "layers_per_block", levels, 2, {}, /*allowList=*/conditional);
    for (auto n : c.layersPerBlock)
        if (n < 1) cfg.fail("layers_per_block", "entries must be at least 1");

    const Strings downTypes = conditional
                                  ? Strings{"ResnetDownsampleBlock2D", "SimpleCrossAttnDownBlock2D"}
                                  : Strings{"ResnetDownsampleBlock2D"};
    const Strings upTypes = conditional
                                ? Strings{"ResnetUpsampleBlock2D", "SimpleCrossAttnUpBlock2D"}
                                : Strings{"ResnetUpsampleBlock2D"};
    auto checkTypes = [&](const std::string& key, const Strings& types, const Strings& supported) {
        for (size_t i = 0; i < types.size(); ++i) {
            bool ok = false;
            for (const auto& s : supported) ok = ok || s == types[i];
            if (!ok) {
                std::string list;
                for (const auto& s : supported) list += (list.empty() ? "" : ", ") + s;
                cfg.fail(key, "entry " + std::to_string(i) + " is the block type '" + types[i] +
                                  "', which this engine does not implement (supported: " + list +
                                  ")");
            }
        }
    };
    checkTypes("down_block_types", c.downBlockTypes, downTypes);
    checkTypes("up_block_types", c.upBlockTypes, upTypes);

    // The activation is SiLU everywhere ("swish" is diffusers' other name for it).
    cfg.requireOneOf<std::string>("act_fn", {"silu", "swish"});
    cfg.requireOneOf<std::string>("time_embedding_type", {"positional"});
    cfg.requireOneOf<std::string>("resnet_time_scale_shift", {"default", "scale_shift"});
    c.scaleShift = cfg.get<std::string>("resnet_time_scale_shift", "default") == "scale_shift";
    const bool midAbsent =
        cfg.json().contains("mid_block_type") && cfg.json().at("mid_block_type").is_null();

    if (conditional) {
        if (!midAbsent) {
            cfg.requireOneOf<std::string>("mid_block_type", {"UNetMidBlock2DSimpleCrossAttn"},
                                          /*allowAbsent=*/false);
            c.midBlockType = "UNetMidBlock2DSimpleCrossAttn";
        } else {
            c.midBlockType.clear();
        }
        cfg.requireOneOf<std::string>("class_embed_type", {"identity"}, /*allowAbsent=*/false);
        c.identityClassEmbedding = true;
        if (cfg.json().contains("cross_attention_dim") &&
            cfg.json().at("cross_attention_dim").is_array())
            cfg.fail("cross_attention_dim", "per-block lists are not supported; use one number");
        c.crossAttentionDim = cfg.getRequired<int64_t>("cross_attention_dim");
        requirePositive(cfg, "cross_attention_dim", c.crossAttentionDim);
        if (cfg.has("num_attention_heads"))
            cfg.fail("num_attention_heads",
                     "is not supported by UNet2DConditionModel (use attention_head_dim)");
        if (cfg.json().contains("attention_head_dim") &&
            cfg.json().at("attention_head_dim").is_null())
            cfg.fail("attention_head_dim", "is null; the SimpleCrossAttn blocks need a head size");
        c.attentionHeadDims =
            perLevel(cfg, "attention_head_dim", levels, 8, c.blockOutChannels, /*allowList=*/true);
        // Heads only matter where there is attention: those widths must split evenly.
        auto checkHeads = [&](int64_t width, int64_t headDim, const std::string& where) {
            if (headDim <= 0 || width % headDim != 0)
                cfg.fail("attention_head_dim", "(" + std::to_string(headDim) +
                                                   ") does not divide the width " +
                                                   std::to_string(width) + " of " + where);
        };
        for (size_t i = 0; i < levels; ++i) {
            if (isCrossAttention(c.downBlockTypes[i]))
                checkHeads(c.blockOutChannels[i], c.attentionHeadDims[i],
                           "down block " + std::to_string(i));
            if (isCrossAttention(c.upBlockTypes[i]))
                checkHeads(c.blockOutChannels[levels - 1 - i], c.attentionHeadDims[i],
                           "up block " + std::to_string(i));
        }
        if (!c.midBlockType.empty())
            checkHeads(c.blockOutChannels.back(), c.attentionHeadDims.back(), "the mid block");
        c.resnetSkipTimeAct = cfg.get<bool>("resnet_skip_time_act", false);
        c.resnetOutScaleFactor = cfg.get<double>("resnet_out_scale_factor", 1.0);
        if (!(c.resnetOutScaleFactor > 0)) cfg.fail("resnet_out_scale_factor", "must be positive");
        c.convInKernel = cfg.get<int64_t>("conv_in_kernel", 3);
        c.convOutKernel = cfg.get<int64_t>("conv_out_kernel", 3);
        for (const char* key : {"conv_in_kernel", "conv_out_kernel"})
            if (cfg.get<int64_t>(key, 3) < 1 || cfg.get<int64_t>(key, 3) % 2 == 0)
                cfg.fail(key, "must be a positive odd number");
        // Features Karlo's decoder does not have; each would add weights or inputs.
        cfg.requireOneOf<std::string>("addition_embed_type", {});
        cfg.requireOneOf<std::string>("encoder_hid_dim_type", {});
        cfg.requireOneOf<int64_t>("encoder_hid_dim", {});
        cfg.requireOneOf<int64_t>("time_cond_proj_dim", {});
        cfg.requireOneOf<int64_t>("num_class_embeds", {});
        cfg.requireOneOf<int64_t>("projection_class_embeddings_input_dim", {});
        cfg.requireOneOf<bool>("class_embeddings_concat", {false});
        cfg.requireOneOf<bool>("mid_block_only_cross_attention", {false});
        cfg.requireOneOf<bool>("dual_cross_attention", {false});
        cfg.requireOneOf<std::string>("time_embedding_act_fn", {});
        cfg.requireOneOf<std::string>("timestep_post_act", {});
        cfg.requireOneOf<std::string>("cross_attention_norm", {});
        if (cfg.has("only_cross_attention")) {
            const auto& v = cfg.json().at("only_cross_attention");
            const bool allFalse =
                v.is_boolean() ? !v.get<bool>()
                               : v.is_array() && std::all_of(v.begin(), v.end(), [](const auto& e) {
                                     return e.is_boolean() && !e.template get<bool>();
                                 });
            if (!allFalse)
                cfg.fail("only_cross_attention", "= " + v.dump() + " is not supported (use false)");
        }
        if (c.sampleSize <= 0)
            cfg.fail("sample_size", "is missing: the decoder's output size must be known");
    } else {
        // Any mid block name means UNetMidBlock2D to the reference; null means none.
        c.midBlockType = midAbsent ? "" : "UNetMidBlock2D";
        cfg.requireOneOf<bool>("add_attention", {false}, /*allowAbsent=*/false);
        cfg.requireOneOf<std::string>("class_embed_type", {});
        cfg.requireOneOf<int64_t>("num_class_embeds", {});
        c.attentionHeadDims = std::vector<int64_t>(levels, 1);  // no attention: unused
    }
    return c;
}

}  // namespace unclip
