// UnCLIPTextProjModel: how the decoder is conditioned on a CLIP image embedding (the
// paper's section 2.1). The embedding is projected into the timestep embedding and into
// four extra context tokens, which are prepended to the projected caption tokens.
//
//   auto cond = textProj->forward(imageEmbeds, textEmbeds, textHidden, /*guidance=*/true);
//   cond.encoderHiddenStates;   // [2B, 4 + 77, cross]   ([unconditional; conditional])
//   cond.additiveTimeEmbedding; // [2B, time]            (decoder class_labels)
#pragma once

#include <torch/torch.h>

namespace unclip::models {

struct TextProjConfig {
    int64_t clipEmbeddingsDim = 768;
    int64_t clipExtraContextTokens = 4;
    int64_t crossAttentionDim = 1536;
    int64_t timeEmbedDim = 1280;
};

struct TextProjOutput {
    torch::Tensor encoderHiddenStates;    // [B', tokens + L, cross]
    torch::Tensor additiveTimeEmbedding;  // [B', time]
};

struct TextProjImpl : torch::nn::Module {
    explicit TextProjImpl(const TextProjConfig& c);

    // With guidance the image rows are prefixed with the learned "no image" embedding,
    // so text rows must already be [unconditional; conditional] (twice the image rows).
    TextProjOutput forward(torch::Tensor imageEmbeddings, const torch::Tensor& promptEmbeds,
                           const torch::Tensor& textEncoderHiddenStates, bool guidance);

    TextProjConfig config;
    torch::Tensor learned_classifier_free_guidance_embeddings;  // [clip]
    torch::nn::Linear embedding_proj{nullptr};
    torch::nn::Linear clip_image_embeddings_project_to_time_embeddings{nullptr};
    torch::nn::Linear clip_extra_context_tokens_proj{nullptr};
    torch::nn::Linear encoder_hidden_states_proj{nullptr};
    torch::nn::LayerNorm text_encoder_hidden_states_norm{nullptr};
};
TORCH_MODULE(TextProj);

}  // namespace unclip::models
