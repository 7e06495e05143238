// --identity and the --jwt-* options: into ServerConfig::identity, and every bad combination a
// sentence naming the option (the process then exits 2).

#include "commandline.h"
#include "jwtmaker.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace wsm;
using namespace wsm::test;

class tst_IdentityCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void optionsIntoConfig_data();
    void optionsIntoConfig();
    void badCombinations_data();
    void badCombinations();
    void helpListsTheOptions();

private:
    // The words, with %SECRET%, %RSA%, %EC%, %SHORT%, %BROKEN% as files in m_dir.
    CommandLine parse(const QString &line) const;

    QTemporaryDir m_dir;
};

void tst_IdentityCommandLine::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const auto write = [this](const char *name, const QByteArray &content) {
        QFile file(m_dir.filePath(QLatin1String(name)));
        return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
    };
    QVERIFY(write("secret", TestSecret + '\n'));
    QVERIFY(write("short", "too-short\n"));
    QVERIFY(write("rsa.pem", JwtMaker(JwtMaker::Key::Rsa).publicKeyPem()));
    QVERIFY(write("ec.pem", JwtMaker(JwtMaker::Key::Ec).publicKeyPem()));
    QVERIFY(write("broken.pem", "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n"));
}

CommandLine tst_IdentityCommandLine::parse(const QString &line) const
{
    QString text = line;
    text.replace(QLatin1String("%SECRET%"), m_dir.filePath(QStringLiteral("secret")));
    text.replace(QLatin1String("%SHORT%"), m_dir.filePath(QStringLiteral("short")));
    text.replace(QLatin1String("%RSA%"), m_dir.filePath(QStringLiteral("rsa.pem")));
    text.replace(QLatin1String("%EC%"), m_dir.filePath(QStringLiteral("ec.pem")));
    text.replace(QLatin1String("%BROKEN%"), m_dir.filePath(QStringLiteral("broken.pem")));
    return parseCommandLine(QStringList{QStringLiteral("wsmonitor")} + text.split(QLatin1Char(' '), Qt::SkipEmptyParts));
}

void tst_IdentityCommandLine::optionsIntoConfig_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("source");
    QTest::addColumn<QString>("name");

    QTest::newRow("none by default") << QString() << int(IdentitySource::None) << QString();
    QTest::newRow("jwt with a secret") << QStringLiteral("--identity jwt --jwt-secret-file %SECRET%")
                                       << int(IdentitySource::Jwt) << QString();
    QTest::newRow("jwt with an RSA key") << QStringLiteral("--identity jwt --jwt-public-key %RSA% --jwt-issuer "
                                                           "https://issuer.test --jwt-audience wsm")
                                         << int(IdentitySource::Jwt) << QString();
    QTest::newRow("jwt with an EC key") << QStringLiteral("--identity jwt --jwt-public-key %EC%")
                                        << int(IdentitySource::Jwt) << QString();
    QTest::newRow("query:NAME") << QStringLiteral("--identity query:user") << int(IdentitySource::Query)
                                << QStringLiteral("user");
    QTest::newRow("header:NAME") << QStringLiteral("--identity header:X-User") << int(IdentitySource::Header)
                                 << QStringLiteral("X-User");
}

void tst_IdentityCommandLine::optionsIntoConfig()
{
    QFETCH(QString, line);
    QFETCH(int, source);
    QFETCH(QString, name);

    const CommandLine cl = parse(line);
    QVERIFY2(cl.outcome != CommandLine::Outcome::Error, qPrintable(cl.errorText));
    QCOMPARE(int(cl.config.identity.source), source);
    QCOMPARE(cl.config.identity.parameterName, name);
    if (line.contains(QLatin1String("--jwt-issuer"))) {
        QCOMPARE(cl.config.identity.jwtIssuer, QStringLiteral("https://issuer.test"));
        QCOMPARE(cl.config.identity.jwtAudience, QStringLiteral("wsm"));
    }
    // The key stays in its file: never in the config that crosses threads and is saved.
    QVERIFY(cl.config.identity.jwtSecret.isEmpty());
}

void tst_IdentityCommandLine::badCombinations_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("unknown mode") << QStringLiteral("--identity oauth")
                                  << QStringLiteral("--identity takes jwt, query:NAME, header:NAME or none");
    QTest::newRow("query: without a name") << QStringLiteral("--identity query:")
                                           << QStringLiteral("--identity takes jwt");
    QTest::newRow("header name with a space") << QStringLiteral("--identity header:X\tUser")
                                              << QStringLiteral("need a NAME of letters");
    QTest::newRow("jwt without a key") << QStringLiteral("--identity jwt") << QStringLiteral("exactly one key");
    QTest::newRow("jwt with two keys") << QStringLiteral("--identity jwt --jwt-secret-file %SECRET% --jwt-public-key %RSA%")
                                       << QStringLiteral("exactly one key");
    QTest::newRow("a key without --identity jwt") << QStringLiteral("--jwt-secret-file %SECRET%")
                                                  << QStringLiteral("need --identity jwt");
    QTest::newRow("issuer without --identity jwt") << QStringLiteral("--jwt-issuer x")
                                                   << QStringLiteral("need --identity jwt");
    QTest::newRow("a key that does not parse") << QStringLiteral("--identity jwt --jwt-public-key %BROKEN%")
                                               << QStringLiteral("--jwt-public-key");
    QTest::newRow("a key file that is not there") << QStringLiteral("--identity jwt --jwt-public-key /nonexistent.pem")
                                                  << QStringLiteral("--jwt-public-key: cannot read");
    QTest::newRow("a secret too short") << QStringLiteral("--identity jwt --jwt-secret-file %SHORT%")
                                        << QStringLiteral("at least 32 bytes");
    QTest::newRow("jwt beside --token") << QStringLiteral("--identity jwt --jwt-secret-file %SECRET% --token abc")
                                        << QStringLiteral("both read the Authorization header");
}

void tst_IdentityCommandLine::badCombinations()
{
    QFETCH(QString, line);
    QFETCH(QString, mentions);

    const CommandLine cl = parse(line);
    QCOMPARE(cl.outcome, CommandLine::Outcome::Error);
    QVERIFY2(cl.errorText.contains(mentions), qPrintable(cl.errorText));
}

void tst_IdentityCommandLine::helpListsTheOptions()
{
    const CommandLine cl = parse(QStringLiteral("--help"));
    for (const char *option : {"--identity", "--jwt-secret-file", "--jwt-public-key", "--jwt-issuer", "--jwt-audience"})
        QVERIFY2(cl.helpText.contains(QLatin1String(option)), option);
}

QTEST_GUILESS_MAIN(tst_IdentityCommandLine)
#include "tst_identitycommandline.moc"
