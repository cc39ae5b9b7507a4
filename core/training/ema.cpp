#include "core/training/ema.h"

#include <algorithm>
#include <map>

#include "core/common/error.h"

namespace unclip::training {

Ema::Ema(torch::nn::Module& module, double decay) : decay_(decay) {
    torch::NoGradGuard noGrad;
    for (const auto& p : module.named_parameters())
        shadow_.emplace_back(p.key(), p.value().detach().clone());
}

void Ema::update(torch::nn::Module& module) {
    torch::NoGradGuard noGrad;
    const double decay = std::min(decay_, (1.0 + double(updates_)) / (10.0 + double(updates_)));
    const auto params = module.named_parameters();
    // Two fused multi-tensor kernels instead of two per parameter: on a GPU the per-tensor
    // launches of a small network cost more than the arithmetic.
    std::vector<torch::Tensor> shadows, current;
    for (auto& [name, shadow] : shadow_) {
        shadows.push_back(shadow);
        current.push_back(params[name].detach());
    }
    at::_foreach_mul_(shadows, decay);
    at::_foreach_add_(shadows, current, 1.0 - decay);
    ++updates_;
}

void Ema::copyTo(torch::nn::Module& module) const {
    torch::NoGradGuard noGrad;
    auto params = module.named_parameters();
    for (const auto& [name, shadow] : shadow_) params[name].copy_(shadow);
}

std::vector<std::pair<std::string, torch::Tensor>> Ema::state() const {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& [name, shadow] : shadow_) out.emplace_back("ema." + name, shadow);
    return out;
}

void Ema::loadState(const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                    int64_t updates) {
    std::map<std::string, torch::Tensor> byName(tensors.begin(), tensors.end());
    torch::NoGradGuard noGrad;
    for (auto& [name, shadow] : shadow_) {
        auto it = byName.find("ema." + name);
        if (it == byName.end()) throw Error("checkpoint lacks the EMA weights of '" + name + "'");
        shadow.copy_(it->second);
    }
    updates_ = updates;
}

}  // namespace unclip::training
