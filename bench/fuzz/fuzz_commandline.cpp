// Fuzzes the command line: the input, split at NUL bytes into argv words, goes through
// parseCommandLine. It never crashes; a configuration it accepts passes ServerConfig::validate();
// every rejection line names the option (or the stray argument) it is about.

#include "commandline.h"
#include "fuzzcheck.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstddef>
#include <cstdint>

using wsm::CommandLine;
using wsm::fuzz::escaped;

namespace {

QString describe(const QStringList &words)
{
    QString text;
    for (const QString &word : words)
        text += QLatin1Char('<') + escaped(word) + QLatin1Char('>');
    return text;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // As in main(): the parser may look at the application (its name for --help).
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *bytes, std::size_t size)
{
    if (size > 4096)
        return 0;
    const QByteArray data(reinterpret_cast<const char *>(bytes), qsizetype(size));
    QStringList arguments{QStringLiteral("wsmonitor")};
    if (!data.isEmpty()) {
        // Line breaks become spaces: an error line quotes the value as typed, and the check below
        // reads the error text line by line.
        for (QByteArray word : data.split('\0'))
            arguments.append(QString::fromLocal8Bit(word.replace('\n', ' ').replace('\r', ' ')));
    }

    const CommandLine result = wsm::parseCommandLine(arguments);
    switch (result.outcome) {
    case CommandLine::Outcome::Run: {
        const QString problems = result.config.validate();
        FUZZ_CHECK(problems.isEmpty(), describe(arguments) + QLatin1String(" accepted, but: ") + problems);
        FUZZ_CHECK(result.config.path.startsWith(QLatin1Char('/')), describe(arguments));
        FUZZ_CHECK(result.errorText.isEmpty(), result.errorText);
        break;
    }
    case CommandLine::Outcome::ShowHelp:
    case CommandLine::Outcome::ShowVersion:
        FUZZ_CHECK(!result.helpText.isEmpty(), describe(arguments));
        break;
    case CommandLine::Outcome::Error: {
        FUZZ_CHECK(!result.errorText.isEmpty(), describe(arguments));
        const QStringList lines = result.errorText.split(QLatin1Char('\n'));
        for (const QString &line : lines) {
            // "--port must be ...", "Unknown option '-x'", Qt's "Missing value after '--path'.", or
            // the stray word itself for a positional argument.
            // "see --help" names nothing.
            QString stripped = line;
            stripped.remove(QLatin1String("see --help"));
            bool namesIt = stripped.contains(QLatin1String("--"));
            for (int i = 1; i < arguments.size() && !namesIt; ++i) {
                // An option is quoted without its "=value", a stray word whole.
                for (const QString &word : {arguments.at(i), arguments.at(i).section(QLatin1Char('='), 0, 0)}) {
                    namesIt = namesIt
                        || stripped.contains(QLatin1Char('\'') + word + (word.isEmpty() ? QLatin1String("'") : QLatin1String("")));
                }
            }
            FUZZ_CHECK(namesIt && !line.trimmed().isEmpty(),
                       describe(arguments) + QLatin1String(" rejected with a line that names no option: ")
                           + escaped(line));
        }
        break;
    }
    }
    return 0;
}
