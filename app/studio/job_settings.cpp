#include "app/studio/job_settings.h"

#include <QJsonArray>
#include <QMetaType>
#include <QRandomGenerator>
#include <QStringList>
#include <QVariant>
#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/metadata/generation_parameters.h"
#include "core/metadata/png_metadata.h"

namespace unclip::app {

namespace {

constexpr quint64 kMaxExactDouble = quint64(1) << 53;
constexpr int kMaxFinalSize = 16384;  // no model makes larger pictures
// "size": "default" is kModelDefaultSize; "steps" and "guidance" may say "default" too.
constexpr char kDefaultName[] = "default";

[[noreturn]] void bad(const QString& message) { throw unclip::Error(message.toStdString()); }

QString shown(const QJsonValue& value) {
    switch (value.type()) {
        case QJsonValue::Undefined:
            return QStringLiteral("nothing");
        case QJsonValue::Null:
            return QStringLiteral("null");
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Double:
            return QString::number(value.toDouble(), 'g', 17);
        case QJsonValue::String:
            return QLatin1Char('"') + value.toString() + QLatin1Char('"');
        case QJsonValue::Array:
            return QStringLiteral("an array");
        case QJsonValue::Object:
            return QStringLiteral("an object");
    }
    return QStringLiteral("?");
}

// An integer in [lo, hi] at obj[key] (or obj[key][sub] when `where` names it so).
int integerIn(const QJsonValue& value, const QString& where, int lo, int hi) {
    const double d = value.toDouble(std::numeric_limits<double>::quiet_NaN());
    if (!value.isDouble() || std::floor(d) != d || d < lo || d > hi) {
        bad(QStringLiteral("job settings: \"%1\" must be a whole number from %2 to %3, got %4")
                .arg(where)
                .arg(lo)
                .arg(hi)
                .arg(shown(value)));
    }
    return static_cast<int>(d);
}

enum class Given { Absent, Default, Number };

// obj[key]: a whole number from 1 to `most` (stored in *out) or "default", which means
// `meaning`; anything else is an error naming both forms. Absent leaves *out as it is.
Given numberOrDefault(const QJsonObject& obj, const QString& key, int most, const QString& meaning,
                      int* out) {
    const QJsonValue value = obj.value(key);
    if (value.isUndefined()) return Given::Absent;
    if (value.isString()) {
        if (value.toString() != QLatin1String(kDefaultName)) {
            bad(QStringLiteral("job settings: \"%1\" must be a whole number from 1 to %2 or "
                               "\"%3\" (%4), got %5")
                    .arg(key)
                    .arg(most)
                    .arg(QLatin1String(kDefaultName), meaning, shown(value)));
        }
        return Given::Default;
    }
    *out = integerIn(value, key, 1, most);
    return Given::Number;
}

double numberIn(const QJsonValue& value, const QString& where, double lo, double hi) {
    const double d = value.toDouble(std::numeric_limits<double>::quiet_NaN());
    if (!value.isDouble() || !(d >= lo && d <= hi)) {
        bad(QStringLiteral("job settings: \"%1\" must be a number from %2 to %3, got %4")
                .arg(where)
                .arg(lo)
                .arg(hi)
                .arg(shown(value)));
    }
    return d;
}

QString nonEmptyString(const QJsonObject& obj, const QString& key, const QString& what) {
    const QJsonValue value = obj.value(key);
    if (!value.isString() || value.toString().trimmed().isEmpty()) {
        bad(QStringLiteral("job settings: \"%1\" (%2) must be a non-empty string, got %3")
                .arg(key, what, shown(value)));
    }
    return value.toString();
}

CommonJobSettings parseCommon(const QJsonObject& obj) {
    CommonJobSettings common;
    const QJsonValue model = obj.value(QStringLiteral("model"));
    if (!model.isUndefined() && !model.isNull()) {
        if (!model.isString()) {
            bad(QStringLiteral("job settings: \"model\" must be the model folder as a string, "
                               "got %1")
                    .arg(shown(model)));
        }
        common.model = model.toString();
    }
    // No key at all is the model's as well: a hand-written job that names no steps wants
    // what the model draws best with, not another model's numbers.
    const QJsonValue steps = obj.value(QStringLiteral("steps"));
    if (steps == QJsonValue(QLatin1String(kDefaultName)) || steps.isUndefined()) {
        common.modelSteps = true;
    } else {
        if (!steps.isObject()) {
            bad(QStringLiteral("job settings: \"steps\" must be an object like {\"prior\": 25, "
                               "\"decoder\": 25, \"super_res\": 7} or \"default\" (the "
                               "model's), got %1")
                    .arg(shown(steps)));
        }
        const QJsonObject s = steps.toObject();
        struct {
            const char* key;
            int* out;
        } const fields[] = {{"prior", &common.steps.prior},
                            {"decoder", &common.steps.decoder},
                            {"super_res", &common.steps.superRes}};
        for (const auto& f : fields) {
            const QJsonValue v = s.value(QLatin1String(f.key));
            if (v.isUndefined()) continue;
            *f.out =
                integerIn(v, QStringLiteral("steps.") + QLatin1String(f.key), 1, kMaxStageSteps);
        }
    }
    const QJsonValue guidance = obj.value(QStringLiteral("guidance"));
    if (guidance == QJsonValue(QLatin1String(kDefaultName)) || guidance.isUndefined()) {
        common.modelGuidance = true;
    } else {
        if (!guidance.isObject()) {
            bad(QStringLiteral("job settings: \"guidance\" must be an object like {\"prior\": 4, "
                               "\"decoder\": 8} or \"default\" (the model's), got %1")
                    .arg(shown(guidance)));
        }
        const QJsonObject g = guidance.toObject();
        if (g.contains(QStringLiteral("prior")))
            common.guidance.prior = numberIn(g.value(QStringLiteral("prior")),
                                             QStringLiteral("guidance.prior"), 0.0, kMaxGuidance);
        if (g.contains(QStringLiteral("decoder")))
            common.guidance.decoder =
                numberIn(g.value(QStringLiteral("decoder")), QStringLiteral("guidance.decoder"),
                         0.0, kMaxGuidance);
    }
    // "default" and no key at all (a job from before candidates) both follow the model.
    if (numberOrDefault(obj, QStringLiteral("candidates"), kMaxCandidates,
                        QStringLiteral("the model's"), &common.candidates) == Given::Number)
        common.modelCandidates = false;
    if (numberOrDefault(obj, QStringLiteral("prior_candidates"), kMaxCandidates,
                        QStringLiteral("the model's"), &common.priorCandidates) == Given::Number)
        common.modelPriorCandidates = false;
    // Which sizes exist depends on the model (samplingOptionsFor checks): 64, 256 and 1024
    // for Karlo and the built-in model, 16 and 32 for the test fixtures.
    if (numberOrDefault(obj, QStringLiteral("size"), kMaxFinalSize,
                        QStringLiteral("the model's default size"), &common.size) == Given::Default)
        common.size = kModelDefaultSize;
    return common;
}

void writeCommon(const CommonJobSettings& common, QJsonObject* obj) {
    obj->insert(QStringLiteral("model"), common.model);
    writeSamplingSettings(common, obj);
}

quint64 parseSeed(const QJsonValue& value, const QString& where) {
    quint64 seed = 0;
    if (!seedFromJson(value, &seed)) {
        bad(QStringLiteral("job settings: %1 must be a whole number from 0 to 2^64-1, as a JSON "
                           "number up to 2^53 or a decimal string (\"18446744073709551615\"), "
                           "got %2")
                .arg(where, shown(value)));
    }
    return seed;
}

int parseCount(const QJsonObject& obj) {
    if (!obj.contains(QStringLiteral("count"))) return 1;
    return integerIn(obj.value(QStringLiteral("count")), QStringLiteral("count"), 1, kMaxJobCount);
}

QList<quint64> parseSeeds(const QJsonObject& obj, int count) {
    const QJsonValue value = obj.value(QStringLiteral("seeds"));
    if (!value.isArray()) {
        bad(QStringLiteral("job settings: \"seeds\" must be an array with one seed per image "
                           "(%1), got %2")
                .arg(count)
                .arg(shown(value)));
    }
    const QJsonArray array = value.toArray();
    if (array.size() != count) {
        bad(QStringLiteral("job settings: \"seeds\" holds %1 seed(s) but \"count\" is %2; give "
                           "one seed per image")
                .arg(array.size())
                .arg(count));
    }
    QList<quint64> seeds;
    for (int i = 0; i < array.size(); ++i)
        seeds.append(parseSeed(array.at(i), QStringLiteral("seeds[%1]").arg(i)));
    return seeds;
}

QJsonArray seedsToJson(const QList<quint64>& seeds) {
    QJsonArray array;
    for (quint64 seed : seeds) array.append(seedToJson(seed));
    return array;
}

}  // namespace

void writeSamplingSettings(const CommonJobSettings& common, QJsonObject* obj) {
    if (common.modelSteps)
        obj->insert(QStringLiteral("steps"), QLatin1String(kDefaultName));
    else
        obj->insert(QStringLiteral("steps"),
                    QJsonObject{{QStringLiteral("prior"), common.steps.prior},
                                {QStringLiteral("decoder"), common.steps.decoder},
                                {QStringLiteral("super_res"), common.steps.superRes}});
    if (common.modelGuidance)
        obj->insert(QStringLiteral("guidance"), QLatin1String(kDefaultName));
    else
        obj->insert(QStringLiteral("guidance"),
                    QJsonObject{{QStringLiteral("prior"), common.guidance.prior},
                                {QStringLiteral("decoder"), common.guidance.decoder}});
    if (common.modelCandidates)
        obj->insert(QStringLiteral("candidates"), QLatin1String(kDefaultName));
    else
        obj->insert(QStringLiteral("candidates"), common.candidates);
    if (common.modelPriorCandidates)
        obj->insert(QStringLiteral("prior_candidates"), QLatin1String(kDefaultName));
    else
        obj->insert(QStringLiteral("prior_candidates"), common.priorCandidates);
    if (common.size == kModelDefaultSize)
        obj->insert(QStringLiteral("size"), QLatin1String(kDefaultName));
    else
        obj->insert(QStringLiteral("size"), common.size);
}

bool seedFromJson(const QJsonValue& value, quint64* seed) {
    if (value.isString()) {
        const QString text = value.toString().trimmed();
        // QString::toULongLong would take "+5", " 5" or "0x5"; a seed is plain digits.
        if (text.isEmpty() || text.size() > 20) return false;
        for (QChar c : text)
            if (c < QLatin1Char('0') || c > QLatin1Char('9')) return false;
        bool ok = false;
        const quint64 parsed = text.toULongLong(&ok, 10);
        if (!ok) return false;
        *seed = parsed;
        return true;
    }
    if (!value.isDouble()) return false;
    // Qt 6 keeps integers put in with QJsonValue(qint64) exact: read those without a double.
    const QVariant variant = value.toVariant();
    if (variant.typeId() == QMetaType::LongLong) {
        const qint64 integer = variant.toLongLong();
        if (integer < 0) return false;
        *seed = static_cast<quint64>(integer);
        return true;
    }
    const double d = value.toDouble();
    if (!(d >= 0.0) || std::floor(d) != d || d > double(kMaxExactDouble)) return false;
    *seed = static_cast<quint64>(d);
    return true;
}

QJsonValue seedToJson(quint64 seed) {
    if (seed <= kMaxExactDouble) return QJsonValue(static_cast<qint64>(seed));
    return QJsonValue(QString::number(seed));
}

TextJobSettings parseTextJobSettings(const QJsonObject& settings) {
    TextJobSettings s;
    s.common = parseCommon(settings);
    s.prompt = nonEmptyString(settings, QStringLiteral("prompt"), QStringLiteral("the caption"));
    s.count = parseCount(settings);
    s.seeds = parseSeeds(settings, s.count);
    return s;
}

VariationJobSettings parseVariationJobSettings(const QJsonObject& settings) {
    VariationJobSettings s;
    s.common = parseCommon(settings);
    s.sourceImage = nonEmptyString(settings, QStringLiteral("source_image"),
                                   QStringLiteral("the path of the image to vary"));
    s.count = parseCount(settings);
    s.seeds = parseSeeds(settings, s.count);
    return s;
}

BlendJobSettings parseBlendJobSettings(const QJsonObject& settings) {
    BlendJobSettings s;
    s.common = parseCommon(settings);
    s.imageA = nonEmptyString(settings, QStringLiteral("image_a"),
                              QStringLiteral("the path of the first image"));
    s.imageB = nonEmptyString(settings, QStringLiteral("image_b"),
                              QStringLiteral("the path of the second image"));
    const QJsonValue thetas = settings.value(QStringLiteral("thetas"));
    if (!thetas.isArray() || thetas.toArray().isEmpty() || thetas.toArray().size() > kMaxJobCount) {
        bad(QStringLiteral("job settings: \"thetas\" must be an array of 1 to %1 numbers in 0..1 "
                           "(0 is image A, 1 is image B), got %2")
                .arg(kMaxJobCount)
                .arg(thetas.isArray() ? QStringLiteral("%1 values").arg(thetas.toArray().size())
                                      : shown(thetas)));
    }
    const QJsonArray array = thetas.toArray();
    for (int i = 0; i < array.size(); ++i)
        s.thetas.append(numberIn(array.at(i), QStringLiteral("thetas[%1]").arg(i), 0.0, 1.0));
    if (!settings.contains(QStringLiteral("seed"))) {
        bad(
            QStringLiteral("job settings: \"seed\" is missing; a blend row needs one decoder "
                           "seed shared by all its images"));
    }
    s.seed = parseSeed(settings.value(QStringLiteral("seed")), QStringLiteral("\"seed\""));
    return s;
}

QJsonObject toJson(const TextJobSettings& settings) {
    QJsonObject obj;
    writeCommon(settings.common, &obj);
    obj.insert(QStringLiteral("prompt"), settings.prompt);
    obj.insert(QStringLiteral("count"), settings.count);
    obj.insert(QStringLiteral("seeds"), seedsToJson(settings.seeds));
    return obj;
}

QJsonObject toJson(const VariationJobSettings& settings) {
    QJsonObject obj;
    writeCommon(settings.common, &obj);
    obj.insert(QStringLiteral("source_image"), settings.sourceImage);
    obj.insert(QStringLiteral("count"), settings.count);
    obj.insert(QStringLiteral("seeds"), seedsToJson(settings.seeds));
    return obj;
}

QJsonObject toJson(const BlendJobSettings& settings) {
    QJsonObject obj;
    writeCommon(settings.common, &obj);
    obj.insert(QStringLiteral("image_a"), settings.imageA);
    obj.insert(QStringLiteral("image_b"), settings.imageB);
    QJsonArray thetas;
    for (double t : settings.thetas) thetas.append(t);
    obj.insert(QStringLiteral("thetas"), thetas);
    obj.insert(QStringLiteral("seed"), seedToJson(settings.seed));
    return obj;
}

unclip::SamplingOptions samplingOptionsFor(const CommonJobSettings& settings,
                                           const std::vector<int64_t>& stageResolutions,
                                           const unclip::SamplingOptions& recommended) {
    unclip::SamplingOptions options = recommended;
    if (!settings.modelSteps) {
        options.priorSteps = settings.steps.prior;
        options.decoderSteps = settings.steps.decoder;
        options.superResSteps = settings.steps.superRes;
    }
    if (!settings.modelGuidance) {
        options.priorGuidance = settings.guidance.prior;
        options.decoderGuidance = settings.guidance.decoder;
    }
    if (!settings.modelCandidates) options.decoderCandidates = settings.candidates;
    if (!settings.modelPriorCandidates) options.priorCandidates = settings.priorCandidates;
    const int size =
        settings.size == kModelDefaultSize ? defaultSizeFor(stageResolutions) : settings.size;
    for (size_t i = 0; i < stageResolutions.size(); ++i) {
        if (stageResolutions[i] == size) {
            options.superResStages = static_cast<int>(i);
            return options;
        }
    }
    QStringList sizes;
    for (int64_t r : stageResolutions) sizes.append(QString::number(r));
    if (stageResolutions.empty()) bad(QStringLiteral("this model reports no output sizes"));
    bad(QStringLiteral("this model cannot make %1 px images; it makes %2 px: choose one of those "
                       "sizes")
            .arg(size)
            .arg(sizes.join(QStringLiteral(", "))));
}

int defaultSizeFor(const std::vector<int64_t>& stageResolutions) {
    if (stageResolutions.empty()) return 0;
    for (int64_t r : stageResolutions)
        if (r == 256) return 256;
    return static_cast<int>(*std::max_element(stageResolutions.begin(), stageResolutions.end()));
}

namespace {

// Fields of the `unclip-studio` JSON. Read with nlohmann, which keeps 64-bit seeds exact.
void fromStudioJson(const nlohmann::json& json, TextJobSettings* s) {
    if (json.contains("prompt") && json["prompt"].is_string())
        s->prompt = QString::fromStdString(json["prompt"].get<std::string>());
    if (json.contains("seed") && json["seed"].is_number_unsigned())
        s->seeds = {json["seed"].get<quint64>()};
    quint64 seed = 0;
    if (json.contains("seed") && json["seed"].is_string() &&
        seedFromJson(QJsonValue(QString::fromStdString(json["seed"].get<std::string>())), &seed))
        s->seeds = {seed};
    if (json.contains("model") && json["model"].is_string())
        s->common.model = QString::fromStdString(json["model"].get<std::string>());
    const auto steps = json.find("steps");
    if (steps != json.end() && steps->is_array() && steps->size() == 3 &&
        (*steps)[0].is_number_integer() && (*steps)[1].is_number_integer() &&
        (*steps)[2].is_number_integer()) {
        s->common.steps = {(*steps)[0].get<int>(), (*steps)[1].get<int>(), (*steps)[2].get<int>()};
    }
    const auto guidance = json.find("guidance");
    if (guidance != json.end() && guidance->is_array() && guidance->size() == 2 &&
        (*guidance)[0].is_number() && (*guidance)[1].is_number()) {
        s->common.guidance = {(*guidance)[0].get<double>(), (*guidance)[1].get<double>()};
    }
    if (json.contains("size") && json["size"].is_number_integer())
        s->common.size = json["size"].get<int>();
    // [prior, decoder] for a text picture, the decoder's alone for a variation or blend;
    // a picture from before candidates was drawn once.
    s->common.modelCandidates = s->common.modelPriorCandidates = false;
    s->common.candidates = s->common.priorCandidates = 1;
    if (json.contains("candidates")) {
        const auto& value = json["candidates"];
        const bool both = value.is_array() && value.size() == 2;
        auto take = [](const nlohmann::json& v, int* out) {
            if (v.is_number_integer() && v.get<int>() >= 1 && v.get<int>() <= kMaxCandidates)
                *out = v.get<int>();
        };
        take(both ? value[1] : value, &s->common.candidates);
        if (both) take(value[0], &s->common.priorCandidates);
    }
}

void fromInfotext(const unclip::GenerationParameters& p, TextJobSettings* s) {
    s->prompt = QString::fromStdString(p.prompt);
    auto integer = [&](const char* key, int* out) {
        if (const std::string* v = p.find(key)) {
            bool ok = false;
            const int n = QString::fromStdString(*v).toInt(&ok);
            if (ok && n >= 1 && n <= kMaxStageSteps) *out = n;
        }
    };
    auto number = [&](const char* key, double* out) {
        if (const std::string* v = p.find(key)) {
            bool ok = false;
            const double d = QString::fromStdString(*v).toDouble(&ok);
            if (ok && d >= 0.0 && d <= kMaxGuidance) *out = d;
        }
    };
    integer("Steps", &s->common.steps.decoder);
    integer("Prior steps", &s->common.steps.prior);
    integer("Super-res steps", &s->common.steps.superRes);
    number("CFG scale", &s->common.guidance.decoder);
    number("Prior CFG scale", &s->common.guidance.prior);
    // A picture from another tool, or from before candidates, was drawn once.
    s->common.modelCandidates = s->common.modelPriorCandidates = false;
    s->common.candidates = s->common.priorCandidates = 1;
    auto candidates = [&](const char* key, int* out) {
        if (const std::string* v = p.find(key)) {
            bool ok = false;
            const int k = QString::fromStdString(*v).toInt(&ok);
            if (ok && k >= 1 && k <= kMaxCandidates) *out = k;
        }
    };
    candidates("Candidates", &s->common.candidates);
    candidates("Prior candidates", &s->common.priorCandidates);
    if (const std::string* seed = p.find("Seed")) {
        quint64 value = 0;
        if (seedFromJson(QJsonValue(QString::fromStdString(*seed)), &value)) s->seeds = {value};
    }
    if (const std::string* size = p.find("Size")) {
        // "WxH": the final resolution is square; take the width.
        bool ok = false;
        const int width = QString::fromStdString(*size).section(QLatin1Char('x'), 0, 0).toInt(&ok);
        if (ok) s->common.size = width;
    }
}

}  // namespace

std::optional<TextJobSettings> settingsFromImageMetadata(const QByteArray& png, QString* error) {
    auto fail = [&](const QString& message) -> std::optional<TextJobSettings> {
        if (error) *error = message;
        return std::nullopt;
    };
    unclip::PngMetadata meta;
    try {
        meta = unclip::readMetadata(std::vector<uint8_t>(png.begin(), png.end()));
    } catch (const std::exception& e) {
        return fail(QStringLiteral("not a readable PNG (%1)").arg(QString::fromUtf8(e.what())));
    }
    TextJobSettings s;
    std::string kind;
    // The infotext first (every tool writes it), then the JSON, which is complete and exact.
    if (meta.parameters) fromInfotext(unclip::GenerationParameters::parse(*meta.parameters), &s);
    if (meta.json) {
        const nlohmann::json json = nlohmann::json::parse(*meta.json, nullptr, false);
        if (json.is_object()) {
            fromStudioJson(json, &s);
            if (json.contains("kind") && json["kind"].is_string())
                kind = json["kind"].get<std::string>();
        }
    }
    if (!meta.parameters && !meta.json) {
        return fail(
            QStringLiteral("this PNG carries no generation settings (no \"parameters\" "
                           "or \"unclip-studio\" text chunk)"));
    }
    if (s.prompt.trimmed().isEmpty()) {
        if (kind == "variation" || kind == "blend") {
            return fail(QStringLiteral("this image is a %1 of other pictures and has no prompt; "
                                       "use its seed, or send it to Variation instead")
                            .arg(QString::fromStdString(kind)));
        }
        return fail(QStringLiteral("this PNG's settings hold no prompt"));
    }
    if (s.common.size < 1 || s.common.size > kMaxFinalSize) s.common.size = 256;
    s.count = 1;
    if (s.seeds.isEmpty()) s.seeds = {quint64(QRandomGenerator::global()->generate())};
    return s;
}

}  // namespace unclip::app
