// --token-file: the token is read from a file at each start, so that it is never on a command line
// (where every user of the machine can read it) nor in the console's settings.

#include "testsupport.h"

#include "secretfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace wsm;
using namespace wsm::test;

class tst_TokenFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void startReadsTheFile_data();
    void startReadsTheFile();
    void tokenOnTheLineAndInAFileIsAnError();

private:
    // Writes the file (none when content is null) and returns its path.
    QString writeTokenFile(const QByteArray &content);

    QTemporaryDir m_dir;
    std::unique_ptr<ServerFixture> m_server;
};

void tst_TokenFile::init()
{
    QVERIFY(m_dir.isValid());
    m_server = std::make_unique<ServerFixture>();
}

void tst_TokenFile::cleanup()
{
    m_server.reset();
    QCOMPARE(Session::aliveCount(), 0);
}

QString tst_TokenFile::writeTokenFile(const QByteArray &content)
{
    const QString path = m_dir.filePath(QStringLiteral("token"));
    QFile::remove(path);
    if (content.isNull())
        return path;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return path;
}

void tst_TokenFile::startReadsTheFile_data()
{
    QTest::addColumn<QByteArray>("content");   // null: no file at all
    QTest::addColumn<bool>("starts");
    QTest::addColumn<QString>("errorSays");    // part of the start error
    QTest::addColumn<QByteArray>("token");     // what a client presents and is let in with

    QTest::newRow("missing file") << QByteArray() << false << QStringLiteral("Cannot read the secret file") << QByteArray();
    QTest::newRow("empty file") << QByteArray("") << false << QStringLiteral("is empty") << QByteArray();
    QTest::newRow("only a newline") << QByteArray("\n") << false << QStringLiteral("is empty") << QByteArray();
    QTest::newRow("token with a trailing newline, trimmed") << QByteArray("s3cret\n") << true << QString()
                                                            << QByteArray("s3cret");
    QTest::newRow("token as is") << QByteArray("s3cret") << true << QString() << QByteArray("s3cret");
    QTest::newRow("a space inside") << QByteArray("s3 cret\n") << false << QStringLiteral("must not contain spaces")
                                    << QByteArray();
}

void tst_TokenFile::startReadsTheFile()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, starts);
    QFETCH(QString, errorSays);
    QFETCH(QByteArray, token);

    ServerConfig config = ServerFixture::defaultConfig();
    config.tokenFile = writeTokenFile(content);
    QVERIFY(!config.tokenFile.isEmpty());
    const auto [ok, message] = m_server->result(m_server->controller.start(config));
    QCOMPARE(ok, starts);
    if (!starts) {
        QVERIFY2(message.contains(errorSays), qPrintable(message));
        QVERIFY2(message.contains(config.tokenFile), qPrintable(message)); // names the file
        return;
    }
    m_server->url = QUrl(message);

    // The token as the file holds it, less the newline: let in. With the newline, or none: refused.
    RawClient right;
    QVERIFY(right.connectTo(m_server->port()));
    right.socket.write(upgradeRequest("/", "Authorization: Bearer " + token + "\r\n"));
    QTRY_VERIFY_WITH_TIMEOUT(right.httpStatus() != 0, WaitMs);
    QCOMPARE(right.httpStatus(), 101);

    RawClient withNewline;
    QVERIFY(withNewline.connectTo(m_server->port()));
    withNewline.socket.write(upgradeRequest("/?token=" + token + "%0A"));
    QTRY_VERIFY_WITH_TIMEOUT(withNewline.httpStatus() != 0, WaitMs);
    QCOMPARE(withNewline.httpStatus(), 403);

    RawClient without;
    QVERIFY(without.connectTo(m_server->port()));
    without.socket.write(upgradeRequest("/"));
    QTRY_VERIFY_WITH_TIMEOUT(without.httpStatus() != 0, WaitMs);
    QCOMPARE(without.httpStatus(), 401);
}

void tst_TokenFile::tokenOnTheLineAndInAFileIsAnError()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.token = QStringLiteral("abc");
    config.tokenFile = writeTokenFile("abc\n");
    QVERIFY2(config.validate().contains(QLatin1String("--token-file")), qPrintable(config.validate()));
    QCOMPARE(m_server->result(m_server->controller.start(config)).first, false);
}

QTEST_GUILESS_MAIN(tst_TokenFile)
#include "tst_tokenfile.moc"
