// Desktop app benchmark: prints figures, asserts nothing (speed targets are read from its
// output, never enforced by timed tests). Runs offscreen; Qt's platform is set to
// "offscreen" unless QT_QPA_PLATFORM names another.
//
//   bench_app [--model DIR] [--images N] [--image-size PX] [--startup-runs N]
//             [--steps PRIOR/DECODER/SUPER_RES] [--count N] [--only startup|gallery|generate]
//
// 0. Makes N (5,000) small PNGs carrying both metadata chunks (jobs of four) in a temporary
//    outputs folder and indexes them with GalleryStore::rescan(), as the app does at start.
// 1. Start-up: spawns the real bin/unclip-studio --quit-when-ready with a fresh settings INI
//    (and fresh XDG data/config/cache folders) on an empty outputs folder and on the N-image
//    one. Times from the spawn (so: the dynamic loader, LibTorch's and Qt's static
//    initialisers, main()) to the main window's first paint and to ModelHost::loaded, and the
//    app's own figures since main().
// 2. Gallery: the app's MainWindow over the N-image folder (GalleryStore, GalleryModel,
//    JobGroupProxyModel, the gallery dock), in this process. Time to the first page painted,
//    each fetchMore() page, then a scroll through the whole list at one step per 16 ms
//    (--scroll-rows grid rows per step; each step is setValue() on the vertical scroll bar plus
//    the events it causes, painting included), how long thumbnails take to arrive once their
//    item is on screen, and the event loop's lateness meanwhile.
// 3. Generating: loads --model into the same window (ModelHost, off the GUI thread), measures
//    the event loop's lateness idle, then while the job queue's worker runs a text job
//    (--steps 50/50/10, --count 4) that writes into the gallery (N rows loaded).
//
// Lateness: a 5 ms Qt::PreciseTimer; each tick's gap since the previous one minus 5 ms.
#include <QApplication>
#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QPainter>
#include <QProcess>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUuid>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#include "app/gallery/gallery_model.h"
#include "app/gallery/gallery_store.h"
#include "app/jobs/job_queue.h"
#include "app/studio/app_settings.h"
#include "app/studio/job_settings.h"
#include "app/studio/model_host.h"
#include "app/studio/studio_runners.h"
#include "core/metadata/generation_parameters.h"
#include "core/metadata/png_metadata.h"
#include "ui/gallery_view.h"
#include "ui/main_window.h"

using namespace unclip;

namespace {

struct Options {
    QString model = QStringLiteral(
        "/work/shared/fixtures/unclip-reference-a/pipeline");  // the reference fixture
    int images = 5000;
    int imageSize = 256;
    int startupRuns = 5;
    int scrollRows = 3;
    int scrollIntervalMs = 16;
    app::StageSteps steps{50, 50, 10};
    int count = 4;
    int jobTimeoutS = 40;
    QString only;
};

// ---- statistics -------------------------------------------------------------------------

struct Stats {
    std::vector<double> v;
    void add(double x) { v.push_back(x); }
    bool empty() const { return v.empty(); }
    double pct(double p) const {
        if (v.empty()) return 0;
        std::vector<double> s = v;
        std::sort(s.begin(), s.end());
        const size_t i = std::min(s.size() - 1, size_t(p / 100.0 * double(s.size() - 1) + 0.5));
        return s[i];
    }
    double median() const { return pct(50); }
    double max() const { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }
    double min() const { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }
    int above(double x) const {
        return int(std::count_if(v.begin(), v.end(), [x](double y) { return y > x; }));
    }
};

void header(const char* title) { std::printf("\n== %s\n", title); }

// One table row: what, n, median, p95, p99, max (ms).
void row(const char* what, const Stats& s) {
    std::printf("  %-46s n=%-5zu median %8.1f  p95 %8.1f  p99 %8.1f  max %8.1f ms\n", what,
                s.v.size(), s.median(), s.pct(95), s.pct(99), s.max());
}

// For a few runs: median, min, max (ms).
void fewRow(const char* what, const Stats& s) {
    std::printf("  %-46s n=%-3zu median %8.1f  min %8.1f  max %8.1f ms\n", what, s.v.size(),
                s.median(), s.min(), s.max());
}

void lateRow(const char* what, const Stats& s) {
    std::printf(
        "  %-46s n=%-5zu median %6.2f  p99 %7.2f  max %7.1f ms; ticks late >16 ms: %d, >50 ms: "
        "%d, >100 ms: %d\n",
        what, s.v.size(), s.median(), s.pct(99), s.max(), s.above(16), s.above(50), s.above(100));
}

void waitMs(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Runs the event loop until `done` or `timeoutMs`; false on timeout.
bool waitUntil(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs) return false;
        QEventLoop loop;
        QTimer::singleShot(2, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

// How late the GUI thread's event loop serves a 5 ms timer.
class LatenessProbe : public QObject {
public:
    LatenessProbe() {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kIntervalMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_stats.add(std::max(0.0, double(now - m_last) / 1e6 - kIntervalMs));
            m_last = now;
        });
    }
    void start() {
        m_stats = {};
        m_clock.start();
        m_last = m_clock.nsecsElapsed();
        m_timer.start();
    }
    Stats stop() {
        m_timer.stop();
        return m_stats;
    }

private:
    static constexpr int kIntervalMs = 5;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    Stats m_stats;
};

// ---- 0. the image folder ----------------------------------------------------------------

QByteArray encodePng(const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

// N PNGs with the app's two metadata chunks, four per job, one second apart (newest last).
// 16 distinct pictures (a gradient and a disc) are encoded once; every file gets its own
// metadata.
void makeImages(const QString& dir, const Options& o) {
    std::vector<QByteArray> pictures;
    for (int k = 0; k < 16; ++k) {
        QImage image(o.imageSize, o.imageSize, QImage::Format_RGB32);
        for (int y = 0; y < o.imageSize; ++y) {
            auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
            for (int x = 0; x < o.imageSize; ++x)
                line[x] = qRgb((x * 255 / o.imageSize + 16 * k) & 255, y * 255 / o.imageSize,
                               (k * 37) & 255);
        }
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setBrush(QColor::fromHsv(k * 22, 200, 230));
        painter.drawEllipse(QPointF(o.imageSize * (0.3 + 0.025 * k), o.imageSize * 0.5),
                            o.imageSize * 0.25, o.imageSize * 0.25);
        painter.end();
        pictures.push_back(encodePng(image));
    }
    const QDateTime base = QDateTime::currentDateTimeUtc().addSecs(-o.images);
    QString job;
    for (int i = 0; i < o.images; ++i) {
        if (i % 4 == 0) job = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString prompt = QStringLiteral("bench picture %1, a disc on a gradient").arg(i);
        GenerationParameters params{
            prompt.toStdString(),
            "",
            {{"Steps", "25"}, {"Seed", std::to_string(i)}, {"Size", "256x256"}}};
        const QJsonObject json{
            {QStringLiteral("tool"), QStringLiteral("unCLIP Studio")},
            {QStringLiteral("kind"), QStringLiteral("text")},
            {QStringLiteral("prompt"), prompt},
            {QStringLiteral("seed"), i},
            {QStringLiteral("job_id"), job},
            {QStringLiteral("row_index"), i % 4},
            {QStringLiteral("created"), base.addSecs(i).toString(Qt::ISODateWithMs)}};
        const QByteArray& picture = pictures[size_t(i % 16)];
        const auto png =
            addMetadata(std::vector<uint8_t>(picture.begin(), picture.end()), params.format(),
                        QJsonDocument(json).toJson(QJsonDocument::Compact).toStdString());
        QFile file(
            QDir(dir).filePath(QStringLiteral("bench-%1.png").arg(i, 5, 10, QLatin1Char('0'))));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(file.fileName()));
        file.write(reinterpret_cast<const char*>(png.data()), qint64(png.size()));
    }
}

// ---- 1. start-up ------------------------------------------------------------------------

struct StartupRun {
    double windowSpawn = -1, modelSpawn = -1;  // since the spawn, measured here
    double windowMain = -1, modelMain = -1;    // since main(), as the app prints them
    double exitSpawn = -1;
};

StartupRun runStudio(const QString& binary, const QString& model, const QString& outputs) {
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    StartupRun run;
    QElapsedTimer clock;
    QByteArray pending;
    QObject::connect(&process, &QProcess::readyReadStandardOutput, [&] {
        const double now = double(clock.nsecsElapsed()) / 1e6;
        pending += process.readAllStandardOutput();
        int newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
            const QList<QByteArray> parts = pending.left(newline).trimmed().split(' ');
            pending.remove(0, newline + 1);
            if (parts.size() != 2) continue;
            if (parts[0] == "window-painted") {
                run.windowSpawn = now;
                run.windowMain = parts[1].toDouble();
            } else if (parts[0] == "model-loaded") {
                run.modelSpawn = now;
                run.modelMain = parts[1].toDouble();
            }
        }
    });
    clock.start();
    process.start(binary, {QStringLiteral("--quit-when-ready"), QStringLiteral("--model"), model,
                           QStringLiteral("--outputs"), outputs, QStringLiteral("--settings"),
                           home.filePath(QStringLiteral("settings.ini"))});
    if (!process.waitForStarted(10000)) {
        std::printf("  cannot start %s\n", qPrintable(binary));
        return run;
    }
    waitUntil([&] { return process.state() == QProcess::NotRunning; }, 60000);
    run.exitSpawn = double(clock.nsecsElapsed()) / 1e6;
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
    }
    if (process.exitCode() != 0 || run.modelSpawn < 0)
        std::printf("  run failed (exit %d): %s\n", process.exitCode(),
                    process.readAllStandardError().right(400).constData());
    return run;
}

void benchStartup(const Options& o, const QString& galleryDir) {
    header("1. start-up (bin/unclip-studio --quit-when-ready, fresh settings INI, offscreen)");
    const QString binary =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("unclip-studio"));
    if (!QFile::exists(binary)) {
        std::printf("  %s not built, skipped\n", qPrintable(binary));
        return;
    }
    const auto series = [&](const char* what, const QString& outputs, bool fresh, int runs) {
        Stats windowSpawn, modelSpawn, windowMain, modelMain;
        std::vector<StartupRun> all;
        for (int i = 0; i < runs; ++i) {
            QTemporaryDir empty;
            const StartupRun r = runStudio(binary, o.model, fresh ? empty.path() : outputs);
            if (r.modelSpawn < 0 || r.windowSpawn < 0) continue;
            all.push_back(r);
            windowSpawn.add(r.windowSpawn);
            modelSpawn.add(r.modelSpawn);
            windowMain.add(r.windowMain);
            modelMain.add(r.modelMain);
        }
        std::printf("  outputs: %s, %d runs (first run: window %.0f ms, model %.0f ms)\n", what,
                    int(all.size()), all.empty() ? 0.0 : all[0].windowSpawn,
                    all.empty() ? 0.0 : all[0].modelSpawn);
        fewRow("spawn -> window shown and first paint done", windowSpawn);
        fewRow("spawn -> model loaded (ModelHost::loaded)", modelSpawn);
        fewRow("main() -> window first paint done", windowMain);
        fewRow("main() -> model loaded", modelMain);
    };
    series("empty folder", {}, true, o.startupRuns);
    if (!galleryDir.isEmpty()) {
        const QString what = QStringLiteral("%1 images").arg(o.images);
        series(qPrintable(what), galleryDir, false, std::max(1, o.startupRuns - 2));
    }
}

// ---- 2. the gallery ---------------------------------------------------------------------

// The app's GalleryModel, with each fetchMore() timed (the view and the proxy call it;
// the time includes the proxy's re-sort and the view's reaction to the inserted rows).
class TimedGalleryModel : public app::GalleryModel {
public:
    using GalleryModel::GalleryModel;
    void fetchMore(const QModelIndex& parent) override {
        QElapsedTimer clock;
        clock.start();
        GalleryModel::fetchMore(parent);
        pages.add(double(clock.nsecsElapsed()) / 1e6);
    }
    Stats pages;
};

// Paint events on one widget, counted.
class PaintCounter : public QObject {
public:
    explicit PaintCounter(QWidget* widget) { widget->installEventFilter(this); }
    bool eventFilter(QObject*, QEvent* event) override {
        if (event->type() == QEvent::Paint) ++paints;
        return false;
    }
    int paints = 0;
};

// The app's objects, wired as app/main_gui.cpp wires them.
struct AppStack {
    AppStack(const QString& outputs, const QString& stateDir)
        : settings(QDir(stateDir).filePath(QStringLiteral("settings.ini"))),
          store(outputs),
          queue(QDir(stateDir).filePath(QStringLiteral("queue.json"))) {
        settings.setOutputsDir(outputs);
        events = app::registerStudioRunners(queue, host, outputs);
    }
    void makeWindow() {
        gallery = std::make_unique<TimedGalleryModel>(&store);
        window = std::make_unique<ui::MainWindow>(settings, queue, host, store, *gallery);
        window->setRunnerEvents(events);  // the gallery shows what the runners index
    }
    app::AppSettings settings;
    app::GalleryStore store;
    app::ModelHost host;
    app::JobQueue queue;
    app::StudioRunnerEvents* events = nullptr;
    std::unique_ptr<TimedGalleryModel> gallery;
    std::unique_ptr<ui::MainWindow> window;
};

// Proxy rows whose item rectangle meets the viewport.
QList<QModelIndex> visibleItems(QListView* list) {
    QList<QModelIndex> out;
    const QRect view = list->viewport()->rect();
    const QModelIndex first = list->indexAt(QPoint(list->spacing() + 1, list->spacing() + 1));
    const QAbstractItemModel* model = list->model();
    int start = first.isValid() ? first.row() : 0;
    // indexAt may miss when the top-left is in the spacing; back up one grid row's worth.
    start = std::max(0, start - 16);
    for (int r = start; r < model->rowCount(); ++r) {
        const QModelIndex index = model->index(r, 0);
        const QRect rect = list->visualRect(index);
        if (rect.top() > view.bottom()) break;
        if (rect.intersects(view)) out.append(index);
    }
    return out;
}

void benchGallery(AppStack& stack, const Options& o, LatenessProbe& probe) {
    header("2. gallery (MainWindow's gallery dock over the indexed folder, offscreen)");
    QElapsedTimer clock;
    clock.start();
    stack.makeWindow();
    const double windowMs = double(clock.nsecsElapsed()) / 1e6;
    QListView* list = stack.window->galleryView()->listView();
    PaintCounter viewportPaints(list->viewport());
    stack.window->show();
    const bool shown = waitUntil(
        [&] { return viewportPaints.paints > 0 && list->model()->rowCount() > 0; }, 20000);
    const double firstPageMs = double(clock.nsecsElapsed()) / 1e6;
    std::printf("  GalleryModel + MainWindow constructed %8.1f ms\n", windowMs);
    std::printf(
        "  first page painted            %8.1f ms (since before constructing them)%s; %d rows, "
        "viewport %dx%d, grid %dx%d\n",
        firstPageMs, shown ? "" : " TIMED OUT", list->model()->rowCount(),
        list->viewport()->width(), list->viewport()->height(), list->gridSize().width(),
        list->gridSize().height());

    // Thumbnails: when an item is first on screen, and when its thumbnail arrives.
    QHash<qint64, double> seen, arrived;
    TimedGalleryModel* gallery = stack.gallery.get();
    QObject::connect(gallery, &QAbstractItemModel::dataChanged, gallery,
                     [&](const QModelIndex& from, const QModelIndex& to, const QList<int>& roles) {
                         if (!roles.contains(app::GalleryModel::ThumbnailRole)) return;
                         const double now = double(clock.nsecsElapsed()) / 1e6;
                         for (int r = from.row(); r <= to.row(); ++r)
                             if (const auto* image = gallery->imageAt(r))
                                 if (!arrived.contains(image->id)) arrived.insert(image->id, now);
                     });
    struct Step {
        double at;
        QList<qint64> visible;
    };
    std::vector<Step> steps;
    const auto noteVisible = [&](double at) {
        Step step{at, {}};
        for (const QModelIndex& index : visibleItems(list)) {
            const qint64 id = index.data(app::GalleryModel::IdRole).toLongLong();
            step.visible.append(id);
            if (!seen.contains(id)) seen.insert(id, at);
        }
        steps.push_back(step);
    };
    noteVisible(firstPageMs);
    waitUntil(
        [&] {
            for (qint64 id : steps.front().visible)
                if (!arrived.contains(id)) return false;
            return true;
        },
        10000);
    const double firstThumbsMs = double(clock.nsecsElapsed()) / 1e6;
    std::printf("  first page's thumbnails in    %8.1f ms (since before constructing them)\n",
                firstThumbsMs);

    QScrollBar* bar = list->verticalScrollBar();
    const int stepPx = o.scrollRows * list->gridSize().height();
    Stats stepMs, stalls;
    double stallStart = -1;
    int jumpsBack = 0, jumpBackPx = 0;
    probe.start();
    QElapsedTimer scroll;
    scroll.start();
    int guard = 0;
    while (guard++ < 20000) {
        if (bar->value() >= bar->maximum() && !list->model()->canFetchMore({})) break;
        const qint64 t0 = clock.nsecsElapsed();
        const int before = bar->value();
        bar->setValue(bar->value() + stepPx);
        QCoreApplication::processEvents();  // layout, fetchMore, paint
        const qint64 t1 = clock.nsecsElapsed();
        stepMs.add(double(t1 - t0) / 1e6);
        // Stuck at the end of the rows loaded so far: the user waits for the next page.
        if (bar->value() < before) {
            ++jumpsBack;
            jumpBackPx = std::max(jumpBackPx, before - bar->value());
        }
        if (bar->value() == before) {
            if (stallStart < 0) stallStart = double(t0) / 1e6;
        } else if (stallStart >= 0) {
            stalls.add(double(t0) / 1e6 - stallStart);
            stallStart = -1;
        }
        if (getenv("BENCH_TRACE"))
            std::printf("trace %d -> %d max %d rows %d\n", before, bar->value(), bar->maximum(),
                        list->model()->rowCount());
        noteVisible(double(t0) / 1e6);
        const int rest = o.scrollIntervalMs - int((t1 - t0) / 1000000);
        if (rest > 0) waitMs(rest);
    }
    const double scrollS = double(scroll.nsecsElapsed()) / 1e9;
    const Stats scrollLate = probe.stop();
    waitUntil(
        [&] {
            for (qint64 id : steps.back().visible)
                if (!arrived.contains(id)) return false;
            return true;
        },
        15000);
    const double bottomFilledMs = double(clock.nsecsElapsed()) / 1e6 - steps.back().at;

    Stats thumbMs, stepFilledMs;
    int missing = 0;
    for (auto it = seen.cbegin(); it != seen.cend(); ++it) {
        if (arrived.contains(it.key()))
            thumbMs.add(std::max(0.0, arrived.value(it.key()) - it.value()));
        else
            ++missing;
    }
    for (const Step& step : steps) {
        double last = step.at;
        bool all = true;
        for (qint64 id : step.visible) {
            if (!arrived.contains(id))
                all = false;
            else
                last = std::max(last, arrived.value(id));
        }
        if (all) stepFilledMs.add(last - step.at);
    }
    std::printf(
        "  scrolled %d rows in %zu steps of %d px (%d grid rows) every %d ms: %.1f s; "
        "scroll bar at %d of %d\n",
        list->model()->rowCount(), stepMs.v.size(), stepPx, o.scrollRows, o.scrollIntervalMs,
        scrollS, bar->value(), bar->maximum());
    std::printf(
        "  scroll position thrown back %d times (steps forward ending above where they "
        "began), at most by %d px\n",
        jumpsBack, jumpBackPx);
    row("fetchMore() page (200 rows; incl. proxy sort)", gallery->pages);
    row("scroll step (setValue + events + paint)", stepMs);
    row("stuck at the end of the loaded rows", stalls);
    row("thumbnail: on screen -> arrived", thumbMs);
    row("step: all visible thumbnails arrived", stepFilledMs);
    std::printf(
        "  %-46s %8.1f ms after the last step; %d of %d on-screen items never got "
        "theirs\n",
        "bottom page filled", bottomFilledMs, missing, int(seen.size()));
    lateRow("event-loop lateness while scrolling", scrollLate);
}

// ---- 3. generating ----------------------------------------------------------------------

void benchGenerate(AppStack& stack, const Options& o, LatenessProbe& probe) {
    header("3. GUI responsiveness while generating (job worker + GUI thread in this process)");
    if (!stack.window) {
        stack.makeWindow();
        stack.window->show();
    }
    bool loaded = false, failed = false;
    QString why;
    QObject::connect(&stack.host, &app::ModelHost::loaded, [&] { loaded = true; });
    QObject::connect(&stack.host, &app::ModelHost::loadFailed,
                     [&](const QString&, const QString& r) {
                         failed = true;
                         why = r;
                     });
    QElapsedTimer clock;
    clock.start();
    probe.start();
    stack.window->loadModel(o.model);
    waitUntil([&] { return loaded || failed; }, 120000);
    const double loadMs = double(clock.nsecsElapsed()) / 1e6;
    const Stats loadLate = probe.stop();
    if (!loaded) {
        std::printf("  model %s not loaded: %s\n", qPrintable(o.model), qPrintable(why));
        return;
    }
    std::printf("  model loaded in this process in %.1f ms (files in the page cache)\n", loadMs);
    lateRow("lateness while the model loads", loadLate);

    probe.start();
    waitMs(2000);
    lateRow("lateness idle (2 s)", probe.stop());

    app::TextJobSettings job;
    job.common.model = o.model;
    job.common.steps = o.steps;
    job.common.size = stack.host.resolutions().isEmpty() ? 256 : stack.host.resolutions().last();
    job.prompt = QStringLiteral("a red circle above a blue square");
    job.count = o.count;
    for (int i = 0; i < o.count; ++i) job.seeds.append(quint64(1000 + i));
    bool ended = false, ok = false;
    int progress = 0, previews = 0, indexed = 0;
    QObject::connect(&stack.queue, &app::JobQueue::jobFinished, [&] { ended = ok = true; });
    QObject::connect(&stack.queue, &app::JobQueue::jobFailed, [&](const QUuid&, const QString& r) {
        ended = true;
        why = r;
    });
    QObject::connect(&stack.queue, &app::JobQueue::jobProgress, [&] { ++progress; });
    QObject::connect(&stack.queue, &app::JobQueue::jobPreview, [&] { ++previews; });
    QObject::connect(stack.events, &app::StudioRunnerEvents::imageIndexed, [&] { ++indexed; });
    const int rowsBefore = stack.gallery->rowCount();
    probe.start();
    clock.restart();
    const QUuid id = stack.queue.enqueue(
        app::JobSpec{{}, app::JobKind::Text, app::toJson(job), QStringLiteral("bench")});
    const bool done = waitUntil([&] { return ended; }, o.jobTimeoutS * 1000);
    const double jobS = double(clock.nsecsElapsed()) / 1e9;
    const Stats busy = probe.stop();
    if (!done) {
        stack.queue.cancel(id);
        waitUntil([&] { return ended; }, 20000);
    }
    std::printf(
        "  text job %d/%d/%d steps, count %d, %d px: %s in %.1f s; %d progress signals, "
        "%d previews, %d images indexed, gallery rows %d -> %d\n",
        o.steps.prior, o.steps.decoder, o.steps.superRes, o.count, job.common.size,
        done ? (ok ? "done" : qPrintable(QStringLiteral("failed (%1)").arg(why)))
             : "cut off (timeout), cancelled",
        jobS, progress, previews, indexed, rowsBefore, stack.gallery->rowCount());
    lateRow("lateness while the job runs", busy);
}

QString argValue(const QStringList& args, const QString& name, const QString& fallback) {
    const int i = int(args.indexOf(name));
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("unCLIP Studio bench"));
    QApplication::setApplicationName(QStringLiteral("bench_app"));
    const QStringList args = QCoreApplication::arguments();
    if (args.contains(QStringLiteral("--help"))) {
        std::printf(
            "bench_app [--model DIR] [--images N] [--image-size PX] [--startup-runs N]\n"
            "          [--steps P/D/S] [--count N] [--scroll-rows N] [--job-timeout S]\n"
            "          [--only startup|gallery|generate]\n");
        return 0;
    }
    Options o;
    o.model = argValue(args, QStringLiteral("--model"), o.model);
    o.images = argValue(args, QStringLiteral("--images"), QString::number(o.images)).toInt();
    o.imageSize =
        argValue(args, QStringLiteral("--image-size"), QString::number(o.imageSize)).toInt();
    o.startupRuns =
        argValue(args, QStringLiteral("--startup-runs"), QString::number(o.startupRuns)).toInt();
    o.scrollRows =
        argValue(args, QStringLiteral("--scroll-rows"), QString::number(o.scrollRows)).toInt();
    o.count = argValue(args, QStringLiteral("--count"), QString::number(o.count)).toInt();
    o.jobTimeoutS =
        argValue(args, QStringLiteral("--job-timeout"), QString::number(o.jobTimeoutS)).toInt();
    o.only = argValue(args, QStringLiteral("--only"), {});
    const QStringList steps = argValue(args, QStringLiteral("--steps"), QStringLiteral("50/50/10"))
                                  .split(QLatin1Char('/'));
    if (steps.size() == 3) o.steps = {steps[0].toInt(), steps[1].toInt(), steps[2].toInt()};
    const auto wanted = [&](const char* part) {
        return o.only.isEmpty() || o.only == QLatin1String(part);
    };

    std::printf("bench_app: model %s, %d images of %d px, platform %s, %d CPU threads\n",
                qPrintable(o.model), o.images, o.imageSize,
                qPrintable(QGuiApplication::platformName()), QThread::idealThreadCount());
    QTemporaryDir work;
    const QString outputs = work.filePath(QStringLiteral("outputs"));
    const QString state = work.filePath(QStringLiteral("state"));
    QDir().mkpath(outputs);
    QDir().mkpath(state);

    QString galleryDir;
    if (wanted("startup") || wanted("gallery") || wanted("generate")) {
        header("0. image folder");
        QElapsedTimer clock;
        clock.start();
        makeImages(outputs, o);
        const double writeMs = double(clock.nsecsElapsed()) / 1e6;
        clock.restart();
        app::GalleryStore store(outputs);
        const app::GalleryRescanResult result = store.rescan();
        const double indexMs = double(clock.nsecsElapsed()) / 1e6;
        clock.restart();
        store.rescan();
        const double rescanMs = double(clock.nsecsElapsed()) / 1e6;
        std::printf(
            "  wrote %d PNGs in %.0f ms; rescan() indexed %d in %.0f ms; rescan() with "
            "nothing new (what the app does at start) %.1f ms\n",
            o.images, writeMs, result.added, indexMs, rescanMs);
        galleryDir = outputs;
    }
    if (wanted("startup")) benchStartup(o, galleryDir);

    LatenessProbe probe;
    std::unique_ptr<AppStack> stack;
    if (wanted("gallery") || wanted("generate")) stack = std::make_unique<AppStack>(outputs, state);
    if (wanted("gallery")) benchGallery(*stack, o, probe);
    if (wanted("generate")) benchGenerate(*stack, o, probe);
    std::printf("\n");
    return 0;
}
