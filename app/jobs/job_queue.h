// JobQueue: the app's background generation queue (Qt Core only, no widgets).
//
// One worker thread runs one job at a time (the GPU is one resource); the queue itself
// lives on the GUI thread, keeps every job's state there and emits all its signals there,
// so widgets can connect to it directly. A job is a JobSpec plus a runner registered for
// its kind; the runner gets an unclip::RunControl whose progress callback and cancel token
// the queue wires up, the same contract as the engine's pipelines (core/pipeline/sampling.h).
//
// Queued, paused and running jobs are saved to a JSON file on every change
// (unclip::writeFileAtomic); a new queue on the same file brings them back paused.
//
//   JobQueue queue(dataDir + "/queue.json");
//   queue.registerRunner(JobKind::Text, [&](const JobSpec& spec, const unclip::RunControl& rc) {
//       return runTextToImage(spec.settings, rc);  // throws unclip::Error / unclip::Cancelled
//   });
//   queue.enqueue(JobSpec{QUuid::createUuid(), JobKind::Text, settings, "a red cube"});
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSize>
#include <QString>
#include <QThread>
#include <QUuid>
#include <functional>
#include <memory>

namespace unclip {
struct RunControl;
class CancelToken;
}  // namespace unclip

namespace unclip::app {

enum class JobKind { Text, Variation, Blend };
QString jobKindName(JobKind kind);  // "text", "variation", "blend"
bool jobKindFromName(const QString& name, JobKind* kind);

enum class JobState { Queued, Paused, Running, Done, Failed, Cancelled };
QString jobStateName(JobState state);  // "queued", "paused", ...

struct JobSpec {
    QUuid id;  // enqueue() makes one when null
    JobKind kind = JobKind::Text;
    QJsonObject settings;
    QString title;
};

// A snapshot of one job, as jobs() returns it.
struct JobInfo {
    JobSpec spec;
    JobState state = JobState::Queued;
    QString stage;             // the engine's stage name ("prior", "decoder", ...) while running
    qint64 step = 0;           // within the stage, 1-based; 0 before the first step
    qint64 total = 0;          // steps in the stage
    double etaSeconds = -1.0;  // seconds left in the stage (stage_eta.h); -1 unknown
    QString error;             // why it failed
    QJsonObject result;        // what the runner returned, once Done
};

// Runs on the worker thread. Returns the result object; throws unclip::Error (or any
// std::exception) for failure and unclip::Cancelled when control.cancel fired.
using JobRunner = std::function<QJsonObject(const JobSpec&, const unclip::RunControl&)>;

class JobQueue : public QObject {
    Q_OBJECT

public:
    // persistPath: the JSON file the queue is saved to and restored from ("" for none).
    explicit JobQueue(const QString& persistPath, QObject* parent = nullptr);
    // Aborts the running job, waits for the worker and saves the queue.
    ~JobQueue() override;

    void registerRunner(JobKind kind, JobRunner runner);

    QUuid enqueue(JobSpec spec);   // to the back; returns the job's id
    bool cancel(const QUuid& id);  // queued/paused: cancelled at once; running: stops between steps
    int cancelAllQueued();         // every queued or paused job; the running one goes on
    void abortRunning();           // the running job stops between steps
    void pause();                  // no new job starts; the running one finishes
    void resume();                 // starts the queue again, paused jobs included
    bool resumeJob(const QUuid& id);  // one Paused job back to Queued
    void pruneFinished();             // forgets Done, Failed and Cancelled jobs

    bool isPaused() const { return m_paused; }
    QList<JobInfo> jobs() const;
    bool job(const QUuid& id, JobInfo* out) const;
    QString persistPath() const { return m_path; }

Q_SIGNALS:
    void jobAdded(const QUuid& id);
    void jobStarted(const QUuid& id);
    void jobProgress(const QUuid& id, const QString& stage, qint64 step, qint64 total,
                     double etaSeconds);
    // The decoder's current estimate: RGB8, rows packed, size.width() * 3 bytes a row. While
    // the decoder still draws several candidates they come tiled in a grid, 2 px apart.
    void jobPreview(const QUuid& id, const QByteArray& rgb8, const QSize& size);
    void jobFinished(const QUuid& id, const QJsonObject& result);
    void jobFailed(const QUuid& id, const QString& reason);
    void jobCancelled(const QUuid& id);

private:
    int indexOf(const QUuid& id) const;
    void startNextIfIdle();
    void runOnWorker(const JobSpec& spec, JobRunner runner,
                     std::shared_ptr<unclip::CancelToken> token);
    void onJobEnded(const QUuid& id, JobState state, const QJsonObject& result,
                    const QString& reason);
    void load();
    void save();

    QString m_path;
    QList<JobInfo> m_jobs;  // in queue order; touched on the GUI thread only
    QMap<JobKind, JobRunner> m_runners;
    bool m_paused = false;
    QUuid m_runningId;  // null when idle
    std::shared_ptr<unclip::CancelToken> m_runningToken;
    QThread m_thread;
    QObject* m_worker = nullptr;  // lives on m_thread; runs the jobs
};

}  // namespace unclip::app
