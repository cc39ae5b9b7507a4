#include "ui/variation_panel.h"

#include <QAction>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/collapsible_section.h"
#include "ui/generation_settings_widget.h"
#include "ui/image_drop_zone.h"
#include "ui/seed_control.h"

namespace unclip {
namespace ui {

namespace {
constexpr int kMaxCount = 64;  // app/studio's kMaxJobCount
}

VariationPanel::VariationPanel(QWidget* parent)
    : QWidget(parent),
      m_zone(new ImageDropZone(tr("Drop the source image here\n(file, gallery image, or paste)"),
                               this)),
      m_error(new QLabel(this)),
      m_count(new QSpinBox(this)),
      m_seed(new SeedControl(this)),
      m_guidance(new QDoubleSpinBox(this)),
      m_section(new CollapsibleSection(tr("Advanced"), this)),
      m_advanced(new GenerationSettingsWidget),
      m_generate(new QPushButton(tr("Make variations"), this)) {
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #d9534f;"));
    m_error->hide();
    m_count->setRange(1, kMaxCount);
    m_count->setValue(4);
    m_guidance->setRange(0.0, 50.0);
    m_guidance->setDecimals(1);
    m_guidance->setSingleStep(0.5);
    m_guidance->setValue(m_advanced->decoderGuidance()->value());
    m_guidance->setToolTip(tr("Classifier-free guidance scale of the decoder"));
    m_advanced->setPriorVisible(false);
    m_advanced->setDecoderGuidanceVisible(false);
    // The up-front box stands for the hidden one, so the model's defaults reach it and a
    // change by hand there stops the advanced settings following the model.
    connect(m_guidance, &QDoubleSpinBox::valueChanged, m_advanced->decoderGuidance(),
            &QDoubleSpinBox::setValue);
    connect(m_advanced->decoderGuidance(), &QDoubleSpinBox::valueChanged, m_guidance,
            &QDoubleSpinBox::setValue);
    m_section->setContent(m_advanced);
    m_generate->setToolTip(tr("Add the job to the queue (Ctrl+Enter)"));

    auto* paste = new QPushButton(tr("Paste"), this);
    paste->setToolTip(tr("Use the image on the clipboard"));
    auto* clear = new QPushButton(tr("Clear"), this);
    auto* zoneButtons = new QHBoxLayout;
    zoneButtons->addWidget(paste);
    zoneButtons->addWidget(clear);
    zoneButtons->addStretch(1);

    auto* form = new QFormLayout;
    form->addRow(tr("Images:"), m_count);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(tr("Decoder guidance:"), m_guidance);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_zone, 1);
    layout->addLayout(zoneButtons);
    layout->addWidget(m_error);
    layout->addLayout(form);
    layout->addWidget(m_section);
    layout->addWidget(m_generate);

    auto* queueAction = new QAction(tr("Make variations"), this);
    queueAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    queueAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(queueAction);
    connect(queueAction, &QAction::triggered, this, &VariationPanel::generate);
    connect(m_generate, &QPushButton::clicked, this, &VariationPanel::generate);
    connect(paste, &QPushButton::clicked, m_zone, &ImageDropZone::paste);
    connect(clear, &QPushButton::clicked, m_zone, &ImageDropZone::clear);
    connect(m_zone, &ImageDropZone::rejected, this, &VariationPanel::showError);
    connect(m_zone, &ImageDropZone::imageChanged, m_error, &QLabel::hide);
}

void VariationPanel::setResolutions(const QList<int>& sizes) { m_advanced->setResolutions(sizes); }

void VariationPanel::setModelDefaults(const app::SamplingDefaults& defaults) {
    m_advanced->setModelDefaults(defaults);
}

void VariationPanel::setOutputsDir(const QString& dir) {
    m_zone->setInputsDir(QDir(dir).filePath(QStringLiteral("inputs")));
}

void VariationPanel::setSourceImage(const QString& path) { m_zone->setImagePath(path); }

app::JobSpec VariationPanel::takeJob() {
    QJsonObject settings;
    settings.insert(QStringLiteral("model"), m_modelFolder);
    m_advanced->writeTo(settings);  // its hidden decoder guidance mirrors m_guidance
    settings.insert(QStringLiteral("source_image"), m_zone->imagePath());
    settings.insert(QStringLiteral("count"), m_count->value());
    settings.insert(QStringLiteral("seeds"), seedsToJson(m_seed->takeSeeds(m_count->value())));
    const QString title = tr("Variations of %1").arg(QFileInfo(m_zone->imagePath()).fileName());
    return app::JobSpec{QUuid::createUuid(), app::JobKind::Variation, settings, title};
}

void VariationPanel::generate() {
    if (m_zone->imagePath().isEmpty()) {
        showError(tr("Choose a source image first: drop one on the panel or paste it."));
        return;
    }
    Q_EMIT jobRequested(takeJob());
}

void VariationPanel::showError(const QString& message) {
    m_error->setText(message);
    m_error->show();
    Q_EMIT statusMessage(message);
}

QJsonObject VariationPanel::values() const {
    QJsonObject values;
    m_advanced->writeTo(values);
    values.insert(QStringLiteral("source_image"), m_zone->imagePath());
    values.insert(QStringLiteral("count"), m_count->value());
    values.insert(QStringLiteral("seed"), QString::number(m_seed->seed()));
    values.insert(QStringLiteral("seed_mode"), seedModeName(m_seed->mode()));
    values.insert(QStringLiteral("decoder_guidance"), m_guidance->value());
    values.insert(QStringLiteral("advanced_open"), m_section->isExpanded());
    values.insert(QStringLiteral("follow_model_defaults"), m_advanced->followsModel());
    return values;
}

void VariationPanel::restoreValues(const QJsonObject& values) {
    if (values.isEmpty()) return;
    m_advanced->restoreFrom(values);
    const QString source = values.value(QStringLiteral("source_image")).toString();
    if (!source.isEmpty() && QFileInfo::exists(source)) m_zone->setImagePath(source);
    m_count->setValue(values.value(QStringLiteral("count")).toInt(m_count->value()));
    bool ok = false;
    const qulonglong seed = values.value(QStringLiteral("seed")).toString().toULongLong(&ok);
    if (ok && seed <= 0xFFFFFFFFull) m_seed->setSeed(quint32(seed));
    m_seed->setMode(seedModeFromName(values.value(QStringLiteral("seed_mode")).toString()));
    m_guidance->setValue(
        values.value(QStringLiteral("decoder_guidance")).toDouble(m_guidance->value()));
    m_section->setExpanded(values.value(QStringLiteral("advanced_open")).toBool());
    // Saved by an earlier version without the key: the values were kept as they were.
    m_advanced->setFollowsModel(
        values.value(QStringLiteral("follow_model_defaults")).toBool(false));
}

}  // namespace ui
}  // namespace unclip
