// JobRowsModel: the gallery as a grid, one job per row and one image per column, so that
// blend rows made with different seeds stack column by column (the paper's figure 4: the
// same θ under each other). A table over JobGroupProxyModel (jobs contiguous, newest first;
// a job's images by row index): the image with row index c sits in column c; an image without
// a job is a row of its own. It follows the gallery with row and column inserts, removals and
// moves (cells are known by image id), so a view's selection stays on its images (across a
// gallery reload, on the first page's images). Cells hand every
// role on to the gallery's index (thumbnails, paths, seeds, drags); headers name each row's job
// (kind and seed) and say what each column holds for the rows in the grid: θ where only blend rows
// fill it, the image number where no blend row does, and both where they mix ("2" over "θ = 0.25
// (blends)"), so a text job's image is never labelled with a θ it does not have.
//
//   JobRowsModel rows;
//   rows.setSourceModel(galleryView->proxy());
//   tableView->setModel(&rows);
//   QModelIndex image = rows.sourceIndex(tableView->currentIndex());  // a proxy index
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPersistentModelIndex>
#include <QPointer>
#include <optional>

namespace unclip {
namespace ui {

class JobRowsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    explicit JobRowsModel(QObject* parent = nullptr);

    void setSourceModel(QAbstractItemModel* source);
    QAbstractItemModel* sourceModel() const { return m_source; }

    // The source index of a cell; invalid for an empty cell.
    QModelIndex sourceIndex(const QModelIndex& cell) const;
    // The cell showing a source index; invalid when it is not shown.
    QModelIndex cellOf(const QModelIndex& sourceIndex) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

private:
    // One job (or one image without a job): its images' ids by column, -1 where the job has
    // no image. The key names the row across changes of the gallery, so that the grid can
    // follow them with inserts, removals and moves.
    struct Row {
        QString key;
        QList<qint64> ids;
    };

    QList<Row> layOut();  // the grid the source holds now; refreshes m_sourceRowOfId
    static int widthOf(const QList<Row>& grid);
    void sync();    // follow(), once at a time
    void follow();  // from the grid shown to layOut()'s, step by step
    void onSourceReset();
    void indexCells();
    void labelColumns();
    QModelIndex sourceIndexOf(qint64 id) const;
    std::optional<int> thetaOf(qint64 id);  // a blend image's θ in hundredths, cached
    void onDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight,
                       const QList<int>& roles);

    QPointer<QAbstractItemModel> m_source;
    QList<QMetaObject::Connection> m_connections;
    QList<Row> m_rows;
    int m_columns = 0;
    QHash<qint64, int> m_sourceRowOfId;         // image id -> source row, as of the last sync
    QHash<qint64, QPair<int, int>> m_cellOfId;  // image id -> (row, column)
    QHash<qint64, std::optional<int>> m_thetaOfId;
    QStringList m_columnLabels;  // by column, made with the grid (headers are asked per paint)
    QStringList m_columnTips;
    bool m_syncing = false;
    bool m_syncAgain = false;
};

}  // namespace ui
}  // namespace unclip
