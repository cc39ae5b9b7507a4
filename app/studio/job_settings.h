// The settings a panel puts in JobSpec.settings, as structs, and back.
//
//   {"model": "/models/karlo", "steps": {"prior": 25, "decoder": 25, "super_res": 7},
//    "guidance": {"prior": 4, "decoder": 8}, "size": 256,  // each may be "default": the model's
//    "candidates": 4, "prior_candidates": 2,                // (as may these), or be left out
//    "prompt": "a red cube", "count": 2, "seeds": [42, "18446744073709551615"]}     // text
//   ... "source_image": "/pictures/cat.png", "count": 2, "seeds": [1, 2]             // variation
//   ... "image_a": "a.png", "image_b": "b.png", "thetas": [0, 0.5, 1], "seed": 7      // blend
//
//   TextJobSettings s = parseTextJobSettings(spec.settings);   // unclip::Error on bad input
//   SamplingOptions o = samplingOptionsFor(s.common, model->stageResolutions(),
//                                          model->recommendedSampling);
//
// Seeds are unsigned 64-bit. A JSON number holds integers exactly only up to 2^53, so seeds
// are accepted as numbers up to 2^53 or as decimal strings, and toJson() writes larger ones
// as strings: a seed never passes through a double.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/pipeline/sampling.h"

namespace unclip::app {

struct StageSteps {
    int prior = 25;
    int decoder = 25;
    int superRes = 7;
};

struct StageGuidance {
    double prior = 4.0;
    double decoder = 8.0;
};

// What a model recommends (UnclipModel::recommendedSampling) in the panels' terms; Karlo's
// until a model has loaded.
struct SamplingDefaults {
    StageSteps steps;
    StageGuidance guidance;
    int candidates = 1;       // decoder pictures per image, CLIP keeps the best (candidates.h)
    int priorCandidates = 1;  // prior samples per image, the closest to the caption is kept
};

inline constexpr int kMaxCandidates = 16;  // as the engine accepts

// What every kind of job has.
struct CommonJobSettings {
    QString model;  // the model folder the job was made for; "" for whichever is loaded
    StageSteps steps;
    StageGuidance guidance;
    // "steps": "default" / "guidance": "default": the recommendation of the model that runs
    // the job (UnclipModel::recommendedSampling), what a panel following the model queues,
    // so a job queued while a model loads gets that model's, not the last one's. Job JSON
    // without the key (written by hand) gets the same. An object naming only some stages
    // takes the others from `steps` / `guidance` as initialised here (Karlo's).
    bool modelSteps = false;
    bool modelGuidance = false;
    // Decoder candidates per picture ("candidates": N) and prior samples per picture
    // ("prior_candidates": N; text jobs only use it). "default", or no key at all, takes
    // the recommendation of the model that runs the job: jobs written before the setting
    // existed get what the model draws best with.
    int candidates = 1;
    bool modelCandidates = true;
    int priorCandidates = 1;
    bool modelPriorCandidates = true;
    // Final resolution, one the model makes (UnclipModel::stageResolutions): 64, 256 or 1024
    // for Karlo and the built-in model; checked against the model by samplingOptionsFor.
    // kModelDefaultSize ("size": "default" in JSON) leaves the choice to the model that runs
    // the job (defaultSizeFor): what a panel queues before the model has told its sizes.
    int size = 256;
};

// CommonJobSettings::size for "the model's default size", written as "size": "default".
inline constexpr int kModelDefaultSize = 0;

struct TextJobSettings {
    CommonJobSettings common;
    QString prompt;
    int count = 1;
    QList<quint64> seeds;  // one per image
};

struct VariationJobSettings {
    CommonJobSettings common;
    QString sourceImage;
    int count = 1;
    QList<quint64> seeds;  // one per image
};

// One row of blends from A to B, all decoded with the same seed (the paper's figure 4).
struct BlendJobSettings {
    CommonJobSettings common;
    QString imageA;
    QString imageB;
    QList<double> thetas;  // 0 is A, 1 is B; one image per theta
    quint64 seed = 0;
};

inline constexpr int kMaxJobCount = 64;
inline constexpr int kMaxStageSteps = 1000;
inline constexpr double kMaxGuidance = 100.0;

// Each throws unclip::Error saying which key was wrong, what it held and what it should hold.
TextJobSettings parseTextJobSettings(const QJsonObject& settings);
VariationJobSettings parseVariationJobSettings(const QJsonObject& settings);
BlendJobSettings parseBlendJobSettings(const QJsonObject& settings);

QJsonObject toJson(const TextJobSettings& settings);
QJsonObject toJson(const VariationJobSettings& settings);
QJsonObject toJson(const BlendJobSettings& settings);

// The sampling keys alone ("steps", "guidance", "candidates", "prior_candidates", "size"),
// as toJson writes them: for the settings widget, which owns these keys but not the model.
void writeSamplingSettings(const CommonJobSettings& common, QJsonObject* obj);

// A seed from a JSON number (an integer in 0..2^53) or a decimal string (0..2^64-1); false
// when `value` is neither (a fraction, a negative number, a number above 2^53, text).
bool seedFromJson(const QJsonValue& value, quint64* seed);
// A number when it is at most 2^53, else a decimal string.
QJsonValue seedToJson(quint64 seed);

// Steps, guidance and how many super-resolution stages to run for `settings.size`, given the
// model's stage resolutions (UnclipModel::stageResolutions: 64, 256, ...) and its
// recommended steps and guidance (for modelSteps / modelGuidance). A size the model
// cannot make is an unclip::Error naming the sizes it can.
// kModelDefaultSize resolves to defaultSizeFor(stageResolutions); explicit sizes are strict.
unclip::SamplingOptions samplingOptionsFor(const CommonJobSettings& settings,
                                           const std::vector<int64_t>& stageResolutions,
                                           const unclip::SamplingOptions& recommended = {});

// The size a job with "size": "default" gets: 256 when the model makes it (Karlo's and the
// built-in model's usual output, quicker than 1024), else the largest it makes. 0 when
// `stageResolutions` is empty.
int defaultSizeFor(const std::vector<int64_t>& stageResolutions);

// The settings that remake an image, from the PNG's `unclip-studio` JSON, else from its
// A1111 `parameters` infotext (files from other tools): prompt, seed (count 1), steps,
// guidance, size and model folder, each when present (defaults otherwise; a file without a
// seed gets a random 32-bit one, as A1111's seed -1 does). std::nullopt
// with `error` set when the bytes are not a PNG or carry no prompt to use.
std::optional<TextJobSettings> settingsFromImageMetadata(const QByteArray& png, QString* error);

}  // namespace unclip::app
