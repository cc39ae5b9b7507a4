#include "models/attention.h"

#include <cmath>

namespace unclip::models {

torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k,
                                        const torch::Tensor& v, const torch::Tensor& additiveMask) {
#if TORCH_VERSION_MAJOR >= 2
    // The fused kernels are only used for the GPU: on the CPU the plain path below is what
    // the parity tests measure and is as fast for these sizes.
    if (q.is_cuda()) {
        // An undefined tensor is not "no mask" to LibTorch 2.x: pass nullopt instead.
        if (!additiveMask.defined()) return at::scaled_dot_product_attention(q, k, v);
        return at::scaled_dot_product_attention(q, k, v, additiveMask.to(q.scalar_type()));
    }
#endif
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
    auto scores = torch::matmul(q, k.transpose(-1, -2)) * scale;  // [B, H, Lq, Lk]
    if (additiveMask.defined()) scores = scores + additiveMask;
    auto probs = torch::softmax(scores.to(torch::kFloat32), -1).to(v.scalar_type());
    return torch::matmul(probs, v);  // [B, H, Lq, D]
}

torch::Tensor splitHeads(const torch::Tensor& x, int64_t heads) {
    const auto b = x.size(0), l = x.size(1), c = x.size(2);
    return x.view({b, l, heads, c / heads}).transpose(1, 2);  // [B, H, L, D]
}

torch::Tensor mergeHeads(const torch::Tensor& x) {
    const auto b = x.size(0), h = x.size(1), l = x.size(2), d = x.size(3);
    return x.transpose(1, 2).reshape({b, l, h * d});  // [B, L, H*D]
}

}  // namespace unclip::models
