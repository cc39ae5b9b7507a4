#include "ui/main_window.h"

#include <cstdio>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPalette>
#include <QProgressBar>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyle>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTimer>
#include <memory>

#include "app/gallery/gallery_model.h"
#include "app/gallery/gallery_store.h"
#include "app/studio/app_settings.h"
#include "app/studio/job_settings.h"
#include "app/studio/model_host.h"
#include "app/studio/studio_runners.h"
#include "core/common/error.h"
#include "ui/blend_panel.h"
#include "ui/gallery_view.h"
#include "ui/prompt_panel.h"
#include "ui/queue_view.h"
#include "ui/seed_control.h"
#include "ui/variation_panel.h"

namespace unclip {
namespace ui {

namespace {

QPalette darkPalette() {
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(220, 220, 220), disabled(120, 120, 120);
    const QColor highlight(42, 130, 218);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, highlight);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, window.lighter(130));
    p.setColor(QPalette::Midlight, window.lighter(115));
    p.setColor(QPalette::Mid, window.darker(120));
    p.setColor(QPalette::Dark, window.darker(150));
    p.setColor(QPalette::Shadow, Qt::black);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

}  // namespace

void applyTheme(const QString& theme) {
    static const QString systemStyle = QApplication::style()->name();
    if (theme == QLatin1String("dark") || theme == QLatin1String("light")) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(theme == QLatin1String("dark")
                                     ? darkPalette()
                                     : QApplication::style()->standardPalette());
        return;
    }
    QApplication::setStyle(QStyleFactory::create(systemStyle));
    QApplication::setPalette(QApplication::style()->standardPalette());
}

MainWindow::MainWindow(app::AppSettings& settings, app::JobQueue& queue, app::ModelHost& host,
                       app::GalleryStore& store, app::GalleryModel& gallery, QWidget* parent)
    : QMainWindow(parent),
      m_settings(settings),
      m_queue(queue),
      m_host(host),
      m_store(&store),
      m_tabs(new QTabWidget(this)),
      m_prompt(new PromptPanel(this)),
      m_variation(new VariationPanel(this)),
      m_blend(new BlendPanel(this)),
      m_queueView(new QueueView(&queue, this)),
      m_galleryView(new GalleryView(&store, &gallery, this)),
      m_modelLabel(new QLabel(this)),
      m_modelBusy(new QProgressBar(this)) {
    setWindowTitle(tr("unCLIP Studio"));
    m_tabs->addTab(m_prompt, tr("Prompt"));
    m_tabs->addTab(m_variation, tr("Variations"));
    m_tabs->addTab(m_blend, tr("Blend"));
    m_tabs->setMinimumWidth(360);
    setCentralWidget(m_tabs);

    auto* galleryDock = new QDockWidget(tr("Gallery"), this);
    galleryDock->setObjectName(QStringLiteral("galleryDock"));
    galleryDock->setWidget(m_galleryView);
    galleryDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::RightDockWidgetArea, galleryDock);
    auto* queueDock = new QDockWidget(tr("Queue"), this);
    queueDock->setObjectName(QStringLiteral("queueDock"));
    queueDock->setWidget(m_queueView);
    queueDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, queueDock);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    resizeDocks({galleryDock}, {780}, Qt::Horizontal);
    resizeDocks({queueDock}, {210}, Qt::Vertical);

    m_modelBusy->setRange(0, 0);
    m_modelBusy->setMaximumWidth(120);
    m_modelBusy->hide();
    statusBar()->addPermanentWidget(m_modelBusy);
    statusBar()->addPermanentWidget(m_modelLabel);
    m_modelLabel->setText(tr("No model"));

    const QString outputs = store.outputsDir();  // --outputs may override the settings
    m_variation->setOutputsDir(outputs);
    m_blend->setOutputsDir(outputs);

    buildMenus();
    setResolutions(m_host.isLoaded() ? m_host.resolutions() : QList<int>());
    connectModelHost();

    connect(m_prompt, &PromptPanel::jobRequested, this, &MainWindow::enqueue);
    connect(m_variation, &VariationPanel::jobRequested, this, &MainWindow::enqueue);
    connect(m_blend, &BlendPanel::jobRequested, this, &MainWindow::enqueue);
    connect(m_prompt, &PromptPanel::statusMessage, this, &MainWindow::showStatus);
    connect(m_variation, &VariationPanel::statusMessage, this, &MainWindow::showStatus);
    connect(m_blend, &BlendPanel::statusMessage, this, &MainWindow::showStatus);
    connect(m_queueView, &QueueView::statusMessage, this, &MainWindow::showStatus);
    connect(m_galleryView, &GalleryView::statusMessage, this, &MainWindow::showStatus);

    connect(m_galleryView, &GalleryView::useAllSettings, this, &MainWindow::useAllSettings);
    connect(m_galleryView, &GalleryView::usePrompt, this, [this](const QString& prompt) {
        m_prompt->setPrompt(prompt);
        m_tabs->setCurrentWidget(m_prompt);
    });
    connect(m_galleryView, &GalleryView::useSeed, this, [this](quint64 seed) {
        if (seed > 0xFFFFFFFFull) {
            showStatus(tr("The seed %1 is above 4294967295 and was not taken.").arg(seed));
            return;
        }
        for (SeedControl* control :
             {m_prompt->seedControl(), m_variation->seedControl(), m_blend->seedControl()}) {
            control->setSeed(quint32(seed));
            control->setMode(SeedMode::Fixed);
        }
        showStatus(tr("Seed %1 set (fixed).").arg(seed));
    });
    connect(m_galleryView, &GalleryView::sendToVariations, this, [this](const QString& path) {
        m_variation->setSourceImage(path);
        m_tabs->setCurrentWidget(m_variation);
    });
    connect(m_galleryView, &GalleryView::sendToBlend, this, [this](const QString& path, int slot) {
        if (slot == 0)
            m_blend->setImageA(path);
        else
            m_blend->setImageB(path);
        m_tabs->setCurrentWidget(m_blend);
    });
    connect(&queue, &app::JobQueue::jobFailed, this, [this](const QUuid& id, const QString& why) {
        app::JobInfo info;
        const QString title = m_queue.job(id, &info) ? info.spec.title : id.toString();
        showStatus(tr("Job \"%1\" failed: %2").arg(title, why));
    });

    m_prompt->restoreValues(settings.panelValues(QStringLiteral("text")));
    m_variation->restoreValues(settings.panelValues(QStringLiteral("variation")));
    m_blend->restoreValues(settings.panelValues(QStringLiteral("blend")));
    const QJsonObject window = settings.panelValues(QStringLiteral("window"));
    m_tabs->setCurrentIndex(window.value(QStringLiteral("tab")).toInt(0));
    m_galleryView->setRowsByJob(window.value(QStringLiteral("gallery_rows_by_job")).toBool());
    if (!restoreGeometry(settings.windowGeometry())) resize(1360, 860);
    restoreState(settings.windowState());
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open &model folder…"), this, &MainWindow::chooseModelFolder);
    file->addAction(tr("&Outputs folder…"), this, &MainWindow::chooseOutputsFolder);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_themeGroup = new QActionGroup(this);
    const QString theme = m_settings.theme();
    for (auto [key, text] : {std::pair{QStringLiteral("system"), tr("&System theme")},
                             std::pair{QStringLiteral("light"), tr("&Light theme")},
                             std::pair{QStringLiteral("dark"), tr("&Dark theme")}}) {
        QAction* action = view->addAction(text);
        action->setCheckable(true);
        action->setChecked(key == theme);
        action->setData(key);
        m_themeGroup->addAction(action);
    }
    connect(m_themeGroup, &QActionGroup::triggered, this,
            [this](QAction* action) { setTheme(action->data().toString()); });
    // Applied at the next start: the widgets set their texts once, when they are built, and
    // do not retranslate on QEvent::LanguageChange.
    view->addSeparator();
    QMenu* language = view->addMenu(tr("&Language"));
    m_languageGroup = new QActionGroup(this);
    const QString chosen = m_settings.language();
    for (auto [key, text] :
         {std::pair{QString(), tr("&System (%1)").arg(QLocale::system().nativeLanguageName())},
          // Each language in its own words, so it can be found in any.
          std::pair{QStringLiteral("en"), QStringLiteral("English")},
          std::pair{QStringLiteral("de"), QStringLiteral("Deutsch")}}) {
        QAction* action = language->addAction(text);
        action->setObjectName(QStringLiteral("language_") +
                              (key.isEmpty() ? QStringLiteral("system") : key));
        action->setCheckable(true);
        action->setChecked(key == chosen);
        action->setData(key);
        m_languageGroup->addAction(action);
    }
    connect(m_languageGroup, &QActionGroup::triggered, this,
            [this](QAction* action) { setLanguage(action->data().toString()); });

    QMenu* model = menuBar()->addMenu(tr("&Model"));
    QMenu* device = model->addMenu(tr("&Device"));
    m_deviceGroup = new QActionGroup(this);
    for (auto [key, text] :
         {std::pair{QStringLiteral("auto"), tr("Automatic (GPU when available)")},
          std::pair{QStringLiteral("cpu"), tr("CPU")},
          std::pair{QStringLiteral("cuda"), tr("CUDA GPU")}}) {
        QAction* action = device->addAction(text);
        action->setCheckable(true);
        action->setChecked(key == m_settings.device());
        action->setData(key);
        m_deviceGroup->addAction(action);
    }
    connect(m_deviceGroup, &QActionGroup::triggered, this,
            [this](QAction* action) { setDevice(action->data().toString()); });
    QMenu* precision = model->addMenu(tr("&Precision"));
    m_precisionGroup = new QActionGroup(this);
    for (auto [key, text] :
         {std::pair{QStringLiteral("auto"), tr("Automatic")},
          std::pair{QStringLiteral("float32"), tr("float32 (exact)")},
          std::pair{QStringLiteral("float16"), tr("float16 (GPU, half the memory)")},
          std::pair{QStringLiteral("bfloat16"), tr("bfloat16 (GPU)")}}) {
        QAction* action = precision->addAction(text);
        action->setCheckable(true);
        action->setChecked(key == m_settings.precision());
        action->setData(key);
        m_precisionGroup->addAction(action);
    }
    connect(m_precisionGroup, &QActionGroup::triggered, this,
            [this](QAction* action) { setPrecision(action->data().toString()); });
    model->addSeparator();
    model->addAction(tr("&Reload model"), this, [this] { loadModel(m_settings.modelFolder()); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About unCLIP Studio"), this, [this] {
        QMessageBox::about(
            this, tr("About unCLIP Studio"),
            tr("<p><b>unCLIP Studio</b> %1</p><p>Text to image, image variations and blends "
               "with the unCLIP cascade (prior, decoder, super-resolution), run locally with "
               "LibTorch.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::connectModelHost() {
    connect(&m_host, &app::ModelHost::loadingStarted, this, [this](const QString& folder) {
        // Another model's sizes are unknown until it has loaded: meanwhile the panels offer
        // only "Model default", which the runner resolves against the model that runs the job.
        if (m_host.folder() != folder) setResolutions({});
        m_modelBusy->show();
        m_modelLabel->setText(tr("Loading model %1…").arg(QFileInfo(folder).fileName()));
        m_modelLabel->setToolTip(QDir::toNativeSeparators(folder));
    });
    connect(&m_host, &app::ModelHost::loaded, this,
            [this](const QString& folder, const QString& summary) {
                m_modelBusy->hide();
                m_modelLabel->setText(tr("Model: %1").arg(QFileInfo(folder).fileName()));
                m_modelLabel->setToolTip(summary);
                setResolutions(m_host.resolutions());
                const auto defaults = m_host.recommendedSettings();
                m_prompt->setModelDefaults(defaults);
                m_variation->setModelDefaults(defaults);
                m_blend->setModelDefaults(defaults);
                showStatus(tr("Model loaded: %1").arg(summary));
            });
    connect(&m_host, &app::ModelHost::loadFailed, this,
            [this](const QString& folder, const QString& reason) {
                m_modelBusy->hide();
                m_modelLabel->setText(
                    m_host.isLoaded() ? tr("Model: %1").arg(QFileInfo(m_host.folder()).fileName())
                                      : tr("No model"));
                QMessageBox::warning(this, tr("Model not loaded"),
                                     tr("Could not load the model in %1:\n%2")
                                         .arg(QDir::toNativeSeparators(folder), reason));
            });
}

void MainWindow::setResolutions(const QList<int>& sizes) {
    m_prompt->setResolutions(sizes);
    m_variation->setResolutions(sizes);
    m_blend->setResolutions(sizes);
}

void MainWindow::loadModel(const QString& folder) {
    if (folder.isEmpty()) {
        showStatus(tr("No model folder chosen: File ▸ Open model folder…"));
        return;
    }
    m_prompt->setModelFolder(folder);
    m_variation->setModelFolder(folder);
    m_blend->setModelFolder(folder);
    m_host.load(folder, m_settings.device(), m_settings.precision());
}

void MainWindow::enqueue(const app::JobSpec& spec) {
    m_queue.enqueue(spec);
    if (m_host.isLoading())
        showStatus(tr("Queued \"%1\"; it starts when the model has loaded.").arg(spec.title));
    else
        showStatus(tr("Queued \"%1\".").arg(spec.title));
}

void MainWindow::useAllSettings(const QString& path, const QJsonObject& settings) {
    const QString kind = settings.value(QStringLiteral("kind")).toString();
    quint64 seed = 0;
    const bool hasSeed =
        app::seedFromJson(settings.value(QStringLiteral("seed")), &seed) && seed <= 0xFFFFFFFFull;
    if (kind == QLatin1String("variation")) {
        m_variation->setSourceImage(settings.value(QStringLiteral("source")).toString());
        if (hasSeed) {
            m_variation->seedControl()->setSeed(quint32(seed));
            m_variation->seedControl()->setMode(SeedMode::Fixed);
        }
        m_tabs->setCurrentWidget(m_variation);
    } else if (kind == QLatin1String("blend")) {
        m_blend->setImageA(settings.value(QStringLiteral("source_a")).toString());
        m_blend->setImageB(settings.value(QStringLiteral("source_b")).toString());
        if (hasSeed) {
            m_blend->seedControl()->setSeed(quint32(seed));
            m_blend->seedControl()->setMode(SeedMode::Fixed);
        }
        m_tabs->setCurrentWidget(m_blend);
    } else {
        m_prompt->restoreFromPng(path);
        m_tabs->setCurrentWidget(m_prompt);
    }
}

void MainWindow::chooseModelFolder() {
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Open model folder (diffusers layout, with model_index.json)"),
        m_settings.modelFolder());
    if (folder.isEmpty()) return;
    if (!QFileInfo::exists(QDir(folder).filePath(QStringLiteral("model_index.json")))) {
        QMessageBox::warning(this, tr("Not a model folder"),
                             tr("%1 has no model_index.json. Choose the folder of a model in the "
                                "diffusers layout.")
                                 .arg(QDir::toNativeSeparators(folder)));
        return;
    }
    m_settings.setModelFolder(folder);
    loadModel(folder);
}

void MainWindow::chooseOutputsFolder() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Outputs folder"), m_store->outputsDir());
    if (folder.isEmpty() || QDir(folder) == QDir(m_store->outputsDir())) return;
    setOutputsDir(folder);
}

void MainWindow::setRunnerEvents(app::StudioRunnerEvents* events) {
    m_events = events;
    connect(events, &app::StudioRunnerEvents::imageIndexed, this,
            [this](qint64 id, const QString& path) {
                // A job that began before a switch writes into the old folder's index: its ids
                // mean nothing to the store shown now.
                if (QFileInfo(path).absoluteDir() == QDir(m_store->outputsDir()))
                    Q_EMIT m_store->imageAdded(id);
            });
}

bool MainWindow::setOutputsDir(const QString& dir) {
    std::unique_ptr<app::GalleryStore> store;
    try {
        store = std::make_unique<app::GalleryStore>(dir);
        store->rescan();
    } catch (const unclip::Error& e) {
        QMessageBox::warning(this, tr("Outputs folder"),
                             tr("Cannot use %1 as the outputs folder:\n%2")
                                 .arg(QDir::toNativeSeparators(dir), QString::fromUtf8(e.what())));
        return false;
    }
    auto gallery = std::make_unique<app::GalleryModel>(store.get());
    m_galleryView->setStore(store.get(), gallery.get());
    // The previous ones, once the view has let go (model before store: deleteLater keeps order).
    if (m_ownGallery) m_ownGallery.release()->deleteLater();
    if (m_ownStore) m_ownStore.release()->deleteLater();
    m_store = store.get();
    m_ownStore = std::move(store);
    m_ownGallery = std::move(gallery);
    if (m_events) m_events->setOutputsDir(dir);
    m_variation->setOutputsDir(dir);
    m_blend->setOutputsDir(dir);
    m_settings.setOutputsDir(dir);
    bool running = false;
    for (const app::JobInfo& job : m_queue.jobs()) running |= job.state == app::JobState::Running;
    showStatus(!running ? tr("New images go to %1.").arg(QDir::toNativeSeparators(dir))
                        : tr("New images go to %1; the job running now finishes in the old folder.")
                              .arg(QDir::toNativeSeparators(dir)));
    return true;
}

void MainWindow::setDevice(const QString& device) {
    m_settings.setDevice(device);
    if (!m_settings.modelFolder().isEmpty()) loadModel(m_settings.modelFolder());
}

void MainWindow::setPrecision(const QString& precision) {
    m_settings.setPrecision(precision);
    if (!m_settings.modelFolder().isEmpty()) loadModel(m_settings.modelFolder());
}

void MainWindow::setTheme(const QString& theme) {
    m_settings.setTheme(theme);
    applyTheme(theme);
}

void MainWindow::setLanguage(const QString& language) {
    if (language == m_settings.language()) return;
    m_settings.setLanguage(language);
    m_settings.sync();
    // Not modal-blocking (open(), not exec()): the choice is already saved.
    auto* box = new QMessageBox(QMessageBox::Information, tr("Language"),
                                tr("The new language is used when unCLIP Studio starts again."),
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    showStatus(tr("Language saved; it applies after a restart."));
}

void MainWindow::showStatus(const QString& message) { statusBar()->showMessage(message, 8000); }

void MainWindow::saveSettings() {
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setWindowState(saveState());
    m_settings.setPanelValues(QStringLiteral("text"), m_prompt->values());
    m_settings.setPanelValues(QStringLiteral("variation"), m_variation->values());
    m_settings.setPanelValues(QStringLiteral("blend"), m_blend->values());
    m_settings.setPanelValues(
        QStringLiteral("window"),
        QJsonObject{{QStringLiteral("tab"), m_tabs->currentIndex()},
                    {QStringLiteral("gallery_rows_by_job"), m_galleryView->rowsByJob()}});
    m_settings.sync();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!m_demo) saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::runDemo(const QString& screenshotDir) {
    m_demo = true;
    m_screenshotDir = screenshotDir;
    // Queued at once, as Generate does: the job waits for the model in the queue with its
    // size left to the model ("default"), so the window shows the job from the start. The
    // panels get the model's sizes when it has loaded, before the screenshots are taken.
    // A model that fails to load makes no pictures: the demo ends there, with 1.
    if (m_host.isLoading())
        connect(&m_host, &app::ModelHost::loadFailed, this,
                [](const QString& folder, const QString& reason) {
                    // Nobody watches a demo run: the reason goes to the terminal.
                    std::fprintf(stderr, "unclip-studio: cannot load %s: %s\n", qPrintable(folder),
                                 qPrintable(reason));
                    QApplication::exit(1);
                });
    startDemo();
}

void MainWindow::startDemo() {
    connect(
        &m_queue, &app::JobQueue::jobFinished, this,
        [this](const QUuid& id, const QJsonObject& result) { onDemoJobEnded(id, result, true); });
    connect(&m_queue, &app::JobQueue::jobFailed, this,
            [this](const QUuid& id) { onDemoJobEnded(id, {}, false); });
    connect(&m_queue, &app::JobQueue::jobCancelled, this,
            [this](const QUuid& id) { onDemoJobEnded(id, {}, false); });
    m_prompt->setPrompt(QStringLiteral("a red circle above a blue square"));
    m_prompt->countBox()->setValue(4);
    m_prompt->seedControl()->setSeed(3000000000u);
    m_prompt->seedControl()->setMode(SeedMode::Increment);
    const app::JobSpec spec = m_prompt->takeJob();
    m_demoTextJob = spec.id;
    m_demoJobs.append(spec.id);
    enqueue(spec);
}

void MainWindow::onDemoJobEnded(const QUuid& id, const QJsonObject& result, bool ok) {
    if (!m_demoJobs.contains(id)) return;
    m_demoJobs.removeAll(id);
    m_demoFailed |= !ok;
    if (id == m_demoTextJob && ok) {
        const QJsonArray images = result.value(QStringLiteral("images")).toArray();
        if (images.size() >= 2) {
            const QString first = images.at(0).toObject().value(QStringLiteral("path")).toString();
            const QString second = images.at(1).toObject().value(QStringLiteral("path")).toString();
            m_variation->setSourceImage(first);
            m_variation->countBox()->setValue(4);
            app::JobSpec variation = m_variation->takeJob();
            m_demoJobs.append(variation.id);
            enqueue(variation);
            m_blend->setImageA(first);
            m_blend->setImageB(second);
            m_blend->rowCountBox()->setValue(5);
            for (int row = 0; row < 2; ++row) {
                app::JobSpec blend = m_blend->takeJob(evenThetas(5));
                m_demoJobs.append(blend.id);
                enqueue(blend);
            }
        }
    }
    if (m_demoJobs.isEmpty())
        QTimer::singleShot(2000, this, &MainWindow::finishDemo);  // thumbnails load meanwhile
}

void MainWindow::finishDemo() {
    // Pictures of a failed run would replace the docs' screenshots with an error.
    if (!m_screenshotDir.isEmpty() && !m_demoFailed) {
        QDir().mkpath(m_screenshotDir);
        const QDir dir(m_screenshotDir);
        m_galleryView->selectRow(0);
        m_tabs->setCurrentWidget(m_prompt);
        QApplication::processEvents();
        grab().save(dir.filePath(QStringLiteral("main-window.png")));
        m_tabs->setCurrentWidget(m_variation);
        QApplication::processEvents();
        grab().save(dir.filePath(QStringLiteral("variations.png")));
        m_tabs->setCurrentWidget(m_blend);
        QApplication::processEvents();
        grab().save(dir.filePath(QStringLiteral("blend.png")));
    }
    QApplication::exit(m_demoFailed ? 1 : 0);
}

}  // namespace ui
}  // namespace unclip
