#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

namespace wsm {

// Where the console keeps the admin tokens an operator typed (never in the settings file). Every
// call returns at once; its answer arrives later as a signal, never from inside the call. The key
// is the node's admin URL. The desktop's secret store is KeychainTokenStore; tests use one in memory.
class TokenStore : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual void writeToken(const QString &key, const QByteArray &token) = 0;
    virtual void readToken(const QString &key) = 0;
    virtual void deleteToken(const QString &key) = 0;

Q_SIGNALS:
    // errorText says why, in words, when ok is false (no secret store on this desktop, access denied, ...).
    void tokenWritten(const QString &key, bool ok, const QString &errorText);
    void tokenRead(const QString &key, const QByteArray &token, bool ok, const QString &errorText);
};

// The desktop's secret store through Qt Keychain (Secret Service, KWallet, ...), service "wsmonitor".
// Without one (no D-Bus session, no secret service) every call fails with Qt Keychain's message.
class KeychainTokenStore : public TokenStore
{
    Q_OBJECT

public:
    using TokenStore::TokenStore;

    void writeToken(const QString &key, const QByteArray &token) override;
    void readToken(const QString &key) override;
    void deleteToken(const QString &key) override;
};

} // namespace wsm
