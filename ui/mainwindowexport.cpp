// MainWindow, part: exporting the connection log and the connections table to CSV.

#include "mainwindow.h"
#include "mainwindow_p.h"

#include "eventlogpane.h"
#include "export/csvexporter.h"
#include "models/connectiontablemodel.h"
#include "servernode.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QStatusBar>

#include <algorithm>

namespace wsm {

using namespace mainwindow;


namespace {

QString timestampedFileName(const char *prefix)
{
    return QStringLiteral("%1-%2.csv")
        .arg(QLatin1String(prefix), QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
}

} // namespace

// ---- export -----------------------------------------------------------------------------------

void MainWindow::chooseExportFile(bool events)
{
    const QString suggested = QDir(m_exportDirectory)
                                  .filePath(timestampedFileName(events ? "wsmonitor-events"
                                                                       : "wsmonitor-connections"));
    const QString fileName = QFileDialog::getSaveFileName(
        this, events ? tr("Export the connection log") : tr("Export the connections table"), suggested,
        tr("CSV files (*.csv)"));
    if (fileName.isEmpty())
        return;
    m_exportDirectory = QFileInfo(fileName).absolutePath();
    if (m_settings)
        m_settings->setValue(ExportDirectoryKey, m_exportDirectory);
    startExport(fileName, events);
}

bool MainWindow::exportEventsTo(const QString &fileName)
{
    return startExport(fileName, true);
}

bool MainWindow::exportConnectionsTo(const QString &fileName)
{
    return startExport(fileName, false);
}

bool MainWindow::startExport(const QString &fileName, bool events)
{
    if (m_exporter->isRunning()) {
        statusBar()->showMessage(tr("An export is already running."), StatusMessageMs);
        return false;
    }
    m_exportCancelled = false;
    // The log as the filters on screen show it: exporting what the operator picked out, not all.
    bool started = false;
    if (events) {
        started = m_exporter->exportEvents(fileName, m_eventLogPane->shownEvents());
    } else if (m_nodes->count() == 1) {
        started = m_exporter->exportSessions(fileName, m_connectionModel->sessions());
    } else {
        // Several nodes: a first column says whose client each row is (ids repeat across nodes).
        QList<SessionRow> sessions;
        QStringList nodeNames;
        for (const ServerNode *node : m_nodes->nodes()) {
            const QList<SessionRow> rows = modelOf(node)->sessions();
            sessions += rows;
            for (qsizetype i = 0; i < rows.size(); ++i)
                nodeNames.append(node->displayName());
        }
        started = m_exporter->exportSessions(fileName, sessions, nodeNames);
    }
    if (!started)
        return false;

    auto *progress = new QProgressDialog(tr("Writing %1…").arg(QDir::toNativeSeparators(fileName)), tr("Cancel"),
                                         0, ProgressSteps, this);
    progress->setWindowTitle(tr("Export"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(300); // a small export finishes before a dialog would flash up
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    connect(progress, &QProgressDialog::canceled, this, [this] {
        m_exportCancelled = true;
        m_exporter->cancel();
    });
    m_exportProgress = progress;
    return true;
}

void MainWindow::onExportFinished(bool ok, const QString &fileName, const QString &errorText)
{
    if (m_exportProgress) {
        m_exportProgress->hide();
        m_exportProgress->deleteLater();
    }
    const QString shownName = QDir::toNativeSeparators(fileName);
    if (ok) {
        statusBar()->showMessage(tr("Exported to %1.").arg(shownName), StatusMessageMs);
        return;
    }
    if (m_exportCancelled) {
        statusBar()->showMessage(tr("Export cancelled; %1 was not written.").arg(shownName), StatusMessageMs);
        return;
    }
    // Not a blocking box: the window keeps updating while the operator reads it.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Export failed"),
                                tr("Could not write %1.").arg(shownName), QMessageBox::Ok, this);
    box->setInformativeText(errorText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->open();
}

} // namespace wsm
