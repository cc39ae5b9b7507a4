// The queue: one row per job (title, state, stage, step/total, a progress bar, ETA), the
// running job's live decoder preview, and the queue's controls: Cancel (the selected jobs),
// Cancel all queued, Abort running, Resume (paused jobs, e.g. those restored after a restart)
// and Clear finished. Everything goes through the JobQueue; nothing here runs a job.
//
//   auto* view = new QueueView(&queue);
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QImage>
#include <QList>
#include <QWidget>

#include "app/jobs/job_queue.h"

class QLabel;
class QPushButton;
class QTableView;

namespace unclip {
namespace ui {

// A table model over the JobQueue, kept in step with its signals.
class JobListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        TitleColumn,
        StateColumn,
        StageColumn,
        StepColumn,
        ProgressColumn,
        EtaColumn,
        ColumnCount
    };
    enum Role { JobIdRole = Qt::UserRole + 1, JobStateRole, ProgressRole /* 0..100 or -1 */ };

    explicit JobListModel(app::JobQueue* queue, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const app::JobInfo* jobAt(int row) const;
    int rowOf(const QUuid& id) const;
    void reload();  // after pruneFinished()

    static QString stateText(app::JobState state);
    static QString etaText(double seconds);

private:
    void onAdded(const QUuid& id);
    void refreshJob(const QUuid& id);
    void onProgress(const QUuid& id, const QString& stage, qint64 step, qint64 total, double eta);

    app::JobQueue* m_queue;
    QList<app::JobInfo> m_jobs;
};

class QueueView : public QWidget {
    Q_OBJECT

public:
    explicit QueueView(app::JobQueue* queue, QWidget* parent = nullptr);

    JobListModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QLabel* previewLabel() const { return m_preview; }
    QImage lastPreview() const { return m_previewImage; }

public Q_SLOTS:
    void cancelSelected();
    void cancelAllQueued();
    void abortRunning();
    void resumeQueue();
    void clearFinished();

Q_SIGNALS:
    void statusMessage(const QString& message);

private:
    void onPreview(const QUuid& id, const QByteArray& rgb8, const QSize& size);
    void updateButtons();
    void showPreview();

    app::JobQueue* m_queue;
    JobListModel* m_model;
    QTableView* m_table;
    QLabel* m_preview;
    QLabel* m_previewCaption;
    QImage m_previewImage;
    QUuid m_previewJob;
    QPushButton* m_cancel;
    QPushButton* m_cancelQueued;
    QPushButton* m_abort;
    QPushButton* m_resume;
    QPushButton* m_clear;
};

}  // namespace ui
}  // namespace unclip
