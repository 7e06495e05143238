// The zh_CN translation is complete: every source string has a finished translation, and the
// embedded .qm loads and is used.
#include "connectionevent.h"
#include "translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QLocale>
#include <QTest>
#include <QXmlStreamReader>

using namespace wsm;

class tst_Translations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void everyMessageTranslated();
    void placeholdersKept();
    void embeddedTranslationLoads();
    void qtOwnDialogsAreTranslated();
    void unknownLanguageFallsBackToEnglish();

private:
    struct Message
    {
        QString context;
        QString source;
        QString translation;
        QStringList numerusForms;
        bool unfinished = false;
        bool numerus = false;
    };
    static QList<Message> readTs(QString *error);
};

QList<tst_Translations::Message> tst_Translations::readTs(QString *error)
{
    QFile file(QStringLiteral(WSM_TS_FILE));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (xml.name() == QLatin1String("message")) {
                current = Message();
                current.context = context;
                current.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            } else if (xml.name() == QLatin1String("source")) {
                current.source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                const QStringView type = xml.attributes().value(QLatin1String("type"));
                current.unfinished = type == QLatin1String("unfinished") || type == QLatin1String("vanished")
                    || type == QLatin1String("obsolete");
                if (!current.numerus)
                    current.translation = xml.readElementText();
            } else if (xml.name() == QLatin1String("numerusform")) {
                current.numerusForms.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            messages.append(current);
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

void tst_Translations::cleanup()
{
    installTranslations(QStringLiteral("en"));
}

void tst_Translations::everyMessageTranslated()
{
    QString error;
    const QList<Message> messages = readTs(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // The console alone has hundreds of strings: an almost empty file means lupdate saw no sources.
    QVERIFY2(messages.size() > 200, qPrintable(QString::number(messages.size())));
    QStringList missing;
    for (const Message &m : messages) {
        const bool empty = m.numerus
            ? (m.numerusForms.isEmpty() || std::any_of(m.numerusForms.cbegin(), m.numerusForms.cend(),
                                                       [](const QString &form) { return form.trimmed().isEmpty(); }))
            : m.translation.trimmed().isEmpty();
        if (m.unfinished || empty)
            missing.append(m.context + QLatin1String(": ") + m.source);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("%1 untranslated:\n").arg(missing.size())
                                           + missing.mid(0, 40).join(QLatin1Char('\n'))));
}

// A translation that drops %1 would show the operator a sentence without its number or name.
void tst_Translations::placeholdersKept()
{
    QString error;
    const QList<Message> messages = readTs(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    static const QRegularExpression placeholder(QStringLiteral("%L?(\\d+|n)"));
    auto placeholders = [](const QString &text) {
        QStringList found;
        for (auto it = placeholder.globalMatch(text); it.hasNext();)
            found.append(it.next().captured(1));
        found.sort();
        found.removeDuplicates();
        return found;
    };
    QStringList wrong;
    for (const Message &m : messages) {
        QStringList expected = placeholders(m.source);
        const QStringList translations = m.numerus ? m.numerusForms : QStringList{m.translation};
        for (const QString &translation : translations) {
            QStringList got = placeholders(translation);
            // A Chinese numerus form may say the number without %n only if the source has no other
            // placeholder; %n itself must stay so the count is shown.
            if (got != expected)
                wrong.append(m.source + QLatin1String(" -> ") + translation);
        }
    }
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
}

void tst_Translations::embeddedTranslationLoads()
{
    const QString loaded = installTranslations(QStringLiteral("zh_CN"));
    QCOMPARE(loaded, QStringLiteral("zh_CN"));
    // A server-side word the console shows in every event row.
    const QString text = ConnectionEvent::endedByText(EndedBy::Operator);
    QVERIFY2(text != QLatin1String("operator") && !text.isEmpty(), qPrintable(text));
    QCOMPARE(QLocale().name(), QStringLiteral("zh_CN"));
}

void tst_Translations::qtOwnDialogsAreTranslated()
{
    // Message-box buttons and the file chooser are Qt's own words: qtbase_zh_CN from Qt's
    // translations directory (QLibraryInfo::TranslationsPath) must be loaded beside ours.
    QCOMPARE(installTranslations(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    const QString cancel = QCoreApplication::translate("QPlatformTheme", "Cancel");
    QVERIFY2(cancel != QLatin1String("Cancel") && !cancel.isEmpty(), qPrintable(cancel));
    const QString lookIn = QCoreApplication::translate("QFileDialog", "Look in:");
    QVERIFY2(lookIn != QLatin1String("Look in:"), qPrintable(lookIn));
}

void tst_Translations::unknownLanguageFallsBackToEnglish()
{
    QCOMPARE(installTranslations(QStringLiteral("fr_FR")), QString());
    QCOMPARE(ConnectionEvent::endedByText(EndedBy::Operator), QStringLiteral("operator"));
}

QTEST_GUILESS_MAIN(tst_Translations)
#include "tst_translations.moc"
