// JobQueue: order, cancellation, failures, progress and persistence, with runners that
// stand in for the engine (they honour RunControl the way the pipelines do).
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>
#include <chrono>
#include <new>
#include <thread>

#include "app/jobs/job_queue.h"
#include "app/jobs/stage_eta.h"
#include "core/common/error.h"
#include "core/pipeline/sampling.h"

using unclip::app::JobInfo;
using unclip::app::JobKind;
using unclip::app::JobQueue;
using unclip::app::JobSpec;
using unclip::app::JobState;
using unclip::app::StageEta;

namespace {

JobSpec spec(const QString& title, JobKind kind = JobKind::Text) {
    JobSpec s;
    s.id = QUuid::createUuid();
    s.kind = kind;
    s.title = title;
    s.settings.insert(QStringLiteral("prompt"), title);
    return s;
}

// `steps` decoder steps of `stepMs` each, checking the cancel token before every step.
QJsonObject steppedRun(const JobSpec& s, const unclip::RunControl& control, int steps, int stepMs) {
    for (int step = 1; step <= steps; ++step) {
        if (control.cancel && control.cancel->isCancelled()) throw unclip::Cancelled();
        std::this_thread::sleep_for(std::chrono::milliseconds(stepMs));
        if (control.onProgress) control.onProgress({unclip::Stage::Decoder, step, steps, {}});
    }
    QJsonObject result;
    result.insert(QStringLiteral("title"), s.title);
    return result;
}

// Runs until cancelled (a long generation).
QJsonObject untilCancelled(const JobSpec& s, const unclip::RunControl& control) {
    return steppedRun(s, control, 100000, 2);
}

JobState stateOf(const JobQueue& queue, const QUuid& id) {
    JobInfo info;
    return queue.job(id, &info) ? info.state : JobState::Failed;
}

QUuid idAt(const QSignalSpy& spy, int i) { return spy.at(i).at(0).value<QUuid>(); }

}  // namespace

class TestJobQueue : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsFifoOneAtATime();
    void cancelQueuedJob();
    void cancelRunningJobBetweenSteps();
    void cancelAllQueuedKeepsRunning();
    void failureIsReportedAndQueueGoesOn();
    void progressCarriesEta();
    void etaFollowsTheLatestSteps();
    void previewArrivesAsRgb8();
    void previewTilesTheCandidates();
    void persistedJobsComeBackPaused();
    void runningJobAtShutdownComesBackPaused();
    void corruptFileIsMovedAside();
};

void TestJobQueue::runsFifoOneAtATime() {
    JobQueue queue(QString{});
    std::atomic<int> running{0};
    std::atomic<bool> overlapped{false};
    queue.registerRunner(JobKind::Text, [&](const JobSpec& s, const unclip::RunControl& c) {
        if (running.fetch_add(1) != 0) overlapped = true;
        QJsonObject result = steppedRun(s, c, 3, 5);
        running.fetch_sub(1);
        return result;
    });
    QSignalSpy started(&queue, &JobQueue::jobStarted);
    QSignalSpy finished(&queue, &JobQueue::jobFinished);
    const QUuid a = queue.enqueue(spec("a"));
    const QUuid b = queue.enqueue(spec("b"));
    const QUuid c = queue.enqueue(spec("c"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 2000);
    QVERIFY(!overlapped);
    QCOMPARE(idAt(started, 0), a);
    QCOMPARE(idAt(started, 1), b);
    QCOMPARE(idAt(started, 2), c);
    QCOMPARE(idAt(finished, 0), a);
    QCOMPARE(idAt(finished, 2), c);
    QCOMPARE(finished.at(1).at(1).toJsonObject().value("title").toString(), QString("b"));
    QCOMPARE(stateOf(queue, c), JobState::Done);
}

void TestJobQueue::cancelQueuedJob() {
    JobQueue queue(QString{});
    queue.registerRunner(JobKind::Text, [](const JobSpec& s, const unclip::RunControl& c) {
        return steppedRun(s, c, 2, 1);
    });
    QSignalSpy started(&queue, &JobQueue::jobStarted);
    QSignalSpy cancelled(&queue, &JobQueue::jobCancelled);
    QSignalSpy finished(&queue, &JobQueue::jobFinished);
    queue.pause();
    const QUuid a = queue.enqueue(spec("a"));
    const QUuid b = queue.enqueue(spec("b"));
    QVERIFY(queue.cancel(a));
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(idAt(cancelled, 0), a);
    QCOMPARE(stateOf(queue, a), JobState::Cancelled);
    queue.resume();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 2000);
    QCOMPARE(started.count(), 1);
    QCOMPARE(idAt(finished, 0), b);
    QVERIFY(!queue.cancel(a));  // already cancelled
}

void TestJobQueue::cancelRunningJobBetweenSteps() {
    JobQueue queue(QString{});
    queue.registerRunner(JobKind::Text, untilCancelled);
    QSignalSpy progress(&queue, &JobQueue::jobProgress);
    QSignalSpy cancelled(&queue, &JobQueue::jobCancelled);
    QSignalSpy finished(&queue, &JobQueue::jobFinished);
    const QUuid id = queue.enqueue(spec("long"));
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 2, 2000);
    QCOMPARE(stateOf(queue, id), JobState::Running);
    QVERIFY(queue.cancel(id));
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 1000);
    QCOMPARE(idAt(cancelled, 0), id);
    QCOMPARE(stateOf(queue, id), JobState::Cancelled);
    QCOMPARE(finished.count(), 0);
}

void TestJobQueue::cancelAllQueuedKeepsRunning() {
    JobQueue queue(QString{});
    queue.registerRunner(JobKind::Text, untilCancelled);
    QSignalSpy started(&queue, &JobQueue::jobStarted);
    QSignalSpy cancelled(&queue, &JobQueue::jobCancelled);
    const QUuid running = queue.enqueue(spec("running"));
    queue.enqueue(spec("q1"));
    queue.enqueue(spec("q2"));
    QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 1000);
    QCOMPARE(queue.cancelAllQueued(), 2);
    QCOMPARE(cancelled.count(), 2);
    QCOMPARE(stateOf(queue, running), JobState::Running);
    queue.abortRunning();
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 3, 1000);
    QCOMPARE(idAt(cancelled, 2), running);
    QTest::qWait(20);
    QCOMPARE(started.count(), 1);  // nothing else was left to start
    queue.pruneFinished();
    QVERIFY(queue.jobs().isEmpty());
}

void TestJobQueue::failureIsReportedAndQueueGoesOn() {
    JobQueue queue(QString{});
    queue.registerRunner(JobKind::Variation,
                         [](const JobSpec&, const unclip::RunControl&) -> QJsonObject {
                             throw unclip::Error("cannot read the source image x.png");
                         });
    queue.registerRunner(
        JobKind::Blend,
        [](const JobSpec&, const unclip::RunControl&) -> QJsonObject { throw std::bad_alloc(); });
    queue.registerRunner(JobKind::Text, [](const JobSpec& s, const unclip::RunControl& c) {
        return steppedRun(s, c, 1, 1);
    });
    QSignalSpy failed(&queue, &JobQueue::jobFailed);
    QSignalSpy finished(&queue, &JobQueue::jobFinished);
    const QUuid bad = queue.enqueue(spec("bad", JobKind::Variation));
    const QUuid oom = queue.enqueue(spec("oom", JobKind::Blend));
    const QUuid good = queue.enqueue(spec("good"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 2000);
    QCOMPARE(failed.count(), 2);
    QCOMPARE(idAt(failed, 0), bad);
    QCOMPARE(failed.at(0).at(1).toString(), QString("cannot read the source image x.png"));
    QCOMPARE(idAt(failed, 1), oom);
    QCOMPARE(failed.at(1).at(1).toString(), QString("out of memory"));
    QCOMPARE(idAt(finished, 0), good);
    JobInfo info;
    QVERIFY(queue.job(bad, &info));
    QCOMPARE(info.state, JobState::Failed);
    QCOMPARE(info.error, QString("cannot read the source image x.png"));
}

void TestJobQueue::progressCarriesEta() {
    JobQueue queue(QString{});
    queue.registerRunner(JobKind::Text, [](const JobSpec& s, const unclip::RunControl& c) {
        return steppedRun(s, c, 5, 20);
    });
    bool onGuiThread = true;
    connect(&queue, &JobQueue::jobProgress, this,
            [&] { onGuiThread = onGuiThread && QThread::currentThread() == thread(); });
    QSignalSpy progress(&queue, &JobQueue::jobProgress);
    QSignalSpy finished(&queue, &JobQueue::jobFinished);
    const QUuid id = queue.enqueue(spec("eta"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 2000);
    QCOMPARE(progress.count(), 5);
    QVERIFY(onGuiThread);
    const QList<QVariant> first = progress.at(0);
    QCOMPARE(first.at(0).value<QUuid>(), id);
    QCOMPARE(first.at(1).toString(), QString("decoder"));
    QCOMPARE(first.at(2).toLongLong(), 1);
    QCOMPARE(first.at(3).toLongLong(), 5);
    const double eta = first.at(4).toDouble();  // 4 steps left at ~20 ms
    QVERIFY2(eta > 0.04 && eta < 2.0, qPrintable(QString::number(eta)));
    QCOMPARE(progress.at(4).at(4).toDouble(), 0.0);
}

void TestJobQueue::etaFollowsTheLatestSteps() {
    // The decoder's shape at the folder's defaults: 20 steps, the first 8 drawing four
    // candidates at ~300 ms a step, the rest one picture at ~100 ms.
    StageEta eta;
    qint64 now = 500;  // the prior took the first half second
    eta.report(0, 1, 25, now);
    QCOMPARE(eta.secondsLeft(), 24 * 0.5);
    for (qint64 step = 1; step <= 20; ++step) {
        now += step <= 8 ? 300 : 100;
        eta.report(1, step, 20, now);
        const double truth = double(20 - step) * (step < 8 ? 0.3 : 0.1);
        if (step == 1) QCOMPARE(eta.secondsLeft(), 19 * 0.3);  // a new stage starts afresh
        // Two steps after the pick the estimate is right; the mean since the stage began
        // would still say 2.2 s for the 9 steps (0.9 s) left after step 11.
        if (step >= 11)
            QVERIFY2(qAbs(eta.secondsLeft() - truth) < 1e-9,
                     qPrintable(QString("step %1: %2 s, %3 s left")
                                    .arg(step)
                                    .arg(eta.secondsLeft())
                                    .arg(truth)));
    }
    QCOMPARE(eta.secondsLeft(), 0.0);
    eta.report(1, 0, 0, now);  // a report without a total
    QCOMPARE(eta.secondsLeft(), -1.0);
}

void TestJobQueue::previewArrivesAsRgb8() {
    JobQueue queue(QString{});
    queue.registerRunner(JobKind::Text, [](const JobSpec&, const unclip::RunControl& c) {
        torch::Tensor image = torch::zeros({1, 2, 3, 3});
        image.index_put_({0, 0, 0, 0}, 1.0);  // top-left red
        c.onProgress({unclip::Stage::Decoder, 1, 1, image});
        return QJsonObject{};
    });
    QSignalSpy preview(&queue, &JobQueue::jobPreview);
    queue.enqueue(spec("preview"));
    QTRY_COMPARE_WITH_TIMEOUT(preview.count(), 1, 2000);
    const QByteArray rgb = preview.at(0).at(1).toByteArray();
    QCOMPARE(preview.at(0).at(2).toSize(), QSize(3, 2));
    QCOMPARE(rgb.size(), 2 * 3 * 3);
    QCOMPARE(static_cast<unsigned char>(rgb[0]), 255);
    QCOMPARE(static_cast<unsigned char>(rgb[1]), 0);
}

void TestJobQueue::previewTilesTheCandidates() {
    JobQueue queue(QString{});
    queue.registerRunner(JobKind::Text, [](const JobSpec&, const unclip::RunControl& c) {
        torch::Tensor candidates = torch::zeros({4, 2, 3, 3});  // 4 candidates of 3x2
        candidates.index_put_({3, 0, 0, 1}, 1.0);               // the last one: top-left green
        c.onProgress({unclip::Stage::Decoder, 1, 2, candidates});
        c.onProgress({unclip::Stage::Decoder, 2, 2, candidates.narrow(0, 3, 1)});  // picked
        return QJsonObject{};
    });
    QSignalSpy preview(&queue, &JobQueue::jobPreview);
    queue.enqueue(spec("candidates"));
    QTRY_COMPARE_WITH_TIMEOUT(preview.count(), 2, 2000);
    // A 2 x 2 grid, 2 px apart: 3+2+3 wide, 2+2+2 high.
    const QByteArray grid = preview.at(0).at(1).toByteArray();
    QCOMPARE(preview.at(0).at(2).toSize(), QSize(8, 6));
    QCOMPARE(grid.size(), 8 * 6 * 3);
    auto at = [&](int row, int column, int channel) {
        return static_cast<unsigned char>(grid[(row * 8 + column) * 3 + channel]);
    };
    QCOMPARE(at(4, 5, 1), 255);  // the fourth candidate starts at row 4, column 5
    QCOMPARE(at(4, 5, 0), 0);
    QCOMPARE(at(0, 0, 1), 0);    // the first is black
    QCOMPARE(at(2, 0, 0), 128);  // the gap between the grid's rows is grey
    // After the pick: the one picture alone.
    QCOMPARE(preview.at(1).at(2).toSize(), QSize(3, 2));
    QCOMPARE(static_cast<unsigned char>(preview.at(1).at(1).toByteArray()[1]), 255);
}

void TestJobQueue::persistedJobsComeBackPaused() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("queue.json");
    QList<QUuid> ids;
    {
        JobQueue queue(path);
        queue.pause();
        ids << queue.enqueue(spec("one")) << queue.enqueue(spec("two", JobKind::Variation))
            << queue.enqueue(spec("three", JobKind::Blend));
        QVERIFY(QFile::exists(path));
    }
    JobQueue queue(path);
    const QList<JobInfo> jobs = queue.jobs();
    QCOMPARE(jobs.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(jobs[i].spec.id, ids[i]);
        QCOMPARE(jobs[i].state, JobState::Paused);
    }
    QCOMPARE(jobs[1].spec.kind, JobKind::Variation);
    QCOMPARE(jobs[2].spec.title, QString("three"));
    QCOMPARE(jobs[2].spec.settings.value("prompt").toString(), QString("three"));

    // Nothing runs until asked; resumeJob runs that job alone, resume() the rest.
    QSignalSpy finished(&queue, &JobQueue::jobFinished);
    for (JobKind kind : {JobKind::Text, JobKind::Variation, JobKind::Blend}) {
        queue.registerRunner(kind, [](const JobSpec& s, const unclip::RunControl& c) {
            return steppedRun(s, c, 1, 1);
        });
    }
    QTest::qWait(20);
    QCOMPARE(finished.count(), 0);
    QVERIFY(queue.resumeJob(ids[1]));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 2000);
    QCOMPARE(idAt(finished, 0), ids[1]);
    QCOMPARE(stateOf(queue, ids[0]), JobState::Paused);
    queue.resume();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 2000);
    QCOMPARE(idAt(finished, 1), ids[0]);
    QCOMPARE(idAt(finished, 2), ids[2]);
    JobQueue reopened(path);  // finished jobs are not saved
    QVERIFY(reopened.jobs().isEmpty());
}

void TestJobQueue::runningJobAtShutdownComesBackPaused() {
    QTemporaryDir dir;
    const QString path = dir.filePath("queue.json");
    QUuid id;
    {
        JobQueue queue(path);
        queue.registerRunner(JobKind::Text, untilCancelled);
        QSignalSpy progress(&queue, &JobQueue::jobProgress);
        id = queue.enqueue(spec("interrupted"));
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 1, 2000);
    }  // the destructor aborts the job and waits for the worker
    JobQueue queue(path);
    QCOMPARE(queue.jobs().size(), 1);
    QCOMPARE(queue.jobs().at(0).spec.id, id);
    QCOMPARE(queue.jobs().at(0).state, JobState::Paused);
}

void TestJobQueue::corruptFileIsMovedAside() {
    QTemporaryDir dir;
    const QString path = dir.filePath("queue.json");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"jobs\": [ {\"id\": ");
    }
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("cannot read the saved queue"));
    JobQueue queue(path);
    QVERIFY(queue.jobs().isEmpty());
    QVERIFY(QFile::exists(path + ".corrupt"));
    QVERIFY(!QFile::exists(path));
    queue.pause();
    queue.enqueue(spec("fresh"));  // and the queue still saves
    QVERIFY(QFile::exists(path));
}

QTEST_GUILESS_MAIN(TestJobQueue)
#include "test_job_queue.moc"
