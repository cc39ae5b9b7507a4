// The variations panel: a source image (dropped, pasted or sent from the gallery), count,
// seed row, decoder guidance, and the decoder/super-res settings behind "Advanced".
// Generate (Ctrl+Enter) emits a JobKind::Variation spec:
//   {"model", "steps", "guidance", "size", "source_image", "count", "seeds": ["7", ...]}
#pragma once

#include <QJsonObject>
#include <QList>
#include <QWidget>

#include "app/jobs/job_queue.h"
#include "app/studio/job_settings.h"

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace unclip {
namespace ui {

class CollapsibleSection;
class GenerationSettingsWidget;
class ImageDropZone;
class SeedControl;

class VariationPanel : public QWidget {
    Q_OBJECT

public:
    explicit VariationPanel(QWidget* parent = nullptr);

    void setModelFolder(const QString& folder) { m_modelFolder = folder; }
    void setResolutions(const QList<int>& sizes);
    // The loaded model's recommended steps, guidance and candidates (GenerationSettingsWidget).
    void setModelDefaults(const app::SamplingDefaults& defaults);
    // Pasted images are saved under <outputs>/inputs.
    void setOutputsDir(const QString& dir);

    ImageDropZone* dropZone() const { return m_zone; }
    SeedControl* seedControl() const { return m_seed; }
    QSpinBox* countBox() const { return m_count; }
    QDoubleSpinBox* guidanceBox() const { return m_guidance; }
    GenerationSettingsWidget* advanced() const { return m_advanced; }
    QLabel* errorLabel() const { return m_error; }
    QPushButton* generateButton() const { return m_generate; }

    app::JobSpec takeJob();

    QJsonObject values() const;
    void restoreValues(const QJsonObject& values);

public Q_SLOTS:
    void setSourceImage(const QString& path);
    void generate();

Q_SIGNALS:
    void jobRequested(const unclip::app::JobSpec& spec);
    void statusMessage(const QString& message);

private:
    void showError(const QString& message);

    QString m_modelFolder;
    ImageDropZone* m_zone;
    QLabel* m_error;
    QSpinBox* m_count;
    SeedControl* m_seed;
    QDoubleSpinBox* m_guidance;
    CollapsibleSection* m_section;
    GenerationSettingsWidget* m_advanced;
    QPushButton* m_generate;
};

}  // namespace ui
}  // namespace unclip
