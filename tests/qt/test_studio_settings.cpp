// app/studio without a model: job settings (good input, every kind of bad input, 64-bit
// seeds), settings read back from a PNG's metadata, and AppSettings persistence.
#include <QBuffer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <vector>

#include "app/cli/image_record.h"
#include "app/studio/app_settings.h"
#include "app/studio/job_settings.h"
#include "core/common/error.h"
#include "core/metadata/generation_parameters.h"
#include "core/metadata/png_metadata.h"
#include "flat_png.h"

using namespace unclip::app;

namespace {

constexpr quint64 kMaxSeed = ~quint64(0);
constexpr quint64 kAbove53 = (quint64(1) << 53) + 1;  // the first integer a double loses

QJsonObject goodText() {
    return QJsonDocument::fromJson(R"({"model": "/models/karlo",
        "steps": {"prior": 3, "decoder": 4, "super_res": 5},
        "guidance": {"prior": 2.5, "decoder": 7},
        "size": 64, "prompt": "a red cube", "count": 2, "seeds": [42, "18446744073709551615"]})")
        .object();
}

QJsonObject goodVariation() {
    return QJsonDocument::fromJson(
               R"({"source_image": "/pictures/cat.png", "count": 1, "seeds": ["7"]})")
        .object();
}

QJsonObject goodBlend() {
    return QJsonDocument::fromJson(
               R"({"image_a": "a.png", "image_b": "b.png", "thetas": [0, 0.5, 1], "seed": 9})")
        .object();
}

QJsonObject with(QJsonObject obj, const QString& key, const QJsonValue& value) {
    if (value.isUndefined()) {
        obj.remove(key);
    } else {
        obj.insert(key, value);
    }
    return obj;
}

QJsonValue json(const char* text) {
    return QJsonDocument::fromJson(QByteArray("[") + text + "]").array().at(0);
}

QString errorOf(const std::function<void()>& parse) {
    try {
        parse();
    } catch (const unclip::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return QString();
}

QByteArray pngBytes(int side) { return unclip::test::flatPng(QColor(200, 40, 10), side); }

QByteArray withRecord(const QByteArray& png, const unclip::ImageRecord& record, int side) {
    const auto out =
        unclip::pngWithRecord(std::vector<uint8_t>(png.begin(), png.end()), record, side, side);
    return QByteArray(reinterpret_cast<const char*>(out.data()), qsizetype(out.size()));
}

}  // namespace

class TestStudioSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesText() {
        const TextJobSettings s = parseTextJobSettings(goodText());
        QCOMPARE(s.common.model, QStringLiteral("/models/karlo"));
        QCOMPARE(s.common.steps.prior, 3);
        QCOMPARE(s.common.steps.decoder, 4);
        QCOMPARE(s.common.steps.superRes, 5);
        QCOMPARE(s.common.guidance.prior, 2.5);
        QCOMPARE(s.common.guidance.decoder, 7.0);
        QCOMPARE(s.common.size, 64);
        QCOMPARE(s.prompt, QStringLiteral("a red cube"));
        QCOMPARE(s.count, 2);
        QCOMPARE(s.seeds, (QList<quint64>{42, kMaxSeed}));
    }

    void parsesVariationAndBlendWithDefaults() {
        const VariationJobSettings v = parseVariationJobSettings(goodVariation());
        QCOMPARE(v.sourceImage, QStringLiteral("/pictures/cat.png"));
        QCOMPARE(v.seeds, QList<quint64>{7});
        QCOMPARE(v.common.steps.decoder, 25);  // defaults where a key is absent
        QCOMPARE(v.common.size, 256);
        QVERIFY(v.common.model.isEmpty());
        const BlendJobSettings b = parseBlendJobSettings(goodBlend());
        QCOMPARE(b.imageA, QStringLiteral("a.png"));
        QCOMPARE(b.imageB, QStringLiteral("b.png"));
        QCOMPARE(b.thetas, (QList<double>{0.0, 0.5, 1.0}));
        QCOMPARE(b.seed, quint64(9));
    }

    void seedsAbove2To53RoundTrip() {
        TextJobSettings s;
        s.prompt = QStringLiteral("x");
        s.count = 4;
        s.seeds = {0, quint64(1) << 53, kAbove53, kMaxSeed};
        // Through the object and through JSON text (QJsonDocument reads numbers as doubles).
        const QJsonObject obj = toJson(s);
        QCOMPARE(parseTextJobSettings(obj).seeds, s.seeds);
        const QByteArray text = QJsonDocument(obj).toJson();
        QCOMPARE(parseTextJobSettings(QJsonDocument::fromJson(text).object()).seeds, s.seeds);
        QVERIFY(text.contains("\"9007199254740993\""));  // 2^53 + 1 written as a string

        BlendJobSettings b = parseBlendJobSettings(goodBlend());
        b.seed = kAbove53;
        const QByteArray blendText = QJsonDocument(toJson(b)).toJson();
        QCOMPARE(parseBlendJobSettings(QJsonDocument::fromJson(blendText).object()).seed, kAbove53);

        // An integer held in memory as qint64 (as a panel inserts it) stays exact too.
        QJsonObject inMemory = goodText();
        inMemory.insert(QStringLiteral("count"), 1);
        inMemory.insert(QStringLiteral("seeds"),
                        QJsonArray{QJsonValue(qint64((quint64(1) << 62) + 1))});
        QCOMPARE(parseTextJobSettings(inMemory).seeds.first(), (quint64(1) << 62) + 1);
    }

    void badInputSaysWhatAndHow_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QJsonObject>("settings");
        QTest::addColumn<QString>("expected");
        const QJsonObject t = goodText();
        QTest::newRow("no prompt") << "text" << with(t, "prompt", QJsonValue::Undefined)
                                   << "\"prompt\" (the caption) must be a non-empty string";
        QTest::newRow("blank prompt") << "text" << with(t, "prompt", "  ")
                                      << "\"prompt\" (the caption) must be a non-empty string";
        QTest::newRow("count 0") << "text" << with(t, "count", 0)
                                 << "\"count\" must be a whole number from 1 to 64, got 0";
        QTest::newRow("count 65") << "text" << with(t, "count", 65)
                                  << "\"count\" must be a whole number from 1 to 64, got 65";
        QTest::newRow("count text") << "text" << with(t, "count", "2")
                                    << "\"count\" must be a whole number from 1 to 64, got \"2\"";
        QTest::newRow("seeds short")
            << "text" << with(t, "count", 3) << "\"seeds\" holds 2 seed(s) but \"count\" is 3";
        QTest::newRow("seeds missing") << "text" << with(t, "seeds", QJsonValue::Undefined)
                                       << "\"seeds\" must be an array with one seed per image";
        QTest::newRow("seed negative") << "text" << with(t, "seeds", json("[-1, 2]"))
                                       << "seeds[0] must be a whole number from 0 to 2^64-1";
        QTest::newRow("seed fraction")
            << "text" << with(t, "seeds", json("[1, 2.5]")) << "seeds[1] must be a whole number";
        QTest::newRow("seed above 2^53 as number")
            << "text" << with(t, "seeds", json("[1, 18446744073709551615]"))
            << "as a JSON number up to 2^53 or a decimal string";
        QTest::newRow("seed not digits") << "text" << with(t, "seeds", json("[1, \"0x10\"]"))
                                         << "seeds[1] must be a whole number";
        QTest::newRow("seed too big string")
            << "text" << with(t, "seeds", json("[1, \"18446744073709551616\"]"))
            << "seeds[1] must be a whole number from 0 to 2^64-1";
        QTest::newRow("steps zero") << "text" << with(t, "steps", json("{\"prior\": 0}"))
                                    << "\"steps.prior\" must be a whole number from 1 to 1000";
        QTest::newRow("steps array") << "text" << with(t, "steps", json("[25, 25, 7]"))
                                     << "\"steps\" must be an object like";
        QTest::newRow("guidance text")
            << "text" << with(t, "guidance", json("{\"decoder\": \"8\"}"))
            << "\"guidance.decoder\" must be a number from 0 to 100";
        QTest::newRow("candidates zero") << "text" << with(t, "candidates", 0)
                                         << "\"candidates\" must be a whole number from 1 to 16";
        QTest::newRow("candidates word")
            << "variation" << with(goodVariation(), "candidates", "many")
            << "\"candidates\" must be a whole number from 1 to 16 or \"default\" (the model's)";
        QTest::newRow("size zero")
            << "text" << with(t, "size", 0) << "\"size\" must be a whole number from 1";
        QTest::newRow("model number")
            << "text" << with(t, "model", 3) << "\"model\" must be the model folder as a string";
        QTest::newRow("no source")
            << "variation" << with(goodVariation(), "source_image", QJsonValue::Undefined)
            << "\"source_image\" (the path of the image to vary)";
        QTest::newRow("no image b") << "blend" << with(goodBlend(), "image_b", "")
                                    << "\"image_b\" (the path of the second image)";
        QTest::newRow("theta above 1") << "blend" << with(goodBlend(), "thetas", json("[0, 1.5]"))
                                       << "\"thetas[1]\" must be a number from 0 to 1, got 1.5";
        QTest::newRow("no thetas") << "blend" << with(goodBlend(), "thetas", json("[]"))
                                   << "\"thetas\" must be an array of 1 to 64 numbers in 0..1";
        QTest::newRow("blend no seed")
            << "blend" << with(goodBlend(), "seed", QJsonValue::Undefined)
            << "\"seed\" is missing; a blend row needs one decoder seed";
    }

    void badInputSaysWhatAndHow() {
        QFETCH(QString, kind);
        QFETCH(QJsonObject, settings);
        QFETCH(QString, expected);
        const QString error = errorOf([&] {
            if (kind == QLatin1String("text")) parseTextJobSettings(settings);
            if (kind == QLatin1String("variation")) parseVariationJobSettings(settings);
            if (kind == QLatin1String("blend")) parseBlendJobSettings(settings);
        });
        QVERIFY2(error.contains(expected), qPrintable(QStringLiteral("got: ") + error));
    }

    void sizeMapsToTheModelsStages() {
        CommonJobSettings common;
        common.size = 256;
        common.steps = {3, 4, 5};
        const auto options = samplingOptionsFor(common, {64, 256, 1024});
        QCOMPARE(options.superResStages, 1);
        QCOMPARE(options.priorSteps, int64_t(3));
        QCOMPARE(options.superResSteps, int64_t(5));
        common.size = 64;
        QCOMPARE(samplingOptionsFor(common, {64, 256}).superResStages, 0);
        common.size = 1024;
        const QString error = errorOf([&] { samplingOptionsFor(common, {64, 256}); });
        QVERIFY2(error.contains(QStringLiteral("cannot make 1024 px images; it makes 64, 256 px")),
                 qPrintable(error));
    }

    // "steps" / "guidance": "default" take the recommendation of the model that runs the job
    // (what a panel following the model queues); explicit values win over it.
    void defaultStepsAndGuidanceResolveAgainstTheModel() {
        QJsonObject settings = goodText();
        settings.insert(QStringLiteral("steps"), QStringLiteral("default"));
        settings.insert(QStringLiteral("guidance"), QStringLiteral("default"));
        const TextJobSettings s = parseTextJobSettings(settings);
        QVERIFY(s.common.modelSteps && s.common.modelGuidance);
        QCOMPARE(toJson(s).value(QStringLiteral("guidance")).toString(), QStringLiteral("default"));
        QVERIFY(parseTextJobSettings(toJson(s)).common.modelSteps);
        unclip::SamplingOptions recommended;
        recommended.priorGuidance = 2.0;
        recommended.decoderGuidance = 4.0;
        recommended.decoderSteps = 12;
        auto options = samplingOptionsFor(s.common, {64, 256}, recommended);
        QCOMPARE(options.priorGuidance, 2.0);
        QCOMPARE(options.decoderGuidance, 4.0);
        QCOMPARE(options.decoderSteps, int64_t(12));

        const TextJobSettings explicitly = parseTextJobSettings(goodText());
        options = samplingOptionsFor(explicitly.common, {64, 256}, recommended);
        QCOMPARE(options.decoderGuidance, explicitly.common.guidance.decoder);
        QCOMPARE(options.decoderSteps, int64_t(explicitly.common.steps.decoder));

        // Candidates: "default" or no key at all follow the model; a number is a choice.
        recommended.decoderCandidates = 4;
        QCOMPARE(samplingOptionsFor(explicitly.common, {64}, recommended).decoderCandidates,
                 int64_t(4));
        settings.insert(QStringLiteral("candidates"), QStringLiteral("default"));
        const TextJobSettings following = parseTextJobSettings(settings);
        QVERIFY(following.common.modelCandidates);
        QCOMPARE(toJson(following).value(QStringLiteral("candidates")).toString(),
                 QStringLiteral("default"));
        settings.insert(QStringLiteral("candidates"), 2);
        const TextJobSettings two = parseTextJobSettings(settings);
        QCOMPARE(samplingOptionsFor(two.common, {64}, recommended).decoderCandidates, int64_t(2));
        QCOMPARE(toJson(two).value(QStringLiteral("candidates")).toInt(), 2);
        // The prior's candidates likewise, under their own key.
        recommended.priorCandidates = 2;
        QVERIFY(two.common.modelPriorCandidates);
        QCOMPARE(samplingOptionsFor(two.common, {64}, recommended).priorCandidates, int64_t(2));
        QCOMPARE(toJson(two).value(QStringLiteral("prior_candidates")).toString(),
                 QStringLiteral("default"));
        settings.insert(QStringLiteral("prior_candidates"), 3);
        const TextJobSettings three = parseTextJobSettings(settings);
        QCOMPARE(samplingOptionsFor(three.common, {64}, recommended).priorCandidates, int64_t(3));
        QCOMPARE(samplingOptionsFor(three.common, {64}, recommended).decoderCandidates, int64_t(2));
        QCOMPARE(toJson(three).value(QStringLiteral("prior_candidates")).toInt(), 3);
        settings.insert(QStringLiteral("prior_candidates"), 17);
        QVERIFY(errorOf([&] { parseTextJobSettings(settings); })
                    .contains(QStringLiteral("\"prior_candidates\" must be a whole number from 1 "
                                             "to 16")));
        settings.remove(QStringLiteral("prior_candidates"));

        // A job written by hand without steps or guidance draws as the model recommends,
        // like one that says "default".
        QJsonObject bare = goodText();
        bare.remove(QStringLiteral("steps"));
        bare.remove(QStringLiteral("guidance"));
        const TextJobSettings handWritten = parseTextJobSettings(bare);
        QVERIFY(handWritten.common.modelSteps && handWritten.common.modelGuidance);
        options = samplingOptionsFor(handWritten.common, {64}, recommended);
        QCOMPARE(options.decoderSteps, int64_t(12));
        QCOMPARE(options.decoderGuidance, 4.0);

        settings.insert(QStringLiteral("guidance"), QStringLiteral("model"));
        const QString word = errorOf([&] { parseTextJobSettings(settings); });
        QVERIFY2(word.contains(QStringLiteral("or \"default\" (the model's), got \"model\"")),
                 qPrintable(word));
    }

    void defaultSizeResolvesAgainstTheModel() {
        QJsonObject settings = goodText();
        settings.insert(QStringLiteral("size"), QStringLiteral("default"));
        const TextJobSettings s = parseTextJobSettings(settings);
        QCOMPARE(s.common.size, kModelDefaultSize);
        QCOMPARE(toJson(s).value(QStringLiteral("size")).toString(), QStringLiteral("default"));
        QCOMPARE(parseTextJobSettings(toJson(s)).common.size, kModelDefaultSize);

        // 256 when the model makes it, else its largest.
        QCOMPARE(defaultSizeFor({64, 256, 1024}), 256);
        QCOMPARE(defaultSizeFor({16, 32}), 32);
        QCOMPARE(defaultSizeFor({64}), 64);
        QCOMPARE(samplingOptionsFor(s.common, {64, 256, 1024}).superResStages, 1);
        QCOMPARE(samplingOptionsFor(s.common, {16, 32}).superResStages, 1);
        QCOMPARE(samplingOptionsFor(s.common, {64}).superResStages, 0);

        // Explicit sizes stay strict; other words are refused.
        CommonJobSettings explicitSize = s.common;
        explicitSize.size = 256;
        const QString strict = errorOf([&] { samplingOptionsFor(explicitSize, {16, 32}); });
        QVERIFY2(strict.contains(QStringLiteral("cannot make 256 px images; it makes 16, 32 px")),
                 qPrintable(strict));
        settings.insert(QStringLiteral("size"), QStringLiteral("largest"));
        const QString word = errorOf([&] { parseTextJobSettings(settings); });
        QVERIFY2(word.contains(QStringLiteral("or \"default\" (the model's default size), got "
                                              "\"largest\"")),
                 qPrintable(word));
    }

    void settingsFromStudioMetadata() {
        const std::string prompt = "ein Fuchs im Schnee, 狐狸 — ü\nzweite Zeile: \"quoted\"";
        unclip::SamplingOptions g;
        g.priorSteps = 3;
        g.decoderSteps = 4;
        g.superResSteps = 5;
        g.priorGuidance = 2.5;
        g.decoderGuidance = 7.25;
        g.decoderCandidates = 3;
        g.priorCandidates = 2;
        const auto record = unclip::textImageRecord(prompt, kMaxSeed, g, "/models/karlo", 64);
        QString error;
        const auto s = settingsFromImageMetadata(withRecord(pngBytes(64), record, 64), &error);
        QVERIFY2(s.has_value(), qPrintable(error));
        QCOMPARE(s->prompt, QString::fromStdString(prompt));
        QCOMPARE(s->seeds, QList<quint64>{kMaxSeed});
        QCOMPARE(s->count, 1);
        QCOMPARE(s->common.model, QStringLiteral("/models/karlo"));
        QCOMPARE(s->common.steps.prior, 3);
        QCOMPARE(s->common.steps.decoder, 4);
        QCOMPARE(s->common.steps.superRes, 5);
        QCOMPARE(s->common.guidance.prior, 2.5);
        QCOMPARE(s->common.guidance.decoder, 7.25);
        QCOMPARE(s->common.size, 64);
        QVERIFY(!s->common.modelCandidates);  // the picture was drawn best of 3
        QCOMPARE(s->common.candidates, 3);
        QVERIFY(!s->common.modelPriorCandidates);  // and the prior's best of 2
        QCOMPARE(s->common.priorCandidates, 2);
        QCOMPARE(parseTextJobSettings(toJson(*s)).common.priorCandidates, 2);
        // The infotext alone (a site that kept only the `parameters` chunk) says as much.
        const QByteArray png = pngBytes(16);
        const unclip::GenerationParameters infotext{record.prompt, record.negativePrompt,
                                                    record.settings};
        const auto infotextOnly = unclip::addMetadata(std::vector<uint8_t>(png.begin(), png.end()),
                                                      infotext.format(), "");
        const auto fromInfotext =
            settingsFromImageMetadata(QByteArray(reinterpret_cast<const char*>(infotextOnly.data()),
                                                 qsizetype(infotextOnly.size())),
                                      &error);
        QVERIFY2(fromInfotext.has_value(), qPrintable(error));
        QCOMPARE(fromInfotext->common.candidates, 3);
        QCOMPARE(fromInfotext->common.priorCandidates, 2);
        // And what comes back is a valid job again.
        QCOMPARE(parseTextJobSettings(toJson(*s)).prompt, QString::fromStdString(prompt));
    }

    void settingsFromA1111Infotext() {
        // A file from another tool: only the `parameters` chunk.
        unclip::GenerationParameters p{"a cat\nin a hat, ünïcode ✓",
                                       "blurry",
                                       {{"Steps", "30"},
                                        {"Sampler", "DPM++ 2M"},
                                        {"CFG scale", "6.5"},
                                        {"Seed", "9007199254740993"},
                                        {"Size", "256x256"}}};
        const QByteArray png = pngBytes(16);
        const auto bytes =
            unclip::addMetadata(std::vector<uint8_t>(png.begin(), png.end()), p.format(), "");
        QString error;
        const auto s = settingsFromImageMetadata(
            QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size())),
            &error);
        QVERIFY2(s.has_value(), qPrintable(error));
        QCOMPARE(s->prompt, QStringLiteral("a cat\nin a hat, ünïcode ✓"));
        QCOMPARE(s->seeds, QList<quint64>{kAbove53});
        QCOMPARE(s->common.steps.decoder, 30);
        QCOMPARE(s->common.guidance.decoder, 6.5);
        QCOMPARE(s->common.size, 256);
        QVERIFY(s->common.model.isEmpty());
        QVERIFY(!s->common.modelCandidates);  // another tool drew it once
        QCOMPARE(s->common.candidates, 1);
        QVERIFY(!s->common.modelPriorCandidates);
        QCOMPARE(s->common.priorCandidates, 1);
    }

    void settingsFromMetadataRefusals() {
        QString error;
        QVERIFY(!settingsFromImageMetadata(QByteArray("not a png"), &error).has_value());
        QVERIFY2(error.contains(QStringLiteral("not a readable PNG")), qPrintable(error));
        QVERIFY(!settingsFromImageMetadata(pngBytes(8), &error).has_value());
        QVERIFY2(error.contains(QStringLiteral("carries no generation settings")),
                 qPrintable(error));
        const auto variation = unclip::decoderImageRecord("variation", 5, {}, "/m", {});
        QVERIFY(!settingsFromImageMetadata(withRecord(pngBytes(8), variation, 8), &error));
        QVERIFY2(error.contains(QStringLiteral("is a variation of other pictures")),
                 qPrintable(error));
    }

    void appSettingsPersist() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString ini = dir.filePath(QStringLiteral("settings.ini"));
        {
            AppSettings s(ini);
            QCOMPARE(s.device(), QStringLiteral("auto"));
            QCOMPARE(s.precision(), QStringLiteral("auto"));
            QCOMPARE(s.theme(), QStringLiteral("system"));
            QCOMPARE(s.outputsDir(), AppSettings::defaultOutputsDir());
            QVERIFY(!AppSettings::defaultOutputsDir().isEmpty());
            s.setModelFolder(QStringLiteral("/models/kärlo"));
            s.setDevice(QStringLiteral("cuda:1"));
            s.setPrecision(QStringLiteral("bfloat16"));
            s.setOutputsDir(dir.filePath(QStringLiteral("out")));
            s.setPanelValues(QStringLiteral("text"),
                             QJsonObject{{QStringLiteral("prompt"), QStringLiteral("猫\nline")},
                                         {QStringLiteral("count"), 3}});
            s.setWindowGeometry(QByteArray("\x01\x02\x00\xff", 4));
            s.setWindowState(QByteArray("state"));
            s.setTheme(QStringLiteral("dark"));
            s.setLanguage(QStringLiteral("pt_BR"));
            s.sync();
        }
        AppSettings s(ini);
        QCOMPARE(s.modelFolder(), QStringLiteral("/models/kärlo"));
        QCOMPARE(s.device(), QStringLiteral("cuda:1"));
        QCOMPARE(s.precision(), QStringLiteral("bfloat16"));
        QCOMPARE(s.outputsDir(), dir.filePath(QStringLiteral("out")));
        const QJsonObject panel = s.panelValues(QStringLiteral("text"));
        QCOMPARE(panel.value(QStringLiteral("prompt")).toString(), QStringLiteral("猫\nline"));
        QCOMPARE(panel.value(QStringLiteral("count")).toInt(), 3);
        QVERIFY(s.panelValues(QStringLiteral("blend")).isEmpty());
        QCOMPARE(s.windowGeometry(), QByteArray("\x01\x02\x00\xff", 4));
        QCOMPARE(s.windowState(), QByteArray("state"));
        QCOMPARE(s.theme(), QStringLiteral("dark"));
        QCOMPARE(s.language(), QStringLiteral("pt_BR"));
        // Values outside the choices fall back instead of reaching the app.
        s.setTheme(QStringLiteral("purple"));
        s.setDevice(QStringLiteral("tpu"));
        QCOMPARE(s.theme(), QStringLiteral("system"));
        QCOMPARE(s.device(), QStringLiteral("auto"));
    }
};

QTEST_GUILESS_MAIN(TestStudioSettings)
#include "test_studio_settings.moc"
