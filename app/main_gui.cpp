// unclip-studio: the desktop app. Wires the non-widget layer (JobQueue, ModelHost, gallery,
// runners, AppSettings) to the widgets (ui/MainWindow) and starts loading the model; the
// built-in model unless one was chosen before (or UNCLIP_MODEL / --model name another).
//
//   unclip-studio [--model DIR] [--outputs DIR] [--settings FILE.ini]
//   unclip-studio --demo [--screenshot DIR]   queue a prompt, variations and blend rows,
//                                              save screenshots when done, quit
//   unclip-studio --quit-when-ready           print "window-painted MS" and "model-loaded MS"
//                                              (since main()), then quit (benchmarks/bench_app)
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTimer>
#include <QTranslator>
#include <cstdio>
#include <memory>

#include "app/app_paths.h"
#include "app/cli/model_locator.h"
#include "app/gallery/gallery_model.h"
#include "app/gallery/gallery_store.h"
#include "app/jobs/job_queue.h"
#include "app/studio/app_settings.h"
#include "app/studio/model_host.h"
#include "app/studio/studio_runners.h"
#include "core/common/error.h"
#include "core/runtime/runtime.h"
#include "ui/main_window.h"

namespace {

// The app's German (or other) catalogue and Qt's own, for the locale the settings name, else
// the system's. An installed catalogue (share/unclip-studio/translations) comes first, so a
// language can be added or corrected without a rebuild; the embedded ones (:/i18n) serve the
// build tree and a program copied on its own.
void installTranslators(QApplication& app, const QString& language) {
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto* own = new QTranslator(&app);
    const QString installed =
        QDir(QCoreApplication::applicationDirPath())
            .filePath(QStringLiteral(UNCLIP_INSTALL_DATA_RELDIR "/translations"));
    for (const QString& folder : {installed, QStringLiteral(":/i18n")}) {
        if (own->load(locale, QStringLiteral("unclip_studio"), QStringLiteral("_"), folder)) {
            QApplication::installTranslator(own);
            break;
        }
    }
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

// --quit-when-ready: reports when the window has finished its first paint (every widget
// painted in that pass) and when the model is in, then quits with 0 (1 when the load failed).
class ReadyReporter : public QObject {
public:
    ReadyReporter(QWidget* window, unclip::app::ModelHost* host, const QElapsedTimer& clock)
        : m_window(window), m_clock(clock) {
        qApp->installEventFilter(this);
        connect(host, &unclip::app::ModelHost::loaded, this, [this] { report("model-loaded"); });
        connect(host, &unclip::app::ModelHost::loadFailed, this, [] { QApplication::exit(1); });
    }
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint && !m_painting && watched->isWidgetType() &&
            static_cast<QWidget*>(watched)->window() == m_window) {
            m_painting = true;
            QTimer::singleShot(0, this, [this] { report("window-painted"); });
        }
        return false;
    }

private:
    void report(const char* what) {
        std::printf("%s %.1f\n", what, double(m_clock.nsecsElapsed()) / 1e6);
        std::fflush(stdout);
        if (++m_reported == 2) QApplication::exit(0);
    }
    QWidget* m_window;
    const QElapsedTimer& m_clock;
    bool m_painting = false;
    int m_reported = 0;
};

}  // namespace

int main(int argc, char** argv) {
    unclip::restartWithRuntimeSettings(argv);
    unclip::keepFreedMemory();
    QElapsedTimer sinceMain;
    sinceMain.start();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("unCLIP Studio"));
    QApplication::setApplicationName(QStringLiteral("unCLIP Studio"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.unclip_studio"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("unCLIP Studio: text to image, variations, blends"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption modelOption(QStringLiteral("model"),
                                         QStringLiteral("Model folder (diffusers layout)."),
                                         QStringLiteral("dir"));
    const QCommandLineOption outputsOption(QStringLiteral("outputs"),
                                           QStringLiteral("Outputs folder for this run."),
                                           QStringLiteral("dir"));
    const QCommandLineOption settingsOption(
        QStringLiteral("settings"), QStringLiteral("Settings INI file instead of the user's."),
        QStringLiteral("file"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QStringLiteral("Queue a prompt, variations and blend rows; quit when done."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("With --demo: save screenshots into this folder."), QStringLiteral("dir"));
    const QCommandLineOption quitWhenReadyOption(
        QStringLiteral("quit-when-ready"),
        QStringLiteral(
            "Print the ms from main() to the first paint and to the model loaded; quit."));
    parser.addOptions({modelOption, outputsOption, settingsOption, demoOption, screenshotOption,
                       quitWhenReadyOption});
    parser.process(app);
    const bool demo = parser.isSet(demoOption) || parser.isSet(screenshotOption);

    std::unique_ptr<unclip::app::AppSettings> settings =
        parser.isSet(settingsOption)
            ? std::make_unique<unclip::app::AppSettings>(parser.value(settingsOption))
            : std::make_unique<unclip::app::AppSettings>();
    installTranslators(app, settings->language());
    unclip::ui::applyTheme(settings->theme());

    const QString outputs =
        parser.isSet(outputsOption) ? parser.value(outputsOption) : settings->outputsDir();
    QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (demo) dataDir = QDir(outputs).filePath(QStringLiteral(".demo-state"));
    QDir().mkpath(dataDir);

    QString modelFolder = parser.value(modelOption);
    if (modelFolder.isEmpty() && qEnvironmentVariableIsEmpty("UNCLIP_MODEL"))
        modelFolder = settings->modelFolder();
    QString modelProblem;
    if (modelFolder.isEmpty()) {
        try {
            modelFolder = QString::fromStdString(unclip::cli::defaultModelFolder().string());
        } catch (const unclip::Error& e) {
            modelProblem = QString::fromUtf8(e.what());
        }
    }

    std::unique_ptr<unclip::app::GalleryStore> store;
    try {
        store = std::make_unique<unclip::app::GalleryStore>(outputs);
        store->rescan();
    } catch (const unclip::Error& e) {
        QMessageBox::critical(
            nullptr, QApplication::translate("main", "unCLIP Studio"),
            QApplication::translate("main", "Cannot open the outputs folder %1:\n%2")
                .arg(QDir::toNativeSeparators(outputs), QString::fromUtf8(e.what())));
        return 1;
    }
    unclip::app::GalleryModel gallery(store.get());
    // The host outlives the queue: the queue's destructor stops the worker that uses it.
    unclip::app::ModelHost host;
    unclip::app::JobQueue queue(QDir(dataDir).filePath(QStringLiteral("queue.json")));
    auto* events = unclip::app::registerStudioRunners(queue, host, outputs);

    unclip::ui::MainWindow window(*settings, queue, host, *store, gallery);
    window.setRunnerEvents(events);  // the gallery shows what the runners index
    std::unique_ptr<ReadyReporter> ready;
    if (parser.isSet(quitWhenReadyOption))
        ready = std::make_unique<ReadyReporter>(&window, &host, sinceMain);
    window.show();
    // The unattended runs (--demo, --screenshot, --quit-when-ready: scripts, benchmarks)
    // have nobody to close a dialog: they say what is wrong and end.
    if (!modelProblem.isEmpty() && (demo || ready)) {
        std::fprintf(stderr, "unclip-studio: %s\n", qPrintable(modelProblem));
        return 1;
    }
    if (!modelProblem.isEmpty())
        QMessageBox::warning(&window, QApplication::translate("main", "No model"), modelProblem);
    else
        window.loadModel(modelFolder);
    if (demo) window.runDemo(parser.value(screenshotOption));
    return app.exec();
}
