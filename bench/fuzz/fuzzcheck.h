#pragma once

// What every fuzz target shares: an invariant that fails prints what was expected and aborts, so
// libFuzzer records the input as a crash (an artifact) like any sanitizer finding.

#include <QByteArray>
#include <QString>

#include <cstdio>
#include <cstdlib>

namespace wsm::fuzz {

[[noreturn]] inline void fail(const char *file, int line, const char *condition, const QString &detail)
{
    std::fprintf(stderr, "\n%s:%d: invariant failed: %s\n", file, line, condition);
    if (!detail.isEmpty())
        std::fprintf(stderr, "  %s\n", detail.toUtf8().constData());
    std::fflush(stderr);
    std::abort();
}

// Shows bytes for the failure message: printable ASCII as is, the rest as \xNN.
inline QString escaped(const QByteArray &bytes)
{
    QString out;
    for (const char c : bytes) {
        const uchar u = uchar(c);
        if (u >= 0x20 && u < 0x7f && u != '\\')
            out += QLatin1Char(c);
        else
            out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
    }
    return out;
}

inline QString escaped(const QString &text)
{
    return escaped(text.toUtf8());
}

} // namespace wsm::fuzz

#define FUZZ_CHECK(condition, detail)                                                               \
    do {                                                                                            \
        if (!(condition))                                                                           \
            ::wsm::fuzz::fail(__FILE__, __LINE__, #condition, (detail));                            \
    } while (false)
