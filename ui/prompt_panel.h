// The text-to-image panel: prompt, count, seed row, "Advanced" per-stage settings, Generate.
// Generate (or Ctrl+Enter anywhere in the panel) emits jobRequested with a JobKind::Text
// spec whose settings follow app/studio/job_settings.h:
//   {"model", "steps": {...}, "guidance": {...}, "size", "prompt", "count", "seeds": ["42", ...]}
// Dropping a PNG made by this app or AUTOMATIC1111 onto the panel (or the prompt box)
// restores its prompt, seed, steps, guidance and size.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QPlainTextEdit>
#include <QWidget>

#include "app/jobs/job_queue.h"
#include "app/studio/job_settings.h"

class QPushButton;
class QSpinBox;

namespace unclip {
namespace ui {

class CollapsibleSection;
class GenerationSettingsWidget;
class SeedControl;

// The prompt box; image files dropped or pasted into it are handed on, not inserted as text.
class PromptEdit : public QPlainTextEdit {
    Q_OBJECT

public:
    using QPlainTextEdit::QPlainTextEdit;

Q_SIGNALS:
    void imageFileDropped(const QString& path);

protected:
    bool canInsertFromMimeData(const QMimeData* source) const override;
    void insertFromMimeData(const QMimeData* source) override;
};

class PromptPanel : public QWidget {
    Q_OBJECT

public:
    explicit PromptPanel(QWidget* parent = nullptr);

    void setModelFolder(const QString& folder) { m_modelFolder = folder; }
    void setResolutions(const QList<int>& sizes);
    // The loaded model's recommended steps, guidance and candidates (GenerationSettingsWidget).
    void setModelDefaults(const app::SamplingDefaults& defaults);

    QString prompt() const;
    void setPrompt(const QString& prompt);
    SeedControl* seedControl() const { return m_seed; }
    QSpinBox* countBox() const { return m_count; }
    PromptEdit* promptEdit() const { return m_prompt; }
    GenerationSettingsWidget* advanced() const { return m_advanced; }
    QPushButton* generateButton() const { return m_generate; }

    // The job Generate would queue now; takes the seeds (the field moves on as its mode says).
    app::JobSpec takeJob();

    // Applies text job settings (a gallery image's, or a dropped PNG's): prompt, first seed
    // (the seed mode becomes Fixed so the image is remade), steps, guidance, size.
    void applySettings(const QJsonObject& settings);
    // Reads a PNG's generation parameters and applies them; false with statusMessage when
    // the file has none.
    bool restoreFromPng(const QString& path);

    // The panel's state for AppSettings, and back.
    QJsonObject values() const;
    void restoreValues(const QJsonObject& values);

public Q_SLOTS:
    void generate();

Q_SIGNALS:
    void jobRequested(const unclip::app::JobSpec& spec);
    void statusMessage(const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QString m_modelFolder;
    PromptEdit* m_prompt;
    QSpinBox* m_count;
    SeedControl* m_seed;
    CollapsibleSection* m_section;
    GenerationSettingsWidget* m_advanced;
    QPushButton* m_generate;
};

// The first local file among `mime`'s URLs, or "".
QString firstLocalFile(const QMimeData* mime);

}  // namespace ui
}  // namespace unclip
