#include "ui/blend_panel.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/collapsible_section.h"
#include "ui/generation_settings_widget.h"
#include "ui/image_drop_zone.h"
#include "ui/seed_control.h"

namespace unclip {
namespace ui {

namespace {
constexpr int kSliderSteps = 100;
constexpr int kMaxRow = 64;  // app/studio's kMaxJobCount
}  // namespace

QList<double> evenThetas(int count) {
    if (count <= 1) return {0.5};
    QList<double> thetas;
    for (int i = 0; i < count; ++i) thetas.append(double(i) / double(count - 1));
    return thetas;
}

BlendPanel::BlendPanel(QWidget* parent)
    : QWidget(parent),
      m_zoneA(new ImageDropZone(tr("Drop image A here"), this)),
      m_zoneB(new ImageDropZone(tr("Drop image B here"), this)),
      m_error(new QLabel(this)),
      m_theta(new QSlider(Qt::Horizontal, this)),
      m_thetaLabel(new QLabel(this)),
      m_rowCount(new QSpinBox(this)),
      m_seed(new SeedControl(this)),
      m_section(new CollapsibleSection(tr("Advanced"), this)),
      m_advanced(new GenerationSettingsWidget) {
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #d9534f;"));
    m_error->hide();
    m_theta->setRange(0, kSliderSteps);
    m_theta->setValue(kSliderSteps / 2);
    m_theta->setTickPosition(QSlider::TicksBelow);
    m_theta->setTickInterval(kSliderSteps / 4);
    m_theta->setToolTip(tr("0 is image A, 1 is image B"));
    m_thetaLabel->setMinimumWidth(
        m_thetaLabel->fontMetrics().horizontalAdvance(QStringLiteral("θ = 0.000")));
    m_rowCount->setRange(2, kMaxRow);
    m_rowCount->setValue(5);
    m_rowCount->setToolTip(tr("Images in a row, from A (θ = 0) to B (θ = 1)"));
    m_seed->setToolTip(tr("One decoder seed for the whole row"));
    m_advanced->setPriorVisible(false);
    m_section->setContent(m_advanced);

    auto* zones = new QGridLayout;
    zones->addWidget(new QLabel(tr("A"), this), 0, 0, Qt::AlignHCenter);
    zones->addWidget(new QLabel(tr("B"), this), 0, 1, Qt::AlignHCenter);
    zones->addWidget(m_zoneA, 1, 0);
    zones->addWidget(m_zoneB, 1, 1);
    auto* pasteA = new QPushButton(tr("Paste A"), this);
    auto* pasteB = new QPushButton(tr("Paste B"), this);
    auto* swap = new QPushButton(tr("Swap A and B"), this);
    zones->addWidget(pasteA, 2, 0);
    zones->addWidget(pasteB, 2, 1);
    zones->addWidget(swap, 3, 0, 1, 2);

    auto* thetaRow = new QHBoxLayout;
    thetaRow->addWidget(m_theta, 1);
    thetaRow->addWidget(m_thetaLabel);
    auto* single = new QPushButton(tr("Render at θ"), this);
    single->setToolTip(tr("Queue one image at the slider's θ"));
    auto* row = new QPushButton(tr("Render row"), this);
    row->setDefault(true);
    row->setToolTip(tr("Queue a row of images from A to B with one seed (Ctrl+Enter)"));

    auto* form = new QFormLayout;
    form->addRow(tr("Blend θ:"), thetaRow);
    form->addRow(tr("Row length:"), m_rowCount);
    form->addRow(tr("Seed:"), m_seed);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(single);
    buttons->addWidget(row, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(zones, 1);
    layout->addWidget(m_error);
    layout->addLayout(form);
    layout->addWidget(m_section);
    layout->addLayout(buttons);

    auto* queueAction = new QAction(tr("Render row"), this);
    queueAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    queueAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(queueAction);
    connect(queueAction, &QAction::triggered, this, &BlendPanel::renderRow);
    connect(row, &QPushButton::clicked, this, &BlendPanel::renderRow);
    connect(single, &QPushButton::clicked, this, &BlendPanel::renderSingle);
    connect(pasteA, &QPushButton::clicked, m_zoneA, &ImageDropZone::paste);
    connect(pasteB, &QPushButton::clicked, m_zoneB, &ImageDropZone::paste);
    connect(swap, &QPushButton::clicked, this, [this] {
        const QString a = m_zoneA->imagePath(), b = m_zoneB->imagePath();
        if (b.isEmpty())
            m_zoneA->clear();
        else
            m_zoneA->setImagePath(b);
        if (a.isEmpty())
            m_zoneB->clear();
        else
            m_zoneB->setImagePath(a);
    });
    connect(m_theta, &QSlider::valueChanged, this, &BlendPanel::updateThetaLabel);
    for (ImageDropZone* zone : {m_zoneA, m_zoneB}) {
        connect(zone, &ImageDropZone::rejected, this, &BlendPanel::showError);
        connect(zone, &ImageDropZone::imageChanged, m_error, &QLabel::hide);
    }
    updateThetaLabel();
}

double BlendPanel::theta() const { return double(m_theta->value()) / kSliderSteps; }

void BlendPanel::updateThetaLabel() { m_thetaLabel->setText(tr("θ = %1").arg(theta(), 0, 'f', 2)); }

void BlendPanel::setResolutions(const QList<int>& sizes) { m_advanced->setResolutions(sizes); }

void BlendPanel::setModelDefaults(const app::SamplingDefaults& defaults) {
    m_advanced->setModelDefaults(defaults);
}

void BlendPanel::setOutputsDir(const QString& dir) {
    const QString inputs = QDir(dir).filePath(QStringLiteral("inputs"));
    m_zoneA->setInputsDir(inputs);
    m_zoneB->setInputsDir(inputs);
}

void BlendPanel::setImageA(const QString& path) { m_zoneA->setImagePath(path); }
void BlendPanel::setImageB(const QString& path) { m_zoneB->setImagePath(path); }

app::JobSpec BlendPanel::takeJob(const QList<double>& thetas) {
    QJsonObject settings;
    settings.insert(QStringLiteral("model"), m_modelFolder);
    m_advanced->writeTo(settings);
    settings.insert(QStringLiteral("image_a"), m_zoneA->imagePath());
    settings.insert(QStringLiteral("image_b"), m_zoneB->imagePath());
    QJsonArray thetaArray;
    for (double t : thetas) thetaArray.append(t);
    settings.insert(QStringLiteral("thetas"), thetaArray);
    const quint32 seed = m_seed->takeSeeds(1).first();
    settings.insert(QStringLiteral("seed"), QString::number(seed));
    const QString title = tr("Blend %1 → %2 (%n image(s), seed %3)", nullptr, int(thetas.size()))
                              .arg(QFileInfo(m_zoneA->imagePath()).fileName(),
                                   QFileInfo(m_zoneB->imagePath()).fileName())
                              .arg(seed);
    return app::JobSpec{QUuid::createUuid(), app::JobKind::Blend, settings, title};
}

bool BlendPanel::checkSources() {
    if (m_zoneA->imagePath().isEmpty() || m_zoneB->imagePath().isEmpty()) {
        showError(tr("A blend needs two images: drop one on A and one on B."));
        return false;
    }
    return true;
}

void BlendPanel::renderRow() {
    if (checkSources()) Q_EMIT jobRequested(takeJob(evenThetas(m_rowCount->value())));
}

void BlendPanel::renderSingle() {
    if (checkSources()) Q_EMIT jobRequested(takeJob({theta()}));
}

void BlendPanel::showError(const QString& message) {
    m_error->setText(message);
    m_error->show();
    Q_EMIT statusMessage(message);
}

QJsonObject BlendPanel::values() const {
    QJsonObject values;
    m_advanced->writeTo(values);
    values.insert(QStringLiteral("image_a"), m_zoneA->imagePath());
    values.insert(QStringLiteral("image_b"), m_zoneB->imagePath());
    values.insert(QStringLiteral("theta"), theta());
    values.insert(QStringLiteral("row"), m_rowCount->value());
    values.insert(QStringLiteral("seed"), QString::number(m_seed->seed()));
    values.insert(QStringLiteral("seed_mode"), seedModeName(m_seed->mode()));
    values.insert(QStringLiteral("advanced_open"), m_section->isExpanded());
    values.insert(QStringLiteral("follow_model_defaults"), m_advanced->followsModel());
    return values;
}

void BlendPanel::restoreValues(const QJsonObject& values) {
    if (values.isEmpty()) return;
    m_advanced->restoreFrom(values);
    for (auto [key, zone] : {std::pair{QStringLiteral("image_a"), m_zoneA},
                             std::pair{QStringLiteral("image_b"), m_zoneB}}) {
        const QString path = values.value(key).toString();
        if (!path.isEmpty() && QFileInfo::exists(path)) zone->setImagePath(path);
    }
    m_theta->setValue(
        qRound(values.value(QStringLiteral("theta")).toDouble(theta()) * kSliderSteps));
    m_rowCount->setValue(values.value(QStringLiteral("row")).toInt(m_rowCount->value()));
    bool ok = false;
    const qulonglong seed = values.value(QStringLiteral("seed")).toString().toULongLong(&ok);
    if (ok && seed <= 0xFFFFFFFFull) m_seed->setSeed(quint32(seed));
    m_seed->setMode(seedModeFromName(values.value(QStringLiteral("seed_mode")).toString()));
    m_section->setExpanded(values.value(QStringLiteral("advanced_open")).toBool());
    // Saved by an earlier version without the key: the values were kept as they were.
    m_advanced->setFollowsModel(
        values.value(QStringLiteral("follow_model_defaults")).toBool(false));
}

}  // namespace ui
}  // namespace unclip
