// The job runners behind the app's three panels: text to image, variations and blends.
//
// Each runner parses JobSpec.settings (job_settings.h), waits for the model (ModelHost),
// runs the engine pipeline once per image with the queue's RunControl (progress, decoder
// previews, cancellation between steps), and saves every image to the gallery: a PNG with
// the A1111 `parameters` infotext and the `unclip-studio` JSON, written atomically before
// its row is added to the index. Bad input (a missing, unreadable, huge or non-image source
// file, a size the model cannot make) is an unclip::Error, so the queue marks the job failed
// with that message.
//
//   JobQueue queue(dataDir + "/queue.json");
//   ModelHost host;
//   GalleryStore store(outputsDir);            // the GUI thread's own store and model
//   StudioRunnerEvents* events = registerStudioRunners(queue, host, outputsDir);
//   connect(events, &StudioRunnerEvents::imageIndexed, &store, &GalleryStore::imageAdded);
//   events->setOutputsDir(otherDir);           // jobs that start from now on save there
//
// The job's result object: {"images": [{"id": 12, "path": "/abs/file.png", "row_index": 0,
// "seed": 42}, ...]} (seeds above 2^53 as decimal strings, see job_settings.h).
#pragma once

#include <QMutex>
#include <QObject>
#include <QString>
#include <QUuid>

namespace unclip::app {

class JobQueue;
class ModelHost;

// Announces what the runners wrote. Made as a child of the queue, so it lives on the queue's
// (GUI) thread and outlives the worker thread; its signals are emitted on the worker thread
// and reach receivers on the GUI thread queued.
class StudioRunnerEvents : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;

    // Where jobs save their images (absolute). Any thread. A job reads it once, when it
    // starts, so a job already running when it changes finishes in the folder it began in.
    QString outputsDir() const;
    void setOutputsDir(const QString& dir);

Q_SIGNALS:
    // A PNG was written and indexed in the gallery under `galleryId`. Connecting it to the
    // GUI thread's GalleryStore::imageAdded makes that store's GalleryModel show the image
    // (the row is committed before this is emitted, and SQLite's WAL lets the other
    // connection read it).
    void imageIndexed(qint64 galleryId, const QString& absolutePath, const QUuid& jobId,
                      int rowIndex);

private:
    mutable QMutex m_mutex;
    QString m_outputsDir;  // guarded by m_mutex
};

// Registers the Text, Variation and Blend runners on `queue`. `host` must outlive the queue.
// Images go to `outputsDir` (created when missing) and its gallery index, until the events
// object's setOutputsDir names another folder. Returns the events object (owned by the queue).
StudioRunnerEvents* registerStudioRunners(JobQueue& queue, ModelHost& host,
                                          const QString& outputsDir);

// Source pictures larger than these are refused before they are decoded.
inline constexpr qint64 kMaxSourceFileBytes = qint64(64) << 20;
inline constexpr int kMaxSourceSide = 16384;

}  // namespace unclip::app
