#include "core/training/adamw_step.h"

#include <cmath>
#include <map>
#include <sstream>
#include <type_traits>

#include "core/common/error.h"

namespace unclip::training {

namespace {

// A template, so that only the branch of the LibTorch at hand is compiled.
template <typename Key>
Key stateKeyAs(const torch::Tensor& p) {
    if constexpr (std::is_same_v<Key, std::string>) {
        std::ostringstream os;  // what 1.x's c10::guts::to_string writes for a pointer
        os << static_cast<const void*>(p.unsafeGetTensorImpl());
        return os.str();
    } else {
        return static_cast<Key>(p.unsafeGetTensorImpl());
    }
}

}  // namespace

OptimizerStateKey optimizerStateKey(const torch::Tensor& p) {
    return stateKeyAs<OptimizerStateKey>(p);
}

void adamwStep(torch::optim::AdamW& optimizer) {
    torch::NoGradGuard noGrad;
    auto& state = optimizer.state();
    for (auto& group : optimizer.param_groups()) {
        const auto& o = static_cast<const torch::optim::AdamWOptions&>(group.options());
        if (o.amsgrad()) throw Error("adamwStep does not implement amsgrad");
        const auto [beta1, beta2] = o.betas();

        // Parameters are grouped by their step count: the bias corrections differ between
        // groups (all parameters share one count unless some went without gradients).
        std::map<int64_t, std::vector<torch::Tensor>> params, grads, avgs, squares;
        for (auto& p : group.params()) {
            if (!p.grad().defined()) continue;
            auto key = optimizerStateKey(p);
            auto it = state.find(key);
            if (it == state.end()) {
                auto fresh = std::make_unique<torch::optim::AdamWParamState>();
                fresh->step(0);
                fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
                fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
                state[key] = std::move(fresh);
                it = state.find(key);
            }
            auto& s = static_cast<torch::optim::AdamWParamState&>(*it->second);
            s.step(s.step() + 1);
            params[s.step()].push_back(p);
            grads[s.step()].push_back(p.grad());
            avgs[s.step()].push_back(s.exp_avg());
            squares[s.step()].push_back(s.exp_avg_sq());
        }
        for (auto& [step, p] : params) {
            const double correction1 = 1 - std::pow(beta1, double(step));
            const double correction2 = 1 - std::pow(beta2, double(step));
            if (o.weight_decay() != 0) at::_foreach_mul_(p, 1 - o.lr() * o.weight_decay());
            auto& g = grads[step];
            at::_foreach_mul_(avgs[step], beta1);
            at::_foreach_add_(avgs[step], g, 1 - beta1);
            at::_foreach_mul_(squares[step], beta2);
            at::_foreach_addcmul_(squares[step], g, g, 1 - beta2);
            auto denominators = at::_foreach_sqrt(squares[step]);
            at::_foreach_div_(denominators, std::sqrt(correction2));
            at::_foreach_add_(denominators, o.eps());
            at::_foreach_addcdiv_(p, avgs[step], denominators, -o.lr() / correction1);
        }
    }
}

}  // namespace unclip::training
