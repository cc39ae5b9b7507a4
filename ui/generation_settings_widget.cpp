#include "ui/generation_settings_widget.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSpinBox>

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
      m_priorSteps(stepsBox(25, this)),
      m_decoderSteps(stepsBox(25, this)),
      m_superResSteps(stepsBox(7, this)),
      m_priorGuidance(guidanceBox(4.0, this)),
      m_decoderGuidance(guidanceBox(8.0, this)),
      m_size(new QComboBox(this)) {
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->addRow(tr("Prior steps:"), m_priorSteps);
    m_form->addRow(tr("Decoder steps:"), m_decoderSteps);
    m_form->addRow(tr("Super-res steps:"), m_superResSteps);
    m_form->addRow(tr("Prior guidance:"), m_priorGuidance);
    m_form->addRow(tr("Decoder guidance:"), m_decoderGuidance);
    m_form->addRow(tr("Resolution:"), m_size);
    m_priorSteps->setToolTip(tr("Denoising steps of the prior (text to image embedding)"));
    m_decoderSteps->setToolTip(tr("Denoising steps of the 64 px decoder"));
    m_superResSteps->setToolTip(tr("Steps of the first super-resolution stage"));
    m_priorGuidance->setToolTip(tr("Classifier-free guidance scale of the prior"));
    m_decoderGuidance->setToolTip(tr("Classifier-free guidance scale of the decoder"));
    setResolutions({64, 256});
}

void GenerationSettingsWidget::setPriorVisible(bool visible) {
    m_form->setRowVisible(m_priorSteps, visible);
    m_form->setRowVisible(m_priorGuidance, visible);
}

void GenerationSettingsWidget::setDecoderGuidanceVisible(bool visible) {
    m_form->setRowVisible(m_decoderGuidance, visible);
}

void GenerationSettingsWidget::setResolutions(const QList<int>& sizes) {
    const int current = m_size->currentData().toInt();
    m_size->clear();
    for (int size : sizes) m_size->addItem(tr("%1 × %1 px").arg(size), size);
    const int keep = m_size->findData(current);
    m_size->setCurrentIndex(keep >= 0 ? keep : m_size->count() - 1);
}

QList<int> GenerationSettingsWidget::resolutions() const {
    QList<int> sizes;
    for (int i = 0; i < m_size->count(); ++i) sizes.append(m_size->itemData(i).toInt());
    return sizes;
}

void GenerationSettingsWidget::writeTo(QJsonObject& settings) const {
    settings.insert(QStringLiteral("steps"),
                    QJsonObject{{QStringLiteral("prior"), m_priorSteps->value()},
                                {QStringLiteral("decoder"), m_decoderSteps->value()},
                                {QStringLiteral("super_res"), m_superResSteps->value()}});
    settings.insert(QStringLiteral("guidance"),
                    QJsonObject{{QStringLiteral("prior"), m_priorGuidance->value()},
                                {QStringLiteral("decoder"), m_decoderGuidance->value()}});
    if (m_size->currentIndex() >= 0)
        settings.insert(QStringLiteral("size"), m_size->currentData().toInt());
}

void GenerationSettingsWidget::restoreFrom(const QJsonObject& settings) {
    const QJsonObject steps = settings.value(QStringLiteral("steps")).toObject();
    if (steps.contains(QStringLiteral("prior")))
        m_priorSteps->setValue(steps.value(QStringLiteral("prior")).toInt());
    if (steps.contains(QStringLiteral("decoder")))
        m_decoderSteps->setValue(steps.value(QStringLiteral("decoder")).toInt());
    if (steps.contains(QStringLiteral("super_res")))
        m_superResSteps->setValue(steps.value(QStringLiteral("super_res")).toInt());
    const QJsonObject guidance = settings.value(QStringLiteral("guidance")).toObject();
    if (guidance.contains(QStringLiteral("prior")))
        m_priorGuidance->setValue(guidance.value(QStringLiteral("prior")).toDouble());
    if (guidance.contains(QStringLiteral("decoder")))
        m_decoderGuidance->setValue(guidance.value(QStringLiteral("decoder")).toDouble());
    if (settings.contains(QStringLiteral("size"))) {
        const int index = m_size->findData(settings.value(QStringLiteral("size")).toInt());
        if (index >= 0) m_size->setCurrentIndex(index);
    }
}

}  // namespace ui
}  // namespace unclip
