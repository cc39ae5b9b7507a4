// GalleryStore: the SQLite index of the images in the outputs folder (Qt Core + Sql, no widgets).
//
// The index is <outputs>/gallery.sqlite (WAL, synchronous=NORMAL, a schema_version table).
// The PNG files are the truth and the index is derived from them: addImage() writes the
// file atomically (unclip::writeFileAtomic) before it inserts the row, so a crash leaves at
// worst a file without a row, which rescan() indexes again from its metadata chunks
// (core/metadata); rows whose file is gone are dropped by rescan(). remove() deletes the
// file, then the row. All calls on the thread that made the store (Qt's SQL connections are
// per thread); errors are unclip::Error naming the path.
//
//   GalleryStore store(outputsDir);
//   GalleryImage meta;
//   meta.jobId = job.toString(QUuid::WithoutBraces); meta.rowIndex = 0;
//   meta.prompt = prompt; meta.seed = seed; meta.hasSeed = true; meta.kind = "text";
//   meta.settingsJson = json;            // the unclip-studio JSON
//   qint64 id = store.addImage(pngWithMetadata, meta);
//   QList<GalleryImage> newest = store.page(0, 200);
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <optional>

namespace unclip::app {

struct GalleryImage {
    qint64 id = 0;
    QString path;       // relative to the outputs folder
    QString jobId;      // "" when unknown (a file indexed by rescan() without one)
    int rowIndex = 0;   // the image's place within its job
    QDateTime created;  // UTC, millisecond resolution
    int width = 0;      // from the PNG header
    int height = 0;
    QString prompt;
    quint64 seed = 0;
    bool hasSeed = false;
    QString kind;          // "text", "variation", "blend", or ""
    QString settingsJson;  // the full settings (the unclip-studio JSON chunk)
};

struct GalleryRescanResult {
    int added = 0;    // files indexed
    int removed = 0;  // rows dropped because their file is gone
    int skipped = 0;  // *.png files that could not be read (damaged)
};

class GalleryStore : public QObject {
    Q_OBJECT

public:
    static constexpr int kSchemaVersion = 1;
    static constexpr char kIndexFileName[] = "gallery.sqlite";

    // Creates the folder and the index when missing. unclip::Error when the index cannot be
    // opened or was written by a newer version (schema version above kSchemaVersion).
    explicit GalleryStore(const QString& outputsDir, QObject* parent = nullptr);
    ~GalleryStore() override;

    QString outputsDir() const { return m_dir; }
    QString absolutePath(const GalleryImage& image) const;

    // Writes `png` (already carrying its metadata chunks) under a new unique name, then
    // indexes it with `meta` (id, path, width and height are filled in; a null `created`
    // becomes now). Returns the id; emits imageAdded.
    qint64 addImage(const QByteArray& png, const GalleryImage& meta);

    // Indexes *.png files in the outputs folder (top level) that have no row, reading their
    // metadata chunks, and drops rows whose file is gone. Emits reset when anything changed.
    GalleryRescanResult rescan();

    // Deletes the file, then the row. False when there is no such id; unclip::Error when the
    // file exists and cannot be deleted. Emits imageRemoved.
    bool remove(qint64 id);

    int count() const;
    std::optional<GalleryImage> image(qint64 id) const;
    // Newest first (created, then id, descending).
    QList<GalleryImage> page(int offset, int limit) const;
    // Every job's images, jobs newest first, each job's rows by row index.
    QList<QList<GalleryImage>> byJob() const;
    QList<GalleryImage> imagesOfJob(const QString& jobId) const;

Q_SIGNALS:
    void imageAdded(qint64 id);
    void imageRemoved(qint64 id);
    void reset();

private:
    void openDatabase();
    qint64 insertRow(const GalleryImage& image);
    QString uniqueFileName(const GalleryImage& meta) const;

    QString m_dir;
    QString m_connection;  // the QSqlDatabase connection name, unique per store
};

// Reads width and height from a PNG's IHDR; false when the bytes do not start like a PNG.
bool pngSize(const QByteArray& png, int* width, int* height);

}  // namespace unclip::app
