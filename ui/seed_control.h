// The seed row: a uint32 seed field (a QLineEdit with a validator, since QSpinBox stops at
// 2^31-1), a mode and a dice button.
//
//   Fixed      every image of a job uses the seed; the field keeps it.
//   Increment  image i uses seed + i (mod 2^32); afterwards the field holds seed + count, so
//              the next job goes on where this one stopped.
//   Random     every image gets a fresh random seed; the field shows the first one.
//
//   QList<quint32> seeds = seedControl->takeSeeds(4);   // advances the field as the mode says
#pragma once

#include <QJsonArray>
#include <QList>
#include <QValidator>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QRandomGenerator;

namespace unclip {
namespace ui {

enum class SeedMode { Fixed, Increment, Random };
QString seedModeName(SeedMode mode);  // "fixed", "increment", "random"
SeedMode seedModeFromName(const QString& name);

// The seeds of a job of `count` images starting from `seed`; `random` draws Random seeds.
QList<quint32> seedsFor(SeedMode mode, quint32 seed, int count, QRandomGenerator* random);
// As the job settings carry them: decimal strings (JSON numbers lose digits above 2^53).
QJsonArray seedsToJson(const QList<quint32>& seeds);

// Accepts decimal integers 0 .. 4294967295.
class UInt32Validator : public QValidator {
    Q_OBJECT

public:
    using QValidator::QValidator;
    State validate(QString& input, int& pos) const override;
};

class SeedControl : public QWidget {
    Q_OBJECT

public:
    explicit SeedControl(QWidget* parent = nullptr);

    quint32 seed() const;
    void setSeed(quint32 seed);
    SeedMode mode() const;
    void setMode(SeedMode mode);
    // Hides the mode box for places that take one seed (a blend row).
    void setModeVisible(bool visible);

    // The seeds for the next job of `count` images, moving the field on as the mode says.
    QList<quint32> takeSeeds(int count);

    QLineEdit* seedEdit() const { return m_edit; }
    QComboBox* modeBox() const { return m_mode; }

public Q_SLOTS:
    void randomize();

private:
    QLineEdit* m_edit;
    QComboBox* m_mode;
};

}  // namespace ui
}  // namespace unclip
