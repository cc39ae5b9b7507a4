#include "app/jobs/job_queue.h"

#include <QDebug>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QMetaObject>
#include <algorithm>
#include <cmath>
#include <exception>
#include <new>
#include <vector>

#include "app/jobs/stage_eta.h"
#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/pipeline/sampling.h"

namespace unclip::app {

namespace {

constexpr int kFileVersion = 1;

QString firstLine(const char* what) {
    const QString text = QString::fromUtf8(what);
    const int newline = text.indexOf(QLatin1Char('\n'));
    return newline < 0 ? text : text.left(newline);
}

// [N, H, W, 3] -> one picture [H', W', 3] with the N images side by side, row-major in a
// near-square grid, 2 px of grey between them. Before the decoder picks its best candidate
// the preview holds every candidate of the picture; showing them all says why that part
// of the run is slower and what the pick chose from.
torch::Tensor tileRows(const torch::Tensor& images) {
    const int64_t n = images.size(0);
    if (n == 1) return images[0];
    constexpr int64_t kGap = 2;
    const int64_t columns = static_cast<int64_t>(std::ceil(std::sqrt(double(n))));
    const int64_t rows = (n + columns - 1) / columns;
    const int64_t h = images.size(1), w = images.size(2);
    auto grid = torch::full({rows * h + (rows - 1) * kGap, columns * w + (columns - 1) * kGap, 3},
                            0.5, images.options());  // [H', W', 3]
    for (int64_t i = 0; i < n; ++i) {
        const int64_t top = (i / columns) * (h + kGap), left = (i % columns) * (w + kGap);
        grid.narrow(0, top, h).narrow(1, left, w).copy_(images[i]);
    }
    return grid;
}

// [N, H, W, 3] float in [0, 1] -> every image, tiled, as packed RGB8.
bool previewToRgb8(const torch::Tensor& preview, QByteArray* rgb, QSize* size) {
    if (!preview.defined() || preview.dim() != 4 || preview.size(3) != 3 || preview.size(0) < 1) {
        return false;
    }
    const torch::Tensor image = tileRows(preview.detach().to(torch::kCPU, torch::kFloat))
                                    .clamp(0.0, 1.0)
                                    .mul(255.0)
                                    .round()
                                    .to(torch::kUInt8)
                                    .contiguous();
    const auto height = static_cast<int>(image.size(0));
    const auto width = static_cast<int>(image.size(1));
    *rgb = QByteArray(reinterpret_cast<const char*>(image.data_ptr<uint8_t>()),
                      static_cast<qsizetype>(image.numel()));
    *size = QSize(width, height);
    return true;
}

}  // namespace

QString jobKindName(JobKind kind) {
    switch (kind) {
        case JobKind::Text:
            return QStringLiteral("text");
        case JobKind::Variation:
            return QStringLiteral("variation");
        case JobKind::Blend:
            return QStringLiteral("blend");
    }
    return QStringLiteral("text");
}

bool jobKindFromName(const QString& name, JobKind* kind) {
    for (JobKind k : {JobKind::Text, JobKind::Variation, JobKind::Blend}) {
        if (jobKindName(k) == name) {
            *kind = k;
            return true;
        }
    }
    return false;
}

QString jobStateName(JobState state) {
    switch (state) {
        case JobState::Queued:
            return QStringLiteral("queued");
        case JobState::Paused:
            return QStringLiteral("paused");
        case JobState::Running:
            return QStringLiteral("running");
        case JobState::Done:
            return QStringLiteral("done");
        case JobState::Failed:
            return QStringLiteral("failed");
        case JobState::Cancelled:
            return QStringLiteral("cancelled");
    }
    return QStringLiteral("queued");
}

JobQueue::JobQueue(const QString& persistPath, QObject* parent)
    : QObject(parent), m_path(persistPath) {
    m_thread.setObjectName(QStringLiteral("unclip-jobs"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    load();
}

JobQueue::~JobQueue() {
    if (m_runningToken) m_runningToken->cancel();
    m_thread.quit();  // after the running job: quit is processed once the worker is idle
    m_thread.wait();
    delete m_worker;
    // The job that was running is still Running here (its end was never delivered), so it
    // is saved and comes back paused.
    save();
}

void JobQueue::registerRunner(JobKind kind, JobRunner runner) {
    m_runners.insert(kind, std::move(runner));
}

QUuid JobQueue::enqueue(JobSpec spec) {
    if (spec.id.isNull() || indexOf(spec.id) >= 0) spec.id = QUuid::createUuid();
    JobInfo info;
    info.spec = spec;
    info.state = JobState::Queued;
    m_jobs.append(info);
    save();
    Q_EMIT jobAdded(spec.id);
    startNextIfIdle();
    return spec.id;
}

bool JobQueue::cancel(const QUuid& id) {
    const int index = indexOf(id);
    if (index < 0) return false;
    JobInfo& info = m_jobs[index];
    if (info.state == JobState::Running) {
        if (m_runningToken) m_runningToken->cancel();
        return true;
    }
    if (info.state != JobState::Queued && info.state != JobState::Paused) return false;
    info.state = JobState::Cancelled;
    save();
    Q_EMIT jobCancelled(id);
    return true;
}

int JobQueue::cancelAllQueued() {
    QList<QUuid> cancelled;
    for (JobInfo& info : m_jobs) {
        if (info.state == JobState::Queued || info.state == JobState::Paused) {
            info.state = JobState::Cancelled;
            cancelled.append(info.spec.id);
        }
    }
    if (cancelled.isEmpty()) return 0;
    save();
    for (const QUuid& id : cancelled) Q_EMIT jobCancelled(id);
    return static_cast<int>(cancelled.size());
}

void JobQueue::abortRunning() {
    if (m_runningToken) m_runningToken->cancel();
}

void JobQueue::pause() { m_paused = true; }

void JobQueue::resume() {
    m_paused = false;
    bool changed = false;
    for (JobInfo& info : m_jobs) {
        if (info.state == JobState::Paused) {
            info.state = JobState::Queued;
            changed = true;
        }
    }
    if (changed) save();
    startNextIfIdle();
}

bool JobQueue::resumeJob(const QUuid& id) {
    const int index = indexOf(id);
    if (index < 0 || m_jobs[index].state != JobState::Paused) return false;
    m_jobs[index].state = JobState::Queued;
    save();
    startNextIfIdle();
    return true;
}

void JobQueue::pruneFinished() {
    m_jobs.erase(std::remove_if(m_jobs.begin(), m_jobs.end(),
                                [](const JobInfo& info) {
                                    return info.state == JobState::Done ||
                                           info.state == JobState::Failed ||
                                           info.state == JobState::Cancelled;
                                }),
                 m_jobs.end());
}

QList<JobInfo> JobQueue::jobs() const { return m_jobs; }

bool JobQueue::job(const QUuid& id, JobInfo* out) const {
    const int index = indexOf(id);
    if (index < 0) return false;
    *out = m_jobs[index];
    return true;
}

int JobQueue::indexOf(const QUuid& id) const {
    for (int i = 0; i < m_jobs.size(); ++i) {
        if (m_jobs[i].spec.id == id) return i;
    }
    return -1;
}

void JobQueue::startNextIfIdle() {
    if (m_paused || !m_runningId.isNull()) return;
    for (JobInfo& info : m_jobs) {
        if (info.state != JobState::Queued) continue;
        const auto runner = m_runners.constFind(info.spec.kind);
        if (runner == m_runners.constEnd()) {
            info.state = JobState::Failed;
            info.error = QStringLiteral("no runner for %1 jobs").arg(jobKindName(info.spec.kind));
            const QUuid id = info.spec.id;
            const QString reason = info.error;
            save();
            Q_EMIT jobFailed(id, reason);
            startNextIfIdle();  // m_jobs may have changed in a slot: start over
            return;
        }
        info.state = JobState::Running;
        info.step = 0;
        info.total = 0;
        info.etaSeconds = -1.0;
        m_runningId = info.spec.id;
        m_runningToken = std::make_shared<unclip::CancelToken>();
        const JobSpec spec = info.spec;
        save();
        Q_EMIT jobStarted(spec.id);
        runOnWorker(spec, runner.value(), m_runningToken);
        return;
    }
}

void JobQueue::runOnWorker(const JobSpec& spec, JobRunner runner,
                           std::shared_ptr<unclip::CancelToken> token) {
    // Everything the worker touches is captured by value; it talks back only by posting
    // functors to `this`, which run on the GUI thread (and are dropped if the queue is gone).
    QMetaObject::invokeMethod(
        m_worker,
        [this, spec, runner = std::move(runner), token]() {
            QElapsedTimer clock;
            clock.start();
            // Per stage: remaining steps x the mean of the latest step times (stage_eta.h).
            auto eta = std::make_shared<StageEta>();
            unclip::RunControl control;
            control.cancel = token;
            control.previewEvery = 0;
            control.onProgress = [this, id = spec.id, clock, eta](const unclip::Progress& p) {
                eta->report(static_cast<int>(p.stage), p.step, p.total, clock.elapsed());
                const double secondsLeft = eta->secondsLeft();
                const QString stage = QString::fromLatin1(unclip::stageName(p.stage));
                const qint64 step = p.step, total = p.total;
                QMetaObject::invokeMethod(
                    this,
                    [this, id, stage, step, total, secondsLeft]() {
                        const int index = indexOf(id);
                        if (index < 0) return;
                        JobInfo& info = m_jobs[index];
                        info.stage = stage;
                        info.step = step;
                        info.total = total;
                        info.etaSeconds = secondsLeft;
                        Q_EMIT jobProgress(id, stage, step, total, secondsLeft);
                    },
                    Qt::QueuedConnection);
                QByteArray rgb;
                QSize size;
                if (p.preview.defined() && previewToRgb8(p.preview, &rgb, &size)) {
                    QMetaObject::invokeMethod(
                        this, [this, id, rgb, size]() { Q_EMIT jobPreview(id, rgb, size); },
                        Qt::QueuedConnection);
                }
            };

            JobState state = JobState::Done;
            QJsonObject result;
            QString reason;
            try {
                result = runner(spec, control);
            } catch (const unclip::Cancelled&) {
                state = JobState::Cancelled;
            } catch (const std::bad_alloc&) {
                state = JobState::Failed;
                reason = QStringLiteral("out of memory");
            } catch (const c10::OutOfMemoryError&) {
                state = JobState::Failed;
                reason = QStringLiteral("out of memory");
            } catch (const c10::Error& e) {
                state = JobState::Failed;
                reason = firstLine(e.what_without_backtrace());
            } catch (const std::exception& e) {
                state = JobState::Failed;
                reason = firstLine(e.what());
            } catch (...) {
                state = JobState::Failed;
                reason = QStringLiteral("unknown error");
            }
            QMetaObject::invokeMethod(
                this,
                [this, id = spec.id, state, result, reason]() {
                    onJobEnded(id, state, result, reason);
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void JobQueue::onJobEnded(const QUuid& id, JobState state, const QJsonObject& result,
                          const QString& reason) {
    m_runningId = QUuid();
    m_runningToken.reset();
    const int index = indexOf(id);
    if (index >= 0) {
        JobInfo& info = m_jobs[index];
        info.state = state;
        info.result = result;
        info.error = reason;
        if (state == JobState::Done) info.etaSeconds = 0.0;
    }
    save();
    switch (state) {
        case JobState::Done:
            Q_EMIT jobFinished(id, result);
            break;
        case JobState::Cancelled:
            Q_EMIT jobCancelled(id);
            break;
        default:
            Q_EMIT jobFailed(id, reason);
            break;
    }
    startNextIfIdle();
}

void JobQueue::load() {
    if (m_path.isEmpty() || !QFile::exists(m_path)) return;
    QFile file(m_path);
    QString problem;
    QJsonArray entries;
    if (!file.open(QIODevice::ReadOnly)) {
        problem = file.errorString();
    } else {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
        file.close();
        if (parseError.error != QJsonParseError::NoError) {
            problem = parseError.errorString();
        } else if (!doc.isObject() || !doc.object().value(QStringLiteral("jobs")).isArray()) {
            problem = QStringLiteral("no \"jobs\" array");
        } else {
            entries = doc.object().value(QStringLiteral("jobs")).toArray();
        }
    }
    QList<JobInfo> restored;
    for (const QJsonValue& value : entries) {
        const QJsonObject entry = value.toObject();
        JobInfo info;
        info.spec.id = QUuid::fromString(entry.value(QStringLiteral("id")).toString());
        if (info.spec.id.isNull() ||
            !jobKindFromName(entry.value(QStringLiteral("kind")).toString(), &info.spec.kind)) {
            problem = QStringLiteral("a job without a valid id or kind");
            break;
        }
        info.spec.title = entry.value(QStringLiteral("title")).toString();
        info.spec.settings = entry.value(QStringLiteral("settings")).toObject();
        info.state = JobState::Paused;  // queued, paused or interrupted: all wait for the user
        restored.append(info);
    }
    if (!problem.isEmpty()) {
        const QString aside = m_path + QStringLiteral(".corrupt");
        QFile::remove(aside);
        const bool moved = QFile::rename(m_path, aside);
        qWarning().noquote() << QStringLiteral("JobQueue: cannot read the saved queue %1 (%2); %3")
                                    .arg(m_path, problem,
                                         moved ? QStringLiteral("moved it to %1").arg(aside)
                                               : QStringLiteral("could not move it aside"));
        return;
    }
    m_jobs = restored;
}

void JobQueue::save() {
    if (m_path.isEmpty()) return;
    QJsonArray entries;
    for (const JobInfo& info : m_jobs) {
        if (info.state != JobState::Queued && info.state != JobState::Paused &&
            info.state != JobState::Running) {
            continue;
        }
        QJsonObject entry;
        entry.insert(QStringLiteral("id"), info.spec.id.toString(QUuid::WithoutBraces));
        entry.insert(QStringLiteral("kind"), jobKindName(info.spec.kind));
        entry.insert(QStringLiteral("title"), info.spec.title);
        entry.insert(QStringLiteral("settings"), info.spec.settings);
        entry.insert(QStringLiteral("state"), jobStateName(info.state));
        entries.append(entry);
    }
    QJsonObject root;
    root.insert(QStringLiteral("version"), kFileVersion);
    root.insert(QStringLiteral("jobs"), entries);
    const QByteArray json = QJsonDocument(root).toJson(QJsonDocument::Indented);
    try {
        unclip::writeFileAtomic(std::filesystem::path(m_path.toStdString()),
                                std::vector<uint8_t>(json.begin(), json.end()));
    } catch (const std::exception& e) {
        qWarning().noquote() << "JobQueue: cannot save the queue:" << e.what();
    }
}

}  // namespace unclip::app
