#pragma once

// Shared by the files SettingsDialog is split into (settingsdialog*.cpp); not for use elsewhere.

#include <QString>

namespace wsm::settingsdialog {

// The field label of a command-line option's name ("max-connections": "Most clients at once:"),
// or null for an option with no label of its own.
const char *optionLabel(const QString &name);

} // namespace wsm::settingsdialog
