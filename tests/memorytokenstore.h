#pragma once

// A TokenStore in memory for the console suites: the desktop's secret store is not there under the
// offscreen platform, and the suites must not depend on it. Answers a turn of the event loop later,
// as the real one does; can be told to fail.

#include "tokenstore.h"

#include <QHash>
#include <QTimer>

namespace wsm::test {

class MemoryTokenStore : public TokenStore
{
    Q_OBJECT

public:
    using TokenStore::TokenStore;

    void writeToken(const QString &key, const QByteArray &token) override
    {
        QTimer::singleShot(0, this, [this, key, token] {
            if (failing) {
                Q_EMIT tokenWritten(key, false, QStringLiteral("no secret store"));
                return;
            }
            tokens.insert(key, token);
            Q_EMIT tokenWritten(key, true, QString());
        });
    }
    void readToken(const QString &key) override
    {
        QTimer::singleShot(0, this, [this, key] {
            const bool ok = !failing && tokens.contains(key);
            Q_EMIT tokenRead(key, tokens.value(key), ok,
                             ok ? QString() : QStringLiteral("no secret store"));
        });
    }
    void deleteToken(const QString &key) override { tokens.remove(key); }

    QHash<QString, QByteArray> tokens;
    bool failing = false;
};

} // namespace wsm::test
