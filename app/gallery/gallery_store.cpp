#include "app/gallery/gallery_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>
#include <exception>
#include <vector>

#include "core/common/atomic_file.h"
#include "core/common/error.h"
#include "core/metadata/generation_parameters.h"
#include "core/metadata/png_metadata.h"

namespace unclip::app {

namespace {

constexpr char kColumns[] =
    "id, path, job_id, row_index, created_ms, width, height, prompt, seed, kind, settings_json";

[[noreturn]] void fail(const QString& what, const QSqlError& error) {
    throw unclip::Error((what + QStringLiteral(": ") + error.text()).toStdString());
}

void exec(QSqlQuery& query, const QString& what) {
    if (!query.exec()) fail(what, query.lastError());
}

void exec(QSqlDatabase& db, const QString& sql) {
    QSqlQuery query(db);
    if (!query.exec(sql)) fail(QStringLiteral("gallery index: ") + sql, query.lastError());
}

// A null QString binds as SQL NULL; the text columns are NOT NULL.
QString text(const QString& value) { return value.isNull() ? QStringLiteral("") : value; }

GalleryImage fromQuery(const QSqlQuery& q) {
    GalleryImage image;
    image.id = q.value(0).toLongLong();
    image.path = q.value(1).toString();
    image.jobId = q.value(2).toString();
    image.rowIndex = q.value(3).toInt();
    image.created = QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong(), Qt::UTC);
    image.width = q.value(5).toInt();
    image.height = q.value(6).toInt();
    image.prompt = q.value(7).toString();
    image.hasSeed = !q.value(8).isNull();
    image.seed = image.hasSeed ? static_cast<quint64>(q.value(8).toLongLong()) : 0;
    image.kind = q.value(9).toString();
    image.settingsJson = q.value(10).toString();
    return image;
}

QList<GalleryImage> collect(QSqlQuery& q) {
    QList<GalleryImage> out;
    while (q.next()) out.append(fromQuery(q));
    return out;
}

// What rescan() learns from a file's metadata chunks: the unclip-studio JSON first, then
// A1111's infotext (files from other tools), then the file itself.
bool imageFromFile(const QFileInfo& file, GalleryImage* image) {
    QFile f(file.absoluteFilePath());
    if (!f.open(QIODevice::ReadOnly)) return false;
    const QByteArray bytes = f.readAll();
    if (!pngSize(bytes, &image->width, &image->height)) return false;
    unclip::PngMetadata meta;
    try {
        meta = unclip::readMetadata(std::vector<uint8_t>(bytes.begin(), bytes.end()));
    } catch (const std::exception&) {
        return false;
    }
    image->created = file.lastModified().toUTC();
    if (meta.parameters) {
        const auto params = unclip::GenerationParameters::parse(*meta.parameters);
        image->prompt = QString::fromStdString(params.prompt);
        if (const std::string* seed = params.find("Seed")) {
            bool ok = false;
            const quint64 value = QString::fromStdString(*seed).toULongLong(&ok);
            if (ok) {
                image->seed = value;
                image->hasSeed = true;
            }
        }
    }
    if (meta.json) {
        image->settingsJson = QString::fromStdString(*meta.json);
        const QJsonObject json =
            QJsonDocument::fromJson(QByteArray::fromStdString(*meta.json)).object();
        if (json.contains(QStringLiteral("prompt"))) {
            image->prompt = json.value(QStringLiteral("prompt")).toString();
        }
        // The infotext's seed is exact; a JSON number above 2^53 is not (QJsonValue is a double).
        if (!image->hasSeed && json.value(QStringLiteral("seed")).isDouble()) {
            image->seed = static_cast<quint64>(json.value(QStringLiteral("seed")).toInteger());
            image->hasSeed = true;
        }
        image->kind = json.value(QStringLiteral("kind")).toString();
        for (const char* key : {"job_id", "jobId", "job"}) {
            if (json.value(QLatin1String(key)).isString()) {
                image->jobId = json.value(QLatin1String(key)).toString();
                break;
            }
        }
        for (const char* key : {"row_index", "rowIndex", "row"}) {
            if (json.value(QLatin1String(key)).isDouble()) {
                image->rowIndex = json.value(QLatin1String(key)).toInt();
                break;
            }
        }
        const QDateTime created = QDateTime::fromString(
            json.value(QStringLiteral("created")).toString(), Qt::ISODateWithMs);
        if (created.isValid()) image->created = created.toUTC();
    }
    return true;
}

}  // namespace

bool pngSize(const QByteArray& png, int* width, int* height) {
    static const char kSignature[] = "\x89PNG\r\n\x1a\n";
    if (png.size() < 24 || !png.startsWith(QByteArray(kSignature, 8)) || png.mid(12, 4) != "IHDR") {
        return false;
    }
    auto be32 = [&](int at) {
        const auto* p = reinterpret_cast<const unsigned char*>(png.constData()) + at;
        return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
    };
    *width = static_cast<int>(be32(16));
    *height = static_cast<int>(be32(20));
    return true;
}

GalleryStore::GalleryStore(const QString& outputsDir, QObject* parent)
    : QObject(parent),
      m_dir(QDir(outputsDir).absolutePath()),
      m_connection(QStringLiteral("gallery-") +
                   QUuid::createUuid().toString(QUuid::WithoutBraces)) {
    if (!QDir().mkpath(m_dir)) {
        throw unclip::Error("cannot create the outputs folder " + m_dir.toStdString());
    }
    try {
        openDatabase();
    } catch (...) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
        throw;
    }
}

GalleryStore::~GalleryStore() {
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

void GalleryStore::openDatabase() {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    const QString path = QDir(m_dir).filePath(QLatin1String(kIndexFileName));
    db.setDatabaseName(path);
    if (!db.open()) fail(QStringLiteral("cannot open the gallery index ") + path, db.lastError());
    exec(db, QStringLiteral("PRAGMA journal_mode=WAL"));
    exec(db, QStringLiteral("PRAGMA synchronous=NORMAL"));
    exec(db, QStringLiteral("PRAGMA busy_timeout=5000"));
    exec(db,
         QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_version"))) {
        fail(QStringLiteral("gallery index ") + path, q.lastError());
    }
    const QVariant found = q.next() ? q.value(0) : QVariant();
    q.finish();
    if (!found.isNull() && found.toInt() > kSchemaVersion) {
        throw unclip::Error("the gallery index " + path.toStdString() + " has schema version " +
                            std::to_string(found.toInt()) + ", newer than this build reads (" +
                            std::to_string(kSchemaVersion) +
                            "): it was written by a newer unCLIP Studio; update the app, or move "
                            "the file away and the gallery is rebuilt from the images");
    }
    if (found.isNull() || found.toInt() < kSchemaVersion) {
        if (!db.transaction()) fail(QStringLiteral("gallery index ") + path, db.lastError());
        exec(db, QStringLiteral(
                     "CREATE TABLE IF NOT EXISTS images ("
                     "id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL UNIQUE, "
                     "job_id TEXT NOT NULL DEFAULT '', row_index INTEGER NOT NULL DEFAULT 0, "
                     "created_ms INTEGER NOT NULL, width INTEGER NOT NULL DEFAULT 0, "
                     "height INTEGER NOT NULL DEFAULT 0, prompt TEXT NOT NULL DEFAULT '', "
                     "seed INTEGER, kind TEXT NOT NULL DEFAULT '', "
                     "settings_json TEXT NOT NULL DEFAULT '')"));
        exec(db,
             QStringLiteral(
                 "CREATE INDEX IF NOT EXISTS images_newest ON images (created_ms DESC, id DESC)"));
        exec(db,
             QStringLiteral("CREATE INDEX IF NOT EXISTS images_job ON images (job_id, row_index)"));
        exec(db, QStringLiteral("DELETE FROM schema_version"));
        exec(
            db,
            QStringLiteral("INSERT INTO schema_version (version) VALUES (%1)").arg(kSchemaVersion));
        if (!db.commit()) fail(QStringLiteral("gallery index ") + path, db.lastError());
    }
}

QString GalleryStore::absolutePath(const GalleryImage& image) const {
    return QDir(m_dir).filePath(image.path);
}

QString GalleryStore::uniqueFileName(const GalleryImage& meta) const {
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    const QString job = meta.jobId.isEmpty() ? QStringLiteral("image") : meta.jobId.left(8);
    const QDir dir(m_dir);
    for (int n = 0;; ++n) {
        QString name = QStringLiteral("%1-%2-%3").arg(stamp, job).arg(meta.rowIndex);
        if (n > 0) name += QStringLiteral("-%1").arg(n);
        name += QStringLiteral(".png");
        if (!QFileInfo::exists(dir.filePath(name))) return name;
    }
}

qint64 GalleryStore::insertRow(const GalleryImage& image) {
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral(
        "INSERT INTO images (path, job_id, row_index, created_ms, width, height, prompt, seed, "
        "kind, settings_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(text(image.path));
    q.addBindValue(text(image.jobId));
    q.addBindValue(image.rowIndex);
    q.addBindValue(image.created.toMSecsSinceEpoch());
    q.addBindValue(image.width);
    q.addBindValue(image.height);
    q.addBindValue(text(image.prompt));
    q.addBindValue(image.hasSeed ? QVariant(static_cast<qint64>(image.seed))
                                 : QVariant(QMetaType::fromType<qint64>()));
    q.addBindValue(text(image.kind));
    q.addBindValue(text(image.settingsJson));
    exec(q, QStringLiteral("gallery index: cannot add ") + image.path);
    return q.lastInsertId().toLongLong();
}

qint64 GalleryStore::addImage(const QByteArray& png, const GalleryImage& meta) {
    GalleryImage image = meta;
    if (!pngSize(png, &image.width, &image.height)) {
        throw unclip::Error("gallery: the image to add is not a PNG");
    }
    if (!image.created.isValid()) image.created = QDateTime::currentDateTimeUtc();
    image.path = uniqueFileName(image);
    const QString file = absolutePath(image);
    // The file first: a crash between the two leaves a file that rescan() indexes again.
    unclip::writeFileAtomic(file.toStdString(), std::vector<uint8_t>(png.begin(), png.end()));
    image.id = insertRow(image);
    Q_EMIT imageAdded(image.id);
    return image.id;
}

GalleryRescanResult GalleryStore::rescan() {
    GalleryRescanResult result;
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSet<QString> indexed;
    QList<qint64> gone;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT id, path FROM images"))) {
            fail(QStringLiteral("gallery index"), q.lastError());
        }
        const QDir dir(m_dir);
        while (q.next()) {
            const QString path = q.value(1).toString();
            indexed.insert(path);
            if (!QFileInfo::exists(dir.filePath(path))) gone.append(q.value(0).toLongLong());
        }
    }
    const QFileInfoList files =
        QDir(m_dir).entryInfoList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
    if (!db.transaction()) fail(QStringLiteral("gallery index"), db.lastError());
    try {
        for (qint64 id : gone) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("DELETE FROM images WHERE id = ?"));
            q.addBindValue(id);
            exec(q, QStringLiteral("gallery index: cannot drop a row"));
            ++result.removed;
        }
        for (const QFileInfo& file : files) {
            if (indexed.contains(file.fileName())) continue;
            GalleryImage image;
            if (!imageFromFile(file, &image)) {
                ++result.skipped;
                continue;
            }
            image.path = file.fileName();
            insertRow(image);
            ++result.added;
        }
    } catch (...) {
        db.rollback();
        throw;
    }
    if (!db.commit()) fail(QStringLiteral("gallery index"), db.lastError());
    if (result.added > 0 || result.removed > 0) Q_EMIT reset();
    return result;
}

bool GalleryStore::remove(qint64 id) {
    const auto found = image(id);
    if (!found) return false;
    QFile file(absolutePath(*found));
    if (file.exists() && !file.remove()) {
        throw unclip::Error("gallery: cannot delete " + file.fileName().toStdString() + ": " +
                            file.errorString().toStdString());
    }
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("DELETE FROM images WHERE id = ?"));
    q.addBindValue(id);
    exec(q, QStringLiteral("gallery index: cannot remove a row"));
    Q_EMIT imageRemoved(id);
    return true;
}

int GalleryStore::count() const {
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM images")) || !q.next()) {
        fail(QStringLiteral("gallery index"), q.lastError());
    }
    return q.value(0).toInt();
}

std::optional<GalleryImage> GalleryStore::image(qint64 id) const {
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM images WHERE id = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(id);
    exec(q, QStringLiteral("gallery index"));
    if (!q.next()) return std::nullopt;
    return fromQuery(q);
}

QList<GalleryImage> GalleryStore::page(int offset, int limit) const {
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT %1 FROM images ORDER BY created_ms DESC, id DESC LIMIT ? OFFSET ?")
            .arg(QLatin1String(kColumns)));
    q.addBindValue(limit);
    q.addBindValue(offset);
    exec(q, QStringLiteral("gallery index"));
    return collect(q);
}

QList<GalleryImage> GalleryStore::imagesOfJob(const QString& jobId) const {
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM images WHERE job_id = ? ORDER BY row_index, id")
                  .arg(QLatin1String(kColumns)));
    q.addBindValue(jobId);
    exec(q, QStringLiteral("gallery index"));
    return collect(q);
}

QList<QList<GalleryImage>> GalleryStore::byJob() const {
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.setForwardOnly(true);
    // Jobs by their newest image, newest first; within a job by row index.
    q.prepare(QStringLiteral("SELECT %1 FROM images AS i JOIN (SELECT job_id AS j, "
                             "MAX(created_ms) AS newest, MAX(id) AS top FROM images GROUP BY "
                             "job_id) ON i.job_id = j ORDER BY newest DESC, top DESC, "
                             "row_index, id")
                  .arg(QLatin1String(kColumns)));
    exec(q, QStringLiteral("gallery index"));
    QList<QList<GalleryImage>> jobs;
    while (q.next()) {
        GalleryImage image = fromQuery(q);
        if (jobs.isEmpty() || jobs.last().first().jobId != image.jobId)
            jobs.append(QList<GalleryImage>());
        jobs.last().append(image);
    }
    return jobs;
}

}  // namespace unclip::app
