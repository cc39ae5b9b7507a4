#include "core/training/checkpoint.h"

#include "core/common/error.h"
#include "core/training/adamw_step.h"
#include "core/weights/module_loader.h"
#include "core/weights/safetensors.h"

namespace unclip::training {

void saveCheckpoint(const std::filesystem::path& path, torch::nn::Module& model, const Ema& ema,
                    torch::optim::AdamW& optimizer, const CheckpointInfo& info) {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (auto& [name, t] : moduleStateDict(model)) tensors.emplace_back("model." + name, t);
    for (auto& entry : ema.state()) tensors.push_back(entry);
    int64_t adamStep = 0;
    for (const auto& p : model.named_parameters()) {
        auto it = optimizer.state().find(optimizerStateKey(p.value()));
        if (it == optimizer.state().end()) continue;
        auto& state = static_cast<torch::optim::AdamWParamState&>(*it->second);
        tensors.emplace_back("adam." + p.key() + ".exp_avg", state.exp_avg());
        tensors.emplace_back("adam." + p.key() + ".exp_avg_sq", state.exp_avg_sq());
        adamStep = state.step();
    }
    auto metadata = info.metadata;
    metadata["step"] = std::to_string(info.step);
    metadata["ema_updates"] = std::to_string(ema.updates());
    metadata["adam_step"] = std::to_string(adamStep);
    std::filesystem::create_directories(path.parent_path());
    saveSafetensors(path, tensors, metadata);
}

std::optional<CheckpointInfo> loadCheckpoint(const std::filesystem::path& path,
                                             torch::nn::Module& model, Ema& ema,
                                             torch::optim::AdamW& optimizer) {
    if (!std::filesystem::exists(path)) return std::nullopt;
    auto file = SafetensorsFile::open(path);
    const auto& meta = file->metadata();
    auto number = [&](const char* key) -> int64_t {
        auto it = meta.find(key);
        if (it == meta.end())
            throw Error(path.string() + " is not a training checkpoint (no '" + key + "')");
        return std::stoll(it->second);
    };
    torch::NoGradGuard noGrad;
    auto params = model.named_parameters();
    for (auto& p : params) {
        const auto name = "model." + p.key();
        if (!file->contains(name))
            throw Error(path.string() + " is a checkpoint of another network: no '" + name + "'");
        auto value = file->tensor(name, p.value().scalar_type(), p.value().device());
        if (value.sizes() != p.value().sizes())
            throw Error(path.string() + ": '" + name + "' has shape " + c10::str(value.sizes()) +
                        ", the network " + c10::str(p.value().sizes()) +
                        " (the checkpoint was made with another config)");
        p.value().copy_(value);
    }
    std::vector<std::pair<std::string, torch::Tensor>> emaTensors;
    for (const auto& name : file->tensorNames())
        if (name.rfind("ema.", 0) == 0)
            emaTensors.emplace_back(name,
                                    file->tensor(name, std::nullopt, params.values()[0].device()));
    ema.loadState(emaTensors, number("ema_updates"));

    const int64_t adamStep = number("adam_step");
    for (auto& p : params) {
        const auto avg = "adam." + p.key() + ".exp_avg", sq = "adam." + p.key() + ".exp_avg_sq";
        if (!file->contains(avg) || !file->contains(sq)) continue;
        auto state = std::make_unique<torch::optim::AdamWParamState>();
        state->step(adamStep);
        state->exp_avg(file->tensor(avg, p.value().scalar_type(), p.value().device()));
        state->exp_avg_sq(file->tensor(sq, p.value().scalar_type(), p.value().device()));
        optimizer.state()[optimizerStateKey(p.value())] = std::move(state);
    }
    CheckpointInfo info;
    info.step = number("step");
    info.metadata = meta;
    return info;
}

}  // namespace unclip::training
