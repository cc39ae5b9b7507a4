#include "ui/queue_view.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyleOptionProgressBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace unclip {
namespace ui {

using app::JobInfo;
using app::JobState;

namespace {

// Paints ProgressRole as a progress bar with the step text on it.
class ProgressDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override {
        const int progress = index.data(JobListModel::ProgressRole).toInt();
        if (progress < 0) return QStyledItemDelegate::paint(painter, option, index);
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 3, -2, -3);
        bar.minimum = 0;
        bar.maximum = 100;
        bar.progress = progress;
        bar.text = index.data(Qt::DisplayRole).toString();
        bar.textVisible = true;
        bar.textAlignment = Qt::AlignCenter;
        bar.state = option.state | QStyle::State_Horizontal;
        bar.palette = option.palette;
        const QWidget* widget = option.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
    }
};

bool isFinished(JobState state) {
    return state == JobState::Done || state == JobState::Failed || state == JobState::Cancelled;
}

}  // namespace

JobListModel::JobListModel(app::JobQueue* queue, QObject* parent)
    : QAbstractTableModel(parent), m_queue(queue), m_jobs(queue->jobs()) {
    connect(queue, &app::JobQueue::jobAdded, this, &JobListModel::onAdded);
    connect(queue, &app::JobQueue::jobStarted, this, &JobListModel::refreshJob);
    connect(queue, &app::JobQueue::jobProgress, this, &JobListModel::onProgress);
    connect(queue, &app::JobQueue::jobFinished, this, &JobListModel::refreshJob);
    connect(queue, &app::JobQueue::jobFailed, this, &JobListModel::refreshJob);
    connect(queue, &app::JobQueue::jobCancelled, this, &JobListModel::refreshJob);
}

int JobListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_jobs.size());
}

int JobListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString JobListModel::stateText(JobState state) {
    switch (state) {
        case JobState::Queued:
            return tr("Queued");
        case JobState::Paused:
            return tr("Paused");
        case JobState::Running:
            return tr("Running");
        case JobState::Done:
            return tr("Done");
        case JobState::Failed:
            return tr("Failed");
        case JobState::Cancelled:
            return tr("Cancelled");
    }
    return {};
}

QString JobListModel::etaText(double seconds) {
    if (seconds < 0) return QString();
    const int s = qRound(seconds);
    if (s < 60) return tr("%1 s").arg(s);
    return tr("%1:%2 min").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QVariant JobListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_jobs.size()) return {};
    const JobInfo& job = m_jobs.at(index.row());
    if (role == JobIdRole) return job.spec.id;
    if (role == JobStateRole) return int(job.state);
    if (role == ProgressRole) {
        if (index.column() != ProgressColumn) return -1;
        if (job.state == JobState::Done) return 100;
        if (job.state != JobState::Running) return -1;  // no bar
        return job.total > 0 ? int(100 * job.step / job.total) : 0;
    }
    if (role == Qt::ToolTipRole) {
        if (job.state == JobState::Failed) return tr("Failed: %1").arg(job.error);
        return job.spec.title;
    }
    if (role == Qt::ForegroundRole && job.state == JobState::Failed &&
        index.column() == StateColumn)
        return QColor(0xd9, 0x53, 0x4f);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case TitleColumn:
            return job.spec.title;
        case StateColumn:
            return stateText(job.state);
        case StageColumn:
            return job.state == JobState::Running ? job.stage : QString();
        case StepColumn:
            return job.state == JobState::Running && job.total > 0
                       ? tr("%1/%2").arg(job.step).arg(job.total)
                       : QString();
        case ProgressColumn:
            if (job.state == JobState::Running && job.total > 0)
                return tr("%1 %2/%3").arg(job.stage).arg(job.step).arg(job.total);
            return job.state == JobState::Done ? tr("done") : QString();
        case EtaColumn:
            return job.state == JobState::Running ? etaText(job.etaSeconds) : QString();
    }
    return {};
}

QVariant JobListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case TitleColumn:
            return tr("Job");
        case StateColumn:
            return tr("State");
        case StageColumn:
            return tr("Stage");
        case StepColumn:
            return tr("Step");
        case ProgressColumn:
            return tr("Progress");
        case EtaColumn:
            return tr("ETA");
    }
    return {};
}

const JobInfo* JobListModel::jobAt(int row) const {
    return row >= 0 && row < m_jobs.size() ? &m_jobs.at(row) : nullptr;
}

int JobListModel::rowOf(const QUuid& id) const {
    for (int i = 0; i < m_jobs.size(); ++i)
        if (m_jobs.at(i).spec.id == id) return i;
    return -1;
}

void JobListModel::reload() {
    beginResetModel();
    m_jobs = m_queue->jobs();
    endResetModel();
}

void JobListModel::onAdded(const QUuid& id) {
    JobInfo info;
    if (!m_queue->job(id, &info) || rowOf(id) >= 0) return;
    beginInsertRows(QModelIndex(), int(m_jobs.size()), int(m_jobs.size()));
    m_jobs.append(info);
    endInsertRows();
}

void JobListModel::refreshJob(const QUuid& id) {
    const int row = rowOf(id);
    JobInfo info;
    if (row < 0 || !m_queue->job(id, &info)) return reload();
    m_jobs[row] = info;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void JobListModel::onProgress(const QUuid& id, const QString& stage, qint64 step, qint64 total,
                              double eta) {
    const int row = rowOf(id);
    if (row < 0) return;
    JobInfo& job = m_jobs[row];
    job.state = JobState::Running;
    job.stage = stage;
    job.step = step;
    job.total = total;
    job.etaSeconds = eta;
    Q_EMIT dataChanged(index(row, StateColumn), index(row, ColumnCount - 1));
}

QueueView::QueueView(app::JobQueue* queue, QWidget* parent)
    : QWidget(parent),
      m_queue(queue),
      m_model(new JobListModel(queue, this)),
      m_table(new QTableView(this)),
      m_preview(new QLabel(this)),
      m_previewCaption(new QLabel(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_cancelQueued(new QPushButton(tr("Cancel all queued"), this)),
      m_abort(new QPushButton(tr("Abort running"), this)),
      m_resume(new QPushButton(tr("Resume"), this)),
      m_clear(new QPushButton(tr("Clear finished"), this)) {
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(JobListModel::ProgressColumn, new ProgressDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    auto* header = m_table->horizontalHeader();
    header->setSectionResizeMode(JobListModel::TitleColumn, QHeaderView::Stretch);
    for (int c : {JobListModel::StateColumn, JobListModel::StageColumn, JobListModel::StepColumn,
                  JobListModel::EtaColumn})
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    header->resizeSection(JobListModel::ProgressColumn, 160);

    m_cancel->setToolTip(tr("Cancel the selected jobs (a running one stops after its step)"));
    m_cancelQueued->setToolTip(
        tr("Cancel every job that has not started; the running one goes on"));
    m_abort->setToolTip(tr("Stop the running job after its current step"));
    m_resume->setToolTip(tr("Start paused jobs, e.g. those restored after a restart"));
    m_clear->setToolTip(tr("Remove finished, failed and cancelled jobs from the list"));

    m_preview->setFixedSize(128, 128);
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setFrameShape(QFrame::StyledPanel);
    m_preview->setText(tr("No preview"));
    m_previewCaption->setAlignment(Qt::AlignCenter);
    m_previewCaption->setFixedWidth(128);

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_cancel, m_cancelQueued, m_abort, m_resume, m_clear})
        buttons->addWidget(b);
    buttons->addStretch(1);
    auto* left = new QVBoxLayout;
    left->addWidget(m_table, 1);
    left->addLayout(buttons);
    auto* right = new QVBoxLayout;
    right->addWidget(m_preview);
    right->addWidget(m_previewCaption);
    right->addStretch(1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 1);
    layout->addLayout(right);

    connect(m_cancel, &QPushButton::clicked, this, &QueueView::cancelSelected);
    connect(m_cancelQueued, &QPushButton::clicked, this, &QueueView::cancelAllQueued);
    connect(m_abort, &QPushButton::clicked, this, &QueueView::abortRunning);
    connect(m_resume, &QPushButton::clicked, this, &QueueView::resumeQueue);
    connect(m_clear, &QPushButton::clicked, this, &QueueView::clearFinished);
    connect(queue, &app::JobQueue::jobPreview, this, &QueueView::onPreview);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &QueueView::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &QueueView::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &QueueView::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &QueueView::updateButtons);
    updateButtons();
}

void QueueView::cancelSelected() {
    int n = 0;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex& index : rows)
        if (m_queue->cancel(index.data(JobListModel::JobIdRole).toUuid())) ++n;
    if (n > 0) Q_EMIT statusMessage(tr("Cancelled %n job(s).", nullptr, n));
}

void QueueView::cancelAllQueued() {
    const int n = m_queue->cancelAllQueued();
    Q_EMIT statusMessage(tr("Cancelled %n queued job(s).", nullptr, n));
}

void QueueView::abortRunning() {
    m_queue->abortRunning();
    Q_EMIT statusMessage(tr("The running job stops after its current step."));
}

void QueueView::resumeQueue() {
    m_queue->resume();
    m_model->reload();
}

void QueueView::clearFinished() {
    m_queue->pruneFinished();
    m_model->reload();
}

void QueueView::onPreview(const QUuid& id, const QByteArray& rgb8, const QSize& size) {
    if (size.isEmpty() || rgb8.size() < qsizetype(size.width()) * size.height() * 3) return;
    m_previewImage = QImage(reinterpret_cast<const uchar*>(rgb8.constData()), size.width(),
                            size.height(), size.width() * 3, QImage::Format_RGB888)
                         .copy();
    m_previewJob = id;
    showPreview();
}

void QueueView::showPreview() {
    if (m_previewImage.isNull()) return;
    m_preview->setPixmap(QPixmap::fromImage(m_previewImage.scaled(
        m_preview->size() - QSize(4, 4), Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    const int row = m_model->rowOf(m_previewJob);
    const JobInfo* job = m_model->jobAt(row);
    const QString title = job ? job->spec.title : QString();
    m_previewCaption->setText(m_previewCaption->fontMetrics().elidedText(
        title, Qt::ElideRight, m_previewCaption->width()));
    m_previewCaption->setToolTip(title);
}

void QueueView::updateButtons() {
    bool anyQueued = false, anyPaused = false, running = false;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const JobState state = m_model->jobAt(row)->state;
        anyQueued |= state == JobState::Queued || state == JobState::Paused;
        anyPaused |= state == JobState::Paused;
        running |= state == JobState::Running;
    }
    bool selectedCancellable = false;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        selectedCancellable |=
            !isFinished(JobState(index.data(JobListModel::JobStateRole).toInt()));
    m_cancel->setEnabled(selectedCancellable);
    m_cancelQueued->setEnabled(anyQueued);
    m_abort->setEnabled(running);
    m_resume->setEnabled(anyPaused || m_queue->isPaused());
}

}  // namespace ui
}  // namespace unclip
