#include "core/training/training_loop.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "core/common/error.h"
#include "core/training/adamw_step.h"
#include "core/training/checkpoint.h"

namespace unclip::training {
namespace {

std::string duration(double seconds) {
    const auto s = static_cast<int64_t>(seconds);
    std::ostringstream os;
    if (s >= 3600) os << s / 3600 << "h";
    if (s >= 60) os << (s % 3600) / 60 << "m";
    os << s % 60 << "s";
    return os.str();
}

// Linear warm-up from warmupStart to where the decay begins, then cosine decay to a tenth
// of the peak. timeProgress (0..1) is the share of a time budget spent; the decay follows
// the steps or the time, whichever is ahead.
double learningRateAt(const LoopOptions& o, int64_t step, int64_t warmupStart,
                      double timeProgress) {
    const auto decayed = [&](int64_t atStep, double progress) {
        progress = std::max(progress, double(atStep - o.warmupSteps) /
                                          double(std::max<int64_t>(1, o.steps - o.warmupSteps)));
        return o.learningRate *
               (0.1 + 0.9 * 0.5 * (1 + std::cos(M_PI * std::clamp(progress, 0.0, 1.0))));
    };
    const int64_t warmed = step - warmupStart;
    if (warmed < o.warmupSteps)
        return decayed(warmupStart + o.warmupSteps, 0.0) * double(warmed + 1) /
               double(o.warmupSteps);
    return decayed(step, timeProgress);
}

// Global-norm clipping as torch::nn::utils::clip_grad_norm_ does it, without reading the
// norm back: LibTorch's returns it as a double, which makes the host wait for the GPU at
// every step and keeps it from queueing the next one.
void clipGradients(const std::vector<torch::Tensor>& params, double maxNorm) {
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> grads;
    for (const auto& p : params)
        if (p.grad().defined()) grads.push_back(p.grad());
    if (grads.empty()) return;
    auto norms = at::_foreach_norm(grads);  // one multi-tensor kernel, not one per tensor
    auto scale = (maxNorm / (torch::stack(norms).norm(2) + 1e-6)).clamp_max(1.0);
    for (auto& g : grads) g.mul_(scale);
}

std::string number(double value) {
    std::ostringstream os;
    os << value;
    return os.str();
}

}  // namespace

std::map<std::string, std::string> runSettings(const LoopOptions& o) {
    auto settings = o.metadata;
    settings["stage"] = o.stage;
    settings["batch"] = std::to_string(o.batch);
    settings["accumulate"] = std::to_string(o.accumulate);
    settings["learning_rate"] = number(o.learningRate);
    settings["warmup_steps"] = std::to_string(o.warmupSteps);
    return settings;
}

std::string settingsChangedSince(const std::map<std::string, std::string>& checkpoint,
                                 const std::map<std::string, std::string>& now) {
    std::string changes;
    for (const auto& [key, value] : now) {
        auto it = checkpoint.find(key);
        if (it == checkpoint.end() || it->second == value) continue;
        changes += (changes.empty() ? "" : ", ") + key + " " + it->second + " -> " + value;
    }
    return changes;
}

torch::Tensor accumulateGradients(const std::function<torch::Tensor(int64_t)>& lossAt, int64_t step,
                                  int64_t accumulate) {
    torch::Tensor total;
    for (int64_t part = 0; part < accumulate; ++part) {
        auto loss = lossAt(step * accumulate + part) / double(accumulate);
        loss.backward();
        total = part == 0 ? loss.detach() : total + loss.detach();
    }
    return total;
}

void checkAccumulation(int64_t batch, int64_t accumulate) {
    if (accumulate >= 1 && batch % accumulate == 0) return;
    throw Error("a batch of " + std::to_string(batch) + " does not split into " +
                std::to_string(accumulate) +
                " equal micro-batches: pick an --accumulate of at least 1 that divides --batch "
                "(for 256: 2, 4 or 8)");
}

LoopResult runTrainingLoop(const LoopOptions& o, torch::nn::Module& trainable,
                           const std::function<torch::Tensor(int64_t)>& lossAt,
                           const std::function<void(const Ema&)>& exportWeights) {
    std::ostream& log = o.log ? *o.log : std::cout;
    checkAccumulation(o.batch, o.accumulate);
    std::vector<torch::Tensor> params;
    for (auto& p : trainable.parameters())
        if (p.requires_grad()) params.push_back(p);
    torch::optim::AdamW optimizer(
        params, torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay));
    Ema ema(trainable, o.emaDecay);

    LoopResult result;
    int64_t step = 0;
    if (o.resume) {
        if (auto info = loadCheckpoint(o.checkpointPath, trainable, ema, optimizer)) {
            step = info->step;
            log << "[" << o.stage << "] resumed at step " << step << " from "
                << o.checkpointPath.string() << "\n";
            // Not an error: a fine-tune resumes on purpose with another rate or range. But
            // the recipe in docs/ must say so, and a typo should not pass unseen.
            const auto changes = settingsChangedSince(info->metadata, runSettings(o));
            if (!changes.empty())
                log << "[" << o.stage << "] settings changed since that checkpoint: " << changes
                    << "\n";
        }
    }
    result.firstStep = step;
    auto save = [&](int64_t atStep) {
        CheckpointInfo info{atStep, runSettings(o)};
        saveCheckpoint(o.checkpointPath, trainable, ema, optimizer, info);
        exportWeights(ema);
    };

    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    auto windowStart = start;
    std::vector<torch::Tensor> windowLosses;  // read back once per progress line
    int64_t windowSteps = 0;
    bool firstWindow = true;
    trainable.train();
    const auto secondsLeft = [&] {
        return std::chrono::duration<double>(*o.deadline - Clock::now()).count();
    };
    // A time-boxed run decays over its own box, so a resumed one restarts at the peak rate,
    // and it warms up again: jumping from an annealed checkpoint's rate straight to the peak
    // tripled the decoder's loss for ~100 steps (docs/TRAINING.md, tenth session). A
    // resumed run without a deadline stays on the uninterrupted run's curve.
    const int64_t warmupStart = o.deadline ? result.firstStep : 0;
    const int64_t decayStart = warmupStart + o.warmupSteps;
    double decaySeconds = 0;  // the time left once the warm-up is over
    bool outOfTime = false;
    for (; step < o.steps; ++step) {
        if (o.deadline && step == decayStart) decaySeconds = std::max(1.0, secondsLeft());
        double timeProgress = 0;
        if (o.deadline && step >= decayStart) timeProgress = 1.0 - secondsLeft() / decaySeconds;
        const double lr = learningRateAt(o, step, warmupStart, timeProgress);
        for (auto& group : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
        optimizer.zero_grad();
        auto loss = accumulateGradients(lossAt, step, o.accumulate);
        if (o.gradientClip > 0) clipGradients(params, o.gradientClip);
        adamwStep(optimizer);  // optimizer.step()'s arithmetic in multi-tensor kernels
        ema.update(trainable);
        windowLosses.push_back(loss);
        ++windowSteps;

        outOfTime = o.deadline && secondsLeft() <= 0;
        const bool last = step + 1 == o.steps || outOfTime;
        if ((step + 1) % o.logEvery == 0 || last) {
            const auto now = Clock::now();
            const double windowSeconds = std::chrono::duration<double>(now - windowStart).count();
            const double rate = double(windowSteps * o.batch) / std::max(windowSeconds, 1e-9);
            const double mean = torch::stack(windowLosses).mean().item<double>();
            if (firstWindow) result.firstLoss = mean;
            firstWindow = false;
            result.lastLoss = mean;
            result.samplesPerSecond = rate;
            double eta = double((o.steps - step - 1) * o.batch) / std::max(rate, 1e-9);
            if (o.deadline) eta = std::min(eta, std::max(0.0, secondsLeft()));
            log << "[" << o.stage << "] step " << step + 1 << "/" << o.steps << "  loss "
                << std::setprecision(4) << mean << "  lr " << std::scientific
                << std::setprecision(2) << lr << std::defaultfloat << "  " << std::fixed
                << std::setprecision(1) << rate << " samples/s  ETA " << duration(eta)
                << std::defaultfloat << std::endl;
            windowStart = now;
            windowLosses.clear();
            windowSteps = 0;
        }
        if ((step + 1) % o.checkpointEvery == 0 || last) save(step + 1);
        if (outOfTime) {
            ++step;
            log << "[" << o.stage << "] time is up at step " << step << "\n";
            break;
        }
    }
    result.lastStep = step;
    if (result.firstStep == o.steps) exportWeights(ema);  // nothing left to train: still export
    trainable.eval();
    log << "[" << o.stage << "] done: " << step << " steps, "
        << duration(std::chrono::duration<double>(Clock::now() - start).count()) << " this run\n";
    return result;
}

}  // namespace unclip::training
