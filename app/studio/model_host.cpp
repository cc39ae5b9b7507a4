#include "app/studio/model_host.h"

#include <QDir>
#include <QFileInfo>
#include <QMetaObject>
#include <QStringList>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <chrono>
#include <exception>
#include <new>

#include "core/common/error.h"
#include "core/pipeline/sampling.h"
#include "core/pipeline/unclip_model.h"
#include "core/runtime/runtime.h"

namespace unclip::app {

namespace {

QString firstLine(const QString& text) {
    const int newline = text.indexOf(QLatin1Char('\n'));
    return newline < 0 ? text : text.left(newline);
}

QString describe(const unclip::UnclipModel& model) {
    QStringList can;
    if (model.canGenerateFromText()) can.append(QStringLiteral("text"));
    if (model.canVaryImages()) can.append(QStringLiteral("images"));
    QStringList sizes;
    for (int64_t r : model.stageResolutions()) sizes.append(QString::number(r));
    int64_t parameters = 0;
    for (const auto& c : model.components()) parameters += c.parameters;
    return QStringLiteral("%1: %2, %3 px, %4 %5, %6M parameters")
        .arg(QFileInfo(QString::fromStdString(model.folder.string())).fileName(),
             can.isEmpty() ? QStringLiteral("nothing to run") : can.join(QStringLiteral(" and ")),
             sizes.join(QLatin1Char('/')), QString::fromStdString(model.options.device.str()),
             QString::fromStdString(unclip::dtypeName(model.options.dtype)))
        .arg(double(parameters) / 1e6, 0, 'f', 1);
}

}  // namespace

ModelHost::ModelHost(QObject* parent) : QObject(parent) {}

ModelHost::~ModelHost() {
    for (QFuture<void>& task : m_tasks) task.waitForFinished();
}

void ModelHost::load(const QString& folder, const QString& device, const QString& precision) {
    quint64 generation = 0;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        generation = ++m_generation;
        m_loading = true;
    }
    m_changed.notify_all();
    Q_EMIT loadingStarted(folder);
    m_tasks.erase(std::remove_if(m_tasks.begin(), m_tasks.end(),
                                 [](const QFuture<void>& f) { return f.isFinished(); }),
                  m_tasks.end());
    m_tasks.append(QtConcurrent::run([this, generation, folder, device, precision]() {
        std::shared_ptr<unclip::UnclipModel> model;
        QString summary, error;
        try {
            // Debian's LibTorch starts on one thread; the command line sets this the same way.
            static std::once_flag threads;
            std::call_once(threads, [] { unclip::configureThreads(std::nullopt); });
            if (folder.trimmed().isEmpty()) {
                throw unclip::Error(
                    "no model folder given: choose a folder holding "
                    "model_index.json");
            }
            const torch::Device where = unclip::resolveDevice(device.toStdString());
            const unclip::ModelLoadOptions options{
                where, unclip::resolveDtype(precision.toStdString(), where)};
            model = unclip::UnclipModel::load(
                std::filesystem::path(QDir::cleanPath(folder).toStdString()), options);
            summary = describe(*model);
        } catch (const std::bad_alloc&) {
            error = QStringLiteral(
                "out of memory while loading the model (try float16 on a GPU, "
                "or a smaller model)");
        } catch (const c10::Error& e) {
            error = firstLine(QString::fromUtf8(e.what_without_backtrace()));
        } catch (const std::exception& e) {
            error = firstLine(QString::fromUtf8(e.what()));
        }
        finishLoad(generation, folder, std::move(model), summary, error);
    }));
}

void ModelHost::finishLoad(quint64 generation, const QString& folder,
                           std::shared_ptr<unclip::UnclipModel> model, const QString& summary,
                           const QString& error) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (generation != m_generation) return;  // superseded by a later load()
        if (model) {
            m_model = std::move(model);
            m_folder = folder;
            m_error.clear();
        } else {
            m_error = error;
        }
        m_loading = false;
    }
    m_changed.notify_all();
    // Signals on the host's thread; the destructor waits for this task, so `this` is alive.
    QMetaObject::invokeMethod(
        this,
        [this, folder, summary, error, ok = error.isEmpty()]() {
            if (ok) {
                Q_EMIT loaded(folder, summary);
            } else {
                Q_EMIT loadFailed(folder, error);
            }
        },
        Qt::QueuedConnection);
}

std::shared_ptr<unclip::UnclipModel> ModelHost::waitForModel(
    const unclip::CancelToken* cancel) const {
    std::unique_lock<std::mutex> lock(m_mutex);
    while (m_loading) {
        if (cancel && cancel->isCancelled()) throw unclip::Cancelled();
        // A cancel token cannot wake a condition variable: look at it every 50 ms.
        m_changed.wait_for(lock, std::chrono::milliseconds(50));
    }
    if (cancel && cancel->isCancelled()) throw unclip::Cancelled();
    if (m_model) return m_model;
    if (!m_error.isEmpty()) {
        throw unclip::Error("no model is loaded: " + m_error.toStdString() +
                            " (choose another model folder in the settings)");
    }
    throw unclip::Error("no model is loaded: choose a model folder first");
}

bool ModelHost::isLoaded() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_model != nullptr;
}

bool ModelHost::isLoading() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_loading;
}

QString ModelHost::folder() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_folder;
}

QString ModelHost::lastError() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_error;
}

QList<int> ModelHost::resolutions() const {
    std::shared_ptr<unclip::UnclipModel> model;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        model = m_model;
    }
    QList<int> out;
    if (model) {
        for (int64_t r : model->stageResolutions()) out.append(static_cast<int>(r));
    }
    return out;
}

SamplingDefaults ModelHost::recommendedSettings() const {
    std::shared_ptr<unclip::UnclipModel> model;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        model = m_model;
    }
    SamplingDefaults out;
    if (!model) return out;
    const auto& s = model->recommendedSampling;
    out.steps = {int(s.priorSteps), int(s.decoderSteps), int(s.superResSteps)};
    out.guidance = {s.priorGuidance, s.decoderGuidance};
    out.candidates = int(s.decoderCandidates);
    out.priorCandidates = int(s.priorCandidates);
    return out;
}

}  // namespace unclip::app
