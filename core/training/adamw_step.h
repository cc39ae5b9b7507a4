// One AdamW step for every parameter of a torch::optim::AdamW at once, with multi-tensor
// (`_foreach`) kernels: the same arithmetic as AdamW::step, in the same order, on the
// optimiser's own state, so checkpoints and a later AdamW::step carry on from it.
//
//   torch::optim::AdamW optimizer(params, options);
//   loss.backward();
//   adamwStep(optimizer);  // instead of optimizer.step()
//
// Why: AdamW::step launches about nine kernels per parameter tensor. The decoder has a
// few hundred tensors, so on a GPU a step spent thousands of tiny launches on the host
// while the GPU waited; the multi-tensor kernels take a few launches in all.
#pragma once

#include <torch/torch.h>

namespace unclip::training {

// Parameters without a gradient are skipped, as AdamW::step does. amsgrad is not supported
// (the recipe does not use it): that is an unclip::Error.
void adamwStep(torch::optim::AdamW& optimizer);

// The key under which LibTorch keeps a parameter's optimiser state: the TensorImpl address,
// as a string in LibTorch 1.x and as the pointer itself in 2.x.
using OptimizerStateKey =
    typename std::decay_t<decltype(std::declval<torch::optim::Optimizer&>().state())>::key_type;
OptimizerStateKey optimizerStateKey(const torch::Tensor& parameter);

}  // namespace unclip::training
