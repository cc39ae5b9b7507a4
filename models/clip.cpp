#include "models/clip.h"

#include <limits>

#include "models/attention.h"

namespace unclip::models {
namespace {

constexpr int64_t kOpenAiEndOfText = 49407;

torch::nn::LayerNorm layerNorm(int64_t dim, double eps) {
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(eps));
}

}  // namespace

ClipAttentionImpl::ClipAttentionImpl(int64_t hidden, int64_t heads) : heads(heads) {
    TORCH_CHECK(hidden % heads == 0, "CLIP hidden size ", hidden, " is not divisible by ", heads,
                " heads");
    q_proj = register_module("q_proj", torch::nn::Linear(hidden, hidden));
    k_proj = register_module("k_proj", torch::nn::Linear(hidden, hidden));
    v_proj = register_module("v_proj", torch::nn::Linear(hidden, hidden));
    out_proj = register_module("out_proj", torch::nn::Linear(hidden, hidden));
}

torch::Tensor ClipAttentionImpl::forward(const torch::Tensor& x,
                                         const torch::Tensor& additiveMask) {
    auto q = splitHeads(q_proj(x), heads);  // [B, H, L, D]
    auto k = splitHeads(k_proj(x), heads);
    auto v = splitHeads(v_proj(x), heads);
    auto o = scaledDotProductAttention(q, k, v, additiveMask);  // [B, H, L, D]
    return out_proj(mergeHeads(o));                             // [B, L, hidden]
}

ClipMlpImpl::ClipMlpImpl(int64_t hidden, int64_t intermediate, std::string act)
    : act(std::move(act)) {
    fc1 = register_module("fc1", torch::nn::Linear(hidden, intermediate));
    fc2 = register_module("fc2", torch::nn::Linear(intermediate, hidden));
}

torch::Tensor ClipMlpImpl::forward(const torch::Tensor& x) {
    auto h = fc1(x);
    h = act == "quick_gelu" ? h * torch::sigmoid(1.702 * h) : torch::gelu(h);
    return fc2(h);
}

ClipEncoderLayerImpl::ClipEncoderLayerImpl(int64_t hidden, int64_t heads, int64_t intermediate,
                                           double eps, const std::string& act) {
    self_attn = register_module("self_attn", ClipAttention(hidden, heads));
    layer_norm1 = register_module("layer_norm1", layerNorm(hidden, eps));
    mlp = register_module("mlp", ClipMlp(hidden, intermediate, act));
    layer_norm2 = register_module("layer_norm2", layerNorm(hidden, eps));
}

torch::Tensor ClipEncoderLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
    auto h = x + self_attn(layer_norm1(x), mask);
    return h + mlp(layer_norm2(h));
}

ClipEncoderImpl::ClipEncoderImpl(int64_t numLayers, int64_t hidden, int64_t heads,
                                 int64_t intermediate, double eps, const std::string& act) {
    layers = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < numLayers; ++i)
        layers->push_back(ClipEncoderLayer(hidden, heads, intermediate, eps, act));
}

torch::Tensor ClipEncoderImpl::forward(torch::Tensor x, const torch::Tensor& mask) {
    for (const auto& layer : *layers) x = layer->as<ClipEncoderLayerImpl>()->forward(x, mask);
    return x;
}

ClipTextEmbeddingsImpl::ClipTextEmbeddingsImpl(const ClipTextConfig& c) {
    token_embedding =
        register_module("token_embedding", torch::nn::Embedding(c.vocabSize, c.hiddenSize));
    position_embedding =
        register_module("position_embedding", torch::nn::Embedding(c.maxPositions, c.hiddenSize));
}

torch::Tensor ClipTextEmbeddingsImpl::forward(const torch::Tensor& ids) {
    auto positions = torch::arange(ids.size(1), ids.options().dtype(torch::kInt64));
    return token_embedding(ids) + position_embedding(positions).unsqueeze(0);  // [B, L, hidden]
}

ClipTextTransformerImpl::ClipTextTransformerImpl(const ClipTextConfig& c) {
    embeddings = register_module("embeddings", ClipTextEmbeddings(c));
    encoder =
        register_module("encoder", ClipEncoder(c.numLayers, c.hiddenSize, c.numHeads,
                                               c.intermediateSize, c.layerNormEps, c.hiddenAct));
    final_layer_norm = register_module("final_layer_norm", layerNorm(c.hiddenSize, c.layerNormEps));
}

ClipTextModelImpl::ClipTextModelImpl(const ClipTextConfig& c) : config(c) {
    text_model = register_module("text_model", ClipTextTransformer(c));
    text_projection = register_module(
        "text_projection",
        torch::nn::Linear(torch::nn::LinearOptions(c.hiddenSize, c.projectionDim).bias(false)));
}

ClipTextOutput ClipTextModelImpl::forward(const torch::Tensor& ids) {
    TORCH_CHECK(ids.dim() == 2, "token ids must be [batch, length]");
    TORCH_CHECK(ids.size(1) <= config.maxPositions, "token sequence of ", ids.size(1),
                " is longer than the text encoder's ", config.maxPositions, " positions");
    const auto length = ids.size(1);
    auto h = text_model->embeddings(ids);  // [B, L, hidden]
    // Causal mask: position i attends to 0..i only.
    auto causal = torch::full({length, length}, -std::numeric_limits<float>::infinity(),
                              h.options())
                      .triu_(1);  // [L, L]
    h = text_model->encoder(h, causal);
    auto last = text_model->final_layer_norm(h);  // [B, L, hidden]

    // Pool at the end-of-text token. With OpenAI's vocabulary (every row holds id 49407,
    // the highest) that is the argmax, whatever eos_token_id says (Karlo's says 2, a
    // stale default); other vocabularies pool at the first eos_token_id.
    // Both are computed and one chosen on the device: reading the test back to the host
    // would make a training step wait for the GPU before its text tower could be queued.
    auto openAiVocabulary = (std::get<0>(ids.max(-1)) == kOpenAiEndOfText).all();  // [] bool
    auto eosIndex = torch::where(openAiVocabulary, ids.argmax(-1),
                                 (ids == config.eosTokenId).to(torch::kInt32).argmax(-1));  // [B]
    auto rows = torch::arange(ids.size(0), ids.options().dtype(torch::kInt64));
    auto pooled = last.index({rows, eosIndex.to(torch::kInt64)});  // [B, hidden]
    return {last, text_projection(pooled)};
}

ClipVisionEmbeddingsImpl::ClipVisionEmbeddingsImpl(const ClipVisionConfig& c) {
    class_embedding = register_parameter("class_embedding", torch::randn({c.hiddenSize}));
    patch_embedding = register_module(
        "patch_embedding",
        torch::nn::Conv2d(torch::nn::Conv2dOptions(c.numChannels, c.hiddenSize, c.patchSize)
                              .stride(c.patchSize)
                              .bias(false)));
    const int64_t patches = (c.imageSize / c.patchSize) * (c.imageSize / c.patchSize);
    position_embedding =
        register_module("position_embedding", torch::nn::Embedding(patches + 1, c.hiddenSize));
}

torch::Tensor ClipVisionEmbeddingsImpl::forward(const torch::Tensor& pixels) {
    const auto b = pixels.size(0);
    auto patches = patch_embedding(pixels.to(class_embedding.scalar_type()));  // [B, hidden, g, g]
    patches = patches.flatten(2).transpose(1, 2);                              // [B, P, hidden]
    auto cls = class_embedding.view({1, 1, -1}).expand({b, 1, -1});            // [B, 1, hidden]
    auto tokens = torch::cat({cls, patches}, 1);                               // [B, 1+P, hidden]
    TORCH_CHECK(tokens.size(1) == position_embedding->weight.size(0), "image of ", pixels.size(2),
                "x", pixels.size(3), " gives ", tokens.size(1) - 1,
                " patches; the image encoder expects ", position_embedding->weight.size(0) - 1);
    return tokens + position_embedding->weight.unsqueeze(0);
}

ClipVisionTransformerImpl::ClipVisionTransformerImpl(const ClipVisionConfig& c) {
    embeddings = register_module("embeddings", ClipVisionEmbeddings(c));
    pre_layrnorm = register_module("pre_layrnorm", layerNorm(c.hiddenSize, c.layerNormEps));
    encoder =
        register_module("encoder", ClipEncoder(c.numLayers, c.hiddenSize, c.numHeads,
                                               c.intermediateSize, c.layerNormEps, c.hiddenAct));
    post_layernorm = register_module("post_layernorm", layerNorm(c.hiddenSize, c.layerNormEps));
}

ClipVisionModelImpl::ClipVisionModelImpl(const ClipVisionConfig& c) : config(c) {
    vision_model = register_module("vision_model", ClipVisionTransformer(c));
    visual_projection = register_module(
        "visual_projection",
        torch::nn::Linear(torch::nn::LinearOptions(c.hiddenSize, c.projectionDim).bias(false)));
}

ClipVisionOutput ClipVisionModelImpl::forward(const torch::Tensor& pixelValues) {
    TORCH_CHECK(pixelValues.dim() == 4 && pixelValues.size(1) == config.numChannels,
                "pixel values must be [batch, ", config.numChannels, ", size, size]");
    auto h = vision_model->embeddings(pixelValues);  // [B, 1+P, hidden]
    h = vision_model->pre_layrnorm(h);
    h = vision_model->encoder(h, torch::Tensor());               // no mask
    auto pooled = vision_model->post_layernorm(h.select(1, 0));  // [B, hidden]
    return {h, visual_projection(pooled)};                       // image_embeds [B, projection]
}

}  // namespace unclip::models
