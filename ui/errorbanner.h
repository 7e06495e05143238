#pragma once

#include <QFrame>

QT_BEGIN_NAMESPACE
class QLabel;
QT_END_NAMESPACE

namespace wsm {

// A problem the operator should see without a modal box in the way (the port is in use, the
// settings are invalid): one amber line at the top of the window until closed or replaced.
class ErrorBanner : public QFrame
{
    Q_OBJECT

public:
    explicit ErrorBanner(QWidget *parent = nullptr);

    void showMessage(const QString &text);
    QString message() const;

private:
    QLabel *m_text;
};

} // namespace wsm
