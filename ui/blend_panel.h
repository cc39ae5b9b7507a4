// The blend panel: two source images (A, B), a theta slider 0..1 with a live label, and
// "Render row": N thetas evenly from 0 to 1, all decoded with one seed, as one job whose
// images the gallery keeps together (rows group by job; with the gallery's "Rows by job"
// several rows with different seeds stack into a grid, θ under θ). "Render at θ" queues the
// slider's one theta. JobKind::Blend settings:
//   {"model", "steps", "guidance", "size", "image_a", "image_b", "thetas": [0, 0.25, ...],
//    "seed": "7"}
#pragma once

#include <QJsonObject>
#include <QList>
#include <QWidget>

#include "app/jobs/job_queue.h"
#include "app/studio/job_settings.h"

class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace unclip {
namespace ui {

class CollapsibleSection;
class GenerationSettingsWidget;
class ImageDropZone;
class SeedControl;

// N thetas evenly spaced over [0, 1] (N = 1: {0.5}).
QList<double> evenThetas(int count);

class BlendPanel : public QWidget {
    Q_OBJECT

public:
    explicit BlendPanel(QWidget* parent = nullptr);

    void setModelFolder(const QString& folder) { m_modelFolder = folder; }
    void setResolutions(const QList<int>& sizes);
    // The loaded model's recommended steps, guidance and candidates (GenerationSettingsWidget).
    void setModelDefaults(const app::SamplingDefaults& defaults);
    void setOutputsDir(const QString& dir);

    ImageDropZone* zoneA() const { return m_zoneA; }
    ImageDropZone* zoneB() const { return m_zoneB; }
    QSlider* thetaSlider() const { return m_theta; }
    QLabel* thetaLabel() const { return m_thetaLabel; }
    QSpinBox* rowCountBox() const { return m_rowCount; }
    SeedControl* seedControl() const { return m_seed; }
    QLabel* errorLabel() const { return m_error; }
    double theta() const;

    // A job over `thetas`; takes one seed from the seed row.
    app::JobSpec takeJob(const QList<double>& thetas);

    QJsonObject values() const;
    void restoreValues(const QJsonObject& values);

public Q_SLOTS:
    void setImageA(const QString& path);
    void setImageB(const QString& path);
    void renderRow();     // rowCountBox() thetas
    void renderSingle();  // the slider's theta

Q_SIGNALS:
    void jobRequested(const unclip::app::JobSpec& spec);
    void statusMessage(const QString& message);

private:
    bool checkSources();
    void showError(const QString& message);
    void updateThetaLabel();

    QString m_modelFolder;
    ImageDropZone* m_zoneA;
    ImageDropZone* m_zoneB;
    QLabel* m_error;
    QSlider* m_theta;
    QLabel* m_thetaLabel;
    QSpinBox* m_rowCount;
    SeedControl* m_seed;
    CollapsibleSection* m_section;
    GenerationSettingsWidget* m_advanced;
};

}  // namespace ui
}  // namespace unclip
