#include "connectnodedialog.h"

#include "secretfile.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace wsm {

ConnectNodeDialog::ConnectNodeDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Connect to Node"));

    m_reason = new QLabel;
    m_reason->setObjectName(QStringLiteral("reason"));
    m_reason->setTextFormat(Qt::PlainText);
    m_reason->setWordWrap(true);
    m_reason->hide();

    m_url = new QLineEdit;
    m_url->setObjectName(QStringLiteral("adminUrl"));
    m_url->setPlaceholderText(tr("ws://node.example:9001/admin"));
    m_url->setToolTip(tr("The node's admin channel: ws:// or wss://, its host and port"));
    auto *form = new QFormLayout;
    form->addRow(tr("Admin &URL:"), m_url);

    m_fromFile = new QRadioButton(tr("Token from a &file:"));
    m_fromFile->setObjectName(QStringLiteral("tokenFromFile"));
    m_fromFile->setChecked(true);
    m_tokenFile = new QLineEdit;
    m_tokenFile->setObjectName(QStringLiteral("tokenFile"));
    m_tokenFile->setPlaceholderText(tr("/etc/wsmonitor/admin-token"));
    m_browse = new QPushButton(tr("&Browse…"));
    m_browse->setObjectName(QStringLiteral("browseTokenFile"));
    m_browse->setAutoDefault(false);
    m_typed = new QRadioButton(tr("&Type the token:"));
    m_typed->setObjectName(QStringLiteral("tokenTyped"));
    m_token = new QLineEdit;
    m_token->setObjectName(QStringLiteral("token"));
    m_token->setEchoMode(QLineEdit::Password);

    auto *tokenGrid = new QGridLayout;
    tokenGrid->addWidget(m_fromFile, 0, 0);
    tokenGrid->addWidget(m_tokenFile, 0, 1);
    tokenGrid->addWidget(m_browse, 0, 2);
    tokenGrid->addWidget(m_typed, 1, 0);
    tokenGrid->addWidget(m_token, 1, 1, 1, 2);

    auto *hint = new QLabel(tr("A token file is read again at each start. A typed token is kept in the "
                               "desktop's secret store, never in the settings file."));
    hint->setObjectName(QStringLiteral("hint"));
    hint->setWordWrap(true);
    hint->setEnabled(false); // read as a hint, greyed

    m_validationError = new QLabel;
    m_validationError->setObjectName(QStringLiteral("validationError"));
    m_validationError->setTextFormat(Qt::PlainText); // it quotes what was typed
    m_validationError->setWordWrap(true);
    m_validationError->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectNodeDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_reason);
    layout->addLayout(form);
    layout->addLayout(tokenGrid);
    layout->addWidget(hint);
    layout->addWidget(m_validationError);
    layout->addWidget(m_buttons);

    // Typing in a token field chooses it: the keyboard alone gets there.
    connect(m_tokenFile, &QLineEdit::textEdited, m_fromFile, [this] { m_fromFile->setChecked(true); });
    connect(m_token, &QLineEdit::textEdited, m_typed, [this] { m_typed->setChecked(true); });
    for (QLineEdit *edit : {m_url, m_tokenFile, m_token}) {
        connect(edit, &QLineEdit::textChanged, this, [this] {
            m_validationError->hide();
            updateButtons();
        });
    }
    connect(m_fromFile, &QRadioButton::toggled, this, &ConnectNodeDialog::updateButtons);
    connect(m_browse, &QPushButton::clicked, this, &ConnectNodeDialog::chooseTokenFile);
    m_url->setFocus();
    updateButtons();
    resize(520, sizeHint().height());
}

void ConnectNodeDialog::setAdminUrl(const QUrl &url)
{
    m_url->setText(url.toString());
}

void ConnectNodeDialog::setTokenFile(const QString &path)
{
    m_tokenFile->setText(path);
    m_fromFile->setChecked(true);
}

void ConnectNodeDialog::setReason(const QString &text)
{
    m_reason->setText(text);
    m_reason->setVisible(!text.isEmpty());
}

QUrl ConnectNodeDialog::adminUrl() const
{
    return QUrl(m_url->text().trimmed(), QUrl::StrictMode);
}

bool ConnectNodeDialog::tokenTyped() const
{
    return m_typed->isChecked();
}

QString ConnectNodeDialog::tokenFile() const
{
    return tokenTyped() ? QString() : m_tokenFile->text().trimmed();
}

QByteArray ConnectNodeDialog::token() const
{
    return tokenTyped() ? m_token->text().toUtf8() : m_readToken;
}

bool ConnectNodeDialog::isAdminUrl(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == QLatin1String("ws") || scheme == QLatin1String("wss")) && !url.host().isEmpty();
}

void ConnectNodeDialog::accept()
{
    const QString typedUrl = m_url->text().trimmed();
    if (!isAdminUrl(adminUrl())) {
        m_validationError->setText(
            tr("'%1' is not an admin URL: it takes ws:// or wss://, a host and a port.").arg(typedUrl));
        m_validationError->show();
        return;
    }
    if (!tokenTyped()) {
        QString secret;
        QString error;
        if (!readSecretFile(tokenFile(), &secret, &error)) {
            m_validationError->setText(error);
            m_validationError->show();
            return;
        }
        m_readToken = secret.toUtf8();
    }
    QDialog::accept();
}

void ConnectNodeDialog::updateButtons()
{
    const bool tokenGiven = tokenTyped() ? !m_token->text().isEmpty() : !m_tokenFile->text().trimmed().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_url->text().trimmed().isEmpty() && tokenGiven);
}

void ConnectNodeDialog::chooseTokenFile()
{
    const QString fileName = QFileDialog::getOpenFileName(this, tr("Admin Token File"), m_tokenFile->text());
    if (fileName.isEmpty())
        return;
    m_tokenFile->setText(QDir::toNativeSeparators(fileName));
    m_fromFile->setChecked(true);
}

} // namespace wsm
