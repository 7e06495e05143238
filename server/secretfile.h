#pragma once

#include <QString>

namespace wsm {

// A secret (a token, a password) read from a file, so that it is never on a command line, where
// every user of the machine can read it in the process list. The file holds the secret alone;
// white space around it (the newline an editor or `echo` leaves) is not part of it.
// False with a sentence naming the file when it cannot be read, is empty, or is absurdly large.
bool readSecretFile(const QString &path, QString *secret, QString *error);

// Whether a presented secret is the expected one, in a time that does not depend on where the two
// first differ (their SHA-256 digests are compared byte by byte, every byte).
bool sameSecret(const QString &presented, const QString &expected);

} // namespace wsm
