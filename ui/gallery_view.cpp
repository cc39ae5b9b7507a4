#include "ui/gallery_view.h"

#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

#include "core/common/error.h"
#include "ui/job_rows_model.h"
#include "ui/mime_types.h"

namespace unclip {
namespace ui {

using app::GalleryModel;

JobGroupProxyModel::JobGroupProxyModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setDynamicSortFilter(true);
}

void JobGroupProxyModel::setSourceModel(QAbstractItemModel* source) {
    // Connected before the base class connects, so the ranks are stale before it re-sorts.
    if (source) {
        const auto dirty = [this] { m_dirty = true; };
        connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this, dirty);
        connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this, dirty);
        connect(source, &QAbstractItemModel::modelAboutToBeReset, this, dirty);
        connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this, dirty);
    }
    m_dirty = true;
    QSortFilterProxyModel::setSourceModel(source);
    sort(0);
}

int JobGroupProxyModel::jobRank(const QModelIndex& sourceIndex) const {
    const QString job = sourceIndex.data(GalleryModel::JobIdRole).toString();
    if (job.isEmpty()) return sourceIndex.row();
    if (m_dirty) {
        m_rank.clear();
        const QAbstractItemModel* source = sourceModel();
        for (int row = 0; row < source->rowCount(); ++row) {
            const QString id = source->index(row, 0).data(GalleryModel::JobIdRole).toString();
            if (!id.isEmpty() && !m_rank.contains(id)) m_rank.insert(id, row);
        }
        m_dirty = false;
    }
    return m_rank.value(job, sourceIndex.row());
}

bool JobGroupProxyModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const int a = jobRank(left), b = jobRank(right);
    if (a != b) return a < b;
    const int ra = left.data(GalleryModel::RowIndexRole).toInt();
    const int rb = right.data(GalleryModel::RowIndexRole).toInt();
    if (ra != rb) return ra < rb;
    return left.row() < right.row();
}

QVariant JobGroupProxyModel::data(const QModelIndex& index, int role) const {
    if (role == Qt::DisplayRole) {
        const QString prompt =
            QSortFilterProxyModel::data(index, GalleryModel::PromptRole).toString();
        if (!prompt.isEmpty()) return prompt;
        const QVariant seed = QSortFilterProxyModel::data(index, GalleryModel::SeedRole);
        const QString kind = QSortFilterProxyModel::data(index, GalleryModel::KindRole).toString();
        return seed.isValid() ? tr("%1, seed %2").arg(kind).arg(seed.toULongLong()) : kind;
    }
    if (role == Qt::DecorationRole) {
        const QImage thumb =
            QSortFilterProxyModel::data(index, GalleryModel::ThumbnailRole).value<QImage>();
        // The item delegate draws a QImage at its own size, not the view's icon size: a
        // larger thumbnail showed only its top-left part in the cell. The model makes them
        // at the icon size (setThumbnailSize), so scaling here is for small pictures and
        // for the moment after a size change.
        if (thumb.isNull() || (thumb.width() == m_iconSize && thumb.height() <= m_iconSize) ||
            (thumb.height() == m_iconSize && thumb.width() <= m_iconSize))
            return thumb;
        const bool smaller = thumb.width() < m_iconSize && thumb.height() < m_iconSize;
        return thumb.scaled(m_iconSize, m_iconSize, Qt::KeepAspectRatio,
                            smaller ? Qt::FastTransformation : Qt::SmoothTransformation);
    }
    return QSortFilterProxyModel::data(index, role);
}

Qt::ItemFlags JobGroupProxyModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QSortFilterProxyModel::flags(index);
    if (index.isValid()) f |= Qt::ItemIsDragEnabled;
    return f;
}

QStringList JobGroupProxyModel::mimeTypes() const {
    return {QStringLiteral("text/uri-list"), QLatin1String(kGalleryItemMimeType)};
}

QMimeData* JobGroupProxyModel::mimeData(const QModelIndexList& indexes) const {
    QList<QUrl> urls;
    for (const QModelIndex& index : indexes)
        urls.append(QUrl::fromLocalFile(index.data(GalleryModel::PathRole).toString()));
    if (urls.isEmpty()) return nullptr;
    auto* mime = new QMimeData;
    mime->setUrls(urls);
    mime->setData(QLatin1String(kGalleryItemMimeType), urls.first().toLocalFile().toUtf8());
    return mime;
}

GalleryView::GalleryView(app::GalleryStore* store, app::GalleryModel* model, QWidget* parent)
    : QWidget(parent),
      m_store(store),
      m_model(model),
      m_proxy(new JobGroupProxyModel(this)),
      m_list(new QListView(this)),
      m_rowsModel(new JobRowsModel(this)),
      m_table(new QTableView(this)),
      m_views(new QStackedWidget(this)),
      m_rowsMode(new QAction(tr("Rows by job"), this)),
      m_details(new QTextBrowser(this)) {
    m_proxy->setSourceModel(model);
    m_list->setModel(m_proxy);
    m_list->setViewMode(QListView::IconMode);
    m_list->setUniformItemSizes(true);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setMovement(QListView::Static);
    // One pass, not Batched: a batched layout starts again from row 0 whenever rows arrive
    // (each fetchMore page), the scroll range shrinks to the first batch and the view jumps
    // back to the top. With uniform sizes one pass over 5,000 items takes a few ms.
    m_list->setLayoutMode(QListView::SinglePass);
    m_list->setWrapping(true);
    m_list->setSpacing(4);
    m_list->setWordWrap(false);
    m_list->setTextElideMode(Qt::ElideRight);
    const int icon = kThumbnailSize;
    if (model) model->setThumbnailSize(icon);
    m_proxy->setIconSize(icon);
    m_list->setIconSize(QSize(icon, icon));
    m_list->setGridSize(QSize(icon + 16, icon + m_list->fontMetrics().height() + 16));
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setDragEnabled(true);
    m_list->setDragDropMode(QAbstractItemView::DragOnly);
    m_list->setDefaultDropAction(Qt::CopyAction);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);

    m_table->setModel(m_rowsModel);  // fed from the proxy only while the grid shows
    m_table->setIconSize(QSize(icon, icon));
    m_table->horizontalHeader()->setDefaultSectionSize(icon + 8);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(icon + 8);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setDragEnabled(true);
    m_table->setDragDropMode(QAbstractItemView::DragOnly);
    m_table->setDefaultDropAction(Qt::CopyAction);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_views->addWidget(m_list);
    m_views->addWidget(m_table);
    m_rowsMode->setObjectName(QStringLiteral("rowsByJob"));
    m_rowsMode->setCheckable(true);
    m_rowsMode->setToolTip(
        tr("One job per row: blend rows made with different seeds line up, θ under θ"));
    connect(m_rowsMode, &QAction::toggled, this, &GalleryView::setRowsByJob);
    m_details->setOpenLinks(false);
    m_details->setMinimumWidth(240);
    m_details->setPlaceholderText(tr("Select an image to see how it was made."));
    m_confirmDelete = [](QWidget* parent, int count) {
        return QMessageBox::question(
                   parent, tr("Delete images"),
                   tr("Delete %n image(s) from disk? This cannot be undone.", nullptr, count),
                   QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
    };

    const auto makeAction = [this](const char* name, const QString& text, const QString& tip) {
        auto* action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setToolTip(tip);
        m_itemActions.append(action);
        return action;
    };
    m_saveAs =
        makeAction("saveAs", tr("Save as…"), tr("Save a copy of the image, metadata included"));
    m_copy = makeAction("copyImage", tr("Copy image"), tr("Copy the image to the clipboard"));
    m_openFolder = makeAction("openFolder", tr("Open folder"), tr("Show the outputs folder"));
    m_useAll = makeAction("useAllSettings", tr("Use all settings"),
                          tr("Put every setting of this image in the panel"));
    m_usePrompt = makeAction("usePrompt", tr("Use prompt"),
                             tr("Put this image's prompt in the prompt panel"));
    m_useSeed =
        makeAction("useSeed", tr("Use seed"), tr("Put this image's seed in the prompt panel"));
    m_toVariations = makeAction("sendToVariations", tr("Send to Variations"),
                                tr("Make variations of this image"));
    m_toBlendA =
        makeAction("sendToBlendA", tr("Send to Blend A"), tr("Use this image as blend image A"));
    m_toBlendB =
        makeAction("sendToBlendB", tr("Send to Blend B"), tr("Use this image as blend image B"));
    m_delete = makeAction("delete", tr("Delete"), tr("Delete the selected images from disk"));
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_copy);
    addAction(m_delete);

    connect(m_saveAs, &QAction::triggered, this, &GalleryView::saveAs);
    connect(m_copy, &QAction::triggered, this, &GalleryView::copyImage);
    connect(m_openFolder, &QAction::triggered, this, &GalleryView::openFolder);
    connect(m_delete, &QAction::triggered, this, &GalleryView::deleteSelected);
    connect(m_useAll, &QAction::triggered, this,
            [this] { Q_EMIT useAllSettings(currentPath(), currentSettings()); });
    connect(m_usePrompt, &QAction::triggered, this,
            [this] { Q_EMIT usePrompt(current().data(GalleryModel::PromptRole).toString()); });
    connect(m_useSeed, &QAction::triggered, this, [this] {
        const QVariant seed = current().data(GalleryModel::SeedRole);
        if (seed.isValid()) Q_EMIT useSeed(seed.toULongLong());
    });
    connect(m_toVariations, &QAction::triggered, this,
            [this] { Q_EMIT sendToVariations(currentPath()); });
    connect(m_toBlendA, &QAction::triggered, this,
            [this] { Q_EMIT sendToBlend(currentPath(), 0); });
    connect(m_toBlendB, &QAction::triggered, this,
            [this] { Q_EMIT sendToBlend(currentPath(), 1); });

    // A tool bar folds the buttons that do not fit into its overflow menu.
    auto* buttons = new QToolBar(this);
    buttons->setToolButtonStyle(Qt::ToolButtonTextOnly);
    buttons->addAction(m_rowsMode);
    buttons->addSeparator();
    buttons->addActions(m_itemActions);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_views);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buttons);
    layout->addWidget(splitter, 1);

    for (QAbstractItemView* view :
         {static_cast<QAbstractItemView*>(m_list), static_cast<QAbstractItemView*>(m_table)}) {
        connect(view, &QAbstractItemView::customContextMenuRequested, this,
                [this, view](const QPoint& pos) { showContextMenu(view, pos); });
        connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this,
                &GalleryView::showDetails);
        connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &GalleryView::updateActions);
        connect(view, &QAbstractItemView::doubleClicked, this,
                [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(currentPath())); });
    }
    connect(m_proxy, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& a, const QModelIndex& b) {
                const QModelIndex c = current();
                if (c.isValid() && c.row() >= a.row() && c.row() <= b.row()) showDetails();
            });
    // The grid's cells change image when the gallery does (all roles at once): a cell emptied
    // under the current image (deleted), or filled by one that just arrived.
    connect(m_rowsModel, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& a, const QModelIndex& b, const QList<int>& roles) {
                const QModelIndex c = m_table->currentIndex();
                if (rowsByJob() && roles.isEmpty() && c.isValid() && c.row() >= a.row() &&
                    c.row() <= b.row() && c.column() >= a.column() && c.column() <= b.column())
                    showDetails();
            });
    updateActions();
}

QModelIndex GalleryView::current() const {
    if (rowsByJob()) return m_rowsModel->sourceIndex(m_table->currentIndex());
    return m_list->currentIndex();
}

QModelIndexList GalleryView::selectedImages() const {
    if (!rowsByJob()) return m_list->selectionModel()->selectedIndexes();
    QModelIndexList images;
    for (const QModelIndex& cell : m_table->selectionModel()->selectedIndexes()) {
        const QModelIndex image = m_rowsModel->sourceIndex(cell);
        if (image.isValid()) images.append(image);
    }
    return images;
}

bool GalleryView::rowsByJob() const { return m_views->currentWidget() == m_table; }

void GalleryView::setRowsByJob(bool rows) {
    if (rows == rowsByJob()) return;
    const QModelIndex image = current();
    // The grid lays the gallery out again on every change: fed only while it shows.
    m_rowsModel->setSourceModel(rows ? m_proxy : nullptr);
    m_views->setCurrentWidget(rows ? static_cast<QWidget*>(m_table) : m_list);
    if (m_rowsMode->isChecked() != rows) m_rowsMode->setChecked(rows);
    if (rows)
        m_table->setCurrentIndex(m_rowsModel->cellOf(image));
    else
        m_list->setCurrentIndex(image);
    showDetails();
}

QString GalleryView::currentPath() const {
    return current().data(GalleryModel::PathRole).toString();
}

QJsonObject GalleryView::currentSettings() const {
    return QJsonDocument::fromJson(
               current().data(GalleryModel::SettingsJsonRole).toString().toUtf8())
        .object();
}

void GalleryView::setStore(app::GalleryStore* store, app::GalleryModel* model) {
    m_store = store;
    m_model = model;
    model->setThumbnailSize(kThumbnailSize);
    // The first page now, whether or not the list is visible to ask for it.
    if (model->canFetchMore({})) model->fetchMore({});
    m_proxy->setSourceModel(model);
    m_details->clear();
    updateActions();
}

void GalleryView::setDeleteConfirmation(DeleteConfirmation confirm) {
    m_confirmDelete = std::move(confirm);
}

void GalleryView::selectRow(int proxyRow) {
    const QModelIndex image = m_proxy->index(proxyRow, 0);
    if (rowsByJob())
        m_table->setCurrentIndex(m_rowsModel->cellOf(image));
    else
        m_list->setCurrentIndex(image);
}

namespace {

QString valueText(const QJsonValue& value) {
    switch (value.type()) {
        case QJsonValue::String:
            return value.toString();
        case QJsonValue::Double:
            return QString::number(value.toDouble(), 'g', 15);
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Array: {
            QStringList parts;
            for (const QJsonValue& v : value.toArray()) parts.append(valueText(v));
            return parts.join(QStringLiteral(", "));
        }
        case QJsonValue::Object:
            return QString::fromUtf8(
                QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
        default:
            return QString();
    }
}

void appendRows(QString& html, const QString& prefix, const QJsonObject& object) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key();
        if (it.value().isObject()) {
            appendRows(html, key, it.value().toObject());
            continue;
        }
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(key.toHtmlEscaped(), valueText(it.value()).toHtmlEscaped());
    }
}

}  // namespace

void GalleryView::showDetails() {
    const QModelIndex index = current();
    if (!index.isValid()) {
        m_details->clear();
        updateActions();
        return;
    }
    const QVariant seed = index.data(GalleryModel::SeedRole);
    const auto* image = m_model->imageAt(m_proxy->mapToSource(index).row());
    QString html = QStringLiteral("<p>%1</p><table cellspacing=\"2\">")
                       .arg(index.data(GalleryModel::PromptRole).toString().toHtmlEscaped());
    const auto row = [&html](const QString& key, const QString& value) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(key.toHtmlEscaped(), value.toHtmlEscaped());
    };
    row(tr("Seed"), seed.isValid() ? QString::number(seed.toULongLong()) : tr("unknown"));
    row(tr("Kind"), index.data(GalleryModel::KindRole).toString());
    if (image) row(tr("Size"), tr("%1 × %2").arg(image->width).arg(image->height));
    row(tr("Created"),
        QLocale().toString(index.data(GalleryModel::CreatedRole).toDateTime().toLocalTime(),
                           QLocale::ShortFormat));
    row(tr("File"), QDir::toNativeSeparators(currentPath()));
    html += QStringLiteral("</table><hr><table cellspacing=\"2\">");
    appendRows(html, QString(), currentSettings());
    html += QStringLiteral("</table>");
    m_details->setHtml(html);
    updateActions();
}

void GalleryView::updateActions() {
    const bool one = current().isValid();
    for (QAction* action : std::as_const(m_itemActions)) action->setEnabled(one);
    m_openFolder->setEnabled(true);
    m_useSeed->setEnabled(one && current().data(GalleryModel::SeedRole).isValid());
}

void GalleryView::showContextMenu(QAbstractItemView* view, const QPoint& pos) {
    const QModelIndex index = view->indexAt(pos);
    if (index.isValid() && !view->selectionModel()->isSelected(index)) view->setCurrentIndex(index);
    QMenu menu(this);
    menu.addActions({m_saveAs, m_copy, m_openFolder});
    menu.addSeparator();
    menu.addActions({m_useAll, m_usePrompt, m_useSeed});
    menu.addSeparator();
    menu.addActions({m_toVariations, m_toBlendA, m_toBlendB});
    menu.addSeparator();
    menu.addAction(m_delete);
    menu.exec(view->viewport()->mapToGlobal(pos));
}

void GalleryView::saveAs() {
    const QString source = currentPath();
    if (source.isEmpty()) return;
    const QString target = QFileDialog::getSaveFileName(
        this, tr("Save image as"), QFileInfo(source).fileName(), tr("PNG images (*.png)"));
    if (target.isEmpty()) return;
    if (QFile::exists(target)) QFile::remove(target);  // the dialog asked already
    if (!QFile::copy(source, target))
        QMessageBox::warning(this, tr("Save as"), tr("Could not save %1.").arg(target));
    else
        Q_EMIT statusMessage(tr("Saved %1.").arg(QDir::toNativeSeparators(target)));
}

void GalleryView::copyImage() {
    const QString path = currentPath();
    const QImage image(path);
    if (image.isNull()) return;
    auto* mime = new QMimeData;
    mime->setImageData(image);
    mime->setUrls({QUrl::fromLocalFile(path)});
    QGuiApplication::clipboard()->setMimeData(mime);
    Q_EMIT statusMessage(tr("Image copied."));
}

void GalleryView::openFolder() {
    QDesktopServices::openUrl(QUrl::fromLocalFile(m_store->outputsDir()));
}

void GalleryView::deleteSelected() {
    QList<qint64> ids;
    for (const QModelIndex& index : selectedImages())
        ids.append(index.data(GalleryModel::IdRole).toLongLong());
    if (ids.isEmpty()) return;
    if (!m_confirmDelete(this, int(ids.size()))) return;
    int deleted = 0;
    for (qint64 id : std::as_const(ids)) {
        try {
            if (m_store->remove(id)) ++deleted;
        } catch (const unclip::Error& e) {
            QMessageBox::warning(this, tr("Delete images"), QString::fromStdString(e.what()));
            break;
        }
    }
    Q_EMIT statusMessage(tr("Deleted %n image(s).", nullptr, deleted));
}

}  // namespace ui
}  // namespace unclip
