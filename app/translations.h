#pragma once

#include <QString>

namespace wsm {

// Installs wsmonitor's own translation (embedded) and Qt's (for standard buttons and dialogs) for
// the language named ("zh_CN", "en"), or the system's when empty. Replaces translators installed
// by an earlier call. Returns the locale name that was loaded, or an empty string when wsmonitor
// has no translation for that language (English, the source language, then shows).
QString installTranslations(const QString &language);

} // namespace wsm
