// app/studio end to end with the tiny reference cascade: ModelHost loads it in the
// background while jobs are already queued, the runners make a text job, a variation and a
// blend row, and every image lands on disk with its metadata and in the gallery index with
// its job id and row index. Also: a failing job is marked failed with a readable reason and
// the queue goes on. Skips when the fixtures are absent.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#include <nlohmann/json.hpp>

#include "app/gallery/gallery_store.h"
#include "app/jobs/job_queue.h"
#include "app/studio/job_settings.h"
#include "app/studio/model_host.h"
#include "app/studio/studio_runners.h"
#include "core/metadata/generation_parameters.h"
#include "core/metadata/png_metadata.h"

using namespace unclip::app;

namespace {

constexpr quint64 kBigSeed = (quint64(1) << 60) + 3;  // not exact as a double
constexpr int kWaitMs = 50000;

// $UNCLIP_REFERENCE_DIR, else ../shared/fixtures/unclip-reference-a next to the sources.
QString fixturePipeline() {
    QString dir = qEnvironmentVariable("UNCLIP_REFERENCE_DIR");
    if (dir.isEmpty())
        dir = QStringLiteral(UNCLIP_SOURCE_DIR "/../shared/fixtures/unclip-reference-a");
    const QString pipeline = QDir::cleanPath(dir + QStringLiteral("/pipeline"));
    return QFileInfo(pipeline + QStringLiteral("/model_index.json")).isFile() ? pipeline
                                                                              : QString();
}

QString writeSourcePng(const QString& dir, const QString& name, QColor a, QColor b) {
    QImage image(48, 40, QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) image.setPixelColor(x, y, (x + y) % 9 < 4 ? a : b);
    const QString path = QDir(dir).filePath(name);
    if (!image.save(path, "PNG")) return QString();
    return path;
}

QJsonObject common(const QString& model, int size) {
    return QJsonObject{{QStringLiteral("model"), model},
                       {QStringLiteral("steps"), QJsonObject{{QStringLiteral("prior"), 2},
                                                             {QStringLiteral("decoder"), 2},
                                                             {QStringLiteral("super_res"), 2}}},
                       {QStringLiteral("guidance"), QJsonObject{{QStringLiteral("prior"), 4.0},
                                                                {QStringLiteral("decoder"), 8.0}}},
                       {QStringLiteral("size"), size}};
}

JobSpec job(JobKind kind, QJsonObject settings, const QJsonObject& base) {
    for (auto it = base.begin(); it != base.end(); ++it) settings.insert(it.key(), it.value());
    return JobSpec{QUuid::createUuid(), kind, settings, jobKindName(kind)};
}

QString sha256Of(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return QString();
    return QString::fromLatin1(
        QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

}  // namespace

class TestStudioRunners : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        m_pipeline = fixturePipeline();
        if (m_pipeline.isEmpty()) {
            QSKIP(
                "reference fixtures not found (set UNCLIP_REFERENCE_DIR to a folder holding "
                "pipeline/model_index.json, or put them at ../shared/fixtures/"
                "unclip-reference-a)");
        }
        QVERIFY(m_dir.isValid());
    }

    void textVariationAndBlendReachTheGallery() {
        const QString outputs = m_dir.filePath(QStringLiteral("outputs"));
        const QString source =
            writeSourcePng(m_dir.path(), QStringLiteral("source.png"), Qt::red, Qt::blue);
        const QString other =
            writeSourcePng(m_dir.path(), QStringLiteral("other.png"), Qt::green, Qt::white);
        QVERIFY(!source.isEmpty() && !other.isEmpty());

        ModelHost host;
        QSignalSpy loaded(&host, &ModelHost::loaded);
        QSignalSpy failedLoad(&host, &ModelHost::loadFailed);
        JobQueue queue{QString()};
        StudioRunnerEvents* events = registerStudioRunners(queue, host, outputs);
        QSignalSpy indexed(events, &StudioRunnerEvents::imageIndexed);
        QSignalSpy finished(&queue, &JobQueue::jobFinished);
        QSignalSpy failed(&queue, &JobQueue::jobFailed);
        QSignalSpy previews(&queue, &JobQueue::jobPreview);

        host.load(m_pipeline, QStringLiteral("cpu"), QStringLiteral("float32"));
        QVERIFY(host.isLoading());
        // Queued while the model loads: the runners wait for it.
        const QJsonObject base = common(m_pipeline, 32);
        const JobSpec text =
            job(JobKind::Text,
                {{QStringLiteral("prompt"), QStringLiteral("a red circle, 赤い円\non blue")},
                 {QStringLiteral("count"), 2},
                 {QStringLiteral("seeds"), QJsonArray{7, QString::number(kBigSeed)}}},
                base);
        const JobSpec variation = job(JobKind::Variation,
                                      {{QStringLiteral("source_image"), source},
                                       {QStringLiteral("count"), 1},
                                       {QStringLiteral("seeds"), QJsonArray{11}}},
                                      base);
        const JobSpec blend = job(JobKind::Blend,
                                  {{QStringLiteral("image_a"), source},
                                   {QStringLiteral("image_b"), other},
                                   {QStringLiteral("thetas"), QJsonArray{0.0, 0.5, 1.0}},
                                   {QStringLiteral("seed"), 5}},
                                  base);
        queue.enqueue(text);
        queue.enqueue(variation);
        queue.enqueue(blend);

        QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 3, kWaitMs);
        for (const auto& f : failed) qWarning() << "failed:" << f.at(1).toString();
        QCOMPARE(failed.count(), 0);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(failedLoad.count(), 0);
        QVERIFY(host.isLoaded() && !host.isLoading());
        QCOMPARE(host.resolutions(), (QList<int>{16, 32}));
        QVERIFY(previews.count() > 0);
        QCOMPARE(indexed.count(), 6);

        GalleryStore store(outputs);  // this thread's own connection to the index
        QCOMPARE(store.count(), 6);
        struct Expect {
            JobSpec spec;
            QList<quint64> seeds;
            QString kind;
        };
        const QList<Expect> expected = {{text, {7, kBigSeed}, QStringLiteral("text")},
                                        {variation, {11}, QStringLiteral("variation")},
                                        {blend, {5, 5, 5}, QStringLiteral("blend")}};
        for (const Expect& e : expected) {
            JobInfo info;
            QVERIFY(queue.job(e.spec.id, &info));
            QCOMPARE(info.state, JobState::Done);
            const QJsonArray written = info.result.value(QStringLiteral("images")).toArray();
            QCOMPARE(written.size(), e.seeds.size());
            const QString jobId = e.spec.id.toString(QUuid::WithoutBraces);
            const QList<GalleryImage> rows = store.imagesOfJob(jobId);
            QCOMPARE(rows.size(), e.seeds.size());
            for (int row = 0; row < rows.size(); ++row) {
                const GalleryImage& image = rows[row];
                QCOMPARE(image.rowIndex, row);
                QCOMPARE(image.kind, e.kind);
                QVERIFY(image.hasSeed);
                QCOMPARE(image.seed, e.seeds[row]);
                QCOMPARE(image.width, 32);
                QCOMPARE(image.height, 32);
                const QString path = store.absolutePath(image);
                QCOMPARE(written[row].toObject().value(QStringLiteral("path")).toString(), path);
                QVERIFY2(QFileInfo(path).isFile(), qPrintable(path));

                const unclip::PngMetadata meta = unclip::readMetadataFromFile(path.toStdString());
                QVERIFY(meta.parameters && meta.json);
                QVERIFY(QString::fromStdString(*meta.parameters)
                            .contains(QStringLiteral("\nNegative prompt: \n")));
                const auto params = unclip::GenerationParameters::parse(*meta.parameters);
                QCOMPARE(QString::fromStdString(*params.find("Seed")),
                         QString::number(e.seeds[row]));
                QCOMPARE(QString::fromStdString(*params.find("Size")), QStringLiteral("32x32"));
                const auto json = nlohmann::json::parse(*meta.json);
                QCOMPARE(QString::fromStdString(json.at("job_id").get<std::string>()), jobId);
                QCOMPARE(json.at("row_index").get<int>(), row);
                QCOMPARE(json.at("seed").get<quint64>(), e.seeds[row]);  // exact, 2^60 + 3
                QCOMPARE(QString::fromStdString(json.at("kind").get<std::string>()), e.kind);
                QCOMPARE(QString::fromStdString(json.at("model").get<std::string>()), m_pipeline);
                QVERIFY(!json.at("guidance").is_null());
                if (e.kind == QLatin1String("text")) {
                    QVERIFY(json.at("steps") == (nlohmann::json{2, 2, 2}));
                    QCOMPARE(image.prompt, QStringLiteral("a red circle, 赤い円\non blue"));
                } else {
                    QVERIFY(json.at("steps") == (nlohmann::json{2, 2}));
                }
                if (e.kind == QLatin1String("variation")) {
                    QCOMPARE(QString::fromStdString(json.at("source_sha256").get<std::string>()),
                             sha256Of(source));
                }
                if (e.kind == QLatin1String("blend")) {
                    QCOMPARE(QString::fromStdString(json.at("source_a_sha256").get<std::string>()),
                             sha256Of(source));
                    QCOMPARE(QString::fromStdString(json.at("source_b_sha256").get<std::string>()),
                             sha256Of(other));
                    QCOMPARE(json.at("theta").get<double>(), row * 0.5);
                }
            }
        }

        // "Use all settings" on the second text image gives back its prompt and exact seed.
        const GalleryImage second = store.imagesOfJob(text.id.toString(QUuid::WithoutBraces))[1];
        QFile file(store.absolutePath(second));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString error;
        const auto again = settingsFromImageMetadata(file.readAll(), &error);
        QVERIFY2(again.has_value(), qPrintable(error));
        QCOMPARE(again->prompt, QStringLiteral("a red circle, 赤い円\non blue"));
        QCOMPARE(again->seeds, QList<quint64>{kBigSeed});
        QCOMPARE(again->common.size, 32);
        QCOMPARE(again->common.steps.prior, 2);
    }

    // A panel queues "size": "default" before the model has told its sizes; the runner
    // resolves it against the model that runs the job (the fixture makes 16 and 32 px: 32).
    void defaultSizeQueuedWhileLoadingTakesTheModelsSize() {
        const QString outputs = m_dir.filePath(QStringLiteral("outputs-default-size"));
        const QString source =
            writeSourcePng(m_dir.path(), QStringLiteral("default-a.png"), Qt::red, Qt::blue);
        const QString other =
            writeSourcePng(m_dir.path(), QStringLiteral("default-b.png"), Qt::green, Qt::white);
        ModelHost host;
        JobQueue queue{QString()};
        registerStudioRunners(queue, host, outputs);
        QSignalSpy finished(&queue, &JobQueue::jobFinished);
        QSignalSpy failed(&queue, &JobQueue::jobFailed);
        host.load(m_pipeline, QStringLiteral("cpu"), QStringLiteral("float32"));
        QVERIFY(host.isLoading());
        QJsonObject byModel = common(m_pipeline, 0);
        byModel.insert(QStringLiteral("size"), QStringLiteral("default"));
        const QUuid textId = queue.enqueue(job(JobKind::Text,
                                               {{QStringLiteral("prompt"), QStringLiteral("x")},
                                                {QStringLiteral("count"), 1},
                                                {QStringLiteral("seeds"), QJsonArray{1}}},
                                               byModel));
        const QUuid blendId = queue.enqueue(job(JobKind::Blend,
                                                {{QStringLiteral("image_a"), source},
                                                 {QStringLiteral("image_b"), other},
                                                 {QStringLiteral("thetas"), QJsonArray{0.5}},
                                                 {QStringLiteral("seed"), 2}},
                                                byModel));
        const QUuid smallId = queue.enqueue(job(JobKind::Text,
                                                {{QStringLiteral("prompt"), QStringLiteral("x")},
                                                 {QStringLiteral("count"), 1},
                                                 {QStringLiteral("seeds"), QJsonArray{1}}},
                                                common(m_pipeline, 16)));
        const QUuid strictId = queue.enqueue(job(JobKind::Text,
                                                 {{QStringLiteral("prompt"), QStringLiteral("x")},
                                                  {QStringLiteral("count"), 1},
                                                  {QStringLiteral("seeds"), QJsonArray{1}}},
                                                 common(m_pipeline, 256)));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 4, kWaitMs);
        QCOMPARE(finished.count(), 3);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).value<QUuid>(), strictId);
        QVERIFY2(failed.at(0).at(1).toString().contains(
                     QStringLiteral("cannot make 256 px images; it makes 16, 32")),
                 qPrintable(failed.at(0).at(1).toString()));
        GalleryStore store(outputs);
        for (auto [id, side] :
             {std::pair{textId, 32}, std::pair{blendId, 32}, std::pair{smallId, 16}}) {
            const QList<GalleryImage> rows = store.imagesOfJob(id.toString(QUuid::WithoutBraces));
            QCOMPARE(rows.size(), 1);
            QCOMPARE(rows[0].width, side);
            QCOMPARE(QImage(store.absolutePath(rows[0])).width(), side);
        }
    }

    // The outputs folder changes while a job runs: that job finishes into the old folder,
    // the next one starts in the new folder.
    void outputsFolderSwitchesForTheNextJob() {
        const QString before = m_dir.filePath(QStringLiteral("outputs-before"));
        const QString after = m_dir.filePath(QStringLiteral("outputs-after"));
        ModelHost host;
        JobQueue queue{QString()};
        StudioRunnerEvents* events = registerStudioRunners(queue, host, before);
        QCOMPARE(events->outputsDir(), QDir(before).absolutePath());
        QSignalSpy finished(&queue, &JobQueue::jobFinished);
        QSignalSpy failed(&queue, &JobQueue::jobFailed);
        // Switched on the worker thread right after the running job's first image, so the
        // switch lands mid-job whatever the machine's speed.
        connect(
            events, &StudioRunnerEvents::imageIndexed, events,
            [events, after](qint64, const QString&, const QUuid&, int row) {
                if (row == 0) events->setOutputsDir(after);
            },
            Qt::DirectConnection);
        host.load(m_pipeline, QStringLiteral("cpu"), QStringLiteral("float32"));
        const QUuid first = queue.enqueue(job(JobKind::Text,
                                              {{QStringLiteral("prompt"), QStringLiteral("x")},
                                               {QStringLiteral("count"), 3},
                                               {QStringLiteral("seeds"), QJsonArray{1, 2, 3}}},
                                              common(m_pipeline, 16)));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 1, kWaitMs);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(events->outputsDir(), QDir(after).absolutePath());
        const QUuid second = queue.enqueue(job(JobKind::Text,
                                               {{QStringLiteral("prompt"), QStringLiteral("y")},
                                                {QStringLiteral("count"), 1},
                                                {QStringLiteral("seeds"), QJsonArray{4}}},
                                               common(m_pipeline, 16)));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 2, kWaitMs);
        QCOMPARE(failed.count(), 0);

        GalleryStore old(before);
        GalleryStore now(after);
        QCOMPARE(old.imagesOfJob(first.toString(QUuid::WithoutBraces)).size(), 3);
        QCOMPARE(old.count(), 3);
        QCOMPARE(now.imagesOfJob(second.toString(QUuid::WithoutBraces)).size(), 1);
        QCOMPARE(now.count(), 1);
        const QJsonArray written = finished.at(1).at(1).toJsonObject().value("images").toArray();
        QVERIFY(written.at(0).toObject().value("path").toString().startsWith(
            QDir(after).absolutePath() + QLatin1Char('/')));
    }

    void failingJobIsMarkedAndTheNextRuns() {
        const QString outputs = m_dir.filePath(QStringLiteral("outputs-failing"));
        const QString notAnImage = m_dir.filePath(QStringLiteral("notes.png"));
        {
            QFile file(notAnImage);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("this is text, not a picture");
        }
        ModelHost host;
        host.load(m_pipeline, QStringLiteral("cpu"), QStringLiteral("float32"));
        JobQueue queue{QString()};
        registerStudioRunners(queue, host, outputs);
        QSignalSpy finished(&queue, &JobQueue::jobFinished);
        QSignalSpy failed(&queue, &JobQueue::jobFailed);
        const QJsonObject base = common(m_pipeline, 16);
        const QString missing = m_dir.filePath(QStringLiteral("gone.png"));
        const QUuid missingId = queue.enqueue(job(JobKind::Variation,
                                                  {{QStringLiteral("source_image"), missing},
                                                   {QStringLiteral("count"), 1},
                                                   {QStringLiteral("seeds"), QJsonArray{1}}},
                                                  base));
        const QUuid garbageId = queue.enqueue(job(JobKind::Blend,
                                                  {{QStringLiteral("image_a"), notAnImage},
                                                   {QStringLiteral("image_b"), notAnImage},
                                                   {QStringLiteral("thetas"), QJsonArray{0.5}},
                                                   {QStringLiteral("seed"), 1}},
                                                  base));
        const QString huge = m_dir.filePath(QStringLiteral("huge.png"));
        QImage wide(kMaxSourceSide + 1, 2, QImage::Format_Grayscale8);
        wide.fill(0);
        QVERIFY(wide.save(huge, "PNG"));
        const QUuid hugeId = queue.enqueue(job(JobKind::Variation,
                                               {{QStringLiteral("source_image"), huge},
                                                {QStringLiteral("count"), 1},
                                                {QStringLiteral("seeds"), QJsonArray{1}}},
                                               base));
        const QUuid sizeId = queue.enqueue(job(JobKind::Text,
                                               {{QStringLiteral("prompt"), QStringLiteral("x")},
                                                {QStringLiteral("count"), 1},
                                                {QStringLiteral("seeds"), QJsonArray{1}}},
                                               common(m_pipeline, 1024)));
        const QUuid goodId = queue.enqueue(job(JobKind::Text,
                                               {{QStringLiteral("prompt"), QStringLiteral("ok")},
                                                {QStringLiteral("count"), 1},
                                                {QStringLiteral("seeds"), QJsonArray{3}}},
                                               base));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 5, kWaitMs);
        QCOMPARE(failed.count(), 4);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).value<QUuid>(), goodId);

        auto reasonOf = [&](const QUuid& id) {
            JobInfo info;
            if (!queue.job(id, &info) || info.state != JobState::Failed) return QString();
            return info.error;
        };
        const QString missingReason = reasonOf(missingId);
        QVERIFY2(missingReason.contains(QStringLiteral("the source image ")) &&
                     missingReason.contains(QStringLiteral("gone.png does not exist")) &&
                     missingReason.contains(QStringLiteral("choose the image again")),
                 qPrintable(missingReason));
        const QString garbageReason = reasonOf(garbageId);
        QVERIFY2(garbageReason.startsWith(QStringLiteral("the image A cannot be used: ")) &&
                     garbageReason.contains(QStringLiteral("notes.png")),
                 qPrintable(garbageReason));
        const QString hugeReason = reasonOf(hugeId);
        QVERIFY2(hugeReason.startsWith(QStringLiteral("the source image cannot be used: ")) &&
                     hugeReason.contains(QStringLiteral("16385")),
                 qPrintable(hugeReason));
        const QString sizeReason = reasonOf(sizeId);
        QVERIFY2(sizeReason.contains(QStringLiteral("cannot make 1024 px images; it makes 16, 32")),
                 qPrintable(sizeReason));

        GalleryStore store(outputs);
        QCOMPARE(store.count(), 1);
        QCOMPARE(store.imagesOfJob(goodId.toString(QUuid::WithoutBraces)).size(), 1);
    }

    void jobForAnotherModelFails() {
        ModelHost host;
        QSignalSpy failedLoad(&host, &ModelHost::loadFailed);
        const QString bogus = m_dir.filePath(QStringLiteral("no-model-here"));
        host.load(bogus, QStringLiteral("cpu"), QStringLiteral("auto"));
        QTRY_COMPARE_WITH_TIMEOUT(failedLoad.count(), 1, kWaitMs);
        QVERIFY(!host.isLoaded());
        QVERIFY(!host.lastError().isEmpty());
        JobQueue queue{QString()};
        registerStudioRunners(queue, host, m_dir.filePath(QStringLiteral("outputs-none")));
        QSignalSpy failed(&queue, &JobQueue::jobFailed);
        queue.enqueue(job(JobKind::Text,
                          {{QStringLiteral("prompt"), QStringLiteral("x")},
                           {QStringLiteral("count"), 1},
                           {QStringLiteral("seeds"), QJsonArray{1}}},
                          common(bogus, 16)));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kWaitMs);
        const QString reason = failed.at(0).at(1).toString();
        QVERIFY2(reason.startsWith(QStringLiteral("no model is loaded: ")) &&
                     reason.contains(host.lastError()),
                 qPrintable(reason));
    }

private:
    QString m_pipeline;
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestStudioRunners)
#include "test_studio_runners.moc"
