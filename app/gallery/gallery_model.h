// GalleryModel: a lazy list model over a GalleryStore, newest first (Qt Core + Gui, no widgets).
//
// Rows are fetched in pages of kPageSize through fetchMore()/canFetchMore(), so views over
// thousands of images read only what they show. Thumbnails load off the GUI thread
// (QtConcurrent), are kept in an LRU QCache, and a placeholder stands in until one arrives,
// announced by dataChanged(index, index, {ThumbnailRole}). The model follows the store's
// imageAdded / imageRemoved / reset signals.
//
//   GalleryModel model(&store);
//   view->setModel(&model);
//   QImage thumb = model.data(model.index(0), GalleryModel::ThumbnailRole).value<QImage>();
#pragma once

#include <QAbstractListModel>
#include <QCache>
#include <QImage>
#include <QList>
#include <QSet>

#include "app/gallery/gallery_store.h"

namespace unclip::app {

class GalleryModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        PathRole,  // absolute path
        PromptRole,
        SeedRole,  // quint64, or an invalid QVariant when unknown
        JobIdRole,
        RowIndexRole,
        KindRole,
        SettingsJsonRole,
        CreatedRole,
        ThumbnailRole,  // QImage, at most thumbnailSize() on each side
    };

    static constexpr int kPageSize = 200;

    explicit GalleryModel(GalleryStore* store, QObject* parent = nullptr);
    ~GalleryModel() override;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    int thumbnailSize() const { return m_thumbSize; }
    void setThumbnailSize(int pixels);           // clears the cache
    void setThumbnailCacheLimit(int images);     // default 1000
    const GalleryImage* imageAt(int row) const;  // nullptr when out of range
    int rowOfId(qint64 id) const;                // -1 when not loaded
    void reload();                               // back to the first page

private:
    void onImageAdded(qint64 id);
    void onImageRemoved(qint64 id);
    void requestThumbnail(const GalleryImage& image) const;
    void onThumbnailLoaded(qint64 id, const QImage& image);

    GalleryStore* m_store;
    QList<GalleryImage> m_rows;
    QSet<qint64> m_loaded;  // the ids in m_rows
    int m_total = 0;        // the store's count when last read
    int m_thumbSize = 256;
    QImage m_placeholder;
    mutable QCache<qint64, QImage> m_thumbs;
    mutable QSet<qint64> m_pending;
    int m_generation = 0;  // bumped when the cache is cleared; stale loads are dropped
};

}  // namespace unclip::app
