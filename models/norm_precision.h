// Normalisation layers run in their weights' precision.
//
// Under mixed-precision training (bfloat16 autocast, core/training/autocast_scope.h) a norm's
// input arrives in bfloat16 from a convolution while its weights stay float32. CUDA's
// autocast runs norms in float32 by itself; LibTorch 1.13's CPU autocast does not and
// refuses the mix ("expected scalar type BFloat16 but found Float"). Casting the input to the
// weights' dtype does what CUDA does, everywhere. At inference, input and weights share one
// dtype and the cast is a no-op.
#pragma once

#include <torch/torch.h>

namespace unclip::models {

template <typename Norm>
torch::Tensor normInWeightPrecision(Norm& norm, const torch::Tensor& x) {
    return norm(x.to(norm->weight.scalar_type()));
}

}  // namespace unclip::models
