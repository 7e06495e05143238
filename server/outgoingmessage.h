#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace wsm {

// A message the operator sends to clients: a text frame or a binary frame. One value for both, so
// the console, the controller and the server have one send path and one broadcast path whatever the
// kind. A plain value: it crosses threads and may one day cross the network.
struct OutgoingMessage
{
    enum class Kind : quint8 { Text, Binary };

    Kind kind = Kind::Text;
    QString text;    // Kind::Text; sent as UTF-8
    QByteArray data; // Kind::Binary

    static OutgoingMessage fromText(const QString &text) { return {Kind::Text, text, {}}; }
    static OutgoingMessage fromBinary(const QByteArray &data) { return {Kind::Binary, {}, data}; }

    bool isBinary() const { return kind == Kind::Binary; }
    bool isEmpty() const { return isBinary() ? data.isEmpty() : text.isEmpty(); }
    // The payload's size on the wire (UTF-8 for text): what the server's largest message limits.
    qint64 byteSize() const { return isBinary() ? data.size() : text.toUtf8().size(); }
};

} // namespace wsm

Q_DECLARE_METATYPE(wsm::OutgoingMessage)
