#include "acceptkey.h"

#include <cstring>

namespace wsm::bench {

namespace {

std::uint32_t rotateLeft(std::uint32_t value, int bits)
{
    return (value << bits) | (value >> (32 - bits));
}

void compressBlock(std::uint32_t state[5], const std::uint8_t *block)
{
    std::uint32_t w[80];
    for (int i = 0; i < 16; ++i) {
        w[i] = std::uint32_t(block[4 * i]) << 24 | std::uint32_t(block[4 * i + 1]) << 16
            | std::uint32_t(block[4 * i + 2]) << 8 | std::uint32_t(block[4 * i + 3]);
    }
    for (int i = 16; i < 80; ++i)
        w[i] = rotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);

    std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
    for (int i = 0; i < 80; ++i) {
        std::uint32_t f = 0;
        std::uint32_t k = 0;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDC;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6;
        }
        const std::uint32_t next = rotateLeft(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rotateLeft(b, 30);
        b = a;
        a = next;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
}

} // namespace

std::array<std::uint8_t, 20> sha1(const void *data, std::size_t size)
{
    std::uint32_t state[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    const auto *bytes = static_cast<const std::uint8_t *>(data);

    std::size_t done = 0;
    for (; size - done >= 64; done += 64)
        compressBlock(state, bytes + done);

    // The tail, a 0x80 byte, zeros, and the length in bits as a big-endian 64-bit number: one or
    // two more blocks.
    std::uint8_t tail[128] = {};
    const std::size_t rest = size - done;
    if (rest > 0)
        std::memcpy(tail, bytes + done, rest);
    tail[rest] = 0x80;
    const std::size_t tailSize = rest < 56 ? 64 : 128;
    const std::uint64_t bits = std::uint64_t(size) * 8;
    for (int i = 0; i < 8; ++i)
        tail[tailSize - 1 - i] = std::uint8_t(bits >> (8 * i));
    compressBlock(state, tail);
    if (tailSize == 128)
        compressBlock(state, tail + 64);

    std::array<std::uint8_t, 20> digest{};
    for (int i = 0; i < 5; ++i) {
        digest[std::size_t(4 * i)] = std::uint8_t(state[i] >> 24);
        digest[std::size_t(4 * i + 1)] = std::uint8_t(state[i] >> 16);
        digest[std::size_t(4 * i + 2)] = std::uint8_t(state[i] >> 8);
        digest[std::size_t(4 * i + 3)] = std::uint8_t(state[i]);
    }
    return digest;
}

std::string base64Encode(const void *data, std::size_t size)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const auto *bytes = static_cast<const std::uint8_t *>(data);
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= size; i += 3) {
        const std::uint32_t group = std::uint32_t(bytes[i]) << 16 | std::uint32_t(bytes[i + 1]) << 8 | bytes[i + 2];
        out += alphabet[(group >> 18) & 63];
        out += alphabet[(group >> 12) & 63];
        out += alphabet[(group >> 6) & 63];
        out += alphabet[group & 63];
    }
    if (size - i == 1) {
        const std::uint32_t group = std::uint32_t(bytes[i]) << 16;
        out += alphabet[(group >> 18) & 63];
        out += alphabet[(group >> 12) & 63];
        out += "==";
    } else if (size - i == 2) {
        const std::uint32_t group = std::uint32_t(bytes[i]) << 16 | std::uint32_t(bytes[i + 1]) << 8;
        out += alphabet[(group >> 18) & 63];
        out += alphabet[(group >> 12) & 63];
        out += alphabet[(group >> 6) & 63];
        out += '=';
    }
    return out;
}

std::string webSocketAccept(const std::string &key)
{
    // The GUID every WebSocket server appends (RFC 6455 1.3).
    const std::string joined = key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    const std::array<std::uint8_t, 20> digest = sha1(joined.data(), joined.size());
    return base64Encode(digest.data(), digest.size());
}

} // namespace wsm::bench
