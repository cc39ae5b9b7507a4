// CLIP text and image towers (transformers' CLIPTextModelWithProjection and
// CLIPVisionModelWithProjection), with module names equal to the checkpoint keys:
// text_model.embeddings.token_embedding.weight, vision_model.pre_layrnorm.weight, ...
//
//   ClipTextModel text(config);
//   auto out = text->forward(ids);            // ids [B, 77] int64
//   out.lastHiddenState;                       // [B, 77, hidden]  (feeds prior and decoder)
//   out.textEmbeds;                            // [B, projection]  (not normalised)
#pragma once

#include <string>

#include <torch/torch.h>

namespace unclip::models {

struct ClipTextConfig {
    int64_t vocabSize = 49408;
    int64_t hiddenSize = 512;
    int64_t intermediateSize = 2048;
    int64_t numLayers = 12;
    int64_t numHeads = 8;
    int64_t maxPositions = 77;
    int64_t projectionDim = 512;
    double layerNormEps = 1e-5;
    std::string hiddenAct = "quick_gelu";  // or "gelu"
    int64_t eosTokenId = 2;                // pooling position when the vocabulary is not OpenAI's
};

struct ClipVisionConfig {
    int64_t hiddenSize = 768;
    int64_t intermediateSize = 3072;
    int64_t numLayers = 12;
    int64_t numHeads = 12;
    int64_t imageSize = 224;
    int64_t patchSize = 32;
    int64_t numChannels = 3;
    int64_t projectionDim = 512;
    double layerNormEps = 1e-5;
    std::string hiddenAct = "quick_gelu";
};

// Multi-head self-attention with q/k/v/out projections (names q_proj ... out_proj).
struct ClipAttentionImpl : torch::nn::Module {
    ClipAttentionImpl(int64_t hidden, int64_t heads);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask);

    int64_t heads;
    torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};
};
TORCH_MODULE(ClipAttention);

struct ClipMlpImpl : torch::nn::Module {
    ClipMlpImpl(int64_t hidden, int64_t intermediate, std::string act);
    torch::Tensor forward(const torch::Tensor& x);

    std::string act;
    torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(ClipMlp);

// One pre-LayerNorm transformer layer.
struct ClipEncoderLayerImpl : torch::nn::Module {
    ClipEncoderLayerImpl(int64_t hidden, int64_t heads, int64_t intermediate, double eps,
                         const std::string& act);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask);

    ClipAttention self_attn{nullptr};
    torch::nn::LayerNorm layer_norm1{nullptr};
    ClipMlp mlp{nullptr};
    torch::nn::LayerNorm layer_norm2{nullptr};
};
TORCH_MODULE(ClipEncoderLayer);

struct ClipEncoderImpl : torch::nn::Module {
    ClipEncoderImpl(int64_t numLayers, int64_t hidden, int64_t heads, int64_t intermediate,
                    double eps, const std::string& act);
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& additiveMask);

    torch::nn::ModuleList layers{nullptr};
};
TORCH_MODULE(ClipEncoder);

struct ClipTextEmbeddingsImpl : torch::nn::Module {
    explicit ClipTextEmbeddingsImpl(const ClipTextConfig& c);
    torch::Tensor forward(const torch::Tensor& ids);  // [B, L] -> [B, L, hidden]

    torch::nn::Embedding token_embedding{nullptr}, position_embedding{nullptr};
};
TORCH_MODULE(ClipTextEmbeddings);

struct ClipTextTransformerImpl : torch::nn::Module {
    explicit ClipTextTransformerImpl(const ClipTextConfig& c);

    ClipTextEmbeddings embeddings{nullptr};
    ClipEncoder encoder{nullptr};
    torch::nn::LayerNorm final_layer_norm{nullptr};
};
TORCH_MODULE(ClipTextTransformer);

struct ClipTextOutput {
    torch::Tensor lastHiddenState;  // [B, L, hidden], after the final LayerNorm
    torch::Tensor textEmbeds;       // [B, projection]
};

struct ClipTextModelImpl : torch::nn::Module {
    explicit ClipTextModelImpl(const ClipTextConfig& c);
    // No padding mask: the unCLIP pipelines run the text tower with its causal mask only.
    ClipTextOutput forward(const torch::Tensor& ids);

    ClipTextConfig config;
    ClipTextTransformer text_model{nullptr};
    torch::nn::Linear text_projection{nullptr};
};
TORCH_MODULE(ClipTextModel);

struct ClipVisionEmbeddingsImpl : torch::nn::Module {
    explicit ClipVisionEmbeddingsImpl(const ClipVisionConfig& c);
    torch::Tensor forward(const torch::Tensor& pixels);  // [B, 3, S, S] -> [B, 1+P, hidden]

    torch::Tensor class_embedding;
    torch::nn::Conv2d patch_embedding{nullptr};
    torch::nn::Embedding position_embedding{nullptr};
};
TORCH_MODULE(ClipVisionEmbeddings);

struct ClipVisionTransformerImpl : torch::nn::Module {
    explicit ClipVisionTransformerImpl(const ClipVisionConfig& c);

    ClipVisionEmbeddings embeddings{nullptr};
    torch::nn::LayerNorm pre_layrnorm{nullptr};  // sic: the checkpoint's spelling
    ClipEncoder encoder{nullptr};
    torch::nn::LayerNorm post_layernorm{nullptr};
};
TORCH_MODULE(ClipVisionTransformer);

struct ClipVisionOutput {
    torch::Tensor lastHiddenState;  // [B, 1+P, hidden], before post_layernorm
    torch::Tensor imageEmbeds;      // [B, projection], not normalised
};

struct ClipVisionModelImpl : torch::nn::Module {
    explicit ClipVisionModelImpl(const ClipVisionConfig& c);
    ClipVisionOutput forward(const torch::Tensor& pixelValues);  // [B, 3, S, S]

    ClipVisionConfig config;
    ClipVisionTransformer vision_model{nullptr};
    torch::nn::Linear visual_projection{nullptr};
};
TORCH_MODULE(ClipVisionModel);

}  // namespace unclip::models
