#pragma once

// Shared by the main window suites: a real server (its own thread) on 127.0.0.1 behind a shown
// MainWindow, and what a person does with it (toolbar, fields, the dialogs it opens), waited on by
// what happened, never by a bare sleep.

#include "testsupport.h"
#include "widgetdriver.h"

#include "mainwindow.h"
#include "models/connectiontablemodel.h"
#include "models/eventlogmodel.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace wsm::test {

// The base of each main window suite (a QObject; the suite adds Q_OBJECT and its test slots).
class MainWindowFixture : public QObject
{
protected:
    // From each suite's init() and cleanup().
    void initFixture();
    void cleanupFixture();

    void createWindow(const ServerConfig &config = ServerFixture::defaultConfig());
    // Starts the server through the toolbar; the listening URL, or an empty one on failure.
    QUrl startThroughToolbar();
    // Waits until the window has handled a snapshot that the server took after this call.
    bool waitForWindowSnapshotAfterNow();
    // Runs `answer` on the next modal dialog of type T once the window has opened it.
    template<typename T>
    void whenDialogOpens(std::function<void(T *)> answer);
    // Clicks into a field and types over what it holds, as a person does.
    static void typeOver(QLineEdit *field, const QString &text);
    // Clicks into a field, and pastes over what it holds (Ctrl+A, Ctrl+V).
    static void pasteOver(QLineEdit *field, const QString &text);
    QLineEdit *sendField() const;
    // Starts with two clients the window has seen.
    void startWithTwoClients(Client *first, Client *second);
    // Answers the next "N clients will be closed" question with the button of this text.
    void answerClosingQuestion(const QString &button, bool dontAskAgain, QString *question);
    int proxyRowOfSession(quint64 sessionId) const;
    std::optional<ConnectionEvent> loggedEvent(EventKind kind, quint64 sessionId) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ServerFixture> m_server;
    std::unique_ptr<MainWindow> m_window;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
    QString m_startedUrl;
    Snapshot m_windowSaw; // the newest snapshot, received right after the window handled it
    int m_windowSnapshots = 0;
};

inline void MainWindowFixture::initFixture()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("wsmonitor.ini")), QSettings::IniFormat);
    m_server = std::make_unique<ServerFixture>();
    m_startedUrl.clear();
    m_windowSaw = Snapshot();
    m_windowSnapshots = 0;
}

inline void MainWindowFixture::cleanupFixture()
{
    m_testers.clear();
    m_window.reset();
    m_server.reset();
    m_settings.reset();
    m_dir.reset();
    // The controller's destructor joins the server thread: every Session must be gone by then.
    QCOMPARE(Session::aliveCount(), 0);
}

inline void MainWindowFixture::createWindow(const ServerConfig &config)
{
    m_window = std::make_unique<MainWindow>(&m_server->controller, config, m_settings.get());
    // Connected after the window's own connections: queued calls run in connection order, so
    // when these run the window has already handled the same signal.
    connect(&m_server->controller, &ServerController::started, m_window.get(),
            [this](const QString &url) { m_startedUrl = url; });
    connect(&m_server->controller, &ServerController::snapshotReady, m_window.get(),
            [this](const Snapshot &snapshot, const QList<ConnectionEvent> &) {
                m_windowSaw = snapshot;
                ++m_windowSnapshots;
            });

    const auto fatal = QAbstractItemModelTester::FailureReportingMode::Fatal;
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(m_window->connectionModel(), fatal));
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(m_window->connectionView()->model(), fatal));
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(m_window->eventLogModel(), fatal));
    auto *eventLogView = m_window->findChild<QTableView *>(QStringLiteral("eventLogView"));
    QVERIFY(eventLogView);
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(eventLogView->model(), fatal));

    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

inline QUrl MainWindowFixture::startThroughToolbar()
{
    m_window->startAction()->trigger();
    if (!QTest::qWaitFor([&] { return m_window->isServerRunning() && !m_startedUrl.isEmpty(); }, WaitMs))
        return {};
    m_server->url = QUrl(m_startedUrl);
    return m_server->url;
}

inline bool MainWindowFixture::waitForWindowSnapshotAfterNow()
{
    const int seen = m_windowSnapshots;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return QTest::qWaitFor([&] { return m_windowSnapshots > seen && m_windowSaw.takenAt > now; }, WaitMs);
}

template<typename T>
inline void MainWindowFixture::whenDialogOpens(std::function<void(T *)> answer)
{
    test::whenDialogOpens<T>(this, answer, WaitMs);
}

inline void MainWindowFixture::typeOver(QLineEdit *field, const QString &text)
{
    test::typeOver(field, text);
}

inline void MainWindowFixture::pasteOver(QLineEdit *field, const QString &text)
{
    test::pasteOver(field, text);
}

inline QLineEdit *MainWindowFixture::sendField() const
{
    return m_window->findChild<QLineEdit *>(QStringLiteral("broadcastText"));
}

inline void MainWindowFixture::startWithTwoClients(Client *first, Client *second)
{
    createWindow();
    const QUrl url = startThroughToolbar();
    QVERIFY(url.isValid());
    QVERIFY(first->open(url));
    QVERIFY(second->open(url));
    QTRY_COMPARE_WITH_TIMEOUT(m_windowSaw.totals.clientsConnected, 2, WaitMs);
}

inline void MainWindowFixture::answerClosingQuestion(const QString &button, bool dontAskAgain, QString *question)
{
    whenDialogOpens<QMessageBox>([button, dontAskAgain, question](QMessageBox *box) {
        if (box->objectName() != QLatin1String("closeClientsQuestion"))
            return;
        *question = box->text();
        if (dontAskAgain)
            QTest::mouseClick(box->checkBox(), Qt::LeftButton, {}, QPoint(4, box->checkBox()->height() / 2));
        for (QAbstractButton *candidate : box->buttons()) {
            if (candidate->text() == button)
                QTest::mouseClick(candidate, Qt::LeftButton);
        }
    });
}

inline int MainWindowFixture::proxyRowOfSession(quint64 sessionId) const
{
    const QAbstractItemModel *proxy = m_window->connectionView()->model();
    for (int row = 0; row < proxy->rowCount(); ++row) {
        if (proxy->index(row, 0).data(ConnectionTableModel::SessionIdRole).toULongLong() == sessionId)
            return row;
    }
    return -1;
}

inline std::optional<ConnectionEvent> MainWindowFixture::loggedEvent(EventKind kind, quint64 sessionId) const
{
    const QList<ConnectionEvent> events = m_window->eventLogModel()->events();
    for (const ConnectionEvent &event : events) {
        if (event.kind == kind && event.sessionId == sessionId)
            return event;
    }
    return std::nullopt;
}

} // namespace wsm::test
