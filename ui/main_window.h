// The main window: the prompt, variation and blend panels as tabs, the gallery and the
// queue as docks; menus File (model folder, outputs folder, quit), View (theme, language), Model
// (device, precision, reload); a status bar with the model's loading state. Jobs may be
// queued while the model is still loading: they wait for it (ModelHost::waitForModel).
// Geometry, dock layout and every panel's values are kept in AppSettings.
//
//   MainWindow window(settings, queue, host, store, model);
//   window.show();
//   host.load(folder, settings.device(), settings.precision());
#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QString>
#include <memory>

#include "app/jobs/job_queue.h"

class QActionGroup;
class QLabel;
class QProgressBar;
class QTabWidget;

namespace unclip::app {
class AppSettings;
class GalleryModel;
class GalleryStore;
class ModelHost;
class StudioRunnerEvents;
}  // namespace unclip::app

namespace unclip {
namespace ui {

class BlendPanel;
class GalleryView;
class PromptPanel;
class QueueView;
class VariationPanel;

// Fusion with a dark or light palette, or the platform's own style and palette ("system").
void applyTheme(const QString& theme);

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    MainWindow(app::AppSettings& settings, app::JobQueue& queue, app::ModelHost& host,
               app::GalleryStore& store, app::GalleryModel& gallery, QWidget* parent = nullptr);

    PromptPanel* promptPanel() const { return m_prompt; }
    VariationPanel* variationPanel() const { return m_variation; }
    BlendPanel* blendPanel() const { return m_blend; }
    QueueView* queueView() const { return m_queueView; }
    GalleryView* galleryView() const { return m_galleryView; }
    QTabWidget* tabs() const { return m_tabs; }

    // The runners' events (registerStudioRunners): the images they index are shown when they
    // belong to the outputs folder shown, and setOutputsDir() redirects the runners too.
    void setRunnerEvents(app::StudioRunnerEvents* events);
    // Switches the outputs folder live, at any moment: jobs that start from now on save into
    // `dir` and the gallery shows it (rescanned); a job already running finishes into the
    // folder it began in (each job reads the folder once, when it starts, and writes through
    // its own index connection). Saved in the settings. False, with a message, when `dir`
    // cannot be opened: then nothing changes.
    bool setOutputsDir(const QString& dir);

    // Loads the model folder from the settings with their device and precision.
    void loadModel(const QString& folder);
    // Writes geometry, dock layout and panel values to the settings.
    void saveSettings();

    // --demo: queues a prompt job at once (it waits in the queue while the model loads), then,
    // when it is done, variations of its first image and two blend rows of its first two; once
    // they are done saves screenshots (main window and each panel) into `screenshotDir` (when
    // not empty) and quits with 0; with 1, and no screenshots, when a job failed.
    void runDemo(const QString& screenshotDir);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void connectModelHost();
    void enqueue(const app::JobSpec& spec);
    void setResolutions(const QList<int>& sizes);  // every panel's size combo
    void useAllSettings(const QString& path, const QJsonObject& settings);
    void chooseModelFolder();
    void chooseOutputsFolder();
    void setDevice(const QString& device);
    void setPrecision(const QString& precision);
    void setTheme(const QString& theme);
    void setLanguage(const QString& language);  // "" (the system's), "en", "de"; at restart
    void showStatus(const QString& message);
    void startDemo();
    void onDemoJobEnded(const QUuid& id, const QJsonObject& result, bool ok);
    void finishDemo();

    app::AppSettings& m_settings;
    app::JobQueue& m_queue;
    app::ModelHost& m_host;
    app::GalleryStore* m_store;  // the outputs folder shown; main's until setOutputsDir
    std::unique_ptr<app::GalleryStore> m_ownStore;  // made by setOutputsDir
    std::unique_ptr<app::GalleryModel> m_ownGallery;
    QPointer<app::StudioRunnerEvents> m_events;
    QTabWidget* m_tabs;
    PromptPanel* m_prompt;
    VariationPanel* m_variation;
    BlendPanel* m_blend;
    QueueView* m_queueView;
    GalleryView* m_galleryView;
    QLabel* m_modelLabel;
    QProgressBar* m_modelBusy;
    QActionGroup* m_deviceGroup = nullptr;
    QActionGroup* m_precisionGroup = nullptr;
    QActionGroup* m_themeGroup = nullptr;
    QActionGroup* m_languageGroup = nullptr;

    // --demo
    bool m_demo = false;
    bool m_demoFailed = false;
    QString m_screenshotDir;
    QUuid m_demoTextJob;
    QList<QUuid> m_demoJobs;
};

}  // namespace ui
}  // namespace unclip
