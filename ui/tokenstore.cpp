#include "tokenstore.h"

#include <qt6keychain/keychain.h>

namespace wsm {

namespace {

const QString Service = QStringLiteral("wsmonitor");

} // namespace

void KeychainTokenStore::writeToken(const QString &key, const QByteArray &token)
{
    auto *job = new QKeychain::WritePasswordJob(Service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setBinaryData(token);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *done) {
        const bool ok = done->error() == QKeychain::NoError;
        Q_EMIT tokenWritten(key, ok, ok ? QString() : done->errorString());
    });
    job->start();
}

void KeychainTokenStore::readToken(const QString &key)
{
    auto *job = new QKeychain::ReadPasswordJob(Service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *done) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(done);
        const bool ok = read->error() == QKeychain::NoError;
        Q_EMIT tokenRead(key, ok ? read->binaryData() : QByteArray(), ok, ok ? QString() : read->errorString());
    });
    job->start();
}

void KeychainTokenStore::deleteToken(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(Service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->start(); // nothing to report: a token left behind is harmless and overwritten next time
}

} // namespace wsm
