// The diffusion prior (diffusers PriorTransformer, Karlo's 1B prior): a causal
// transformer over [text tokens, text embedding, timestep, noisy image embedding, query]
// whose last token predicts the clean CLIP image embedding.
//
//   PriorTransformer prior(config);
//   auto x0 = prior->forward(xt, t, textEmbeds, textHidden, textMask);   // [B, clip]
//   auto imageEmbeds = prior->postProcessLatents(x0);                   // un-normalise
#pragma once

#include <torch/torch.h>

#include "models/timestep_embedding.h"

namespace unclip::models {

struct PriorTransformerConfig {
    int64_t numAttentionHeads = 32;
    int64_t attentionHeadDim = 64;
    int64_t numLayers = 20;
    int64_t embeddingDim = 768;  // CLIP image embedding width
    int64_t numEmbeddings = 77;  // text tokens
    int64_t additionalEmbeddings = 4;
    int64_t timeEmbedDim = 0;      // 0: inner dim
    int64_t embeddingProjDim = 0;  // 0: embeddingDim
    int64_t clipEmbedDim = 0;      // 0: embeddingDim
    bool normIn = false;           // norm_in_type "layer": LayerNorm before the blocks
    bool embeddingProjNorm =
        false;  // embedding_proj_norm_type "layer": LayerNorm on the text embedding

    int64_t innerDim() const { return numAttentionHeads * attentionHeadDim; }
};

// Self-attention with biased to_q/to_k/to_v/to_out.0 (diffusers Attention).
struct PriorAttentionImpl : torch::nn::Module {
    PriorAttentionImpl(int64_t dim, int64_t heads);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask);

    int64_t heads;
    torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr};
    torch::nn::ModuleList to_out{nullptr};  // [Linear, Dropout]: keeps the key to_out.0
    torch::nn::Linear out{nullptr};
};
TORCH_MODULE(PriorAttention);

// diffusers GELU(dim, inner) module: a Linear named `proj` followed by exact GELU.
struct GeluProjImpl : torch::nn::Module {
    GeluProjImpl(int64_t in, int64_t out);
    torch::Tensor forward(const torch::Tensor& x) { return torch::gelu(proj(x)); }
    torch::nn::Linear proj{nullptr};
};
TORCH_MODULE(GeluProj);

struct PriorFeedForwardImpl : torch::nn::Module {
    PriorFeedForwardImpl(int64_t dim, int64_t inner);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::ModuleList net{nullptr};  // [GELU(proj), Dropout, Linear]: keys net.0.proj, net.2
    GeluProj gelu{nullptr};
    torch::nn::Linear linear{nullptr};
};
TORCH_MODULE(PriorFeedForward);

struct PriorBlockImpl : torch::nn::Module {
    PriorBlockImpl(int64_t dim, int64_t heads);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& additiveMask);

    torch::nn::LayerNorm norm1{nullptr};
    PriorAttention attn1{nullptr};
    torch::nn::LayerNorm norm3{nullptr};
    PriorFeedForward ff{nullptr};
};
TORCH_MODULE(PriorBlock);

struct PriorTransformerImpl : torch::nn::Module {
    explicit PriorTransformerImpl(const PriorTransformerConfig& c);

    // hiddenStates: noisy normalised image embeddings x_t [B, clip]; timesteps [B] or [1];
    // projEmbedding: CLIP text embeds [B, clip]; encoderHiddenStates: CLIP last hidden
    // state [B, 77, clip]; attentionMask: tokenizer mask [B, 77] (bool) or undefined,
    // in which case no mask at all is applied, as in the reference.
    torch::Tensor forward(const torch::Tensor& hiddenStates, const torch::Tensor& timesteps,
                          const torch::Tensor& projEmbedding,
                          const torch::Tensor& encoderHiddenStates,
                          const torch::Tensor& attentionMask);  // -> predicted x0 [B, clip]

    // z * clip_std + clip_mean: back from the prior's normalised space to CLIP's.
    torch::Tensor postProcessLatents(const torch::Tensor& latents) const;

    PriorTransformerConfig config;
    TimestepEmbedding time_embedding{nullptr};
    torch::nn::Linear proj_in{nullptr};
    torch::nn::LayerNorm embedding_proj_norm{nullptr};  // optional
    torch::nn::Linear embedding_proj{nullptr};
    torch::nn::Linear encoder_hidden_states_proj{nullptr};
    torch::Tensor positional_embedding;     // [1, 77 + 4, inner]
    torch::Tensor prd_embedding;            // [1, 1, inner]
    torch::nn::LayerNorm norm_in{nullptr};  // optional
    torch::nn::ModuleList transformer_blocks{nullptr};
    torch::nn::LayerNorm norm_out{nullptr};
    torch::nn::Linear proj_to_clip_embeddings{nullptr};
    torch::Tensor clip_mean;  // [1, clip]
    torch::Tensor clip_std;   // [1, clip]
};
TORCH_MODULE(PriorTransformer);

}  // namespace unclip::models
