// Fuzzes the settings the console reads back at start (ui/dialogs/consolesettings.cpp): a QSettings
// INI file with fuzzed content, or fuzzed typed values (NaN, infinities, huge integers, lists where
// text is expected), goes through loadServerConfig and loadConsoleSettings. Loading never fails:
// the result always passes ServerConfig::validate(), the console's values stay in their documented
// ranges, and what is loaded saves and loads back the same.

#include "consolesettings.h"
#include "fuzzcheck.h"
#include "serverconfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QVariant>

#include <cstddef>
#include <cstdint>
#include <cstring>

using wsm::ConsoleSettings;
using wsm::ServerConfig;
using wsm::fuzz::escaped;

namespace {

QTemporaryDir *workDir = nullptr;
quint64 fileCounter = 0;

// A fresh file name every time: QSettings caches files by name and may not notice a rewrite
// within the same second of the same size.
QString nextFile()
{
    return workDir->filePath(QStringLiteral("settings-%1.ini").arg(++fileCounter));
}

const char *const keys[] = {
    "server/listen", "server/port", "server/path", "server/mode", "server/allowedOrigins", "server/token",
    "server/logCsv", "server/max-connections", "server/max-message-bytes", "server/rate-limit",
    "server/max-send-queue-bytes", "server/heartbeat-interval", "server/heartbeat-timeout",
    "server/handshake-timeout", "server/drain-timeout", "server/event-log-capacity", "server/message-history",
    "console/kickSpreadMs", "console/chartWindowSeconds", "console/banMinutes", "console/kickCloseCode",
    "console/kickReason",
};
constexpr std::size_t keyCount = sizeof keys / sizeof keys[0];

// Reads typed values from the input: a key, a type, then the value's bytes.
class Reader
{
public:
    Reader(const std::uint8_t *data, std::size_t size) : m_data(data), m_size(size) {}
    bool atEnd() const { return m_pos >= m_size; }
    std::uint8_t byte() { return m_pos < m_size ? m_data[m_pos++] : 0; }
    QByteArray bytes(std::size_t count)
    {
        count = std::min(count, m_size - m_pos);
        const QByteArray out(reinterpret_cast<const char *>(m_data + m_pos), qsizetype(count));
        m_pos += count;
        return out;
    }
    template<typename T>
    T raw()
    {
        T value{};
        const QByteArray b = bytes(sizeof(T));
        std::memcpy(&value, b.constData(), std::size_t(b.size()));
        return value;
    }

private:
    const std::uint8_t *m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

QVariant typedValue(Reader &reader)
{
    switch (reader.byte() % 8) {
    case 0: return QString::fromUtf8(reader.bytes(reader.byte() % 64));
    case 1: return reader.raw<double>();
    case 2: return qlonglong(reader.raw<qint64>());
    case 3: return int(reader.raw<qint32>());
    case 4: return bool(reader.byte() & 1);
    case 5: {
        QStringList list;
        const int count = reader.byte() % 5;
        for (int i = 0; i < count; ++i)
            list.append(QString::fromUtf8(reader.bytes(reader.byte() % 24)));
        return list;
    }
    case 6: return reader.bytes(reader.byte() % 32); // a QByteArray
    default: return QVariant();
    }
}

QString describe(const ServerConfig &c)
{
    QString text = c.listenAddress.toString() + QLatin1Char(' ') + QString::number(c.port) + QLatin1Char(' ')
        + escaped(c.path) + QLatin1Char(' ') + ServerConfig::modeId(c.mode) + QLatin1Char(' ');
    for (const wsm::NumericOption &option : wsm::numericOptions()) {
        double value = 0;
        wsm::numericOptionValue(c, option.name, &value);
        text += option.name + QLatin1Char('=') + QString::number(value, 'g', 17) + QLatin1Char(' ');
    }
    return text + QLatin1String("origins=") + escaped(c.allowedOrigins.join(QLatin1Char('|')))
        + QLatin1String(" token=") + escaped(c.token) + QLatin1String(" log=") + escaped(c.logCsvPath);
}

bool sameConfig(const ServerConfig &a, const ServerConfig &b)
{
    return describe(a) == describe(b);
}

void checkLoaded(const QSettings &settings, const QString &source)
{
    const ServerConfig config = wsm::loadServerConfig(settings);
    const QString problems = config.validate();
    FUZZ_CHECK(problems.isEmpty(), source + QLatin1String(" loaded into an invalid config: ") + problems);
    FUZZ_CHECK(config.path.startsWith(QLatin1Char('/')), source);

    const ConsoleSettings console = wsm::loadConsoleSettings(settings);
    FUZZ_CHECK(console.kickSpreadMs >= ConsoleSettings::MinKickSpreadMs
                   && console.kickSpreadMs <= ConsoleSettings::MaxKickSpreadMs,
               QString::number(console.kickSpreadMs));
    FUZZ_CHECK(console.chartWindowSeconds >= ConsoleSettings::MinChartWindowSeconds
                   && console.chartWindowSeconds <= ConsoleSettings::MaxChartWindowSeconds,
               QString::number(console.chartWindowSeconds));
    FUZZ_CHECK(console.banMinutes >= ConsoleSettings::MinBanMinutes && console.banMinutes <= ConsoleSettings::MaxBanMinutes,
               QString::number(console.banMinutes));
    FUZZ_CHECK(console.kickCloseCode >= ConsoleSettings::MinKickCloseCode
                   && console.kickCloseCode <= ConsoleSettings::MaxKickCloseCode,
               QString::number(console.kickCloseCode));
    FUZZ_CHECK(wsm::fitsKickReason(console.kickReason) && console.kickReason == console.kickReason.trimmed(),
               escaped(console.kickReason));

    // What was loaded is what the next start loads again after a save.
    const QString path = nextFile();
    {
        QSettings saved(path, QSettings::IniFormat);
        wsm::saveServerConfig(saved, config);
        wsm::saveConsoleSettings(saved, console);
        saved.sync();
        FUZZ_CHECK(saved.status() == QSettings::NoError, path);
    }
    {
        const QSettings reread(path, QSettings::IniFormat);
        const ServerConfig again = wsm::loadServerConfig(reread);
        FUZZ_CHECK(sameConfig(config, again),
                   QLatin1String("saved  ") + describe(config) + QLatin1String("\nloaded ") + describe(again));
        const ConsoleSettings consoleAgain = wsm::loadConsoleSettings(reread);
        FUZZ_CHECK(consoleAgain.kickSpreadMs == console.kickSpreadMs
                       && consoleAgain.chartWindowSeconds == console.chartWindowSeconds
                       && consoleAgain.banMinutes == console.banMinutes
                       && consoleAgain.kickCloseCode == console.kickCloseCode
                       && consoleAgain.kickReason == console.kickReason,
                   escaped(console.kickReason) + QLatin1String(" / ") + escaped(consoleAgain.kickReason));
    }
    QFile::remove(path);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    // Saving ends in an fsync (QSaveFile): on a RAM disk that costs nothing, on a real one most of
    // the run.
    const QString base = QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm") : QDir::tempPath();
    workDir = new QTemporaryDir(base + QStringLiteral("/wsm-fuzz-settings-XXXXXX"));
    if (!workDir->isValid()) {
        std::fprintf(stderr, "fuzz_settings: cannot make a temporary directory\n");
        std::abort();
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *bytes, std::size_t size)
{
    if (size < 1 || size > 8192)
        return 0;
    const QString path = nextFile();
    if (bytes[0] & 1) {
        // An INI file as a person (or a broken disk) might leave it.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            std::abort();
        file.write(reinterpret_cast<const char *>(bytes + 1), qint64(size - 1));
        file.close();
        const QSettings settings(path, QSettings::IniFormat);
        checkLoaded(settings, QStringLiteral("INI file ") + escaped(QByteArray(reinterpret_cast<const char *>(bytes + 1),
                                                                                 qsizetype(std::min<std::size_t>(size - 1, 300)))));
    } else {
        // Typed values, as another QSettings back end (the registry, a plist) may hand them over.
        QSettings settings(path, QSettings::IniFormat);
        Reader reader(bytes + 1, size - 1);
        QString source = QStringLiteral("typed values:");
        while (!reader.atEnd()) {
            const QString key = QString::fromLatin1(keys[reader.byte() % keyCount]);
            const QVariant value = typedValue(reader);
            settings.setValue(key, value);
            source += QLatin1Char(' ') + key + QLatin1Char('=') + escaped(value.toString());
        }
        checkLoaded(settings, source);
    }
    QFile::remove(path);
    return 0;
}
