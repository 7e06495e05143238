// wsm_rendericon: renders the application icon (SVG) as PNGs for the hicolor icon theme, at build
// time, so the package carries the sizes menus and software centres look for without a second
// copy of the artwork in the source tree. Qt reads the SVG through its image-format plugin
// (Debian: libqt6svg6), so this needs no Qt SVG headers.
//
//   wsm_rendericon ICON.svg OUTDIR SIZE...   writes OUTDIR/SIZExSIZE/apps/<name>.png for each SIZE

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        std::fprintf(stderr, "usage: wsm_rendericon ICON.svg OUTDIR SIZE...\n");
        return 2;
    }
    const QString source = args.at(1);
    const QString name = QFileInfo(source).completeBaseName();
    for (int i = 3; i < args.size(); ++i) {
        bool ok = false;
        const int size = args.at(i).toInt(&ok);
        if (!ok || size < 1 || size > 1024) {
            std::fprintf(stderr, "wsm_rendericon: a size must be a whole number from 1 to 1024, not '%s'\n",
                         qPrintable(args.at(i)));
            return 2;
        }
        QImageReader reader(source);
        reader.setScaledSize(QSize(size, size));
        const QImage image = reader.read();
        if (image.isNull()) {
            std::fprintf(stderr, "wsm_rendericon: cannot read %s: %s\n", qPrintable(source),
                         qPrintable(reader.errorString()));
            return 1;
        }
        const QString dir = QStringLiteral("%1/%2x%2/apps").arg(args.at(2)).arg(size);
        const QString target = dir + QLatin1Char('/') + name + QStringLiteral(".png");
        if (!QDir().mkpath(dir) || !image.convertToFormat(QImage::Format_ARGB32).save(target, "PNG")) {
            std::fprintf(stderr, "wsm_rendericon: cannot write %s\n", qPrintable(target));
            return 1;
        }
    }
    return 0;
}
