#include "ui/seed_control.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QToolButton>

namespace unclip {
namespace ui {

QString seedModeName(SeedMode mode) {
    switch (mode) {
        case SeedMode::Fixed:
            return QStringLiteral("fixed");
        case SeedMode::Increment:
            return QStringLiteral("increment");
        case SeedMode::Random:
            return QStringLiteral("random");
    }
    return QStringLiteral("fixed");
}

SeedMode seedModeFromName(const QString& name) {
    if (name == QLatin1String("increment")) return SeedMode::Increment;
    if (name == QLatin1String("random")) return SeedMode::Random;
    return SeedMode::Fixed;
}

QList<quint32> seedsFor(SeedMode mode, quint32 seed, int count, QRandomGenerator* random) {
    QList<quint32> seeds;
    seeds.reserve(count);
    for (int i = 0; i < count; ++i) {
        switch (mode) {
            case SeedMode::Fixed:
                seeds.append(seed);
                break;
            case SeedMode::Increment:
                seeds.append(seed + quint32(i));
                break;  // wraps at 2^32
            case SeedMode::Random:
                seeds.append(random->generate());
                break;
        }
    }
    return seeds;
}

QJsonArray seedsToJson(const QList<quint32>& seeds) {
    QJsonArray array;
    for (quint32 s : seeds) array.append(QString::number(s));
    return array;
}

QValidator::State UInt32Validator::validate(QString& input, int&) const {
    if (input.isEmpty()) return Intermediate;
    for (QChar c : input)
        if (!c.isDigit() || c.unicode() > '9') return Invalid;
    if (input.size() > 10) return Invalid;
    bool ok = false;
    const qulonglong value = input.toULongLong(&ok);
    return ok && value <= 0xFFFFFFFFull ? Acceptable : Invalid;
}

SeedControl::SeedControl(QWidget* parent)
    : QWidget(parent), m_edit(new QLineEdit(this)), m_mode(new QComboBox(this)) {
    m_edit->setValidator(new UInt32Validator(m_edit));
    m_edit->setToolTip(tr("Seed, 0 to 4294967295"));
    m_edit->setMaxLength(10);
    m_mode->addItem(tr("Fixed"), QVariant::fromValue(int(SeedMode::Fixed)));
    m_mode->addItem(tr("Increment per image"), QVariant::fromValue(int(SeedMode::Increment)));
    m_mode->addItem(tr("Random"), QVariant::fromValue(int(SeedMode::Random)));
    m_mode->setToolTip(
        tr("Fixed: every image uses this seed. Increment: image i uses seed + i and the field "
           "moves on. Random: a new seed for every image."));
    auto* dice = new QToolButton(this);
    dice->setText(tr("Random seed"));
    dice->setToolTip(tr("Pick a random seed"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(dice);
    layout->addWidget(m_mode);
    connect(dice, &QToolButton::clicked, this, &SeedControl::randomize);
    setSeed(42);
    setMode(SeedMode::Increment);
}

quint32 SeedControl::seed() const { return quint32(m_edit->text().toULongLong()); }

void SeedControl::setSeed(quint32 seed) { m_edit->setText(QString::number(seed)); }

SeedMode SeedControl::mode() const { return SeedMode(m_mode->currentData().toInt()); }

void SeedControl::setMode(SeedMode mode) {
    m_mode->setCurrentIndex(m_mode->findData(QVariant::fromValue(int(mode))));
}

void SeedControl::setModeVisible(bool visible) { m_mode->setVisible(visible); }

QList<quint32> SeedControl::takeSeeds(int count) {
    const QList<quint32> seeds = seedsFor(mode(), seed(), count, QRandomGenerator::global());
    if (mode() == SeedMode::Increment) setSeed(seed() + quint32(count));
    if (mode() == SeedMode::Random && !seeds.isEmpty()) setSeed(seeds.first());
    return seeds;
}

void SeedControl::randomize() { setSeed(QRandomGenerator::global()->generate()); }

}  // namespace ui
}  // namespace unclip
