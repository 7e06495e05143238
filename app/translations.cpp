#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace wsm {

namespace {

std::unique_ptr<QTranslator> s_ownTranslator;
std::unique_ptr<QTranslator> s_qtTranslator;

} // namespace

QString installTranslations(const QString &language)
{
    if (s_ownTranslator)
        QCoreApplication::removeTranslator(s_ownTranslator.get());
    if (s_qtTranslator)
        QCoreApplication::removeTranslator(s_qtTranslator.get());
    s_ownTranslator.reset();
    s_qtTranslator.reset();

    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    // Numbers and dates follow the chosen language too, not only the words.
    QLocale::setDefault(locale);

    auto own = std::make_unique<QTranslator>();
    // Tries wsmonitor_zh_CN, then wsmonitor_zh, for each of the locale's UI languages.
    if (!own->load(locale, QStringLiteral("wsmonitor"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        return {};
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        s_qtTranslator = std::move(qt);
    }
    QCoreApplication::installTranslator(own.get());
    const QString loaded = own->language();
    s_ownTranslator = std::move(own);
    return loaded;
}

} // namespace wsm
