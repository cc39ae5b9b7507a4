// GalleryStore and GalleryModel: adding, querying and removing images, crash safety (file
// before row, rescan), reopening, the lazy model under QAbstractItemModelTester, thumbnails,
// and a timing printout for indexing 5,000 small images. The store survives a killed
// process: the test binary runs itself as a child (kWriterArgument) that adds images in a
// loop until it is killed with SIGKILL, and the folder is then checked.
#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>
#include <cstdio>
#include <memory>
#include <vector>

#include "app/gallery/gallery_model.h"
#include "app/gallery/gallery_store.h"
#include "core/common/error.h"
#include "core/metadata/generation_parameters.h"
#include "core/metadata/png_metadata.h"

using unclip::app::GalleryImage;
using unclip::app::GalleryModel;
using unclip::app::GalleryStore;

namespace {

// A small PNG carrying both metadata chunks, as the app writes them.
QByteArray makePng(const QString& prompt, quint64 seed, const QString& jobId = {}, int row = 0,
                   int size = 8) {
    QImage image(size, size + 1, QImage::Format_RGB32);
    image.fill(QColor::fromRgb(static_cast<QRgb>(seed * 2654435761u)));
    QByteArray encoded;
    QBuffer buffer(&encoded);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    unclip::GenerationParameters params{
        prompt.toStdString(),
        "",
        {{"Steps", "25"}, {"Seed", std::to_string(seed)}, {"Size", "8x9"}}};
    QJsonObject json{{QStringLiteral("tool"), QStringLiteral("unCLIP Studio")},
                     {QStringLiteral("kind"), QStringLiteral("text")},
                     {QStringLiteral("prompt"), prompt},
                     {QStringLiteral("seed"), static_cast<qint64>(seed)}};
    if (!jobId.isEmpty()) {
        json.insert(QStringLiteral("job_id"), jobId);
        json.insert(QStringLiteral("row_index"), row);
    }
    const auto png =
        unclip::addMetadata(std::vector<uint8_t>(encoded.begin(), encoded.end()), params.format(),
                            QJsonDocument(json).toJson(QJsonDocument::Compact).toStdString());
    return QByteArray(reinterpret_cast<const char*>(png.data()),
                      static_cast<qsizetype>(png.size()));
}

GalleryImage meta(const QString& prompt, quint64 seed, const QString& jobId, int row) {
    GalleryImage m;
    m.prompt = prompt;
    m.seed = seed;
    m.hasSeed = true;
    m.jobId = jobId;
    m.rowIndex = row;
    m.kind = QStringLiteral("text");
    m.settingsJson = QStringLiteral("{\"prompt\":\"%1\"}").arg(prompt);
    return m;
}

qint64 add(GalleryStore& store, const QString& prompt, quint64 seed, const QString& jobId = {},
           int row = 0) {
    return store.addImage(makePng(prompt, seed, jobId, row), meta(prompt, seed, jobId, row));
}

// A file written straight into the folder, as a crash between file and row leaves it.
void writeLoose(const QString& dir, const QString& name, const QByteArray& png) {
    QFile file(QDir(dir).filePath(name));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(png), png.size());
}

// The child process: adds images (big enough that a kill often lands mid-write) until it is
// killed, printing "added <id>" once each row is committed.
constexpr char kWriterArgument[] = "--add-images-until-killed";

int addImagesUntilKilled(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    GalleryStore store(QString::fromLocal8Bit(argv[2]));
    const QString job = QUuid::createUuid().toString(QUuid::WithoutBraces);
    for (int i = 0; i < 100000; ++i) {
        const QString prompt = QStringLiteral("killed writer %1").arg(i);
        const qint64 id = store.addImage(makePng(prompt, quint64(i), job, i, 160),
                                         meta(prompt, quint64(i), job, i));
        std::printf("added %lld\n", static_cast<long long>(id));
        std::fflush(stdout);
    }
    return 3;  // never killed: the parent reports it
}

}  // namespace

class TestGallery : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void addQueryRemove();
    void fileIsWrittenBeforeRow();
    void crashLeftoverIsRescanned();
    void rescanDropsRowsOfDeletedFiles();
    void reopenKeepsEverything();
    void survivesAKilledWriter();
    void newerSchemaIsAnError();
    void modelUnderTesterWhileAdding();
    void modelFetchesInPages();
    void thumbnailsArrive();
    void indexFiveThousand();
};

void TestGallery::addQueryRemove() {
    QTemporaryDir dir;
    GalleryStore store(dir.path());
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("gallery.sqlite"))));
    const QString jobA = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString jobB = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const qint64 a0 = add(store, QStringLiteral("red cube"), 1, jobA, 0);
    const qint64 a1 = add(store, QStringLiteral("red cube"), 2, jobA, 1);
    const qint64 b0 = add(store, QStringLiteral("blue ball"), 3, jobB, 0);
    QCOMPARE(store.count(), 3);

    const auto image = store.image(a1);
    QVERIFY(image.has_value());
    QCOMPARE(image->prompt, QStringLiteral("red cube"));
    QCOMPARE(image->seed, quint64(2));
    QVERIFY(image->hasSeed);
    QCOMPARE(image->jobId, jobA);
    QCOMPARE(image->rowIndex, 1);
    QCOMPARE(image->width, 8);
    QCOMPARE(image->height, 9);
    QCOMPARE(image->kind, QStringLiteral("text"));
    QVERIFY(image->settingsJson.contains(QStringLiteral("red cube")));
    QVERIFY(!QDir::isAbsolutePath(image->path));
    QVERIFY(QFile::exists(store.absolutePath(*image)));

    const auto newest = store.page(0, 10);
    QCOMPARE(newest.size(), 3);
    QCOMPARE(newest[0].id, b0);
    QCOMPARE(newest[1].id, a1);
    QCOMPARE(newest[2].id, a0);
    QCOMPARE(store.page(1, 1).first().id, a1);

    const auto jobs = store.byJob();
    QCOMPARE(jobs.size(), 2);
    QCOMPARE(jobs[0].size(), 1);
    QCOMPARE(jobs[0][0].id, b0);
    QCOMPARE(jobs[1].size(), 2);
    QCOMPARE(jobs[1][0].id, a0);
    QCOMPARE(jobs[1][1].id, a1);
    QCOMPARE(store.imagesOfJob(jobA).size(), 2);

    const QString file = store.absolutePath(*image);
    QVERIFY(store.remove(a1));
    QVERIFY(!QFile::exists(file));
    QVERIFY(!store.image(a1).has_value());
    QCOMPARE(store.count(), 2);
    QVERIFY(!store.remove(a1));
    QVERIFY(!store.remove(12345));
}

// When the row appears, the file is already whole on disk: the hook is the imageAdded signal,
// which fires right after the insert; the row count there is already one.
void TestGallery::fileIsWrittenBeforeRow() {
    QTemporaryDir dir;
    GalleryStore store(dir.path());
    bool checked = false;
    connect(&store, &GalleryStore::imageAdded, this, [&](qint64 id) {
        const auto image = store.image(id);
        QVERIFY(image.has_value());
        QFile file(store.absolutePath(*image));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), makePng(QStringLiteral("p"), 7));
        checked = true;
    });
    add(store, QStringLiteral("p"), 7);
    QVERIFY(checked);
    // A file that is not a PNG never gets a row, and no file is left behind.
    QVERIFY_THROWS_EXCEPTION(unclip::Error, store.addImage("not a png", meta("x", 1, "", 0)));
    QCOMPARE(store.count(), 1);
    QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("*.png")}, QDir::Files).size(), 1);
}

// A crash after the file was written and before the row: rescan() indexes it from its
// metadata chunks.
void TestGallery::crashLeftoverIsRescanned() {
    QTemporaryDir dir;
    GalleryStore store(dir.path());
    add(store, QStringLiteral("kept"), 1);
    writeLoose(dir.path(), QStringLiteral("leftover.png"),
               makePng(QStringLiteral("a lost fox"), 99, QStringLiteral("job-x"), 3));
    writeLoose(dir.path(), QStringLiteral("damaged.png"), QByteArray("\x89PNG broken"));
    QCOMPARE(store.count(), 1);
    QSignalSpy reset(&store, &GalleryStore::reset);
    const auto result = store.rescan();
    QCOMPARE(result.added, 1);
    QCOMPARE(result.removed, 0);
    QCOMPARE(result.skipped, 1);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(store.count(), 2);
    const auto rows = store.imagesOfJob(QStringLiteral("job-x"));
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].path, QStringLiteral("leftover.png"));
    QCOMPARE(rows[0].prompt, QStringLiteral("a lost fox"));
    QCOMPARE(rows[0].seed, quint64(99));
    QCOMPARE(rows[0].rowIndex, 3);
    QCOMPARE(rows[0].kind, QStringLiteral("text"));
    QCOMPARE(rows[0].width, 8);
    QVERIFY(rows[0].settingsJson.contains(QStringLiteral("a lost fox")));
    // Nothing new the second time.
    const auto again = store.rescan();
    QCOMPARE(again.added, 0);
    QCOMPARE(reset.count(), 1);
}

void TestGallery::rescanDropsRowsOfDeletedFiles() {
    QTemporaryDir dir;
    GalleryStore store(dir.path());
    const qint64 gone = add(store, QStringLiteral("gone"), 1);
    add(store, QStringLiteral("stays"), 2);
    QVERIFY(QFile::remove(store.absolutePath(*store.image(gone))));
    const auto result = store.rescan();
    QCOMPARE(result.removed, 1);
    QCOMPARE(result.added, 0);
    QCOMPARE(store.count(), 1);
    QVERIFY(!store.image(gone).has_value());
}

void TestGallery::reopenKeepsEverything() {
    QTemporaryDir dir;
    QList<GalleryImage> before;
    {
        auto store = std::make_unique<GalleryStore>(dir.path());
        for (int i = 0; i < 20; ++i) add(*store, QStringLiteral("image %1").arg(i), quint64(i));
        before = store->page(0, 100);
        store.reset();  // destroyed without any closing call
    }
    GalleryStore reopened(dir.path());
    QCOMPARE(reopened.count(), 20);
    const auto after = reopened.page(0, 100);
    QCOMPARE(after.size(), before.size());
    for (int i = 0; i < after.size(); ++i) {
        QCOMPARE(after[i].id, before[i].id);
        QCOMPARE(after[i].path, before[i].path);
        QCOMPARE(after[i].prompt, before[i].prompt);
        QCOMPARE(after[i].created, before[i].created);
    }
    QCOMPARE(reopened.rescan().added, 0);
    // Two stores on one folder (WAL: the second reads what the first wrote).
    GalleryStore second(dir.path());
    add(reopened, QStringLiteral("more"), 100);
    QCOMPARE(second.count(), 21);
}

void TestGallery::survivesAKilledWriter() {
    QTemporaryDir dir;
    QSet<qint64> committed;  // ids the child reported: their rows were committed
    QByteArray pending;
    const auto readIds = [&](QProcess& child) {
        pending += child.readAllStandardOutput();
        qsizetype end;
        while ((end = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(end);
            pending.remove(0, end + 1);
            if (line.startsWith("added ")) committed.insert(line.mid(6).toLongLong());
        }
    };
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(),
                {QLatin1String(kWriterArgument), dir.path()});
    QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));
    QElapsedTimer clock;
    clock.start();
    while (committed.size() < 12 && clock.elapsed() < 30000 && child.state() == QProcess::Running) {
        child.waitForReadyRead(1000);
        readIds(child);
    }
    QVERIFY2(committed.size() >= 12, "the child process added too few images");
    // Somewhere inside the next add: writing the file, renaming it or inserting the row.
    QThread::usleep(QRandomGenerator::global()->bounded(0, 4000));
    child.kill();  // SIGKILL: no destructors, no SQLite close
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    readIds(child);

    // Reopening works, and every row the child saw committed is there.
    GalleryStore store(dir.path());
    for (qint64 id : std::as_const(committed))
        QVERIFY2(store.image(id).has_value(), qPrintable(QString::number(id)));
    const int rowsBefore = store.count();
    QVERIFY(rowsBefore >= committed.size());

    // rescan() indexes any file the kill left without a row; half-written files never show
    // as *.png (they are hidden temporaries until renamed), so nothing is skipped.
    const QStringList files = QDir(dir.path()).entryList({QStringLiteral("*.png")}, QDir::Files);
    const auto result = store.rescan();
    QCOMPARE(result.skipped, 0);
    QCOMPARE(result.removed, 0);
    QCOMPARE(result.added, int(files.size()) - rowsBefore);
    QCOMPARE(store.count(), int(files.size()));

    // No row points at a missing or partial file.
    QSet<QString> indexed;
    for (const GalleryImage& image : store.page(0, store.count() + 1)) {
        indexed.insert(image.path);
        const QImage decoded(store.absolutePath(image));
        QVERIFY2(!decoded.isNull(), qPrintable(image.path));
        QCOMPARE(decoded.width(), image.width);
        QCOMPARE(decoded.height(), image.height);
        QVERIFY(image.prompt.startsWith(QStringLiteral("killed writer ")));
    }
    QCOMPARE(indexed, QSet<QString>(files.begin(), files.end()));
    QCOMPARE(store.rescan().added, 0);
}

void TestGallery::newerSchemaIsAnError() {
    QTemporaryDir dir;
    { GalleryStore store(dir.path()); }
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(dir.filePath(QStringLiteral("gallery.sqlite")));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE schema_version SET version = 2")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    try {
        GalleryStore store(dir.path());
        QFAIL("opened a newer schema");
    } catch (const unclip::Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("newer")), e.what());
    }
}

void TestGallery::modelUnderTesterWhileAdding() {
    QTemporaryDir dir;
    GalleryStore store(dir.path());
    for (int i = 0; i < 5; ++i) add(store, QStringLiteral("old %1").arg(i), quint64(i));
    GalleryModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    qint64 last = 0;
    for (int i = 0; i < 500; ++i) {
        const QString job = QStringLiteral("job-%1").arg(i / 4);
        last = add(store, QStringLiteral("new %1").arg(i), quint64(1000 + i), job, i % 4);
        if (i == 250) {
            while (model.canFetchMore({})) model.fetchMore({});
        }
    }
    while (model.canFetchMore({})) model.fetchMore({});
    QCOMPARE(model.rowCount(), 505);
    QSet<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row) {
        ids.insert(model.data(model.index(row), GalleryModel::IdRole).toLongLong());
    }
    QCOMPARE(ids.size(), 505);
    QCOMPARE(model.data(model.index(0), GalleryModel::IdRole).toLongLong(), last);
    QCOMPARE(model.data(model.index(0), GalleryModel::PromptRole).toString(),
             QStringLiteral("new 499"));
    QCOMPARE(model.data(model.index(0), GalleryModel::SeedRole).toULongLong(), quint64(1499));
    QCOMPARE(model.data(model.index(0), GalleryModel::JobIdRole).toString(),
             QStringLiteral("job-124"));
    QVERIFY(QFile::exists(model.data(model.index(0), GalleryModel::PathRole).toString()));
    QVERIFY(model.data(model.index(0), GalleryModel::SettingsJsonRole)
                .toString()
                .contains(QStringLiteral("new 499")));
    QCOMPARE(model.data(model.index(504), GalleryModel::PromptRole).toString(),
             QStringLiteral("old 0"));
    QVERIFY(store.remove(last));
    QCOMPARE(model.rowCount(), 504);
    QCOMPARE(model.data(model.index(0), GalleryModel::PromptRole).toString(),
             QStringLiteral("new 498"));
    store.rescan();  // nothing changed: no reset
    QCOMPARE(model.rowCount(), 504);
}

void TestGallery::modelFetchesInPages() {
    QTemporaryDir dir;
    {
        GalleryStore store(dir.path());
        for (int i = 0; i < 450; ++i) {
            writeLoose(dir.path(), QStringLiteral("img-%1.png").arg(i, 4, 10, QLatin1Char('0')),
                       makePng(QStringLiteral("p%1").arg(i), quint64(i)));
        }
        QCOMPARE(store.rescan().added, 450);
    }
    GalleryStore store(dir.path());
    GalleryModel model(&store);  // no tester here: it fetches pages itself
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), GalleryModel::kPageSize);
    model.fetchMore({});
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 450);
    QVERIFY(!model.canFetchMore({}));
}

void TestGallery::thumbnailsArrive() {
    QTemporaryDir dir;
    GalleryStore store(dir.path());
    GalleryModel model(&store);
    model.setThumbnailSize(4);
    for (int i = 0; i < 3; ++i) {
        store.addImage(makePng(QStringLiteral("t%1").arg(i), quint64(i), {}, 0, 16),
                       meta(QStringLiteral("t%1").arg(i), quint64(i), {}, 0));
    }
    QCOMPARE(model.rowCount(), 3);
    QSignalSpy changed(&model, &GalleryModel::dataChanged);
    for (int row = 0; row < 3; ++row) {
        const QImage first =
            model.data(model.index(row), GalleryModel::ThumbnailRole).value<QImage>();
        QVERIFY(!first.isNull());  // the placeholder
    }
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 3, 5000);
    for (const auto& args : changed) {
        const auto roles = args.at(2).value<QList<int>>();
        QVERIFY(roles.contains(GalleryModel::ThumbnailRole));
    }
    const QImage thumb = model.data(model.index(0), GalleryModel::ThumbnailRole).value<QImage>();
    // 16x17 scaled into 4x4, keeping the aspect ratio.
    QVERIFY(thumb.width() <= 4 && thumb.height() <= 4);
    QCOMPARE(thumb.height(), 4);
    QCOMPARE(thumb.pixel(1, 1) & 0xffffff, QRgb(quint64(2) * 2654435761u) & 0xffffff);
    QTest::qWait(50);
    QCOMPARE(changed.count(), 3);  // cached: asking again loads nothing
}

void TestGallery::indexFiveThousand() {
    QTemporaryDir dir;
    constexpr int kImages = 5000;
    const QByteArray png = makePng(QStringLiteral("tiny"), 5, QStringLiteral("bench"), 0);
    for (int i = 0; i < kImages; ++i) {
        writeLoose(dir.path(), QStringLiteral("bench-%1.png").arg(i, 5, 10, QLatin1Char('0')), png);
    }
    GalleryStore store(dir.path());
    QElapsedTimer timer;
    timer.start();
    const auto result = store.rescan();
    const qint64 indexMs = timer.elapsed();
    QCOMPARE(result.added, kImages);
    timer.restart();
    QCOMPARE(store.rescan().added, 0);
    const qint64 rescanMs = timer.elapsed();
    timer.restart();
    GalleryModel model(&store);
    while (model.canFetchMore({})) model.fetchMore({});
    const qint64 modelMs = timer.elapsed();
    QCOMPARE(model.rowCount(), kImages);
    qInfo(
        "indexing %d tiny images: %lld ms; rescan with nothing new: %lld ms; model fetching "
        "all pages: %lld ms",
        kImages, indexMs, rescanMs, modelMs);
}

int main(int argc, char** argv) {
    if (argc == 3 && qstrcmp(argv[1], kWriterArgument) == 0)
        return addImagesUntilKilled(argc, argv);
    QCoreApplication app(argc, argv);
    TestGallery test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "test_gallery.moc"
