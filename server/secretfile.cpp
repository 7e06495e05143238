#include "secretfile.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>

namespace wsm {

namespace {

QString translated(const char *text)
{
    return QCoreApplication::translate("wsm::SecretFile", text);
}

// A token or password is a line; anything far longer is the wrong file, not a secret.
constexpr qint64 MaxSecretFileBytes = 64 * 1024;

} // namespace

bool readSecretFile(const QString &path, QString *secret, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = translated(QT_TRANSLATE_NOOP("wsm::SecretFile", "Cannot read the secret file %1: %2."))
                     .arg(path, file.errorString());
        return false;
    }
    if (file.size() > MaxSecretFileBytes) {
        *error = translated(QT_TRANSLATE_NOOP("wsm::SecretFile", "The secret file %1 is over %2 bytes: not a secret."))
                     .arg(path)
                     .arg(MaxSecretFileBytes);
        return false;
    }
    const QString text = QString::fromUtf8(file.read(MaxSecretFileBytes)).trimmed();
    if (text.isEmpty()) {
        *error = translated(QT_TRANSLATE_NOOP("wsm::SecretFile", "The secret file %1 is empty.")).arg(path);
        return false;
    }
    *secret = text;
    return true;
}

bool sameSecret(const QString &presented, const QString &expected)
{
    const QByteArray a = QCryptographicHash::hash(presented.toUtf8(), QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(expected.toUtf8(), QCryptographicHash::Sha256);
    unsigned char diff = 0;
    for (int i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

} // namespace wsm
