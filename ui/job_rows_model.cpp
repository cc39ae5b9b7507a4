#include "ui/job_rows_model.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QSet>
#include <algorithm>
#include <optional>
#include <utility>

#include "app/gallery/gallery_model.h"

namespace unclip {
namespace ui {

using app::GalleryModel;

namespace {

constexpr int kMaxColumn = 1024;  // row indexes beyond this are placed in the next free column

// A blend image's θ in hundredths (as the header prints it); none for any other image and
// for a blend whose settings carry no θ.
std::optional<int> thetaHundredths(const QModelIndex& image) {
    if (image.data(GalleryModel::KindRole).toString() != QLatin1String("blend")) return {};
    const QJsonObject settings =
        QJsonDocument::fromJson(image.data(GalleryModel::SettingsJsonRole).toString().toUtf8())
            .object();
    const QJsonValue theta = settings.value(QStringLiteral("theta"));
    if (!theta.isDouble()) return {};
    return qRound(theta.toDouble() * 100);
}

}  // namespace

JobRowsModel::JobRowsModel(QObject* parent) : QAbstractTableModel(parent) {}

void JobRowsModel::setSourceModel(QAbstractItemModel* source) {
    beginResetModel();
    for (const auto& connection : std::as_const(m_connections)) disconnect(connection);
    m_connections.clear();
    m_source = source;
    m_thetaOfId.clear();
    if (source) {
        // Any change of the source's rows or order is followed by inserts, removals and moves
        // of rows and columns, never a reset: a reset would drop the view's selection (and the
        // details pane) each time a running job's image lands. A new layout over the loaded
        // page is cheap next to a thumbnail.
        m_connections = {
            connect(source, &QAbstractItemModel::rowsInserted, this, &JobRowsModel::sync),
            connect(source, &QAbstractItemModel::rowsRemoved, this, &JobRowsModel::sync),
            connect(source, &QAbstractItemModel::rowsMoved, this, &JobRowsModel::sync),
            connect(source, &QAbstractItemModel::modelReset, this, &JobRowsModel::onSourceReset),
            connect(source, &QAbstractItemModel::layoutChanged, this, &JobRowsModel::sync),
            connect(source, &QAbstractItemModel::dataChanged, this, &JobRowsModel::onDataChanged),
        };
    }
    m_rows = layOut();
    m_columns = widthOf(m_rows);
    indexCells();
    labelColumns();
    endResetModel();
}

QList<JobRowsModel::Row> JobRowsModel::layOut() {
    m_sourceRowOfId.clear();
    QList<Row> grid;
    if (!m_source) return grid;
    QString job;
    for (int sourceRow = 0; sourceRow < m_source->rowCount(); ++sourceRow) {
        const QModelIndex index = m_source->index(sourceRow, 0);
        const qint64 id = index.data(GalleryModel::IdRole).toLongLong();
        const QString jobId = index.data(GalleryModel::JobIdRole).toString();
        m_sourceRowOfId.insert(id, sourceRow);
        // A new row for each job (jobs are contiguous in the source) and for each image
        // without one.
        if (grid.isEmpty() || jobId.isEmpty() || jobId != job)
            grid.append(Row{jobId.isEmpty() ? QStringLiteral("image %1").arg(id)
                                            : QStringLiteral("job ") + jobId,
                            {}});
        job = jobId;
        QList<qint64>& cells = grid.last().ids;
        int column = index.data(GalleryModel::RowIndexRole).toInt();
        if (column < 0 || column >= kMaxColumn || (column < cells.size() && cells[column] >= 0)) {
            column = int(cells.indexOf(-1));
            if (column < 0) column = int(cells.size());
        }
        while (cells.size() <= column) cells.append(-1);
        cells[column] = id;
    }
    // A job split in the source (its new image sorted above a newer job's until the proxy
    // sorts again) has a row per run, counted from the oldest, so the rows it had keep
    // their keys when a run appears above them.
    QHash<QString, int> runs;
    for (auto row = grid.rbegin(); row != grid.rend(); ++row)
        if (row->key.startsWith(QLatin1String("job ")))
            row->key += QLatin1Char(' ') + QString::number(runs[row->key]++);
    // Settings never change: θs stay cached while their images are loaded.
    for (auto it = m_thetaOfId.begin(); it != m_thetaOfId.end();)
        it = m_sourceRowOfId.contains(it.key()) ? std::next(it) : m_thetaOfId.erase(it);
    return grid;
}

int JobRowsModel::widthOf(const QList<Row>& grid) {
    int columns = 0;
    for (const Row& row : grid) columns = std::max(columns, int(row.ids.size()));
    return columns;
}

void JobRowsModel::onSourceReset() {
    // A reset source (the gallery reloads when an image older than its first row arrives)
    // holds no page until a view asks for one; the grid asks for the first page at once,
    // so the images it showed there, and a view's selection on them, are there again when
    // it follows. Images from later pages come back as the view scrolls to them; a
    // selection on one of those is lost with the reload.
    if (m_source->rowCount() == 0 && m_source->canFetchMore({})) {
        const bool syncing = std::exchange(m_syncing, true);
        m_source->fetchMore({});
        m_syncing = syncing;
    }
    sync();
}

void JobRowsModel::sync() {
    // The source may change again while this model signals (a view fetching the next page):
    // that change is followed once this one is through.
    if (m_syncing) {
        m_syncAgain = true;
        return;
    }
    m_syncing = true;
    do {
        m_syncAgain = false;
        follow();
    } while (m_syncAgain);
    m_syncing = false;
}

void JobRowsModel::follow() {
    const QList<Row> next = layOut();
    QHash<QString, int> rowInNext;
    for (int row = 0; row < next.size(); ++row) rowInNext.insert(next[row].key, row);

    // Rows whose images have all gone, in runs from the bottom.
    for (int last = int(m_rows.size()) - 1; last >= 0; --last) {
        if (rowInNext.contains(m_rows[last].key)) continue;
        int first = last;
        while (first > 0 && !rowInNext.contains(m_rows[first - 1].key)) --first;
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        indexCells();
        endRemoveRows();
        last = first;
    }

    // Rows that stay but change order (a job whose new image is newer than another job's).
    const auto before = [&rowInNext](const Row& a, const Row& b) {
        return rowInNext.value(a.key) < rowInNext.value(b.key);
    };
    if (!std::is_sorted(m_rows.begin(), m_rows.end(), before)) {
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        const QList<Row> old = m_rows;
        std::sort(m_rows.begin(), m_rows.end(), before);
        QHash<QString, int> rowNow;
        for (int row = 0; row < m_rows.size(); ++row) rowNow.insert(m_rows[row].key, row);
        const QModelIndexList from = persistentIndexList();
        QModelIndexList to;
        for (const QModelIndex& cell : from)
            to.append(index(rowNow.value(old[cell.row()].key), cell.column()));
        changePersistentIndexList(from, to);
        indexCells();
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }

    // New rows, in runs, where they stand in the new grid (the rows that stay are in its
    // order now, so whatever does not match is new).
    QSet<QString> staying;
    for (const Row& row : std::as_const(m_rows)) staying.insert(row.key);
    for (int row = 0; row < next.size();) {
        if (row < m_rows.size() && m_rows[row].key == next[row].key) {
            ++row;
            continue;
        }
        int end = row;
        while (end < next.size() && !staying.contains(next[end].key)) ++end;
        Q_ASSERT(end > row);
        beginInsertRows({}, row, end - 1);
        for (int added = row; added < end; ++added) m_rows.insert(added, next[added]);
        indexCells();
        endInsertRows();
        row = end;
    }

    // Columns: added before the cells that fill them, removed after the cells have emptied.
    const int columns = widthOf(next);
    if (columns > m_columns) {
        beginInsertColumns({}, m_columns, columns - 1);
        m_columns = columns;
        endInsertColumns();
    }
    // Rows whose cells changed (a job's next image, a deleted one's gap).
    int top = -1, bottom = -1;
    for (int row = 0; row < next.size(); ++row) {
        if (m_rows[row].ids == next[row].ids) continue;
        m_rows[row].ids = next[row].ids;
        if (top < 0) top = row;
        bottom = row;
    }
    indexCells();
    if (top >= 0 && m_columns > 0) {
        Q_EMIT dataChanged(index(top, 0), index(bottom, m_columns - 1));
        Q_EMIT headerDataChanged(Qt::Vertical, top, bottom);
    }
    if (columns < m_columns) {
        beginRemoveColumns({}, columns, m_columns - 1);
        m_columns = columns;
        endRemoveColumns();
    }

    const QStringList labels = m_columnLabels, tips = m_columnTips;
    labelColumns();
    if (m_columns > 0 && (labels != m_columnLabels || tips != m_columnTips))
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, m_columns - 1);
}

void JobRowsModel::indexCells() {
    m_cellOfId.clear();
    for (int row = 0; row < m_rows.size(); ++row) {
        const QList<qint64>& ids = m_rows[row].ids;
        for (int column = 0; column < ids.size(); ++column)
            if (ids[column] >= 0) m_cellOfId.insert(ids[column], {row, column});
    }
}

std::optional<int> JobRowsModel::thetaOf(qint64 id) {
    auto it = m_thetaOfId.constFind(id);
    if (it == m_thetaOfId.constEnd()) {
        const QModelIndex image = sourceIndexOf(id);
        if (!image.isValid()) return {};
        it = m_thetaOfId.insert(id, thetaHundredths(image));
    }
    return *it;
}

void JobRowsModel::labelColumns() {
    m_columnLabels.clear();
    m_columnTips.clear();
    for (int column = 0; column < m_columns; ++column) {
        QList<int> thetas;   // the distinct θs of the column's blend images, in hundredths
        bool other = false;  // a text or variation image (or a blend without θ) is there too
        for (const Row& row : std::as_const(m_rows)) {
            if (column >= row.ids.size() || row.ids[column] < 0) continue;
            const std::optional<int> theta = thetaOf(row.ids[column]);
            if (!theta)
                other = true;
            else if (!thetas.contains(*theta))
                thetas.append(*theta);
        }
        std::sort(thetas.begin(), thetas.end());
        QStringList values;
        for (int theta : std::as_const(thetas))
            values.append(QString::number(theta / 100.0, 'f', 2));
        const QString number = QString::number(column + 1);
        const QString theta = values.join(QStringLiteral(" / "));
        if (values.isEmpty()) {
            m_columnLabels.append(number);
            m_columnTips.append(tr("Image %1 of each job").arg(number));
        } else if (!other) {
            m_columnLabels.append(tr("θ = %1").arg(theta));
            m_columnTips.append(tr("Image %1 of each blend row: θ = %2").arg(number, theta));
        } else {
            m_columnLabels.append(tr("%1\nθ = %2 (blends)").arg(number, theta));
            m_columnTips.append(
                tr("Image %1 of each job; θ = %2 in blend rows").arg(number, theta));
        }
    }
}

QModelIndex JobRowsModel::sourceIndex(const QModelIndex& cell) const {
    if (!m_source || !cell.isValid() || cell.model() != this || cell.row() >= m_rows.size())
        return {};
    const QList<qint64>& ids = m_rows[cell.row()].ids;
    if (cell.column() >= ids.size() || ids[cell.column()] < 0) return {};
    return sourceIndexOf(ids[cell.column()]);
}

QModelIndex JobRowsModel::sourceIndexOf(qint64 id) const {
    const int row = m_sourceRowOfId.value(id, -1);
    if (!m_source || row < 0) return {};
    const QModelIndex image = m_source->index(row, 0);
    // Asked while the source is halfway through a change (this model follows it after), the
    // row may hold another image by now: then none.
    return image.data(GalleryModel::IdRole).toLongLong() == id ? image : QModelIndex();
}

QModelIndex JobRowsModel::cellOf(const QModelIndex& sourceIndex) const {
    if (!sourceIndex.isValid() || sourceIndex.model() != m_source) return {};
    const auto it = m_cellOfId.constFind(sourceIndex.data(GalleryModel::IdRole).toLongLong());
    if (it == m_cellOfId.constEnd()) return {};
    return index(it->first, it->second);
}

int JobRowsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JobRowsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_columns;
}

QVariant JobRowsModel::data(const QModelIndex& index, int role) const {
    const QModelIndex source = sourceIndex(index);
    if (!source.isValid()) return {};
    if (role == Qt::DisplayRole) return {};  // the thumbnail says it; the header names the job
    if (role == Qt::ToolTipRole) return source.data(Qt::DisplayRole);
    return source.data(role);
}

QVariant JobRowsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= m_columnLabels.size()) return {};
        return role == Qt::ToolTipRole ? m_columnTips[section] : m_columnLabels[section];
    }
    if (section < 0 || section >= m_rows.size()) return {};
    QModelIndex first;
    for (int column = 0; column < m_columns && !first.isValid(); ++column)
        first = sourceIndex(index(section, column));
    if (!first.isValid()) return {};
    const QString kind = first.data(GalleryModel::KindRole).toString();
    const QVariant seed = first.data(GalleryModel::SeedRole);
    if (kind == QLatin1String("blend") && seed.isValid())
        return tr("Blend, seed %1").arg(seed.toULongLong());
    const QString label = first.data(Qt::DisplayRole).toString();
    if (role == Qt::DisplayRole && label.size() > 24) return label.left(23) + QChar(0x2026);
    return label;
}

Qt::ItemFlags JobRowsModel::flags(const QModelIndex& index) const {
    const QModelIndex source = sourceIndex(index);
    return source.isValid() ? m_source->flags(source) : Qt::NoItemFlags;
}

QStringList JobRowsModel::mimeTypes() const {
    return m_source ? m_source->mimeTypes() : QStringList();
}

QMimeData* JobRowsModel::mimeData(const QModelIndexList& indexes) const {
    if (!m_source) return nullptr;
    QModelIndexList sources;
    for (const QModelIndex& index : indexes) {
        const QModelIndex source = sourceIndex(index);
        if (source.isValid()) sources.append(source);
    }
    return sources.isEmpty() ? nullptr : m_source->mimeData(sources);
}

bool JobRowsModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && m_source && m_source->canFetchMore({});
}

void JobRowsModel::fetchMore(const QModelIndex& parent) {
    if (!parent.isValid() && m_source) m_source->fetchMore({});
}

void JobRowsModel::onDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight,
                                 const QList<int>& roles) {
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const QModelIndex cell = cellOf(m_source->index(row, 0));
        if (cell.isValid()) Q_EMIT dataChanged(cell, cell, roles);
    }
}

}  // namespace ui
}  // namespace unclip
