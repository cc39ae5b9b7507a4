// The per-stage settings every job carries: steps (prior, decoder, super-res), guidance
// (prior, decoder) and the final resolution, read from and written to the job settings JSON:
//   "steps": {"prior", "decoder", "super_res"}, "guidance": {"prior", "decoder"}, "size".
//
//   GenerationSettingsWidget advanced;
//   advanced.setResolutions({64, 256});        // from ModelHost::resolutions()
//   QJsonObject settings; advanced.writeTo(settings);
#pragma once

#include <QJsonObject>
#include <QList>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QSpinBox;

namespace unclip {
namespace ui {

class GenerationSettingsWidget : public QWidget {
    Q_OBJECT

public:
    explicit GenerationSettingsWidget(QWidget* parent = nullptr);

    // Variations and blends have no prior stage: its rows hide.
    void setPriorVisible(bool visible);
    // Whether the decoder guidance row shows here (a panel may show it up front instead).
    void setDecoderGuidanceVisible(bool visible);

    // Fills the resolution combo (sizes in pixels); keeps the chosen size when still offered,
    // else picks the largest.
    void setResolutions(const QList<int>& sizes);
    QList<int> resolutions() const;

    void writeTo(QJsonObject& settings) const;
    // Takes what `settings` holds; absent keys leave their widgets as they are.
    void restoreFrom(const QJsonObject& settings);

    QSpinBox* priorSteps() const { return m_priorSteps; }
    QSpinBox* decoderSteps() const { return m_decoderSteps; }
    QSpinBox* superResSteps() const { return m_superResSteps; }
    QDoubleSpinBox* priorGuidance() const { return m_priorGuidance; }
    QDoubleSpinBox* decoderGuidance() const { return m_decoderGuidance; }
    QComboBox* sizeBox() const { return m_size; }

private:
    QFormLayout* m_form;
    QSpinBox* m_priorSteps;
    QSpinBox* m_decoderSteps;
    QSpinBox* m_superResSteps;
    QDoubleSpinBox* m_priorGuidance;
    QDoubleSpinBox* m_decoderGuidance;
    QComboBox* m_size;
};

}  // namespace ui
}  // namespace unclip
