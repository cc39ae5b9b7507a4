#include "ui/prompt_panel.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

#include "app/studio/job_settings.h"
#include "ui/collapsible_section.h"
#include "ui/generation_settings_widget.h"
#include "ui/mime_types.h"
#include "ui/seed_control.h"

namespace unclip {
namespace ui {

QString firstLocalFile(const QMimeData* mime) {
    if (!mime) return {};
    if (mime->hasFormat(QLatin1String(kGalleryItemMimeType)))
        return QString::fromUtf8(mime->data(QLatin1String(kGalleryItemMimeType)));
    if (mime->hasUrls())
        for (const QUrl& url : mime->urls())
            if (url.isLocalFile()) return url.toLocalFile();
    return {};
}

bool PromptEdit::canInsertFromMimeData(const QMimeData* source) const {
    return !firstLocalFile(source).isEmpty() || QPlainTextEdit::canInsertFromMimeData(source);
}

void PromptEdit::insertFromMimeData(const QMimeData* source) {
    const QString file = firstLocalFile(source);
    if (!file.isEmpty()) {
        Q_EMIT imageFileDropped(file);
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}

PromptPanel::PromptPanel(QWidget* parent)
    : QWidget(parent),
      m_prompt(new PromptEdit(this)),
      m_count(new QSpinBox(this)),
      m_seed(new SeedControl(this)),
      m_section(new CollapsibleSection(tr("Advanced"), this)),
      m_advanced(new GenerationSettingsWidget),
      m_generate(new QPushButton(tr("Generate"), this)) {
    setAcceptDrops(true);
    m_prompt->setPlaceholderText(
        tr("Describe the picture, e.g. \"a red circle above a blue square\".\n"
           "Drop a PNG here to reuse its settings."));
    m_prompt->setTabChangesFocus(true);
    m_count->setRange(1, app::kMaxJobCount);
    m_count->setValue(4);
    m_count->setToolTip(tr("Images in this job"));
    m_section->setContent(m_advanced);
    m_generate->setDefault(true);
    m_generate->setToolTip(tr("Add the job to the queue (Ctrl+Enter)"));

    auto* form = new QFormLayout;
    form->addRow(tr("Images:"), m_count);
    form->addRow(tr("Seed:"), m_seed);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Prompt:"), this));
    layout->addWidget(m_prompt, 1);
    layout->addLayout(form);
    layout->addWidget(m_section);
    layout->addWidget(m_generate);

    auto* queueAction = new QAction(tr("Generate"), this);
    queueAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    queueAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(queueAction);
    connect(queueAction, &QAction::triggered, this, &PromptPanel::generate);
    connect(m_generate, &QPushButton::clicked, this, &PromptPanel::generate);
    connect(m_prompt, &PromptEdit::imageFileDropped, this, &PromptPanel::restoreFromPng);
}

void PromptPanel::setResolutions(const QList<int>& sizes) { m_advanced->setResolutions(sizes); }

void PromptPanel::setModelDefaults(const app::SamplingDefaults& defaults) {
    m_advanced->setModelDefaults(defaults);
}

QString PromptPanel::prompt() const { return m_prompt->toPlainText().trimmed(); }

void PromptPanel::setPrompt(const QString& prompt) { m_prompt->setPlainText(prompt); }

app::JobSpec PromptPanel::takeJob() {
    QJsonObject settings;
    settings.insert(QStringLiteral("model"), m_modelFolder);
    m_advanced->writeTo(settings);
    settings.insert(QStringLiteral("prompt"), prompt());
    settings.insert(QStringLiteral("count"), m_count->value());
    settings.insert(QStringLiteral("seeds"), seedsToJson(m_seed->takeSeeds(m_count->value())));
    QString title = prompt().section(QLatin1Char('\n'), 0, 0);
    if (title.size() > 60) title = title.left(57) + QStringLiteral("...");
    return app::JobSpec{QUuid::createUuid(), app::JobKind::Text, settings, title};
}

void PromptPanel::generate() {
    if (prompt().isEmpty()) {
        Q_EMIT statusMessage(tr("Write a prompt first."));
        m_prompt->setFocus();
        return;
    }
    Q_EMIT jobRequested(takeJob());
}

void PromptPanel::applySettings(const QJsonObject& settings) {
    if (settings.contains(QStringLiteral("prompt")))
        setPrompt(settings.value(QStringLiteral("prompt")).toString());
    quint64 seed = 0;
    QJsonValue seedValue = settings.value(QStringLiteral("seed"));
    const QJsonArray seeds = settings.value(QStringLiteral("seeds")).toArray();
    if (!seeds.isEmpty()) seedValue = seeds.first();
    if (app::seedFromJson(seedValue, &seed)) {
        if (seed <= 0xFFFFFFFFull) {
            m_seed->setSeed(quint32(seed));
            m_seed->setMode(SeedMode::Fixed);
        } else {
            Q_EMIT statusMessage(
                tr("The seed %1 is above 4294967295 and was not taken.").arg(seed));
        }
    }
    m_advanced->restoreFrom(settings);
}

bool PromptPanel::restoreFromPng(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Q_EMIT statusMessage(tr("Cannot read %1: %2").arg(path, file.errorString()));
        return false;
    }
    QString error;
    const auto settings = app::settingsFromImageMetadata(file.readAll(), &error);
    if (!settings) {
        Q_EMIT statusMessage(tr("%1 has no generation parameters to use (%2).")
                                 .arg(QFileInfo(path).fileName(), error));
        return false;
    }
    applySettings(app::toJson(*settings));
    Q_EMIT statusMessage(tr("Settings restored from %1.").arg(QFileInfo(path).fileName()));
    return true;
}

QJsonObject PromptPanel::values() const {
    QJsonObject values;
    m_advanced->writeTo(values);
    values.insert(QStringLiteral("prompt"), m_prompt->toPlainText());
    values.insert(QStringLiteral("count"), m_count->value());
    values.insert(QStringLiteral("seed"), QString::number(m_seed->seed()));
    values.insert(QStringLiteral("seed_mode"), seedModeName(m_seed->mode()));
    values.insert(QStringLiteral("advanced_open"), m_section->isExpanded());
    values.insert(QStringLiteral("follow_model_defaults"), m_advanced->followsModel());
    return values;
}

void PromptPanel::restoreValues(const QJsonObject& values) {
    if (values.isEmpty()) return;
    m_advanced->restoreFrom(values);
    m_prompt->setPlainText(values.value(QStringLiteral("prompt")).toString());
    m_count->setValue(values.value(QStringLiteral("count")).toInt(m_count->value()));
    bool ok = false;
    const qulonglong seed = values.value(QStringLiteral("seed")).toString().toULongLong(&ok);
    if (ok && seed <= 0xFFFFFFFFull) m_seed->setSeed(quint32(seed));
    m_seed->setMode(seedModeFromName(values.value(QStringLiteral("seed_mode")).toString()));
    m_section->setExpanded(values.value(QStringLiteral("advanced_open")).toBool());
    // Saved by an earlier version without the key: the values were kept as they were.
    m_advanced->setFollowsModel(
        values.value(QStringLiteral("follow_model_defaults")).toBool(false));
}

void PromptPanel::dragEnterEvent(QDragEnterEvent* event) {
    if (!firstLocalFile(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void PromptPanel::dropEvent(QDropEvent* event) {
    const QString file = firstLocalFile(event->mimeData());
    if (file.isEmpty()) return event->ignore();
    restoreFromPng(file);
    event->acceptProposedAction();
}

}  // namespace ui
}  // namespace unclip
