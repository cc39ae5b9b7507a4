#include "app/gallery/gallery_model.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace unclip::app {

namespace {

QImage placeholder(int size) {
    QImage image(size, size, QImage::Format_RGB32);
    image.fill(QColor(0x40, 0x40, 0x40));
    return image;
}

QImage loadThumbnail(const QString& path, int size) {
    QImage image(path);
    if (image.isNull()) return image;
    if (image.width() > size || image.height() > size) {
        image = image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
    return image;
}

}  // namespace

GalleryModel::GalleryModel(GalleryStore* store, QObject* parent)
    : QAbstractListModel(parent), m_store(store), m_placeholder(placeholder(m_thumbSize)) {
    m_thumbs.setMaxCost(1000);
    m_total = m_store->count();
    connect(m_store, &GalleryStore::imageAdded, this, &GalleryModel::onImageAdded);
    connect(m_store, &GalleryStore::imageRemoved, this, &GalleryModel::onImageRemoved);
    connect(m_store, &GalleryStore::reset, this, &GalleryModel::reload);
}

GalleryModel::~GalleryModel() = default;

int GalleryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

bool GalleryModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && m_rows.size() < m_total;
}

void GalleryModel::fetchMore(const QModelIndex& parent) {
    if (parent.isValid()) return;
    const QList<GalleryImage> page = m_store->page(static_cast<int>(m_rows.size()), kPageSize);
    if (page.isEmpty()) {
        m_total = static_cast<int>(m_rows.size());
        return;
    }
    // Rows the store gained since the last page shift the offset; skip the ones already here.
    QList<GalleryImage> more;
    for (const GalleryImage& image : page) {
        if (!m_loaded.contains(image.id)) more.append(image);
    }
    if (more.isEmpty()) return;
    const int first = static_cast<int>(m_rows.size());
    for (const GalleryImage& image : more) m_loaded.insert(image.id);
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(more.size()) - 1);
    m_rows.append(more);
    endInsertRows();
}

const GalleryImage* GalleryModel::imageAt(int row) const {
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int GalleryModel::rowOfId(qint64 id) const {
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id) return row;
    }
    return -1;
}

QVariant GalleryModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const GalleryImage& image = m_rows.at(index.row());
    switch (role) {
        case Qt::DisplayRole:
        case PromptRole:
            return image.prompt;
        case Qt::ToolTipRole:
        case PathRole:
            return m_store->absolutePath(image);
        case IdRole:
            return image.id;
        case SeedRole:
            return image.hasSeed ? QVariant(image.seed) : QVariant();
        case JobIdRole:
            return image.jobId;
        case RowIndexRole:
            return image.rowIndex;
        case KindRole:
            return image.kind;
        case SettingsJsonRole:
            return image.settingsJson;
        case CreatedRole:
            return image.created;
        case Qt::DecorationRole:
        case ThumbnailRole:
            if (const QImage* thumb = m_thumbs.object(image.id)) return *thumb;
            requestThumbnail(image);
            return m_placeholder;
        default:
            return {};
    }
}

QHash<int, QByteArray> GalleryModel::roleNames() const {
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "imageId");
    names.insert(PathRole, "path");
    names.insert(PromptRole, "prompt");
    names.insert(SeedRole, "seed");
    names.insert(JobIdRole, "jobId");
    names.insert(RowIndexRole, "rowIndex");
    names.insert(KindRole, "kind");
    names.insert(SettingsJsonRole, "settingsJson");
    names.insert(CreatedRole, "created");
    names.insert(ThumbnailRole, "thumbnail");
    return names;
}

void GalleryModel::requestThumbnail(const GalleryImage& image) const {
    if (m_pending.contains(image.id)) return;
    m_pending.insert(image.id);
    const qint64 id = image.id;
    const int generation = m_generation;
    auto* watcher = new QFutureWatcher<QImage>(const_cast<GalleryModel*>(this));
    auto* self = const_cast<GalleryModel*>(this);
    connect(watcher, &QFutureWatcher<QImage>::finished, self, [self, watcher, id, generation] {
        watcher->deleteLater();
        if (generation != self->m_generation) return;
        self->onThumbnailLoaded(id, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(loadThumbnail, m_store->absolutePath(image), m_thumbSize));
}

void GalleryModel::onThumbnailLoaded(qint64 id, const QImage& image) {
    m_pending.remove(id);
    // A file that cannot be read keeps the placeholder (cached, so it is not retried per paint).
    m_thumbs.insert(id, new QImage(image.isNull() ? m_placeholder : image));
    const int row = rowOfId(id);
    if (row < 0) return;
    const QModelIndex at = index(row);
    Q_EMIT dataChanged(at, at, {ThumbnailRole, Qt::DecorationRole});
}

void GalleryModel::setThumbnailSize(int pixels) {
    if (pixels <= 0 || pixels == m_thumbSize) return;
    m_thumbSize = pixels;
    m_placeholder = placeholder(pixels);
    m_thumbs.clear();
    m_pending.clear();
    ++m_generation;
    if (!m_rows.isEmpty()) {
        Q_EMIT dataChanged(index(0), index(static_cast<int>(m_rows.size()) - 1),
                           {ThumbnailRole, Qt::DecorationRole});
    }
}

void GalleryModel::setThumbnailCacheLimit(int images) { m_thumbs.setMaxCost(qMax(1, images)); }

void GalleryModel::reload() {
    beginResetModel();
    m_rows.clear();
    m_loaded.clear();
    m_total = m_store->count();
    endResetModel();
}

void GalleryModel::onImageAdded(qint64 id) {
    const auto image = m_store->image(id);
    if (!image) return;
    ++m_total;
    // Newest first: a new image goes on top unless it is older than the first loaded row
    // (then it arrives with a later page, or a reload).
    if (!m_rows.isEmpty()) {
        const GalleryImage& top = m_rows.first();
        if (image->created < top.created || (image->created == top.created && image->id < top.id)) {
            reload();
            return;
        }
    }
    if (m_loaded.contains(id)) return;
    beginInsertRows(QModelIndex(), 0, 0);
    m_loaded.insert(id);
    m_rows.prepend(*image);
    endInsertRows();
}

void GalleryModel::onImageRemoved(qint64 id) {
    m_thumbs.remove(id);
    m_total = qMax(0, m_total - 1);
    const int row = rowOfId(id);
    if (row < 0) return;
    beginRemoveRows(QModelIndex(), row, row);
    m_rows.removeAt(row);
    m_loaded.remove(id);
    endRemoveRows();
}

}  // namespace unclip::app
