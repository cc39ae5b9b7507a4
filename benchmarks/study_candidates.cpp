// How well the decoder's best-of-k pick chooses: prints figures, asserts nothing.
//
//   study_candidates --model DIR [--held-out N] [--seeds K] [--seed S] [--candidates K]
//                    [--variations N] [--table FILE] [--threads N]
//
// For each held-out caption and seed (and each rendered variation source) it runs the
// model's prior as the pipeline does (its recommended best of k), then the decoder with K
// candidates side by side and none dropped, so every candidate is finished exactly as it
// would be if it were the one picked (the noise streams are the pipeline's). At every
// decoder step it scores each candidate's clean-picture estimate the ways a pick could:
// the cosine of its CLIP image embedding with the embedding it was drawn from ("image"),
// and for captions with the caption's CLIP text embedding ("text"). The finished 64 px
// candidates are checked against the caption. It then prints, for best of 2, 4 and K, the
// share of pictures each rule at each step would get right, next to candidate 0 alone (no
// pick) and an oracle that always finds a right candidate when there is one. --table
// writes one line per candidate (kind, item, seed, candidate, passed, image scores per
// step, text scores per step) for other rules.
#include <algorithm>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/common/error.h"
#include "core/pipeline/candidates.h"
#include "core/pipeline/cascade_stages.h"
#include "core/pipeline/clip_image_preprocess.h"
#include "core/pipeline/output_images.h"
#include "core/pipeline/pipelines.h"
#include "core/runtime/runtime.h"
#include "core/shapes/holdout.h"
#include "core/shapes/model_evaluation.h"
#include "core/shapes/world.h"

using namespace unclip;

namespace {

std::string arg(const std::vector<std::string>& args, const std::string& name,
                const std::string& fallback) {
    for (size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == name) return args[i + 1];
    return fallback;
}

// One picture's K candidates: whether each passed, and its scores at every step.
struct Trial {
    int kind = 0;  // 1 or 2 objects in a caption; 0 for a variation
    bool passed[16] = {};
    std::vector<std::vector<double>> image, text;  // [step][candidate]
};

// Runs the decoder with k candidates of one picture, none dropped, scoring every step.
Trial decodeAll(UnclipModel& model, const torch::Tensor& embedding,
                const stages::TextConditioning& text, const torch::Tensor& textEmbedding,
                bool guidance, const SamplingOptions& s, NoiseSource& noise, uint64_t seed,
                int64_t k, const shapes::CaptionSpec& spec) {
    CandidateNoise candidateNoise(noise, {seed}, k, CandidateStage::Decoder);
    auto targets = embedding.to(torch::kFloat32).repeat_interleave(k, 0);  // [k, clip]
    auto many = repeatText(text, k);
    Trial trial;
    RunControl control;
    control.previewEvery = 1;
    control.onProgress = [&](const Progress& p) {
        if (p.stage != Stage::Decoder || !p.preview.defined()) return;
        auto clean = p.preview.permute({0, 3, 1, 2}) * 2 - 1;  // [k, 3, h, w] in [-1, 1]
        auto img = clipImageScores(model, clean, targets);
        trial.image.emplace_back(img.data_ptr<float>(), img.data_ptr<float>() + k);
        if (textEmbedding.defined()) {
            auto txt = clipImageScores(model, clean, textEmbedding.repeat_interleave(k, 0));
            trial.text.emplace_back(txt.data_ptr<float>(), txt.data_ptr<float>() + k);
        }
    };
    auto out = stages::runDecoder(model, embedding.repeat_interleave(k, 0), many, s.decoderSteps,
                                  s.decoderGuidance, guidance, candidateNoise, control);
    auto pictures = imagesFromModelRange(out.to(torch::kFloat32)).cpu();  // [k, h, w, 3]
    for (int64_t c = 0; c < k; ++c)
        trial.passed[c] = shapes::checkDrawnPicture(pictures[c], spec).satisfied;
    return trial;
}

// The share of trials a rule gets right: `pick` returns the chosen candidate of k.
double rate(const std::vector<Trial>& trials, int kind, int64_t k,
            const std::function<int64_t(const Trial&)>& pick) {
    int n = 0, ok = 0;
    for (const auto& t : trials)
        if (t.kind == kind) ++n, ok += t.passed[pick(t)];
    return n ? 100.0 * ok / n : 0;
}

int64_t argmaxOf(const std::vector<double>& v, int64_t k) {
    return std::max_element(v.begin(), v.begin() + k) - v.begin();
}

}  // namespace

int main(int argc, char** argv) {
    try {
        std::vector<std::string> args(argv + 1, argv + argc);
        const int threads = std::stoi(arg(args, "--threads", "0"));
        configureThreads(threads ? std::optional<int>(threads) : std::nullopt);
        const auto folder = arg(args, "--model", "");
        if (folder.empty()) throw Error("give --model DIR");
        auto model = UnclipModel::load(folder);
        const int heldOut = std::stoi(arg(args, "--held-out", "20"));
        const int seeds = std::stoi(arg(args, "--seeds", "4"));
        const uint64_t firstSeed = std::stoull(arg(args, "--seed", "1000"));
        const int64_t k = std::stoi(arg(args, "--candidates", "8"));
        const int variations = std::stoi(arg(args, "--variations", "0"));
        if (k < 2 || k > 16) throw Error("--candidates must be 2 to 16");
        auto s = model->recommendedSampling;
        const bool guidance = s.priorGuidance > 1.0 || s.decoderGuidance > 1.0;
        c10::InferenceMode mode;

        std::vector<Trial> trials;
        std::vector<std::string> labels;
        for (int objects : {1, 2}) {
            const auto prompts = shapes::heldOutPrompts(heldOut, objects, 2026);
            for (size_t p = 0; p < prompts.size(); ++p)
                for (int i = 0; i < seeds; ++i) {
                    // The seeds unclip eval gives these captions (one-, then two-object).
                    const uint64_t item = p + (objects == 2 ? uint64_t(heldOut) : 0);
                    const uint64_t seed = firstSeed + item * 1000 + uint64_t(i);
                    auto text = stages::encodeText(*model, {prompts[p]}, guidance);
                    PerImageNoise noise({seed});
                    // The prior as the pipeline runs it: best of its candidates by cosine.
                    auto embedding = priorBestOf(*model, text, guidance, s, noise, {seed}, {});
                    auto textEmbedding =
                        captionEmbeddings(text, guidance).to(torch::kFloat32);  // [1, clip]
                    auto trial = decodeAll(*model, embedding, text, textEmbedding, guidance, s,
                                           noise, seed, k, *shapes::parseCaption(prompts[p]));
                    trial.kind = objects;
                    trials.push_back(std::move(trial));
                    labels.push_back(prompts[p] + " | seed " + std::to_string(seed));
                    std::cerr << labels.back() << ": "
                              << std::count(trials.back().passed, trials.back().passed + k, true)
                              << "/" << k << "\n";
                }
        }
        const auto pre = model->imagePreprocessing();
        std::mt19937_64 rng(firstSeed);
        auto empty = stages::encodeText(*model, {""}, s.decoderGuidance > 1.0);
        for (int i = 0; i < variations; ++i) {
            const auto spec = shapes::sampleHeldOutSpec(rng);
            const auto picture = shapes::renderScene(shapes::sampleScene(spec, rng), 256);
            auto embedding = encodeImages(*model, clipPreprocess(picture, pre));
            const uint64_t seed = firstSeed + uint64_t(i);
            PerImageNoise noise({seed});
            auto trial = decodeAll(*model, embedding, empty, {}, s.decoderGuidance > 1.0, s, noise,
                                   seed, k, shapes::colourAndShapeOnly(spec));
            trials.push_back(std::move(trial));
            labels.push_back("variation " + std::to_string(i + 1) + " of " +
                             shapes::canonicalCaption(spec));
            std::cerr << labels.back() << ": "
                      << std::count(trials.back().passed, trials.back().passed + k, true) << "/"
                      << k << "\n";
        }

        if (auto path = arg(args, "--table", ""); !path.empty()) {
            std::ofstream table(path);
            for (size_t t = 0; t < trials.size(); ++t)
                for (int64_t c = 0; c < k; ++c) {
                    table << trials[t].kind << '\t' << t << '\t' << c << '\t'
                          << trials[t].passed[c];
                    for (const auto& step : trials[t].image) table << '\t' << step[c];
                    for (const auto& step : trials[t].text) table << '\t' << step[c];
                    table << '\t' << labels[t] << '\n';
                }
        }

        const int64_t steps = s.decoderSteps;
        std::cout << std::fixed << std::setprecision(1) << "study: " << trials.size()
                  << " pictures, " << k << " candidates each, decoder steps " << steps
                  << ", guidance " << s.decoderGuidance << ", model " << folder << "\n";
        for (int kind : {1, 2, 0}) {
            const char* name = kind == 1 ? "one-object" : kind == 2 ? "two-object" : "variations";
            if (std::none_of(trials.begin(), trials.end(),
                             [kind](const Trial& t) { return t.kind == kind; }))
                continue;
            std::vector<int64_t> counts;  // best of 2, 4, 8 ... and of all k
            for (int64_t n = 2; n < k; n *= 2) counts.push_back(n);
            counts.push_back(k);
            for (const int64_t n : counts) {
                std::cout << name << ", best of " << n << ": candidate 0 "
                          << rate(trials, kind, n, [](const Trial&) { return 0; }) << "%, oracle "
                          << rate(trials, kind, n,
                                  [n](const Trial& t) {
                                      return int64_t(std::find(t.passed, t.passed + n, true) -
                                                     t.passed) %
                                             n;
                                  })
                          << "%\n  step   image   text\n";
                for (int64_t step = 2; step <= steps; step += 2) {
                    std::cout << "  " << std::setw(4) << step << std::setw(8)
                              << rate(trials, kind, n, [&](const Trial& t) {
                                     return argmaxOf(t.image[step - 1], n);
                                 });
                    if (kind != 0)
                        std::cout << std::setw(7) << rate(trials, kind, n, [&](const Trial& t) {
                            return argmaxOf(t.text[step - 1], n);
                        });
                    std::cout << "\n";
                }
            }
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "study_candidates: " << e.what() << "\n";
        return 1;
    }
}
