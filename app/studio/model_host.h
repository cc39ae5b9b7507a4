// ModelHost: the one loaded unCLIP model the app's jobs run on (Qt Core, no widgets).
//
// load() reads a model folder on a background thread and never blocks the GUI; its signals
// arrive on the host's (GUI) thread. The job worker thread calls waitForModel(), which
// blocks until the current load has ended, so jobs may be queued while a model loads.
// Loading another folder keeps the old model in place until the new one has loaded; when a
// load fails the old model (if any) stays and lastError() says why.
//
//   ModelHost host;
//   connect(&host, &ModelHost::loaded, ...);
//   host.load("/models/karlo", "auto", "auto");
//   // on the worker thread:
//   std::shared_ptr<unclip::UnclipModel> model = host.waitForModel(control.cancel.get());
#pragma once

#include <QFuture>
#include <QList>
#include <QObject>
#include <QString>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "app/studio/job_settings.h"

namespace unclip {
class UnclipModel;
class CancelToken;
}  // namespace unclip

namespace unclip::app {

class ModelHost : public QObject {
    Q_OBJECT

public:
    explicit ModelHost(QObject* parent = nullptr);
    // Waits for a load in progress (a model read cannot be interrupted halfway).
    ~ModelHost() override;

    // Starts loading `folder` in the background. device: auto, cpu, cuda or cuda:N;
    // precision: auto, float32, float16 or bfloat16 (see core/runtime/runtime.h). Emits
    // loadingStarted at once, then loaded or loadFailed. A later load() supersedes an earlier
    // one still running: only the newest request is installed and signalled.
    void load(const QString& folder, const QString& device, const QString& precision);

    // For the job worker thread: blocks until no load is in progress, then returns the model.
    // unclip::Error with the load's reason when there is no model (the load failed, or none
    // was started); unclip::Cancelled when `cancel` fires while waiting.
    std::shared_ptr<unclip::UnclipModel> waitForModel(const unclip::CancelToken* cancel) const;

    bool isLoaded() const;      // a model is in place (maybe while another loads)
    bool isLoading() const;     // a load is in progress
    QString folder() const;     // the loaded model's folder, "" when none
    QString lastError() const;  // why the newest load failed, "" when it did not
    // Final sizes the loaded model can make (decoder, then each super-res stage), e.g.
    // {64, 256}; empty when none is loaded.
    QList<int> resolutions() const;
    // The steps, guidance and candidates the loaded model recommends
    // (UnclipModel::recommendedSampling); Karlo's when none is loaded.
    SamplingDefaults recommendedSettings() const;

Q_SIGNALS:
    void loadingStarted(const QString& folder);
    // summary: one line for a status bar, e.g. "pipeline: text and images, 64/256 px, cpu
    // float32, 1.2M parameters".
    void loaded(const QString& folder, const QString& summary);
    void loadFailed(const QString& folder, const QString& reason);

private:
    void finishLoad(quint64 generation, const QString& folder,
                    std::shared_ptr<unclip::UnclipModel> model, const QString& summary,
                    const QString& error);

    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    std::shared_ptr<unclip::UnclipModel> m_model;  // guarded by m_mutex
    QString m_folder;
    QString m_error;
    quint64 m_generation = 0;  // bumped by each load(); only the newest is installed
    bool m_loading = false;
    QList<QFuture<void>> m_tasks;  // GUI thread only; waited for in the destructor
};

}  // namespace unclip::app
