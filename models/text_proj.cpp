#include "models/text_proj.h"

#include "models/norm_precision.h"

namespace unclip::models {

TextProjImpl::TextProjImpl(const TextProjConfig& c) : config(c) {
    learned_classifier_free_guidance_embeddings = register_parameter(
        "learned_classifier_free_guidance_embeddings", torch::zeros({c.clipEmbeddingsDim}));
    embedding_proj =
        register_module("embedding_proj", torch::nn::Linear(c.clipEmbeddingsDim, c.timeEmbedDim));
    clip_image_embeddings_project_to_time_embeddings =
        register_module("clip_image_embeddings_project_to_time_embeddings",
                        torch::nn::Linear(c.clipEmbeddingsDim, c.timeEmbedDim));
    clip_extra_context_tokens_proj = register_module(
        "clip_extra_context_tokens_proj",
        torch::nn::Linear(c.clipEmbeddingsDim, c.clipExtraContextTokens * c.crossAttentionDim));
    encoder_hidden_states_proj = register_module(
        "encoder_hidden_states_proj", torch::nn::Linear(c.clipEmbeddingsDim, c.crossAttentionDim));
    text_encoder_hidden_states_norm = register_module(
        "text_encoder_hidden_states_norm",
        torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.crossAttentionDim}).eps(1e-5)));
}

TextProjOutput TextProjImpl::forward(torch::Tensor imageEmbeddings,
                                     const torch::Tensor& promptEmbeds,
                                     const torch::Tensor& textEncoderHiddenStates, bool guidance) {
    if (guidance) {
        auto uncond = learned_classifier_free_guidance_embeddings.unsqueeze(0).expand(
            {imageEmbeddings.size(0), -1});                          // [B, clip]
        imageEmbeddings = torch::cat({uncond, imageEmbeddings}, 0);  // [2B, clip]
    }
    TORCH_CHECK(imageEmbeddings.size(0) == promptEmbeds.size(0), "text_proj got ",
                imageEmbeddings.size(0), " image rows for ", promptEmbeds.size(0), " text rows");
    const auto batch = promptEmbeds.size(0);

    // The image embedding joins the timestep embedding (added to the text's projection).
    auto additive = clip_image_embeddings_project_to_time_embeddings(imageEmbeddings) +
                    embedding_proj(promptEmbeds);  // [B', time]

    // ... and becomes extra context tokens: output feature c*tokens + k is token k's
    // channel c (the channel-first layout of Karlo's original projection).
    auto tokens = clip_extra_context_tokens_proj(imageEmbeddings)           // [B', tokens*cross]
                      .reshape({batch, -1, config.clipExtraContextTokens})  // [B', cross, tokens]
                      .permute({0, 2, 1});                                  // [B', tokens, cross]
    auto text = normInWeightPrecision(
        text_encoder_hidden_states_norm,
        encoder_hidden_states_proj(textEncoderHiddenStates));  // [B', L, cross]
    return {torch::cat({tokens, text}, 1), additive};  // [B', tokens + L, cross], [B', time]
}

}  // namespace unclip::models
