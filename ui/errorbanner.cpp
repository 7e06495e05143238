#include "errorbanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace wsm {

ErrorBanner::ErrorBanner(QWidget *parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("errorBanner"));
    setFrameShape(QFrame::StyledPanel);
    // Amber with dark text reads in light and dark themes alike; the red border says "problem".
    setStyleSheet(QStringLiteral("#errorBanner { background-color: #ffe08a; border: 1px solid #c0392b;"
                                 " border-radius: 3px; }"
                                 " #errorBanner QLabel { color: #3d1f00; }"));

    m_text->setObjectName(QStringLiteral("errorBannerText"));
    m_text->setTextFormat(Qt::PlainText); // messages quote what people typed
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));

    auto *close = new QToolButton(this);
    close->setObjectName(QStringLiteral("errorBannerClose"));
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Close this message"));
    connect(close, &QToolButton::clicked, this, &QWidget::hide);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(close, 0, Qt::AlignTop);

    hide();
}

void ErrorBanner::showMessage(const QString &text)
{
    m_text->setText(text);
    show();
}

QString ErrorBanner::message() const
{
    return m_text->text();
}

} // namespace wsm
