// A drop target for one source image, with a thumbnail of what it holds. It takes
//   - image files from the file manager (text/uri-list of local files),
//   - a gallery item (kGalleryItemMimeType: the file's path),
//   - image data (a browser's image/png, or the clipboard through paste()), which is saved
//     as a PNG under <outputs>/inputs first, so the job refers to a file.
// Anything else, or a file Qt cannot read as an image, is refused with rejected(message).
//
//   auto* zone = new ImageDropZone(tr("Drop an image here"));
//   zone->setInputsDir(outputs + "/inputs");
//   connect(zone, &ImageDropZone::imageChanged, this, [](const QString& path) { ... });
#pragma once

#include <QFrame>
#include <QImage>
#include <QString>

class QLabel;
class QMimeData;

namespace unclip {
namespace ui {

class ImageDropZone : public QFrame {
    Q_OBJECT

public:
    explicit ImageDropZone(const QString& placeholder, QWidget* parent = nullptr);

    QString imagePath() const { return m_path; }
    void setInputsDir(const QString& dir) { m_inputsDir = dir; }
    QString inputsDir() const { return m_inputsDir; }

    // True when `mime` offers something this zone may take (drag enter); the drop itself
    // still checks the file.
    static bool canTake(const QMimeData* mime);
    // Takes the image `mime` carries: true and imageChanged, or false and rejected(message).
    bool takeMimeData(const QMimeData* mime);
    // Sets a file directly (gallery "Send to"); false and rejected(message) when unreadable.
    bool setImagePath(const QString& path);

public Q_SLOTS:
    void paste();  // the clipboard's image or image file
    void clear();

Q_SIGNALS:
    void imageChanged(const QString& path);  // "" after clear()
    void rejected(const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    bool reject(const QString& message);
    void showThumbnail();
    void setHighlighted(bool on);

    QString m_placeholder;
    QString m_path;
    QImage m_image;  // the source, at most 512 px a side
    QString m_inputsDir;
    QLabel* m_picture;
    QLabel* m_caption;
};

}  // namespace ui
}  // namespace unclip
