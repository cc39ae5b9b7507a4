#include "ui/collapsible_section.h"

#include <QToolButton>
#include <QVBoxLayout>

namespace unclip {
namespace ui {

CollapsibleSection::CollapsibleSection(const QString& title, QWidget* parent)
    : QWidget(parent), m_toggle(new QToolButton(this)) {
    m_toggle->setText(title);
    m_toggle->setCheckable(true);
    m_toggle->setChecked(false);
    m_toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toggle->setArrowType(Qt::RightArrow);
    m_toggle->setAutoRaise(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_toggle);
    connect(m_toggle, &QToolButton::toggled, this, &CollapsibleSection::setExpanded);
}

void CollapsibleSection::setContent(QWidget* content) {
    if (m_content) m_content->deleteLater();
    m_content = content;
    content->setParent(this);
    static_cast<QVBoxLayout*>(layout())->addWidget(content);
    content->setVisible(m_toggle->isChecked());
}

bool CollapsibleSection::isExpanded() const { return m_toggle->isChecked(); }

void CollapsibleSection::setExpanded(bool expanded) {
    if (m_toggle->isChecked() != expanded) {
        m_toggle->setChecked(expanded);  // toggled() comes back here
        return;
    }
    m_toggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    if (m_content) m_content->setVisible(expanded);
    Q_EMIT expandedChanged(expanded);
}

}  // namespace ui
}  // namespace unclip
