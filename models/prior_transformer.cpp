#include "models/prior_transformer.h"

#include "models/attention.h"

namespace unclip::models {
namespace {

// The reference masks with -10000 rather than -inf; kept so outputs match it exactly.
constexpr double kMaskedScore = -10000.0;

torch::nn::LayerNorm layerNorm(int64_t dim) {
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(1e-5));
}

}  // namespace

PriorAttentionImpl::PriorAttentionImpl(int64_t dim, int64_t heads) : heads(heads) {
    to_q = register_module("to_q", torch::nn::Linear(dim, dim));
    to_k = register_module("to_k", torch::nn::Linear(dim, dim));
    to_v = register_module("to_v", torch::nn::Linear(dim, dim));
    out = torch::nn::Linear(dim, dim);
    to_out = register_module("to_out", torch::nn::ModuleList(out, torch::nn::Dropout(0.0)));
}

torch::Tensor PriorAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
    auto q = splitHeads(to_q(x), heads);  // [B, H, L, D]
    auto k = splitHeads(to_k(x), heads);
    auto v = splitHeads(to_v(x), heads);
    return out(mergeHeads(scaledDotProductAttention(q, k, v, mask)));  // [B, L, dim]
}

GeluProjImpl::GeluProjImpl(int64_t in, int64_t out) {
    proj = register_module("proj", torch::nn::Linear(in, out));
}

PriorFeedForwardImpl::PriorFeedForwardImpl(int64_t dim, int64_t inner) {
    gelu = GeluProj(dim, inner);
    linear = torch::nn::Linear(inner, dim);
    net = register_module("net", torch::nn::ModuleList(gelu, torch::nn::Dropout(0.0), linear));
}

torch::Tensor PriorFeedForwardImpl::forward(const torch::Tensor& x) { return linear(gelu(x)); }

PriorBlockImpl::PriorBlockImpl(int64_t dim, int64_t heads) {
    norm1 = register_module("norm1", layerNorm(dim));
    attn1 = register_module("attn1", PriorAttention(dim, heads));
    norm3 = register_module("norm3", layerNorm(dim));
    ff = register_module("ff", PriorFeedForward(dim, dim * 4));
}

torch::Tensor PriorBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
    auto h = x + attn1(norm1(x), mask);
    return h + ff(norm3(h));
}

PriorTransformerImpl::PriorTransformerImpl(const PriorTransformerConfig& c) : config(c) {
    const int64_t inner = c.innerDim();
    const int64_t timeDim = c.timeEmbedDim > 0 ? c.timeEmbedDim : inner;
    const int64_t projDim = c.embeddingProjDim > 0 ? c.embeddingProjDim : c.embeddingDim;
    const int64_t clipDim = c.clipEmbedDim > 0 ? c.clipEmbedDim : c.embeddingDim;
    time_embedding = register_module("time_embedding", TimestepEmbedding(inner, timeDim, inner));
    proj_in = register_module("proj_in", torch::nn::Linear(c.embeddingDim, inner));
    if (c.embeddingProjNorm)
        embedding_proj_norm = register_module("embedding_proj_norm", layerNorm(projDim));
    embedding_proj = register_module("embedding_proj", torch::nn::Linear(projDim, inner));
    encoder_hidden_states_proj =
        register_module("encoder_hidden_states_proj", torch::nn::Linear(c.embeddingDim, inner));
    positional_embedding = register_parameter(
        "positional_embedding", torch::zeros({1, c.numEmbeddings + c.additionalEmbeddings, inner}));
    prd_embedding = register_parameter("prd_embedding", torch::zeros({1, 1, inner}));
    if (c.normIn) norm_in = register_module("norm_in", layerNorm(inner));
    transformer_blocks = register_module("transformer_blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < c.numLayers; ++i)
        transformer_blocks->push_back(PriorBlock(inner, c.numAttentionHeads));
    norm_out = register_module("norm_out", layerNorm(inner));
    proj_to_clip_embeddings =
        register_module("proj_to_clip_embeddings", torch::nn::Linear(inner, clipDim));
    clip_mean = register_parameter("clip_mean", torch::zeros({1, clipDim}));
    clip_std = register_parameter("clip_std", torch::ones({1, clipDim}));
}

torch::Tensor PriorTransformerImpl::forward(const torch::Tensor& hiddenStates,
                                            const torch::Tensor& timesteps,
                                            const torch::Tensor& projEmbedding,
                                            const torch::Tensor& encoderHiddenStates,
                                            const torch::Tensor& attentionMask) {
    const auto batch = hiddenStates.size(0);
    const auto dtype = proj_in->weight.scalar_type();
    const int64_t inner = config.innerDim();

    // 1. time: sinusoidal features of t, then the MLP.
    auto t = timesteps.reshape({-1}).expand({batch});
    auto time = time_embedding(timestepFeatures(t, inner, true, 0).to(dtype));  // [B, inner]

    // 2. project the conditioning and the noisy embedding to tokens.
    auto textEmbed =
        embedding_proj(embedding_proj_norm ? embedding_proj_norm(projEmbedding) : projEmbedding)
            .unsqueeze(1);                                              // [B, 1, inner]
    auto textTokens = encoder_hidden_states_proj(encoderHiddenStates);  // [B, 77, inner]
    auto noisy = proj_in(hiddenStates).unsqueeze(1);                    // [B, 1, inner]
    auto query = prd_embedding.expand({batch, -1, -1});                 // [B, 1, inner]

    // 3. the sequence, in the reference's order.
    auto h =
        torch::cat({textTokens, textEmbed, time.unsqueeze(1), noisy, query}, 1);  // [B, S, inner]
    const auto seq = h.size(1);
    auto positions = positional_embedding;  // [1, S', inner]
    // A shorter table covers only the noisy embedding: the reference pads zeros for the
    // text tokens, text embedding and time before it and for the query after it.
    if (seq > positions.size(1))
        positions = torch::nn::functional::pad(
            positions, torch::nn::functional::PadFuncOptions({0, 0, textTokens.size(1) + 2, 1}));
    TORCH_CHECK(seq == positions.size(1), "prior sequence has ", seq,
                " tokens; its positional embedding covers ", positions.size(1));
    h = h + positions;
    if (norm_in) h = norm_in(h);

    // 4. mask: padded text tokens hidden, plus causal; none at all without a mask.
    torch::Tensor mask;
    if (attentionMask.defined()) {
        auto keyPad = (1.0 - attentionMask.to(h.scalar_type())) * kMaskedScore;  // [B, 77]
        keyPad = torch::nn::functional::pad(
            keyPad,
            torch::nn::functional::PadFuncOptions({0, config.additionalEmbeddings}));  // [B, S]
        auto causal = torch::full({seq, seq}, kMaskedScore, h.options()).triu_(1);     // [S, S]
        mask = (keyPad.unsqueeze(1) + causal).unsqueeze(1);  // [B, 1, S, S]
    }

    // 5. transformer.
    for (const auto& block : *transformer_blocks) h = block->as<PriorBlockImpl>()->forward(h, mask);

    // 6. the query token predicts x0.
    h = norm_out(h);
    return proj_to_clip_embeddings(h.select(1, seq - 1));  // [B, clip]
}

torch::Tensor PriorTransformerImpl::postProcessLatents(const torch::Tensor& latents) const {
    return latents * clip_std + clip_mean;
}

}  // namespace unclip::models
