#include "ui/image_drop_zone.h"

#include <QClipboard>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QMimeData>
#include <QPixmap>
#include <QUrl>
#include <QVBoxLayout>

#include "ui/mime_types.h"

namespace unclip {
namespace ui {

ImageDropZone::ImageDropZone(const QString& placeholder, QWidget* parent)
    : QFrame(parent),
      m_placeholder(placeholder),
      m_picture(new QLabel(this)),
      m_caption(new QLabel(this)) {
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::StyledPanel);
    setFrameShadow(QFrame::Sunken);
    setMinimumSize(160, 160);
    setToolTip(tr("Drop an image file or a gallery image here, or select and paste (Ctrl+V)"));
    m_picture->setAlignment(Qt::AlignCenter);
    m_picture->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    m_caption->setAlignment(Qt::AlignCenter);
    m_caption->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_picture, 1);
    layout->addWidget(m_caption);
    clear();
}

bool ImageDropZone::canTake(const QMimeData* mime) {
    return mime && (mime->hasFormat(QLatin1String(kGalleryItemMimeType)) || mime->hasUrls() ||
                    mime->hasImage());
}

bool ImageDropZone::takeMimeData(const QMimeData* mime) {
    if (!mime) return reject(tr("Nothing to take."));
    if (mime->hasFormat(QLatin1String(kGalleryItemMimeType)))
        return setImagePath(QString::fromUtf8(mime->data(QLatin1String(kGalleryItemMimeType))));
    if (mime->hasUrls()) {
        const QList<QUrl> urls = mime->urls();
        for (const QUrl& url : urls)
            if (url.isLocalFile()) return setImagePath(url.toLocalFile());
        return reject(tr("Only local image files can be used (got %1).")
                          .arg(urls.isEmpty() ? QString() : urls.first().toString()));
    }
    if (mime->hasImage()) {
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        if (image.isNull()) return reject(tr("The pasted data is not an image."));
        if (m_inputsDir.isEmpty() || !QDir().mkpath(m_inputsDir))
            return reject(
                tr("Cannot save the pasted image: no inputs folder (%1).").arg(m_inputsDir));
        const QString path = QDir(m_inputsDir)
                                 .filePath(QStringLiteral("pasted-%1.png")
                                               .arg(QDateTime::currentDateTime().toString(
                                                   QStringLiteral("yyyyMMdd-hhmmss-zzz"))));
        if (!image.save(path, "PNG"))
            return reject(tr("Cannot save the pasted image to %1.").arg(path));
        return setImagePath(path);
    }
    return reject(tr("This is not an image. Drop an image file (PNG, JPEG, WebP, ...)."));
}

bool ImageDropZone::setImagePath(const QString& path) {
    const QFileInfo info(path);
    if (!info.isFile()) return reject(tr("%1 is not a file.").arg(QDir::toNativeSeparators(path)));
    QImageReader reader(path);
    reader.setAutoTransform(true);
    QImage image = reader.canRead() ? reader.read() : QImage();
    if (image.isNull())
        return reject(tr("%1 is not an image file that can be read.")
                          .arg(QDir::toNativeSeparators(info.fileName())));
    m_image = image.width() > 512 || image.height() > 512
                  ? image.scaled(512, 512, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                  : image;
    m_path = info.absoluteFilePath();
    showThumbnail();
    Q_EMIT imageChanged(m_path);
    return true;
}

void ImageDropZone::paste() { takeMimeData(QGuiApplication::clipboard()->mimeData()); }

void ImageDropZone::clear() {
    const bool had = !m_path.isEmpty();
    m_path.clear();
    m_image = QImage();
    m_picture->clear();
    m_caption->setText(m_placeholder);
    if (had) Q_EMIT imageChanged(QString());
}

bool ImageDropZone::reject(const QString& message) {
    Q_EMIT rejected(message);
    return false;
}

void ImageDropZone::showThumbnail() {
    if (m_path.isEmpty()) return;
    const QSize box = m_picture->size().boundedTo(QSize(512, 512)).expandedTo(QSize(64, 64));
    m_picture->setPixmap(
        QPixmap::fromImage(m_image.scaled(box, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    m_caption->setText(QFileInfo(m_path).fileName());
    m_caption->setToolTip(QDir::toNativeSeparators(m_path));
}

void ImageDropZone::setHighlighted(bool on) {
    setFrameShadow(on ? QFrame::Raised : QFrame::Sunken);
    setLineWidth(on ? 2 : 1);
}

void ImageDropZone::dragEnterEvent(QDragEnterEvent* event) {
    if (canTake(event->mimeData())) {
        event->acceptProposedAction();
        setHighlighted(true);
    }
}

void ImageDropZone::dragLeaveEvent(QDragLeaveEvent*) { setHighlighted(false); }

void ImageDropZone::dropEvent(QDropEvent* event) {
    setHighlighted(false);
    if (takeMimeData(event->mimeData()))
        event->acceptProposedAction();
    else
        event->ignore();
}

void ImageDropZone::keyPressEvent(QKeyEvent* event) {
    if (event->matches(QKeySequence::Paste)) {
        paste();
        return;
    }
    if (event->matches(QKeySequence::Delete) || event->key() == Qt::Key_Backspace) {
        clear();
        return;
    }
    QFrame::keyPressEvent(event);
}

void ImageDropZone::resizeEvent(QResizeEvent* event) {
    QFrame::resizeEvent(event);
    showThumbnail();
}

}  // namespace ui
}  // namespace unclip
