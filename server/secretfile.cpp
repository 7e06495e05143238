#include "secretfile.h"

#include <QCoreApplication>
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

} // namespace wsm
