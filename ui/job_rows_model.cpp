#include "ui/job_rows_model.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <algorithm>
#include <optional>

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
    if (source) {
        // Any change of rows or order rebuilds the grid: jobs gain images one at a time, and
        // a rebuild over the loaded page is cheap next to a thumbnail.
        const auto reset = [this] {
            beginResetModel();
            rebuild();
            endResetModel();
        };
        m_connections = {
            connect(source, &QAbstractItemModel::rowsInserted, this, reset),
            connect(source, &QAbstractItemModel::rowsRemoved, this, reset),
            connect(source, &QAbstractItemModel::rowsMoved, this, reset),
            connect(source, &QAbstractItemModel::modelReset, this, reset),
            connect(source, &QAbstractItemModel::layoutChanged, this, reset),
            connect(source, &QAbstractItemModel::dataChanged, this, &JobRowsModel::onDataChanged),
        };
    }
    rebuild();
    endResetModel();
}

void JobRowsModel::rebuild() {
    m_rows.clear();
    m_cellOfSourceRow.clear();
    m_columns = 0;
    if (!m_source) return;
    QString job;
    for (int sourceRow = 0; sourceRow < m_source->rowCount(); ++sourceRow) {
        const QModelIndex index = m_source->index(sourceRow, 0);
        const QString id = index.data(GalleryModel::JobIdRole).toString();
        // A new row for each job (jobs are contiguous in the source) and for each image
        // without one.
        if (m_rows.isEmpty() || id.isEmpty() || id != job) m_rows.append(Row{});
        job = id;
        QList<int>& cells = m_rows.last().sourceRows;
        int column = index.data(GalleryModel::RowIndexRole).toInt();
        if (column < 0 || column >= kMaxColumn || (column < cells.size() && cells[column] >= 0)) {
            column = int(cells.indexOf(-1));
            if (column < 0) column = int(cells.size());
        }
        while (cells.size() <= column) cells.append(-1);
        cells[column] = sourceRow;
        m_cellOfSourceRow.insert(sourceRow, {int(m_rows.size()) - 1, column});
        m_columns = std::max(m_columns, int(cells.size()));
    }
    labelColumns();
}

void JobRowsModel::labelColumns() {
    m_columnLabels.clear();
    m_columnTips.clear();
    for (int column = 0; column < m_columns; ++column) {
        QList<int> thetas;   // the distinct θs of the column's blend images, in hundredths
        bool other = false;  // a text or variation image (or a blend without θ) is there too
        for (int row = 0; row < m_rows.size(); ++row) {
            const QModelIndex image = sourceIndex(index(row, column));
            if (!image.isValid()) continue;
            const std::optional<int> theta = thetaHundredths(image);
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
    const QList<int>& cells = m_rows[cell.row()].sourceRows;
    if (cell.column() >= cells.size() || cells[cell.column()] < 0) return {};
    return m_source->index(cells[cell.column()], 0);
}

QModelIndex JobRowsModel::cellOf(const QModelIndex& sourceIndex) const {
    if (!sourceIndex.isValid() || sourceIndex.model() != m_source) return {};
    const auto it = m_cellOfSourceRow.constFind(sourceIndex.row());
    if (it == m_cellOfSourceRow.constEnd()) return {};
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
