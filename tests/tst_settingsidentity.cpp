// The Settings dialog's Identity page: the source chosen, its fields, validation like the other
// pages (OK disabled with a sentence), and the identity options saved and loaded as paths.

#include "consolesettings.h"
#include "settingsdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace wsm;

class tst_SettingsIdentity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jwtNeedsExactlyOneKey();
    void unverifiedNameFromAQueryParameter();
    void savedAndLoaded();
};

namespace {

QPushButton *okButton(QDialog *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

void choose(SettingsDialog *dialog, IdentitySource source)
{
    auto *combo = dialog->findChild<QComboBox *>(QStringLiteral("identity"));
    QVERIFY(combo);
    combo->setCurrentIndex(combo->findData(int(source)));
}

void type(SettingsDialog *dialog, const char *name, const QString &text)
{
    auto *field = dialog->findChild<QLineEdit *>(QLatin1String(name));
    QVERIFY(field);
    QVERIFY(field->isEnabled());
    field->setText(text);
}

} // namespace

void tst_SettingsIdentity::jwtNeedsExactlyOneKey()
{
    SettingsDialog dialog{ServerConfig(), ConsoleSettings()};
    QVERIFY(okButton(&dialog)->isEnabled());
    QVERIFY(!dialog.findChild<QLineEdit *>(QStringLiteral("jwtSecretFile"))->isEnabled()); // none chosen

    choose(&dialog, IdentitySource::Jwt);
    QVERIFY(!okButton(&dialog)->isEnabled());
    const auto *error = dialog.findChild<QLabel *>(QStringLiteral("validationError"));
    QVERIFY2(error->text().contains(QLatin1String("exactly one key")), qPrintable(error->text()));

    type(&dialog, "jwtPublicKey", QStringLiteral("/etc/wsmonitor/issuer.pem"));
    type(&dialog, "jwtIssuer", QStringLiteral("https://issuer.test"));
    type(&dialog, "jwtAudience", QStringLiteral("wsmonitor"));
    QVERIFY(okButton(&dialog)->isEnabled());
    type(&dialog, "jwtSecretFile", QStringLiteral("/etc/wsmonitor/secret"));
    QVERIFY(!okButton(&dialog)->isEnabled()); // two keys
    type(&dialog, "jwtSecretFile", QString());

    const IdentityConfig identity = dialog.serverConfig().identity;
    QCOMPARE(identity.source, IdentitySource::Jwt);
    QCOMPARE(identity.jwtPublicKeyFile, QStringLiteral("/etc/wsmonitor/issuer.pem"));
    QCOMPARE(identity.jwtIssuer, QStringLiteral("https://issuer.test"));
    QCOMPARE(identity.jwtAudience, QStringLiteral("wsmonitor"));
    QVERIFY(dialog.changedServerFields().contains(QStringLiteral("JWT public key")));
}

void tst_SettingsIdentity::unverifiedNameFromAQueryParameter()
{
    SettingsDialog dialog{ServerConfig(), ConsoleSettings()};
    choose(&dialog, IdentitySource::Query);
    QVERIFY(!okButton(&dialog)->isEnabled()); // no name yet
    type(&dialog, "identityName", QStringLiteral("user name"));
    QVERIFY(!okButton(&dialog)->isEnabled()); // a space
    type(&dialog, "identityName", QStringLiteral("user"));
    QVERIFY(okButton(&dialog)->isEnabled());
    QVERIFY(!dialog.findChild<QLineEdit *>(QStringLiteral("jwtSecretFile"))->isEnabled());
    const IdentityConfig identity = dialog.serverConfig().identity;
    QCOMPARE(identity.source, IdentitySource::Query);
    QCOMPARE(identity.parameterName, QStringLiteral("user"));
}

void tst_SettingsIdentity::savedAndLoaded()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("wsmonitor.ini")), QSettings::IniFormat);
    ServerConfig config;
    config.identity.source = IdentitySource::Jwt;
    config.identity.jwtSecretFile = QStringLiteral("/etc/wsmonitor/secret");
    config.identity.jwtAudience = QStringLiteral("wsmonitor");
    saveServerConfig(settings, config);
    const ServerConfig loaded = loadServerConfig(settings);
    QCOMPARE(loaded.identity.source, IdentitySource::Jwt);
    QCOMPARE(loaded.identity.jwtSecretFile, QStringLiteral("/etc/wsmonitor/secret"));
    QCOMPARE(loaded.identity.jwtAudience, QStringLiteral("wsmonitor"));

    config.identity = {};
    config.identity.source = IdentitySource::Header;
    config.identity.parameterName = QStringLiteral("X-User");
    saveServerConfig(settings, config);
    QCOMPARE(ServerConfig::identityId(loadServerConfig(settings).identity), QStringLiteral("header:X-User"));

    // A half-made set (jwt without a key) falls back to none as a whole.
    settings.setValue(QStringLiteral("server/identity"), QStringLiteral("jwt"));
    QCOMPARE(loadServerConfig(settings).identity.source, IdentitySource::None);
}

QTEST_MAIN(tst_SettingsIdentity)
#include "tst_settingsidentity.moc"
