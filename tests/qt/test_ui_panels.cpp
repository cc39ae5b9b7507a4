// The panels' input handling: drops (image files, gallery items, image data, non-images),
// settings restored from a dropped PNG, the seed modes, and Ctrl+Enter queueing a job.
#include <QBuffer>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDropEvent>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include "app/jobs/job_queue.h"
#include "app/studio/job_settings.h"
#include "core/metadata/png_metadata.h"
#include "flat_png.h"
#include "ui/blend_panel.h"
#include "ui/generation_settings_widget.h"
#include "ui/image_drop_zone.h"
#include "ui/mime_types.h"
#include "ui/prompt_panel.h"
#include "ui/queue_view.h"
#include "ui/seed_control.h"
#include "ui/variation_panel.h"

using namespace unclip::ui;
using unclip::app::JobKind;
using unclip::app::JobSpec;

Q_DECLARE_METATYPE(unclip::app::JobSpec)

namespace {

QByteArray pngBytes(const QColor& color) { return unclip::test::flatPng(color); }

QString writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) return {};
    return path;
}

// Sends a drag-enter and a drop of `mime` onto `target`, as a drag from outside would.
// Returns whether the drop was accepted.
bool dropOnto(QWidget* target, QMimeData* mime) {
    const QPointF at(target->width() / 2.0, target->height() / 2.0);
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted()) return false;
    QDropEvent drop(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

QMimeData* urlMime(const QString& path) {
    auto* mime = new QMimeData;
    mime->setUrls({QUrl::fromLocalFile(path)});
    return mime;
}

JobSpec lastJob(const QSignalSpy& spy) { return spy.last().at(0).value<JobSpec>(); }

}  // namespace

class TestUiPanels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        qRegisterMetaType<JobSpec>();
        QVERIFY(m_dir.isValid());
        m_png = writeFile(m_dir.filePath(QStringLiteral("plain.png")), pngBytes(Qt::red));
        m_text = writeFile(m_dir.filePath(QStringLiteral("notes.txt")), "not an image\n");
        m_fakePng = writeFile(m_dir.filePath(QStringLiteral("fake.png")), "text in disguise");
        QVERIFY(!m_png.isEmpty() && !m_text.isEmpty() && !m_fakePng.isEmpty());
    }

    void seedModesGiveTheRightLists() {
        QRandomGenerator random(7);
        QCOMPARE(seedsFor(SeedMode::Fixed, 3000000000u, 3, &random),
                 (QList<quint32>{3000000000u, 3000000000u, 3000000000u}));
        QCOMPARE(seedsFor(SeedMode::Increment, 4294967294u, 3, &random),
                 (QList<quint32>{4294967294u, 4294967295u, 0u}));
        QRandomGenerator same(7);
        const QList<quint32> randoms = seedsFor(SeedMode::Random, 5, 4, &random);
        QCOMPARE(randoms, (QList<quint32>{same.generate(), same.generate(), same.generate(),
                                          same.generate()}));
        QVERIFY(randoms.at(0) != randoms.at(1));
        QCOMPARE(seedsToJson({4294967295u, 1u}),
                 (QJsonArray{QStringLiteral("4294967295"), QStringLiteral("1")}));
    }

    void seedControlAdvancesAsItsModeSays() {
        SeedControl control;
        control.seedEdit()->clear();
        QTest::keyClicks(control.seedEdit(), QStringLiteral("4294967296"));  // 2^32: refused
        QCOMPARE(control.seedEdit()->text(), QStringLiteral("429496729"));
        control.setSeed(3000000000u);
        QCOMPARE(control.seed(), 3000000000u);

        control.setMode(SeedMode::Fixed);
        QCOMPARE(control.takeSeeds(2), (QList<quint32>{3000000000u, 3000000000u}));
        QCOMPARE(control.seed(), 3000000000u);

        control.setMode(SeedMode::Increment);
        QCOMPARE(control.takeSeeds(3), (QList<quint32>{3000000000u, 3000000001u, 3000000002u}));
        QCOMPARE(control.seed(), 3000000003u);

        control.setMode(SeedMode::Random);
        const QList<quint32> seeds = control.takeSeeds(3);
        QCOMPARE(seeds.size(), 3);
        QCOMPARE(control.seed(), seeds.first());
        QCOMPARE(control.modeBox()->count(), 3);
    }

    void ctrlEnterQueuesTheExpectedJob() {
        PromptPanel panel;
        panel.setModelFolder(QStringLiteral("/models/shapes"));
        panel.setResolutions({64, 256});
        panel.show();
        panel.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        QSignalSpy spy(&panel, &PromptPanel::jobRequested);

        panel.promptEdit()->setFocus();
        QTest::keyClicks(panel.promptEdit(), QStringLiteral("a red circle"));
        panel.countBox()->setValue(2);
        panel.seedControl()->setSeed(3000000000u);
        panel.seedControl()->setMode(SeedMode::Increment);
        panel.advanced()->priorSteps()->setValue(10);
        panel.advanced()->decoderSteps()->setValue(12);
        panel.advanced()->superResSteps()->setValue(3);
        panel.advanced()->priorGuidance()->setValue(2.5);
        panel.advanced()->decoderGuidance()->setValue(6.0);
        panel.advanced()->candidates()->setValue(3);
        panel.advanced()->priorCandidates()->setValue(2);
        panel.advanced()->sizeBox()->setCurrentIndex(panel.advanced()->sizeBox()->findData(64));

        QTest::keyClick(panel.promptEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(spy.count(), 1);
        const JobSpec job = lastJob(spy);
        QCOMPARE(job.kind, JobKind::Text);
        QCOMPARE(job.title, QStringLiteral("a red circle"));
        const QJsonObject expected{
            {"model", "/models/shapes"},
            {"steps", QJsonObject{{"prior", 10}, {"decoder", 12}, {"super_res", 3}}},
            {"guidance", QJsonObject{{"prior", 2.5}, {"decoder", 6.0}}},
            {"candidates", 3},
            {"prior_candidates", 2},
            {"size", 64},
            {"prompt", "a red circle"},
            {"count", 2},
            {"seeds", QJsonArray{"3000000000", "3000000001"}}};
        QCOMPARE(QJsonDocument(job.settings).toJson(), QJsonDocument(expected).toJson());
        QCOMPARE(panel.promptEdit()->toPlainText(), QStringLiteral("a red circle"));  // no newline
        QCOMPARE(panel.seedControl()->seed(), 3000000002u);

        // A second Ctrl+Enter continues the seeds; an empty prompt queues nothing.
        QTest::keyClick(panel.promptEdit(), Qt::Key_Enter, Qt::ControlModifier);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(lastJob(spy).settings.value("seeds").toArray(),
                 (QJsonArray{"3000000002", "3000000003"}));
        QSignalSpy status(&panel, &PromptPanel::statusMessage);
        panel.promptEdit()->clear();
        QTest::keyClick(panel.promptEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(status.count(), 1);
    }

    // Until the model has told its sizes only "Model default" is offered, so a job queued
    // while it loads never names a size the model cannot make; a size chosen by hand (or
    // restored) comes back whenever a model offers it.
    void sizeComboFollowsTheModel() {
        PromptPanel panel;
        panel.setPrompt(QStringLiteral("a cube"));
        QComboBox* box = panel.advanced()->sizeBox();
        QCOMPARE(box->count(), 1);
        QCOMPARE(panel.advanced()->size(), unclip::app::kModelDefaultSize);
        QCOMPARE(panel.takeJob().settings.value("size").toString(), QStringLiteral("default"));
        QCOMPARE(unclip::app::parseTextJobSettings(panel.takeJob().settings).common.size,
                 unclip::app::kModelDefaultSize);

        panel.setResolutions({16, 32});  // the model has loaded
        QCOMPARE(panel.advanced()->resolutions(), (QList<int>{16, 32}));
        QVERIFY2(box->itemText(0).contains(QStringLiteral("32")), qPrintable(box->itemText(0)));
        QCOMPARE(panel.advanced()->size(), unclip::app::kModelDefaultSize);
        box->setCurrentIndex(box->findData(16));
        QCOMPARE(panel.takeJob().settings.value("size").toInt(), 16);

        panel.setResolutions({});  // another model is loading
        QCOMPARE(box->count(), 1);
        QCOMPARE(panel.takeJob().settings.value("size").toString(), QStringLiteral("default"));
        panel.setResolutions({64, 256, 1024});  // it cannot make 16: its default
        QCOMPARE(panel.advanced()->size(), unclip::app::kModelDefaultSize);
        QVERIFY2(box->itemText(0).contains(QStringLiteral("256")), qPrintable(box->itemText(0)));
        panel.setResolutions({16, 32});  // back: the hand-picked 16 again
        QCOMPARE(panel.advanced()->size(), 16);

        // Saved values restored before any model has loaded take effect once it has.
        PromptPanel restored;
        restored.restoreValues(QJsonObject{{"prompt", "x"}, {"size", 32}});
        QCOMPARE(restored.advanced()->size(), unclip::app::kModelDefaultSize);
        restored.setResolutions({16, 32});
        QCOMPARE(restored.advanced()->size(), 32);
        QCOMPARE(restored.values().value("size").toInt(), 32);
    }

    // Steps and guidance follow the loaded model's recommendation until one is changed by
    // hand or restored from a picture; the button follows it again, and the saved
    // panel values remember which it is.
    void advancedSettingsFollowTheModel() {
        using unclip::app::SamplingDefaults;
        const SamplingDefaults shapes{{20, 30, 5}, {3.0, 4.0}, 4, 2};
        const SamplingDefaults karlo;
        PromptPanel panel;
        panel.setPrompt(QStringLiteral("a cube"));
        GenerationSettingsWidget* advanced = panel.advanced();
        QVERIFY(advanced->followsModel());
        QVERIFY(!advanced->modelDefaultsButton()->isEnabled());
        panel.setModelDefaults(shapes);
        QCOMPARE(advanced->decoderSteps()->value(), 30);
        QCOMPARE(advanced->priorGuidance()->value(), 3.0);
        QCOMPARE(advanced->candidates()->value(), 4);
        QCOMPARE(advanced->priorCandidates()->value(), 2);
        // The job leaves them to the model that runs it (another may be loading).
        const QJsonObject following = panel.takeJob().settings;
        QCOMPARE(following.value("steps").toString(), QStringLiteral("default"));
        QCOMPARE(following.value("guidance").toString(), QStringLiteral("default"));
        QCOMPARE(following.value("candidates").toString(), QStringLiteral("default"));
        QCOMPARE(following.value("prior_candidates").toString(), QStringLiteral("default"));
        const auto common = unclip::app::parseTextJobSettings(following).common;
        unclip::SamplingOptions recommended;
        recommended.decoderGuidance = 2.5;
        recommended.decoderSteps = 9;
        recommended.decoderCandidates = 3;
        recommended.priorCandidates = 2;
        const auto options = unclip::app::samplingOptionsFor(common, {64}, recommended);
        QCOMPARE(options.priorCandidates, int64_t(2));
        QCOMPARE(options.decoderGuidance, 2.5);
        QCOMPARE(options.decoderSteps, int64_t(9));
        QCOMPARE(options.decoderCandidates, int64_t(3));

        advanced->decoderGuidance()->setValue(6.0);  // by hand
        QVERIFY(!advanced->followsModel());
        QVERIFY(advanced->modelDefaultsButton()->isEnabled());
        QCOMPARE(panel.takeJob().settings.value("guidance").toObject().value("decoder").toDouble(),
                 6.0);
        panel.setModelDefaults(karlo);  // Karlo loads: nothing moves
        QCOMPARE(advanced->decoderGuidance()->value(), 6.0);
        QCOMPARE(advanced->decoderSteps()->value(), 30);
        QCOMPARE(advanced->candidates()->value(), 4);
        QCOMPARE(panel.takeJob().settings.value("candidates").toInt(), 4);
        advanced->modelDefaultsButton()->click();
        QVERIFY(advanced->followsModel());
        QCOMPARE(advanced->decoderGuidance()->value(), 8.0);
        QCOMPARE(advanced->decoderSteps()->value(), 25);
        QCOMPARE(advanced->candidates()->value(), 1);
        QCOMPARE(advanced->priorCandidates()->value(), 1);
        advanced->candidates()->setValue(2);  // candidates by hand are a choice too
        QVERIFY(!advanced->followsModel());
        advanced->modelDefaultsButton()->click();
        advanced->priorCandidates()->setValue(3);  // and so are the prior's
        QVERIFY(!advanced->followsModel());
        QCOMPARE(panel.takeJob().settings.value("prior_candidates").toInt(), 3);
        advanced->modelDefaultsButton()->click();

        PromptPanel restored;  // restored while following: the next model's defaults apply
        restored.restoreValues(panel.values());
        restored.setModelDefaults(shapes);
        QCOMPARE(restored.advanced()->priorGuidance()->value(), 3.0);
        advanced->priorSteps()->setValue(11);
        PromptPanel kept;  // restored after a change by hand: kept
        kept.restoreValues(panel.values());
        kept.setModelDefaults(shapes);
        QCOMPARE(kept.advanced()->priorSteps()->value(), 11);
        QCOMPARE(kept.advanced()->decoderGuidance()->value(), 8.0);

        // Settings taken from a picture are an explicit choice; a job's "default" is not.
        restored.applySettings(QJsonObject{
            {"prompt", "x"}, {"guidance", QJsonObject{{"prior", 2.0}, {"decoder", 5.0}}}});
        QVERIFY(!restored.advanced()->followsModel());
        restored.setModelDefaults(karlo);
        QCOMPARE(restored.advanced()->decoderGuidance()->value(), 5.0);
        restored.applySettings(following);
        QVERIFY(restored.advanced()->followsModel());
        QCOMPARE(restored.advanced()->decoderGuidance()->value(), 8.0);

        // The variation panel's up-front guidance box is the same setting.
        VariationPanel variation;
        variation.setModelDefaults(shapes);
        QCOMPARE(variation.guidanceBox()->value(), 4.0);
        variation.guidanceBox()->setValue(5.5);
        QVERIFY(!variation.advanced()->followsModel());
        variation.setModelDefaults(karlo);
        QCOMPARE(variation.guidanceBox()->value(), 5.5);
        variation.advanced()->modelDefaultsButton()->click();
        QCOMPARE(variation.guidanceBox()->value(), 8.0);
    }

    void droppedPngRestoresPromptSettings() {
        const std::string infotext =
            "a blue square\nbelow a circle\nNegative prompt: \nSteps: 30, Sampler: unCLIP DDPM, "
            "CFG scale: 6.5, Seed: 3000000001, Prior steps: 11, Prior CFG scale: 3.5, "
            "Super-res steps: 4, Size: 64x64, Model: shapes";
        const QByteArray plain = pngBytes(Qt::blue);
        const std::vector<uint8_t> withMeta = unclip::addMetadata(
            std::vector<uint8_t>(plain.begin(), plain.end()), infotext, std::string());
        const QString path = writeFile(
            m_dir.filePath(QStringLiteral("a1111.png")),
            QByteArray(reinterpret_cast<const char*>(withMeta.data()), qsizetype(withMeta.size())));
        QVERIFY(!path.isEmpty());

        PromptPanel panel;
        panel.setResolutions({64, 256});
        panel.seedControl()->setMode(SeedMode::Random);
        QSignalSpy status(&panel, &PromptPanel::statusMessage);
        QVERIFY(dropOnto(&panel, urlMime(path)));
        QCOMPARE(panel.prompt(), QStringLiteral("a blue square\nbelow a circle"));
        QCOMPARE(panel.seedControl()->seed(), 3000000001u);
        QCOMPARE(panel.seedControl()->mode(), SeedMode::Fixed);
        QCOMPARE(panel.advanced()->decoderSteps()->value(), 30);
        QCOMPARE(panel.advanced()->priorSteps()->value(), 11);
        QCOMPARE(panel.advanced()->superResSteps()->value(), 4);
        QCOMPARE(panel.advanced()->decoderGuidance()->value(), 6.5);
        QCOMPARE(panel.advanced()->priorGuidance()->value(), 3.5);
        QCOMPARE(panel.advanced()->sizeBox()->currentData().toInt(), 64);
        QCOMPARE(status.count(), 1);

        // The same PNG dropped into the prompt box itself is read, not pasted as a URL.
        panel.setPrompt(QStringLiteral("something else"));
        panel.resize(400, 400);
        auto* mime = urlMime(path);
        QVERIFY(dropOnto(panel.promptEdit()->viewport(), mime));
        QCOMPARE(panel.prompt(), QStringLiteral("a blue square\nbelow a circle"));
    }

    void pngWithoutParametersIsReported() {
        PromptPanel panel;
        panel.setPrompt(QStringLiteral("keep me"));
        QSignalSpy status(&panel, &PromptPanel::statusMessage);
        dropOnto(&panel, urlMime(m_png));
        QCOMPARE(panel.prompt(), QStringLiteral("keep me"));
        QCOMPARE(status.count(), 1);
        QVERIFY2(status.last().at(0).toString().contains(QStringLiteral("plain.png")),
                 qPrintable(status.last().at(0).toString()));
        dropOnto(&panel, urlMime(m_text));
        QCOMPARE(status.count(), 2);
        QCOMPARE(panel.prompt(), QStringLiteral("keep me"));
    }

    void variationPanelTakesImagesAndRefusesOthers() {
        VariationPanel panel;
        panel.setOutputsDir(m_dir.filePath(QStringLiteral("outputs")));
        QSignalSpy rejected(panel.dropZone(), &ImageDropZone::rejected);

        QVERIFY(!dropOnto(panel.dropZone(), urlMime(m_text)));
        QCOMPARE(rejected.count(), 1);
        QVERIFY(rejected.last().at(0).toString().contains(QStringLiteral("notes.txt")));
        QVERIFY(!panel.errorLabel()->isHidden());
        QVERIFY(panel.dropZone()->imagePath().isEmpty());
        QVERIFY(!dropOnto(panel.dropZone(), urlMime(m_fakePng)));  // the content counts
        QCOMPARE(rejected.count(), 2);
        auto* web = new QMimeData;
        web->setUrls({QUrl(QStringLiteral("https://example.com/cat.png"))});
        QVERIFY(!dropOnto(panel.dropZone(), web));
        QCOMPARE(rejected.count(), 3);
        auto* words = new QMimeData;
        words->setText(QStringLiteral("hello"));
        QVERIFY(!dropOnto(panel.dropZone(), words));  // not even offered

        QVERIFY(dropOnto(panel.dropZone(), urlMime(m_png)));
        QCOMPARE(panel.dropZone()->imagePath(), m_png);
        QVERIFY(panel.errorLabel()->isHidden());

        QSignalSpy spy(&panel, &VariationPanel::jobRequested);
        panel.seedControl()->setSeed(2147483648u);  // 2^31
        panel.seedControl()->setMode(SeedMode::Fixed);
        panel.countBox()->setValue(2);
        panel.guidanceBox()->setValue(5.5);
        panel.generateButton()->click();
        QCOMPARE(spy.count(), 1);
        const JobSpec job = lastJob(spy);
        QCOMPARE(job.kind, JobKind::Variation);
        QCOMPARE(job.settings.value("source_image").toString(), m_png);
        QCOMPARE(job.settings.value("count").toInt(), 2);
        QCOMPARE(job.settings.value("seeds").toArray(), (QJsonArray{"2147483648", "2147483648"}));
        QCOMPARE(job.settings.value("guidance").toObject().value("decoder").toDouble(), 5.5);

        // Image data (a browser drag, the clipboard) is saved under <outputs>/inputs first.
        auto* data = new QMimeData;
        QImage green(8, 8, QImage::Format_RGB32);
        green.fill(Qt::green);
        data->setImageData(green);
        QVERIFY(dropOnto(panel.dropZone(), data));
        const QString saved = panel.dropZone()->imagePath();
        QVERIFY2(saved.startsWith(m_dir.filePath(QStringLiteral("outputs/inputs/"))),
                 qPrintable(saved));
        QCOMPARE(QImage(saved).pixelColor(0, 0), QColor(Qt::green));

        // A gallery item carries its path under the app's own type.
        auto* item = new QMimeData;
        item->setData(QLatin1String(kGalleryItemMimeType), m_png.toUtf8());
        QVERIFY(dropOnto(panel.dropZone(), item));
        QCOMPARE(panel.dropZone()->imagePath(), m_png);
    }

    void variationWithoutSourceQueuesNothing() {
        VariationPanel panel;
        QSignalSpy spy(&panel, &VariationPanel::jobRequested);
        panel.generateButton()->click();
        QCOMPARE(spy.count(), 0);
        QVERIFY(!panel.errorLabel()->isHidden());
    }

    void blendPanelRendersARowWithOneSeed() {
        BlendPanel panel;
        const QString other =
            writeFile(m_dir.filePath(QStringLiteral("other.png")), pngBytes(Qt::yellow));
        QSignalSpy rejected(panel.zoneB(), &ImageDropZone::rejected);
        QVERIFY(dropOnto(panel.zoneA(), urlMime(m_png)));
        QVERIFY(!dropOnto(panel.zoneB(), urlMime(m_text)));
        QCOMPARE(rejected.count(), 1);
        QVERIFY(!panel.errorLabel()->isHidden());

        QSignalSpy spy(&panel, &BlendPanel::jobRequested);
        panel.renderRow();
        QCOMPARE(spy.count(), 0);  // B missing
        QVERIFY(dropOnto(panel.zoneB(), urlMime(other)));

        panel.thetaSlider()->setValue(25);
        QCOMPARE(panel.thetaLabel()->text(), QStringLiteral("θ = 0.25"));
        panel.rowCountBox()->setValue(5);
        panel.seedControl()->setSeed(4000000000u);
        panel.seedControl()->setMode(SeedMode::Increment);
        panel.renderRow();
        QCOMPARE(spy.count(), 1);
        JobSpec job = lastJob(spy);
        QCOMPARE(job.kind, JobKind::Blend);
        QCOMPARE(job.settings.value("image_a").toString(), m_png);
        QCOMPARE(job.settings.value("image_b").toString(), other);
        QCOMPARE(job.settings.value("thetas").toArray(), (QJsonArray{0.0, 0.25, 0.5, 0.75, 1.0}));
        QCOMPARE(job.settings.value("seed").toString(), QStringLiteral("4000000000"));
        // The next row gets the next seed, so rows stack into a grid of seeds.
        panel.renderRow();
        QCOMPARE(lastJob(spy).settings.value("seed").toString(), QStringLiteral("4000000001"));
        panel.renderSingle();
        QCOMPARE(lastJob(spy).settings.value("thetas").toArray(), (QJsonArray{0.25}));
    }

    void queueViewFollowsTheQueue() {
        unclip::app::JobQueue queue(QString{});
        queue.pause();
        QueueView view(&queue);
        const QUuid a = queue.enqueue(JobSpec{{}, JobKind::Text, {}, QStringLiteral("first")});
        queue.enqueue(JobSpec{{}, JobKind::Text, {}, QStringLiteral("second")});
        QCOMPARE(view.model()->rowCount(), 2);
        QCOMPARE(view.model()->index(0, JobListModel::TitleColumn).data().toString(),
                 QStringLiteral("first"));
        QCOMPARE(view.model()->index(1, JobListModel::StateColumn).data().toString(),
                 JobListModel::stateText(unclip::app::JobState::Queued));
        view.table()->selectRow(0);
        view.cancelSelected();
        unclip::app::JobInfo info;
        QVERIFY(queue.job(a, &info));
        QCOMPARE(info.state, unclip::app::JobState::Cancelled);
        QCOMPARE(view.model()->index(0, JobListModel::StateColumn).data().toString(),
                 JobListModel::stateText(unclip::app::JobState::Cancelled));
        view.cancelAllQueued();
        QCOMPARE(view.model()->index(1, JobListModel::StateColumn).data().toString(),
                 JobListModel::stateText(unclip::app::JobState::Cancelled));
        view.clearFinished();
        QCOMPARE(view.model()->rowCount(), 0);

        // A preview from the queue shows as an image.
        const QByteArray rgb(4 * 2 * 3, char(200));
        Q_EMIT queue.jobPreview(a, rgb, QSize(4, 2));
        QCOMPARE(view.lastPreview().size(), QSize(4, 2));
        QCOMPARE(view.lastPreview().pixelColor(1, 1), QColor(200, 200, 200));
        QCOMPARE(JobListModel::etaText(75), QStringLiteral("1:15 min"));
    }

private:
    QTemporaryDir m_dir;
    QString m_png;
    QString m_text;
    QString m_fakePng;
};

QTEST_MAIN(TestUiPanels)
#include "test_ui_panels.moc"
