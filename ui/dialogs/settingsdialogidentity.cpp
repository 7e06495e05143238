// SettingsDialog, part: the Identity page (--identity and the --jwt-* options).

#include "settingsdialog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace wsm {

QWidget *SettingsDialog::createIdentityPage(const ServerConfig &config)
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    const IdentityConfig &identity = config.identity;

    m_identitySource = new QComboBox;
    m_identitySource->setObjectName(QStringLiteral("identity"));
    m_identitySource->addItem(tr("None: clients are known by address"), int(IdentitySource::None));
    m_identitySource->addItem(tr("JSON Web Token, verified"), int(IdentitySource::Jwt));
    m_identitySource->addItem(tr("Query parameter, unverified (development)"), int(IdentitySource::Query));
    m_identitySource->addItem(tr("Request header, unverified (development)"), int(IdentitySource::Header));
    m_identitySource->setCurrentIndex(m_identitySource->findData(int(identity.source)));
    m_identitySource->setToolTip(tr("How the server learns who each client is: the sub of a verified token, or a "
                                    "name the client gives itself.\nCommand line: --identity"));
    form->addRow(tr("Identify clients by:"), m_identitySource);

    m_identityName = new QLineEdit(identity.parameterName);
    m_identityName->setObjectName(QStringLiteral("identityName"));
    m_identityName->setPlaceholderText(tr("e.g. user or X-User"));
    m_identityName->setToolTip(tr("The query parameter or request header that holds the client's name.\n"
                                  "Command line: --identity query:NAME or header:NAME"));
    form->addRow(tr("Parameter or header name:"), m_identityName);

    const auto fileRow = [this, form](QLineEdit *field, const QString &label, const QString &title) {
        auto *browseFile = new QPushButton(tr("Browse…"));
        browseFile->setAutoDefault(false);
        connect(browseFile, &QPushButton::clicked, this,
                [this, field, title] { browseForFile(field, title, tr("All files (*)")); });
        connect(m_identitySource, &QComboBox::currentIndexChanged, browseFile,
                [this, browseFile] { browseFile->setEnabled(m_jwtSecretFile->isEnabled()); });
        auto *row = new QHBoxLayout;
        row->addWidget(field);
        row->addWidget(browseFile);
        form->addRow(label, row);
    };
    // Paths are saved, never the keys: the files are read at each start.
    m_jwtSecretFile = new QLineEdit(identity.jwtSecretFile);
    m_jwtSecretFile->setObjectName(QStringLiteral("jwtSecretFile"));
    m_jwtSecretFile->setPlaceholderText(tr("HS256: the shared secret's file"));
    m_jwtSecretFile->setToolTip(tr("Tokens are HS256, signed with the secret this file holds (at least 32 bytes). "
                                   "Give this or a public key, not both.\nCommand line: --jwt-secret-file"));
    m_jwtPublicKey = new QLineEdit(identity.jwtPublicKeyFile);
    m_jwtPublicKey->setObjectName(QStringLiteral("jwtPublicKey"));
    m_jwtPublicKey->setPlaceholderText(tr("RS256 or ES256: the issuer's PEM public key"));
    m_jwtPublicKey->setToolTip(tr("Tokens are RS256 (an RSA key) or ES256 (a P-256 key), verified with this PEM "
                                  "public key.\nCommand line: --jwt-public-key"));
    fileRow(m_jwtSecretFile, tr("JWT secret file:"), tr("JWT Secret File"));
    fileRow(m_jwtPublicKey, tr("JWT public key:"), tr("JWT Public Key"));

    m_jwtIssuer = new QLineEdit(identity.jwtIssuer);
    m_jwtIssuer->setObjectName(QStringLiteral("jwtIssuer"));
    m_jwtIssuer->setPlaceholderText(tr("Not checked"));
    m_jwtIssuer->setToolTip(tr("A token's iss must be this.\nCommand line: --jwt-issuer"));
    form->addRow(tr("JWT issuer:"), m_jwtIssuer);
    m_jwtAudience = new QLineEdit(identity.jwtAudience);
    m_jwtAudience->setObjectName(QStringLiteral("jwtAudience"));
    m_jwtAudience->setPlaceholderText(tr("Not checked"));
    m_jwtAudience->setToolTip(tr("A token's aud (one, or one of a list) must be this.\nCommand line: --jwt-audience"));
    form->addRow(tr("JWT audience:"), m_jwtAudience);

    auto *note = new QLabel(tr("Tokens come in \"Authorization: Bearer\", ?access_token= or the subprotocol "
                               "access_token.<JWT>; exp and nbf are allowed %1 seconds of clock skew, and a "
                               "connection ends when its token expires.")
                                .arg(identity.clockSkewMs / 1000));
    note->setWordWrap(true);
    form->addRow(note);

    // Only the fields of the chosen source can be typed in; what the others hold is kept.
    const auto enableFields = [this] {
        const auto source = IdentitySource(m_identitySource->currentData().toInt());
        const bool jwt = source == IdentitySource::Jwt;
        m_identityName->setEnabled(source == IdentitySource::Query || source == IdentitySource::Header);
        for (QLineEdit *field : {m_jwtSecretFile, m_jwtPublicKey, m_jwtIssuer, m_jwtAudience})
            field->setEnabled(jwt);
    };
    connect(m_identitySource, &QComboBox::currentIndexChanged, this, enableFields);
    enableFields();
    return page;
}

void SettingsDialog::readIdentityFields(IdentityConfig *identity) const
{
    identity->source = IdentitySource(m_identitySource->currentData().toInt());
    const bool named = identity->source == IdentitySource::Query || identity->source == IdentitySource::Header;
    const bool jwt = identity->source == IdentitySource::Jwt;
    // Fields of another source do not count: validate() would object to a key without jwt.
    identity->parameterName = named ? m_identityName->text().trimmed() : QString();
    identity->jwtSecretFile = jwt ? m_jwtSecretFile->text().trimmed() : QString();
    identity->jwtPublicKeyFile = jwt ? m_jwtPublicKey->text().trimmed() : QString();
    identity->jwtIssuer = jwt ? m_jwtIssuer->text().trimmed() : QString();
    identity->jwtAudience = jwt ? m_jwtAudience->text().trimmed() : QString();
}

QList<QLineEdit *> SettingsDialog::identityLineEdits() const
{
    return {m_identityName, m_jwtSecretFile, m_jwtPublicKey, m_jwtIssuer, m_jwtAudience};
}

} // namespace wsm
