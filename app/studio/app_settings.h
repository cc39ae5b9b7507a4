// AppSettings: what the app remembers between runs, in QSettings (Qt Core, no widgets).
//
//   AppSettings settings;                          // the platform's place for the app
//   host.load(settings.modelFolder(), settings.device(), settings.precision());
//   settings.setPanelValues("text", panel->values());
//
// Values read back are checked: an unknown device, precision or theme reads as "auto" /
// "system", so a hand-edited file cannot put the app in a state it has no control for.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QSettings>
#include <QString>
#include <memory>

namespace unclip::app {

class AppSettings {
public:
    // QSettings' default place (organisation and application names from QCoreApplication).
    AppSettings();
    // An INI file at `iniPath` (tests, portable installs).
    explicit AppSettings(const QString& iniPath);

    QString modelFolder() const;  // "" until one is chosen
    void setModelFolder(const QString& folder);

    QString device() const;  // "auto", "cpu", "cuda" or "cuda:N"
    void setDevice(const QString& device);

    QString precision() const;  // "auto", "float32", "float16" or "bfloat16"
    void setPrecision(const QString& precision);

    // Where images are saved: the chosen folder, else defaultOutputsDir().
    QString outputsDir() const;
    void setOutputsDir(const QString& dir);
    // <Pictures>/unCLIP Studio, or <AppData>/outputs where there is no pictures folder.
    static QString defaultOutputsDir();

    // A panel's last values ("text", "variation", "blend", ...); empty when none were saved.
    QJsonObject panelValues(const QString& panel) const;
    void setPanelValues(const QString& panel, const QJsonObject& values);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    QString theme() const;  // "dark", "light" or "system"
    void setTheme(const QString& theme);

    QString language() const;  // a locale name such as "de" or "pt_BR"; "" for the system's
    void setLanguage(const QString& language);

    // Writes pending changes to storage (QSettings also does so on its own).
    void sync();
    QString fileName() const;

private:
    std::unique_ptr<QSettings> m_settings;
};

}  // namespace unclip::app
