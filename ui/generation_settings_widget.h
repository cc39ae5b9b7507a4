// The per-stage settings every job carries: steps (prior, decoder, super-res), guidance
// (prior, decoder), prior and decoder candidates per picture and the final resolution,
// read from and written to the job settings JSON (written by app::writeSamplingSettings, as
// the job's own toJson writes them):
//   "steps": {"prior", "decoder", "super_res"}, "guidance": {"prior", "decoder"},
//   "prior_candidates", "candidates", "size".
//
//   GenerationSettingsWidget advanced;
//   advanced.setResolutions({64, 256});        // from ModelHost::resolutions() once loaded
//   QJsonObject settings; advanced.writeTo(settings);
#pragma once

#include <QJsonObject>
#include <QList>
#include <QWidget>

#include "app/studio/job_settings.h"

class QComboBox;
class QPushButton;
class QDoubleSpinBox;
class QFormLayout;
class QSpinBox;

namespace unclip {
namespace ui {

class GenerationSettingsWidget : public QWidget {
    Q_OBJECT

public:
    explicit GenerationSettingsWidget(QWidget* parent = nullptr);

    // Variations and blends have no prior stage: its rows (steps, guidance, candidates) hide.
    void setPriorVisible(bool visible);
    // Whether the decoder guidance row shows here (a panel may show it up front instead).
    void setDecoderGuidanceVisible(bool visible);

    // Fills the resolution combo: "Model default" (the job says "size": "default" and the
    // model that runs it picks, app::defaultSizeFor) and then `sizes` in pixels, the model's
    // (ModelHost::resolutions()). Empty while no model has told its sizes (none loaded yet, or
    // another one loading): only "Model default" is offered then, so a job queued meanwhile
    // never names a size the coming model cannot make. The last size chosen by hand or
    // restored is kept and selected again whenever it is offered.
    void setResolutions(const QList<int>& sizes);
    QList<int> resolutions() const;  // the explicit sizes offered, without "Model default"
    // The size the combo selects: a size in pixels or app::kModelDefaultSize.
    int size() const;

    // The steps, guidance and candidates the loaded model recommends
    // (ModelHost::recommendedSettings; the built-in model draws best at lower guidance than
    // Karlo, and best of 4). The boxes take them while they follow the model: until one is
    // changed by hand or settings are restored from a job or a picture.
    // modelDefaultsButton() makes them follow it again.
    void setModelDefaults(const app::SamplingDefaults& defaults);
    bool followsModel() const { return m_followsModel; }
    // true takes the model's defaults at once; false keeps the values as they are.
    void setFollowsModel(bool follow);

    // While following the model it writes "steps", "guidance", "candidates" and
    // "prior_candidates": "default" (the job takes the recommendation of the model that
    // runs it), else the values.
    void writeTo(QJsonObject& settings) const;
    // Takes what `settings` holds; absent keys leave their widgets as they are. Steps,
    // guidance or candidates taken this way are an explicit choice: the boxes stop following
    // the model ("default" follows it).
    void restoreFrom(const QJsonObject& settings);

    QSpinBox* priorSteps() const { return m_priorSteps; }
    QSpinBox* decoderSteps() const { return m_decoderSteps; }
    QSpinBox* superResSteps() const { return m_superResSteps; }
    QDoubleSpinBox* priorGuidance() const { return m_priorGuidance; }
    QDoubleSpinBox* decoderGuidance() const { return m_decoderGuidance; }
    QSpinBox* priorCandidates() const { return m_priorCandidates; }
    QSpinBox* candidates() const { return m_candidates; }  // the decoder's
    QComboBox* sizeBox() const { return m_size; }
    QPushButton* modelDefaultsButton() const { return m_modelDefaults; }

private:
    QFormLayout* m_form;
    QSpinBox* m_priorSteps;
    QSpinBox* m_decoderSteps;
    QSpinBox* m_superResSteps;
    QDoubleSpinBox* m_priorGuidance;
    QDoubleSpinBox* m_decoderGuidance;
    QSpinBox* m_priorCandidates;
    QSpinBox* m_candidates;
    QComboBox* m_size;
    QPushButton* m_modelDefaults;
    app::SamplingDefaults m_defaults;  // the model's, or Karlo's before one has loaded
    bool m_followsModel = true;
    bool m_applying = false;  // the widget itself is setting the boxes, not the user
    int m_wantedSize;         // chosen by hand or restored; selected whenever offered
    bool m_filling = false;   // setResolutions is refilling the combo
};

}  // namespace ui
}  // namespace unclip
