#include "app/studio/app_settings.h"

#include <QDir>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>

namespace unclip::app {

namespace {

const QString kModelFolder = QStringLiteral("model/folder");
const QString kDevice = QStringLiteral("model/device");
const QString kPrecision = QStringLiteral("model/precision");
const QString kOutputsDir = QStringLiteral("outputs/folder");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kTheme = QStringLiteral("ui/theme");
const QString kLanguage = QStringLiteral("ui/language");

bool validDevice(const QString& device) {
    static const QRegularExpression pattern(QStringLiteral("^(auto|cpu|cuda(:[0-9]{1,2})?)$"));
    return pattern.match(device).hasMatch();
}

bool validPrecision(const QString& precision) {
    return precision == QLatin1String("auto") || precision == QLatin1String("float32") ||
           precision == QLatin1String("float16") || precision == QLatin1String("bfloat16");
}

bool validTheme(const QString& theme) {
    return theme == QLatin1String("dark") || theme == QLatin1String("light") ||
           theme == QLatin1String("system");
}

QString panelKey(const QString& panel) {
    // QSettings treats '/' and '\' as group separators: keep a panel name one key.
    QString name = panel;
    name.replace(QLatin1Char('/'), QLatin1Char('_')).replace(QLatin1Char('\\'), QLatin1Char('_'));
    return QStringLiteral("panels/") + name;
}

}  // namespace

AppSettings::AppSettings() : m_settings(std::make_unique<QSettings>()) {}

AppSettings::AppSettings(const QString& iniPath)
    : m_settings(std::make_unique<QSettings>(iniPath, QSettings::IniFormat)) {}

QString AppSettings::modelFolder() const { return m_settings->value(kModelFolder).toString(); }
void AppSettings::setModelFolder(const QString& folder) {
    m_settings->setValue(kModelFolder, folder);
}

QString AppSettings::device() const {
    const QString device = m_settings->value(kDevice, QStringLiteral("auto")).toString();
    return validDevice(device) ? device : QStringLiteral("auto");
}
void AppSettings::setDevice(const QString& device) {
    m_settings->setValue(kDevice, validDevice(device) ? device : QStringLiteral("auto"));
}

QString AppSettings::precision() const {
    const QString precision = m_settings->value(kPrecision, QStringLiteral("auto")).toString();
    return validPrecision(precision) ? precision : QStringLiteral("auto");
}
void AppSettings::setPrecision(const QString& precision) {
    m_settings->setValue(kPrecision,
                         validPrecision(precision) ? precision : QStringLiteral("auto"));
}

QString AppSettings::outputsDir() const {
    const QString dir = m_settings->value(kOutputsDir).toString();
    return dir.isEmpty() ? defaultOutputsDir() : dir;
}
void AppSettings::setOutputsDir(const QString& dir) { m_settings->setValue(kOutputsDir, dir); }

QString AppSettings::defaultOutputsDir() {
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (!pictures.isEmpty()) return QDir(pictures).filePath(QStringLiteral("unCLIP Studio"));
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("outputs"));
}

QJsonObject AppSettings::panelValues(const QString& panel) const {
    // Stored as JSON text: QSettings cannot hold a QJsonObject in an INI file.
    const QByteArray json = m_settings->value(panelKey(panel)).toByteArray();
    return QJsonDocument::fromJson(json).object();
}
void AppSettings::setPanelValues(const QString& panel, const QJsonObject& values) {
    m_settings->setValue(panelKey(panel),
                         QString::fromUtf8(QJsonDocument(values).toJson(QJsonDocument::Compact)));
}

QByteArray AppSettings::windowGeometry() const {
    return m_settings->value(kGeometry).toByteArray();
}
void AppSettings::setWindowGeometry(const QByteArray& geometry) {
    m_settings->setValue(kGeometry, geometry);
}
QByteArray AppSettings::windowState() const { return m_settings->value(kState).toByteArray(); }
void AppSettings::setWindowState(const QByteArray& state) { m_settings->setValue(kState, state); }

QString AppSettings::theme() const {
    const QString theme = m_settings->value(kTheme, QStringLiteral("system")).toString();
    return validTheme(theme) ? theme : QStringLiteral("system");
}
void AppSettings::setTheme(const QString& theme) {
    m_settings->setValue(kTheme, validTheme(theme) ? theme : QStringLiteral("system"));
}

QString AppSettings::language() const { return m_settings->value(kLanguage).toString(); }
void AppSettings::setLanguage(const QString& language) {
    m_settings->setValue(kLanguage, language);
}

void AppSettings::sync() { m_settings->sync(); }
QString AppSettings::fileName() const { return m_settings->fileName(); }

}  // namespace unclip::app
