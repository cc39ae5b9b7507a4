// Exponential moving average of a network's weights: the weights that get shipped, since
// they sample better than the last optimiser step's.
//
//   Ema ema(*model, 0.999);
//   ... optimizer.step(); ema.update(*model);
//   ema.copyTo(*shippedModel);
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

namespace unclip::training {

class Ema {
public:
    Ema(torch::nn::Module& module, double decay);

    // ema = decay * ema + (1 - decay) * weights. The decay warms up as
    // min(decay, (1 + n) / (10 + n)) so early averages are not dominated by the init.
    void update(torch::nn::Module& module);
    void copyTo(torch::nn::Module& module) const;

    // For checkpoints: "ema.<name>" tensors and the update count.
    std::vector<std::pair<std::string, torch::Tensor>> state() const;
    void loadState(const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                   int64_t updates);
    int64_t updates() const { return updates_; }

private:
    double decay_;
    int64_t updates_ = 0;
    std::vector<std::pair<std::string, torch::Tensor>> shadow_;
};

}  // namespace unclip::training
