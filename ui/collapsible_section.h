// A titled section whose body folds away behind an arrow button ("Advanced").
//
//   auto* advanced = new CollapsibleSection(tr("Advanced"));
//   advanced->setContent(settingsWidget);   // starts collapsed
#pragma once

#include <QWidget>

class QToolButton;

namespace unclip {
namespace ui {

class CollapsibleSection : public QWidget {
    Q_OBJECT

public:
    explicit CollapsibleSection(const QString& title, QWidget* parent = nullptr);

    void setContent(QWidget* content);  // takes ownership
    bool isExpanded() const;

public Q_SLOTS:
    void setExpanded(bool expanded);

Q_SIGNALS:
    void expandedChanged(bool expanded);

private:
    QToolButton* m_toggle;
    QWidget* m_content = nullptr;
};

}  // namespace ui
}  // namespace unclip
