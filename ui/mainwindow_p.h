#pragma once

// Shared by the files MainWindow is split into (mainwindow*.cpp); not for use elsewhere.

#include <QIcon>
#include <QString>

namespace wsm::mainwindow {

inline constexpr int StatusMessageMs = 10000;
// The export's progress dialog works in thousandths, so byte counts beyond int never overflow it.
inline constexpr int ProgressSteps = 1000;

inline const QString GeometryKey = QStringLiteral("window/geometry");
inline const QString StateKey = QStringLiteral("window/state");
inline const QString SplitterKey = QStringLiteral("window/splitter");
inline const QString ExportDirectoryKey = QStringLiteral("window/exportDirectory");

inline QIcon icon(const char *name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

} // namespace wsm::mainwindow
