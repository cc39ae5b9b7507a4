#include "core/config/component_configs.h"

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

}  // namespace

models::ClipTextConfig readClipTextConfig(const std::filesystem::path& path) {
    const auto cfg = towerConfig(path, "text_config");
    models::ClipTextConfig c;
    c.vocabSize = cfg.get<int64_t>("vocab_size", c.vocabSize);
    c.hiddenSize = cfg.get<int64_t>("hidden_size", c.hiddenSize);
    c.intermediateSize = cfg.get<int64_t>("intermediate_size", c.intermediateSize);
    c.numLayers = cfg.get<int64_t>("num_hidden_layers", c.numLayers);
    c.numHeads = cfg.get<int64_t>("num_attention_heads", c.numHeads);
    c.maxPositions = cfg.get<int64_t>("max_position_embeddings", c.maxPositions);
    c.projectionDim = cfg.get<int64_t>("projection_dim", c.projectionDim);
    c.layerNormEps = cfg.get<double>("layer_norm_eps", c.layerNormEps);
    c.eosTokenId = cfg.get<int64_t>("eos_token_id", c.eosTokenId);
    cfg.requireOneOf<std::string>("hidden_act", {"quick_gelu", "gelu"});
    c.hiddenAct = cfg.get<std::string>("hidden_act", c.hiddenAct);
    for (const char* key : {"vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
                            "num_attention_heads", "max_position_embeddings", "projection_dim"})
        requirePositive(cfg, key, cfg.get<int64_t>(key, 1));
    if (c.hiddenSize % c.numHeads != 0)
        cfg.fail("num_attention_heads", "(" + std::to_string(c.numHeads) +
                                            ") does not divide hidden_size " +
                                            std::to_string(c.hiddenSize));
    return c;
}

models::ClipVisionConfig readClipVisionConfig(const std::filesystem::path& path) {
    const auto cfg = towerConfig(path, "vision_config");
    models::ClipVisionConfig c;
    c.hiddenSize = cfg.get<int64_t>("hidden_size", c.hiddenSize);
    c.intermediateSize = cfg.get<int64_t>("intermediate_size", c.intermediateSize);
    c.numLayers = cfg.get<int64_t>("num_hidden_layers", c.numLayers);
    c.numHeads = cfg.get<int64_t>("num_attention_heads", c.numHeads);
    c.imageSize = cfg.get<int64_t>("image_size", c.imageSize);
    c.patchSize = cfg.get<int64_t>("patch_size", c.patchSize);
    c.numChannels = cfg.get<int64_t>("num_channels", c.numChannels);
    c.projectionDim = cfg.get<int64_t>("projection_dim", c.projectionDim);
    c.layerNormEps = cfg.get<double>("layer_norm_eps", c.layerNormEps);
    cfg.requireOneOf<std::string>("hidden_act", {"quick_gelu", "gelu"});
    c.hiddenAct = cfg.get<std::string>("hidden_act", c.hiddenAct);
    for (const char* key : {"hidden_size", "intermediate_size", "num_hidden_layers",
                            "num_attention_heads", "image_size", "patch_size", "projection_dim"})
        requirePositive(cfg, key, cfg.get<int64_t>(key, 1));
    if (c.imageSize % c.patchSize != 0)
        cfg.fail("patch_size", "(" + std::to_string(c.patchSize) + ") does not divide image_size " +
                                   std::to_string(c.imageSize));
    if (c.hiddenSize % c.numHeads != 0)
        cfg.fail("num_attention_heads", "does not divide hidden_size");
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
    cfg.requireOneOf<std::string>("time_embed_act_fn", {"silu"});
    cfg.requireOneOf<std::string>("added_emb_type", {"prd"});
    cfg.requireOneOf<std::string>("encoder_hid_proj_type", {"linear"});
    if (cfg.has("norm_in_type")) cfg.fail("norm_in_type", "is not supported (Karlo has none)");
    if (cfg.has("embedding_proj_norm_type"))
        cfg.fail("embedding_proj_norm_type", "is not supported (Karlo has none)");
    if (c.timeEmbedDim > 0 && c.timeEmbedDim != c.innerDim())
        cfg.fail("time_embed_dim", "must equal num_attention_heads * attention_head_dim");
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
    c.normNumGroups = cfg.get<int64_t>("norm_num_groups", 32);
    c.normEps = cfg.get<double>("norm_eps", 1e-5);
    c.flipSinToCos = cfg.get<bool>("flip_sin_to_cos", true);
    c.freqShift = cfg.get<double>("freq_shift", 0.0);

    if (cfg.json().contains("layers_per_block") && cfg.json().at("layers_per_block").is_array())
        cfg.fail("layers_per_block", "per-block lists are not supported; use one number");
    c.layersPerBlock = cfg.get<int64_t>("layers_per_block", 2);
    requirePositive(cfg, "layers_per_block", c.layersPerBlock);
    requirePositive(cfg, "in_channels", c.inChannels);
    requirePositive(cfg, "out_channels", c.outChannels);
    requirePositive(cfg, "norm_num_groups", c.normNumGroups);

    if (c.blockOutChannels.empty()) cfg.fail("block_out_channels", "is empty");
    if (c.downBlockTypes.size() != c.blockOutChannels.size())
        cfg.fail("down_block_types", "must have as many entries as block_out_channels (" +
                                         std::to_string(c.blockOutChannels.size()) + "), got " +
                                         std::to_string(c.downBlockTypes.size()));
    if (c.upBlockTypes.size() != c.blockOutChannels.size())
        cfg.fail("up_block_types", "must have as many entries as block_out_channels (" +
                                       std::to_string(c.blockOutChannels.size()) + "), got " +
                                       std::to_string(c.upBlockTypes.size()));
    for (auto ch : c.blockOutChannels)
        if (ch <= 0 || ch % c.normNumGroups != 0)
            cfg.fail("block_out_channels", "entry " + std::to_string(ch) +
                                               " is not a positive multiple of norm_num_groups " +
                                               std::to_string(c.normNumGroups));

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

    if (conditional) {
        cfg.requireOneOf<std::string>("mid_block_type", {"UNetMidBlock2DSimpleCrossAttn"},
                                      /*allowAbsent=*/false);
        c.midBlockType = "UNetMidBlock2DSimpleCrossAttn";
        cfg.requireOneOf<std::string>("class_embed_type", {"identity"}, /*allowAbsent=*/false);
        c.identityClassEmbedding = true;
        c.crossAttentionDim = cfg.getRequired<int64_t>("cross_attention_dim");
        requirePositive(cfg, "cross_attention_dim", c.crossAttentionDim);
        if (cfg.json().contains("attention_head_dim") &&
            cfg.json().at("attention_head_dim").is_array())
            cfg.fail("attention_head_dim", "per-block lists are not supported; use one number");
        c.attentionHeadDim = cfg.get<int64_t>("attention_head_dim", 8);
        requirePositive(cfg, "attention_head_dim", c.attentionHeadDim);
        for (size_t i = 0; i < c.blockOutChannels.size(); ++i)
            if (c.blockOutChannels[i] % c.attentionHeadDim != 0)
                cfg.fail("attention_head_dim", "(" + std::to_string(c.attentionHeadDim) +
                                                   ") does not divide block width " +
                                                   std::to_string(c.blockOutChannels[i]));
        cfg.requireOneOf<std::string>("resnet_time_scale_shift", {"default", "scale_shift"});
        c.scaleShift = cfg.get<std::string>("resnet_time_scale_shift", "default") == "scale_shift";
        cfg.requireOneOf<std::string>("addition_embed_type", {});
        cfg.requireOneOf<std::string>("encoder_hid_dim_type", {});
        cfg.requireOneOf<bool>("class_embeddings_concat", {false});
        cfg.requireOneOf<bool>("only_cross_attention", {false});
        cfg.requireOneOf<bool>("dual_cross_attention", {false});
        cfg.requireOneOf<std::string>("time_embedding_act_fn", {});
        cfg.requireOneOf<std::string>("timestep_post_act", {});
        cfg.requireOneOf<std::string>("cross_attention_norm", {});
        cfg.requireOneOf<bool>("resnet_skip_time_act", {false});
    } else {
        cfg.requireOneOf<std::string>("mid_block_type", {"UNetMidBlock2D"});
        c.midBlockType = "UNetMidBlock2D";
        cfg.requireOneOf<bool>("add_attention", {false}, /*allowAbsent=*/false);
        cfg.requireOneOf<std::string>("resnet_time_scale_shift", {"default", "scale_shift"});
        c.scaleShift = cfg.get<std::string>("resnet_time_scale_shift", "default") == "scale_shift";
        cfg.requireOneOf<std::string>("class_embed_type", {});
    }
    cfg.requireOneOf<std::string>("act_fn", {"silu"});
    cfg.requireOneOf<std::string>("time_embedding_type", {"positional"});
    cfg.requireOneOf<bool>("center_input_sample", {false});
    cfg.requireOneOf<double>("mid_block_scale_factor", {1.0});
    cfg.requireOneOf<double>("resnet_out_scale_factor", {1.0});
    cfg.requireOneOf<int64_t>("conv_in_kernel", {3});
    cfg.requireOneOf<int64_t>("conv_out_kernel", {3});
    if (cfg.has("time_embedding_dim"))
        cfg.fail("time_embedding_dim", "is not supported (Karlo uses 4 x the first block width)");
    return c;
}

}  // namespace unclip
