#pragma once

#include <QObject>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace wsm {

// SIGINT and SIGTERM as a Qt signal in the event loop, so that an operator's Ctrl+C or a service
// manager's stop closes clients in order (1001) instead of dropping them. One instance at a time;
// the previous handlers are restored when it is destroyed.
class StopSignals : public QObject
{
    Q_OBJECT

public:
    explicit StopSignals(QObject *parent = nullptr);
    ~StopSignals() override;

Q_SIGNALS:
    void stopRequested();

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace wsm
