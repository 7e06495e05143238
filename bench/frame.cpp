#include "frame.h"

namespace wsm::bench {

void appendClientFrameHeader(std::string &out, Opcode opcode, std::uint64_t size, std::uint32_t maskKey, bool fin)
{
    out += static_cast<char>((fin ? 0x80 : 0x00) | static_cast<unsigned char>(opcode));
    if (size > 0xFFFF) {
        out += static_cast<char>(0x80 | 127);
        for (int i = 7; i >= 0; --i)
            out += static_cast<char>(static_cast<unsigned char>(size >> (8 * i)));
    } else if (size > 125) {
        out += static_cast<char>(0x80 | 126);
        out += static_cast<char>(static_cast<unsigned char>(size >> 8));
        out += static_cast<char>(static_cast<unsigned char>(size));
    } else {
        out += static_cast<char>(0x80 | size);
    }
    for (int shift = 24; shift >= 0; shift -= 8)
        out += static_cast<char>(static_cast<unsigned char>(maskKey >> shift));
}

void appendClientFrame(std::string &out, Opcode opcode, const char *payload, std::size_t size,
                       std::uint32_t maskKey, bool fin)
{
    appendClientFrameHeader(out, opcode, size, maskKey, fin);
    const std::size_t start = out.size();
    out.resize(start + size);
    auto *p = reinterpret_cast<unsigned char *>(&out[start]);
    const unsigned char mask[4] = {static_cast<unsigned char>(maskKey >> 24), static_cast<unsigned char>(maskKey >> 16),
                                   static_cast<unsigned char>(maskKey >> 8), static_cast<unsigned char>(maskKey)};
    const auto *in = reinterpret_cast<const unsigned char *>(payload);
    for (std::size_t i = 0; i < size; ++i)
        p[i] = in[i] ^ mask[i & 3];
}

std::string closePayload(std::uint16_t code, const std::string &reason)
{
    std::string payload;
    payload += static_cast<char>(code >> 8);
    payload += static_cast<char>(code & 0xFF);
    payload += reason;
    return payload;
}

ParseStatus parseServerFrame(const char *data, std::size_t available, std::size_t maxPayload,
                             ServerFrame *frame, std::size_t *consumed, std::string *error)
{
    if (available < 2)
        return ParseStatus::NeedMore;
    const auto *p = reinterpret_cast<const unsigned char *>(data);
    const bool fin = (p[0] & 0x80) != 0;
    const unsigned opcodeBits = p[0] & 0x0F;
    const bool masked = (p[1] & 0x80) != 0;
    std::uint64_t length = p[1] & 0x7F;

    if ((p[0] & 0x70) != 0) {
        *error = "reserved bits set without a negotiated extension";
        return ParseStatus::Error;
    }
    if (masked) {
        *error = "masked frame from the server";
        return ParseStatus::Error;
    }
    const bool known = opcodeBits <= 0x2 || (opcodeBits >= 0x8 && opcodeBits <= 0xA);
    if (!known) {
        *error = "unknown opcode " + std::to_string(opcodeBits);
        return ParseStatus::Error;
    }
    const bool control = opcodeBits >= 0x8;
    if (control && (!fin || length > 125)) {
        *error = "fragmented or oversized control frame";
        return ParseStatus::Error;
    }

    std::size_t header = 2;
    if (length == 126) {
        if (available < 4)
            return ParseStatus::NeedMore;
        length = std::uint64_t(p[2]) << 8 | p[3];
        header = 4;
    } else if (length == 127) {
        if (available < 10)
            return ParseStatus::NeedMore;
        length = 0;
        for (int i = 0; i < 8; ++i)
            length = length << 8 | p[2 + i];
        header = 10;
        if (length >> 63) {
            *error = "64-bit length with the top bit set";
            return ParseStatus::Error;
        }
    }
    if (length > maxPayload) {
        *error = "frame of " + std::to_string(length) + " bytes, over the limit of " + std::to_string(maxPayload);
        return ParseStatus::Error;
    }
    if (available - header < length)
        return ParseStatus::NeedMore;

    frame->opcode = static_cast<Opcode>(opcodeBits);
    frame->fin = fin;
    frame->payload = data + header;
    frame->size = std::size_t(length);
    *consumed = header + std::size_t(length);
    return ParseStatus::Complete;
}

} // namespace wsm::bench
