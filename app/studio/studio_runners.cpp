#include "app/studio/studio_runners.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <vector>

#include "app/cli/image_record.h"
#include "app/gallery/gallery_store.h"
#include "app/jobs/job_queue.h"
#include "app/studio/job_settings.h"
#include "app/studio/model_host.h"
#include "core/common/error.h"
#include "core/image/image_io.h"
#include "core/pipeline/pipelines.h"
#include "core/pipeline/sampling.h"
#include "core/pipeline/unclip_model.h"

namespace unclip::app {

namespace {

[[noreturn]] void bad(const QString& message) { throw unclip::Error(message.toStdString()); }

void throwIfCancelled(const unclip::RunControl& control) {
    if (control.cancel && control.cancel->isCancelled()) throw unclip::Cancelled();
}

// The queue's control with decoder previews switched on: about ten per image.
unclip::RunControl withPreviews(const unclip::RunControl& control,
                                const unclip::SamplingOptions& sampling) {
    unclip::RunControl out = control;
    out.previewEvery = std::max<int64_t>(1, sampling.decoderSteps / 10);
    return out;
}

struct SourceImage {
    QString path;
    torch::Tensor rgb;  // uint8 [H, W, 3]
    QString sha256;     // of the file's bytes, hex
};

// Reads a source picture with limits, so one huge or hostile file cannot exhaust memory.
SourceImage readSource(const QString& path, const QString& role) {
    const QFileInfo info(path);
    if (!info.exists()) {
        bad(QStringLiteral("the %1 %2 does not exist (moved or deleted?); choose the image again")
                .arg(role, QDir::toNativeSeparators(path)));
    }
    if (!info.isFile()) {
        bad(QStringLiteral("the %1 %2 is not a file; choose an image file (PNG, JPEG, WebP, BMP, "
                           "TIFF)")
                .arg(role, QDir::toNativeSeparators(path)));
    }
    if (info.size() > kMaxSourceFileBytes) {
        bad(QStringLiteral("the %1 %2 is %3 MB; images over %4 MB are refused: use a smaller copy")
                .arg(role, QDir::toNativeSeparators(path))
                .arg(double(info.size()) / double(1 << 20), 0, 'f', 1)
                .arg(kMaxSourceFileBytes >> 20));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        bad(QStringLiteral("cannot read the %1 %2: %3")
                .arg(role, QDir::toNativeSeparators(path), file.errorString()));
    }
    const QByteArray bytes = file.readAll();
    SourceImage source;
    source.path = info.absoluteFilePath();
    source.sha256 =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    unclip::ImageReadLimits limits;
    limits.maxSide = kMaxSourceSide;
    limits.maxFileBytes = static_cast<uint64_t>(kMaxSourceFileBytes);
    try {
        source.rgb = unclip::decodeImageRGB(std::vector<uint8_t>(bytes.begin(), bytes.end()),
                                            limits, QDir::toNativeSeparators(path).toStdString());
    } catch (const unclip::Error& e) {
        bad(QStringLiteral("the %1 cannot be used: %2").arg(role, QString::fromUtf8(e.what())));
    }
    return source;
}

QString canonicalOrClean(const QString& path) {
    const QString canonical = QFileInfo(path).canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(QDir(path).absolutePath()) : canonical;
}

// A job names the model it was queued for; running it on another would make other pictures
// than the settings describe.
void requireSameModel(const CommonJobSettings& settings, const unclip::UnclipModel& model,
                      const ModelHost& host) {
    if (settings.model.isEmpty()) return;
    const QString loaded = QString::fromStdString(model.folder.string());
    if (canonicalOrClean(settings.model) == canonicalOrClean(loaded)) return;
    QString message =
        QStringLiteral("this job was queued for the model %1, but %2 is loaded")
            .arg(QDir::toNativeSeparators(settings.model), QDir::toNativeSeparators(loaded));
    if (!host.lastError().isEmpty())
        message += QStringLiteral(" (the last load failed: %1)").arg(host.lastError());
    bad(message + QStringLiteral("; load that model and retry, or queue the job again"));
}

// Writes one job's images into the gallery from the worker thread.
//
// The store is opened here, on the worker thread, rather than handing PNGs back to the GUI
// thread's store: Qt's SQL connections belong to the thread that made them, and the runner
// must report the written files in its result, which a queued hand-back could only do by
// blocking the worker on the GUI thread (a deadlock while ~JobQueue waits for the worker).
// SQLite in WAL mode lets both connections share the index; `events` tells the GUI side.
class GalleryWriter {
public:
    GalleryWriter(const QString& outputsDir, const JobSpec& spec, StudioRunnerEvents* events)
        : m_store(outputsDir), m_spec(spec), m_events(events) {}

    // image: [1, H, W, 3] float in [0, 1], as the pipelines return it.
    void add(const torch::Tensor& image, unclip::ImageRecord record, quint64 seed, int row,
             const QString& prompt) {
        const torch::Tensor pixels = unclip::toImageUint8(image)[0];  // [H, W, 3]
        const QDateTime created = QDateTime::currentDateTimeUtc();
        const QString jobId = m_spec.id.toString(QUuid::WithoutBraces);
        record.json["job_id"] = jobId.toStdString();
        record.json["row_index"] = row;
        record.json["negative_prompt"] = "";
        record.json["created"] = created.toString(Qt::ISODateWithMs).toStdString();
        const std::vector<uint8_t> png = unclip::pngWithRecord(unclip::encodePng(pixels), record,
                                                               pixels.size(1), pixels.size(0));
        GalleryImage meta;
        meta.jobId = jobId;
        meta.rowIndex = row;
        meta.created = created;
        meta.prompt = prompt;
        meta.seed = seed;
        meta.hasSeed = true;
        meta.kind = QString::fromStdString(record.json.value("kind", std::string()));
        meta.settingsJson = QString::fromStdString(record.json.dump());
        // addImage writes the file atomically, then adds the row.
        const qint64 id = m_store.addImage(
            QByteArray(reinterpret_cast<const char*>(png.data()), qsizetype(png.size())), meta);
        const std::optional<GalleryImage> stored = m_store.image(id);
        const QString path = stored ? m_store.absolutePath(*stored) : QString();
        m_images.append(QJsonObject{{QStringLiteral("id"), id},
                                    {QStringLiteral("path"), path},
                                    {QStringLiteral("row_index"), row},
                                    {QStringLiteral("seed"), seedToJson(seed)}});
        Q_EMIT m_events->imageIndexed(id, path, m_spec.id, row);
    }

    QJsonObject result() const { return QJsonObject{{QStringLiteral("images"), m_images}}; }

private:
    GalleryStore m_store;
    JobSpec m_spec;
    StudioRunnerEvents* m_events;
    QJsonArray m_images;
};

int64_t finalSize(const unclip::CascadeOutput& out) { return out.images.size(1); }

// What every runner does once its inputs are read: wait for the model, check it is the one
// the job was made for and can do the task, and turn the job's steps, guidance and size
// into the engine's sampling options, with previews wired to the queue's control.
struct PreparedRun {
    std::shared_ptr<unclip::UnclipModel> model;
    unclip::SamplingOptions sampling;
    unclip::RunControl run;
};

enum class Task { TextToImage, ImageVariation };

PreparedRun prepareRun(const CommonJobSettings& common, Task task,
                       const unclip::RunControl& control, ModelHost& host) {
    PreparedRun prepared;
    prepared.model = host.waitForModel(control.cancel.get());
    requireSameModel(common, *prepared.model, host);
    if (task == Task::TextToImage)
        prepared.model->requireTextToImage();
    else
        prepared.model->requireImageVariation();
    prepared.sampling = samplingOptionsFor(common, prepared.model->stageResolutions(),
                                           prepared.model->recommendedSampling);
    prepared.run = withPreviews(control, prepared.sampling);
    return prepared;
}

QJsonObject runText(const JobSpec& spec, const unclip::RunControl& control, ModelHost& host,
                    const QString& outputsDir, StudioRunnerEvents* events) {
    const TextJobSettings s = parseTextJobSettings(spec.settings);
    const auto [model, sampling, run] = prepareRun(s.common, Task::TextToImage, control, host);
    GalleryWriter writer(outputsDir, spec, events);
    for (int i = 0; i < s.seeds.size(); ++i) {
        throwIfCancelled(control);
        unclip::TextToImageRequest request;
        request.prompts = {s.prompt.toStdString()};
        request.seeds = {s.seeds[i]};
        request.sampling = sampling;
        const unclip::CascadeOutput out = unclip::generateFromText(*model, request, run);
        writer.add(out.images,
                   unclip::textImageRecord(request.prompts[0], s.seeds[i], sampling, model->folder,
                                           finalSize(out)),
                   s.seeds[i], i, s.prompt);
    }
    return writer.result();
}

QJsonObject runVariation(const JobSpec& spec, const unclip::RunControl& control, ModelHost& host,
                         const QString& outputsDir, StudioRunnerEvents* events) {
    const VariationJobSettings s = parseVariationJobSettings(spec.settings);
    // The file before the model: a missing picture fails at once, not after a long load.
    const SourceImage source = readSource(s.sourceImage, QStringLiteral("source image"));
    const auto [model, sampling, run] = prepareRun(s.common, Task::ImageVariation, control, host);
    const torch::Tensor embedding =
        unclip::encodeImages(*model, unclip::clipPixelsFor(*model, source.rgb));
    const nlohmann::json sources = {{"source", source.path.toStdString()},
                                    {"source_sha256", source.sha256.toStdString()}};
    GalleryWriter writer(outputsDir, spec, events);
    for (int i = 0; i < s.seeds.size(); ++i) {
        throwIfCancelled(control);
        unclip::VariationRequest request;
        request.imageEmbeddings = embedding;
        request.seeds = {s.seeds[i]};
        request.sampling = sampling;
        const unclip::CascadeOutput out = unclip::generateVariations(*model, request, run);
        auto record =
            unclip::decoderImageRecord("variation", s.seeds[i], sampling, model->folder, sources);
        record.json["size"] = finalSize(out);
        writer.add(out.images, std::move(record), s.seeds[i], i, QString());
    }
    return writer.result();
}

QJsonObject runBlend(const JobSpec& spec, const unclip::RunControl& control, ModelHost& host,
                     const QString& outputsDir, StudioRunnerEvents* events) {
    const BlendJobSettings s = parseBlendJobSettings(spec.settings);
    const SourceImage a = readSource(s.imageA, QStringLiteral("image A"));
    const SourceImage b = readSource(s.imageB, QStringLiteral("image B"));
    const auto [model, sampling, run] = prepareRun(s.common, Task::ImageVariation, control, host);
    const torch::Tensor embeddingA =
        unclip::encodeImages(*model, unclip::clipPixelsFor(*model, a.rgb));
    const torch::Tensor embeddingB =
        unclip::encodeImages(*model, unclip::clipPixelsFor(*model, b.rgb));
    GalleryWriter writer(outputsDir, spec, events);
    // One call per theta with the row's one seed: the same noise as one batched call (noise
    // is drawn per image from its seed), and each image reaches the gallery as it is done.
    for (int i = 0; i < s.thetas.size(); ++i) {
        throwIfCancelled(control);
        unclip::BlendRequest request;
        request.embeddingA = embeddingA;
        request.embeddingB = embeddingB;
        request.thetas = {s.thetas[i]};
        request.seed = s.seed;
        request.sampling = sampling;
        const unclip::CascadeOutput out = unclip::blendImages(*model, request, run);
        auto record = unclip::decoderImageRecord("blend", s.seed, sampling, model->folder,
                                                 {{"source_a", a.path.toStdString()},
                                                  {"source_b", b.path.toStdString()},
                                                  {"source_a_sha256", a.sha256.toStdString()},
                                                  {"source_b_sha256", b.sha256.toStdString()},
                                                  {"theta", s.thetas[i]}});
        record.settings.emplace_back("Blend theta", unclip::formatNumber(s.thetas[i]));
        record.json["size"] = finalSize(out);
        writer.add(out.images, std::move(record), s.seed, i, QString());
    }
    return writer.result();
}

}  // namespace

QString StudioRunnerEvents::outputsDir() const {
    QMutexLocker lock(&m_mutex);
    return m_outputsDir;
}

void StudioRunnerEvents::setOutputsDir(const QString& dir) {
    const QString absolute = QDir(dir).absolutePath();
    QMutexLocker lock(&m_mutex);
    m_outputsDir = absolute;
}

StudioRunnerEvents* registerStudioRunners(JobQueue& queue, ModelHost& host,
                                          const QString& outputsDir) {
    // A child of the queue: deleted only after ~JobQueue has joined the worker thread.
    auto* events = new StudioRunnerEvents(&queue);
    events->setOutputsDir(outputsDir);
    ModelHost* h = &host;
    // Each job takes the outputs folder when it starts (see StudioRunnerEvents::outputsDir).
    queue.registerRunner(JobKind::Text,
                         [h, events](const JobSpec& spec, const unclip::RunControl& control) {
                             return runText(spec, control, *h, events->outputsDir(), events);
                         });
    queue.registerRunner(JobKind::Variation,
                         [h, events](const JobSpec& spec, const unclip::RunControl& control) {
                             return runVariation(spec, control, *h, events->outputsDir(), events);
                         });
    queue.registerRunner(JobKind::Blend,
                         [h, events](const JobSpec& spec, const unclip::RunControl& control) {
                             return runBlend(spec, control, *h, events->outputsDir(), events);
                         });
    return events;
}

}  // namespace unclip::app
