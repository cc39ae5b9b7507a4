#include "ui/generation_settings_widget.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QPushButton>
#include <QSpinBox>
#include <vector>

#include "app/studio/job_settings.h"

namespace unclip {
namespace ui {

namespace {

QSpinBox* stepsBox(int value, QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setRange(1, 1000);
    box->setValue(value);
    return box;
}

QDoubleSpinBox* guidanceBox(double value, QWidget* parent) {
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(0.0, 50.0);
    box->setDecimals(1);
    box->setSingleStep(0.5);
    box->setValue(value);
    return box;
}

}  // namespace

GenerationSettingsWidget::GenerationSettingsWidget(QWidget* parent)
    : QWidget(parent),
      m_form(new QFormLayout(this)),
      m_priorSteps(stepsBox(app::StageSteps{}.prior, this)),
      m_decoderSteps(stepsBox(app::StageSteps{}.decoder, this)),
      m_superResSteps(stepsBox(app::StageSteps{}.superRes, this)),
      m_priorGuidance(guidanceBox(app::StageGuidance{}.prior, this)),
      m_decoderGuidance(guidanceBox(app::StageGuidance{}.decoder, this)),
      m_priorCandidates(new QSpinBox(this)),
      m_candidates(new QSpinBox(this)),
      m_size(new QComboBox(this)),
      m_modelDefaults(new QPushButton(tr("Use the model's sampling settings"), this)),
      m_wantedSize(app::kModelDefaultSize) {
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->addRow(tr("Prior steps:"), m_priorSteps);
    m_form->addRow(tr("Decoder steps:"), m_decoderSteps);
    m_form->addRow(tr("Super-res steps:"), m_superResSteps);
    m_form->addRow(tr("Prior guidance:"), m_priorGuidance);
    m_form->addRow(tr("Decoder guidance:"), m_decoderGuidance);
    m_form->addRow(tr("Prior candidates:"), m_priorCandidates);
    m_form->addRow(tr("Decoder candidates:"), m_candidates);
    m_form->addRow(tr("Resolution:"), m_size);
    m_form->addRow(QString(), m_modelDefaults);
    m_priorSteps->setToolTip(tr("Denoising steps of the prior (text to image embedding)"));
    m_decoderSteps->setToolTip(tr("Denoising steps of the 64 px decoder"));
    m_superResSteps->setToolTip(tr("Steps of the first super-resolution stage"));
    m_priorGuidance->setToolTip(tr("Classifier-free guidance scale of the prior"));
    m_decoderGuidance->setToolTip(tr("Classifier-free guidance scale of the decoder"));
    m_priorCandidates->setRange(1, app::kMaxCandidates);
    m_priorCandidates->setValue(app::SamplingDefaults{}.priorCandidates);
    m_priorCandidates->setToolTip(
        tr("The prior draws this many image embeddings for each image and keeps the one CLIP "
           "finds closest to the prompt. Each one costs a prior run, which is quick"));
    m_candidates->setRange(1, app::kMaxCandidates);
    m_candidates->setValue(app::SamplingDefaults{}.candidates);
    m_candidates->setToolTip(
        tr("The decoder draws this many pictures for each image and keeps the one CLIP finds "
           "closest to the prompt or source image. More are more often right, and slower"));
    m_modelDefaults->setToolTip(
        tr("Use the steps, guidance and candidates the loaded model recommends, also for "
           "models loaded later"));
    m_modelDefaults->setEnabled(false);
    const auto byHand = [this] {
        if (!m_applying) setFollowsModel(false);
    };
    for (QSpinBox* box :
         {m_priorSteps, m_decoderSteps, m_superResSteps, m_priorCandidates, m_candidates})
        connect(box, &QSpinBox::valueChanged, this, byHand);
    for (QDoubleSpinBox* box : {m_priorGuidance, m_decoderGuidance})
        connect(box, &QDoubleSpinBox::valueChanged, this, byHand);
    connect(m_modelDefaults, &QPushButton::clicked, this, [this] { setFollowsModel(true); });
    connect(m_size, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling && m_size->currentIndex() >= 0) m_wantedSize = size();
    });
    setResolutions({});
}

void GenerationSettingsWidget::setPriorVisible(bool visible) {
    m_form->setRowVisible(m_priorSteps, visible);
    m_form->setRowVisible(m_priorGuidance, visible);
    m_form->setRowVisible(m_priorCandidates, visible);
}

void GenerationSettingsWidget::setDecoderGuidanceVisible(bool visible) {
    m_form->setRowVisible(m_decoderGuidance, visible);
}

void GenerationSettingsWidget::setModelDefaults(const app::SamplingDefaults& defaults) {
    m_defaults = defaults;
    if (m_followsModel) setFollowsModel(true);
}

void GenerationSettingsWidget::setFollowsModel(bool follow) {
    m_followsModel = follow;
    m_modelDefaults->setEnabled(!follow);
    if (!follow) return;
    m_applying = true;
    m_priorSteps->setValue(m_defaults.steps.prior);
    m_decoderSteps->setValue(m_defaults.steps.decoder);
    m_superResSteps->setValue(m_defaults.steps.superRes);
    m_priorGuidance->setValue(m_defaults.guidance.prior);
    m_decoderGuidance->setValue(m_defaults.guidance.decoder);
    m_priorCandidates->setValue(m_defaults.priorCandidates);
    m_candidates->setValue(m_defaults.candidates);
    m_applying = false;
}

void GenerationSettingsWidget::setResolutions(const QList<int>& sizes) {
    m_filling = true;
    m_size->clear();
    const std::vector<int64_t> stages(sizes.begin(), sizes.end());
    m_size->addItem(sizes.isEmpty()
                        ? tr("Model default")
                        : tr("Model default (%1 × %1 px)").arg(app::defaultSizeFor(stages)),
                    app::kModelDefaultSize);
    m_size->setItemData(0,
                        tr("The model that runs the job picks: 256 px when it makes that size, "
                           "else its largest"),
                        Qt::ToolTipRole);
    for (int size : sizes) m_size->addItem(tr("%1 × %1 px").arg(size), size);
    const int wanted = m_size->findData(m_wantedSize);
    m_size->setCurrentIndex(wanted >= 0 ? wanted : 0);
    m_filling = false;
}

QList<int> GenerationSettingsWidget::resolutions() const {
    QList<int> sizes;
    for (int i = 1; i < m_size->count(); ++i) sizes.append(m_size->itemData(i).toInt());
    return sizes;
}

int GenerationSettingsWidget::size() const {
    return m_size->currentIndex() >= 0 ? m_size->currentData().toInt() : app::kModelDefaultSize;
}

void GenerationSettingsWidget::writeTo(QJsonObject& settings) const {
    app::CommonJobSettings common;
    // Following the model: "default", resolved against the model that runs the job, which
    // may still be loading.
    common.modelSteps = common.modelGuidance = m_followsModel;
    common.modelCandidates = common.modelPriorCandidates = m_followsModel;
    common.steps = {m_priorSteps->value(), m_decoderSteps->value(), m_superResSteps->value()};
    common.guidance = {m_priorGuidance->value(), m_decoderGuidance->value()};
    common.candidates = m_candidates->value();
    common.priorCandidates = m_priorCandidates->value();
    common.size = size();
    app::writeSamplingSettings(common, &settings);
}

void GenerationSettingsWidget::restoreFrom(const QJsonObject& settings) {
    const QJsonObject steps = settings.value(QStringLiteral("steps")).toObject();
    const QJsonObject guidance = settings.value(QStringLiteral("guidance")).toObject();
    const QJsonValue candidates = settings.value(QStringLiteral("candidates"));
    const QJsonValue priorCandidates = settings.value(QStringLiteral("prior_candidates"));
    if (!steps.isEmpty() || !guidance.isEmpty() || candidates.isDouble() ||
        priorCandidates.isDouble())
        setFollowsModel(false);
    if (settings.value(QStringLiteral("guidance")) == QJsonValue(QStringLiteral("default")))
        setFollowsModel(true);  // a job queued while following the model
    if (steps.contains(QStringLiteral("prior")))
        m_priorSteps->setValue(steps.value(QStringLiteral("prior")).toInt());
    if (steps.contains(QStringLiteral("decoder")))
        m_decoderSteps->setValue(steps.value(QStringLiteral("decoder")).toInt());
    if (steps.contains(QStringLiteral("super_res")))
        m_superResSteps->setValue(steps.value(QStringLiteral("super_res")).toInt());
    if (guidance.contains(QStringLiteral("prior")))
        m_priorGuidance->setValue(guidance.value(QStringLiteral("prior")).toDouble());
    if (guidance.contains(QStringLiteral("decoder")))
        m_decoderGuidance->setValue(guidance.value(QStringLiteral("decoder")).toDouble());
    if (candidates.isDouble()) m_candidates->setValue(candidates.toInt());
    if (priorCandidates.isDouble()) m_priorCandidates->setValue(priorCandidates.toInt());
    const QJsonValue size = settings.value(QStringLiteral("size"));
    if (size.isString() || size.isDouble()) {
        // Kept even when not offered now (no model loaded yet): selected once it is.
        m_wantedSize = size.isString() ? app::kModelDefaultSize : size.toInt();
        const int index = m_size->findData(m_wantedSize);
        if (index >= 0) m_size->setCurrentIndex(index);
    }
}

}  // namespace ui
}  // namespace unclip
