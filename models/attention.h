// Scaled dot-product attention shared by every network in the cascade.
//
// On LibTorch 2.x this is at::scaled_dot_product_attention (fused kernels on CUDA); on
// 1.13 a plain softmax(q k^T * scale + mask) v with the softmax in float32, which is
// what diffusers' non-SDPA path does (upcast_softmax) and keeps half precision stable.
#pragma once

#include <torch/torch.h>

namespace unclip::models {

// q: [B, H, Lq, D], k/v: [B, H, Lk, D], additiveMask: undefined or broadcastable to
// [B, H, Lq, Lk] (0 keeps, large negative drops). Returns [B, H, Lq, D]. Scale 1/sqrt(D).
torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k,
                                        const torch::Tensor& v, const torch::Tensor& additiveMask);

// [B, L, H*D] -> [B, H, L, D]: contiguous D-channel chunks per head, as diffusers and
// transformers split heads.
torch::Tensor splitHeads(const torch::Tensor& x, int64_t heads);
// [B, H, L, D] -> [B, L, H*D]
torch::Tensor mergeHeads(const torch::Tensor& x);

}  // namespace unclip::models
