// The gallery: a QListView in icon mode (uniform item sizes) over the GalleryModel, grouped
// by job (a job's images together, in row order, so a blend row reads from A to B), or with
// "Rows by job" a grid with one job per row (JobRowsModel in a QTableView: blend rows made
// with different seeds line up θ under θ), a details pane (prompt, seed, every setting) and the
// actions, as buttons and a context menu: Save as…, Copy image, Open folder, Use all settings,
// Use prompt, Use seed, Send to Variations, Send to Blend A / B, Delete (confirmed).
// Dragging an item out carries its file URL (and kGalleryItemMimeType for the panels).
// The actions carry object names (findChild<QAction*>("useSeed")): saveAs, copyImage,
// openFolder, useAllSettings, usePrompt, useSeed, sendToVariations, sendToBlendA,
// sendToBlendB, delete; and rowsByJob (the grid).
#pragma once

#include <QJsonObject>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QWidget>
#include <functional>

#include "app/gallery/gallery_model.h"

class QAbstractItemView;
class QAction;
class QStackedWidget;
class QTableView;
class QTextBrowser;

namespace unclip {
namespace ui {

// Keeps each job's images together (jobs in the order of their newest image, newest first)
// and orders a job's images by row index.
class JobGroupProxyModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit JobGroupProxyModel(QObject* parent = nullptr);
    void setSourceModel(QAbstractItemModel* source) override;
    // Display: the prompt, else kind and seed; decoration: the thumbnail, small images scaled
    // up (nearest pixel) to the view's icon size.
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    void setIconSize(int pixels) { m_iconSize = pixels; }
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    int jobRank(const QModelIndex& sourceIndex) const;
    mutable QHash<QString, int> m_rank;  // job id -> source row of its newest image
    mutable bool m_dirty = true;
    int m_iconSize = 128;
};

class JobRowsModel;

class GalleryView : public QWidget {
    Q_OBJECT

public:
    // The side of a gallery cell's picture, in pixels; the model's thumbnails are made at it.
    static constexpr int kThumbnailSize = 112;

    GalleryView(app::GalleryStore* store, app::GalleryModel* model, QWidget* parent = nullptr);

    QListView* listView() const { return m_list; }
    QTableView* rowsView() const { return m_table; }
    JobRowsModel* rowsModel() const { return m_rowsModel; }
    // Whether the grid (one job per row) shows instead of the list; the current image stays.
    bool rowsByJob() const;
    void setRowsByJob(bool rows);
    QTextBrowser* details() const { return m_details; }
    JobGroupProxyModel* proxy() const { return m_proxy; }
    // The current image's absolute path, or "".
    QString currentPath() const;
    // The current image's settings (the unclip-studio JSON), {} when it has none.
    QJsonObject currentSettings() const;
    void selectRow(int proxyRow);
    // Shows another outputs folder's gallery (MainWindow::setOutputsDir); both must outlive
    // the view or the next setStore.
    void setStore(app::GalleryStore* store, app::GalleryModel* model);

    // Asks before Delete removes `count` images from disk; true to go on. A question box
    // unless replaced (tests answer without a dialog).
    using DeleteConfirmation = std::function<bool(QWidget* parent, int count)>;
    void setDeleteConfirmation(DeleteConfirmation confirm);

public Q_SLOTS:
    void saveAs();
    void copyImage();
    void openFolder();
    void deleteSelected();

Q_SIGNALS:
    // The image's file and its unclip-studio JSON ({} when it has none).
    void useAllSettings(const QString& path, const QJsonObject& settings);
    void usePrompt(const QString& prompt);
    void useSeed(quint64 seed);
    void sendToVariations(const QString& path);
    void sendToBlend(const QString& path, int slot);  // 0: A, 1: B
    void statusMessage(const QString& message);

private:
    void showDetails();
    void updateActions();
    void showContextMenu(QAbstractItemView* view, const QPoint& pos);
    // The current image as a proxy() index, from whichever view shows.
    QModelIndex current() const;
    QModelIndexList selectedImages() const;  // proxy() indexes

    app::GalleryStore* m_store;
    app::GalleryModel* m_model;
    JobGroupProxyModel* m_proxy;
    QListView* m_list;
    JobRowsModel* m_rowsModel;
    QTableView* m_table;
    QStackedWidget* m_views;
    QAction* m_rowsMode;
    QTextBrowser* m_details;
    DeleteConfirmation m_confirmDelete;
    QList<QAction*> m_itemActions;
    QAction* m_saveAs;
    QAction* m_copy;
    QAction* m_openFolder;
    QAction* m_useAll;
    QAction* m_usePrompt;
    QAction* m_useSeed;
    QAction* m_toVariations;
    QAction* m_toBlendA;
    QAction* m_toBlendB;
    QAction* m_delete;
};

}  // namespace ui
}  // namespace unclip
