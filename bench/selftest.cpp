#include "selftest.h"

#include "acceptkey.h"
#include "frame.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wsm::bench {

namespace {

struct Checker
{
    std::FILE *out;
    int checks = 0;
    int failures = 0;

    void expect(bool ok, const std::string &what)
    {
        ++checks;
        if (!ok) {
            ++failures;
            std::fprintf(out, "FAIL %s\n", what.c_str());
        }
    }
};

std::string hex(const std::array<std::uint8_t, 20> &digest)
{
    static const char digits[] = "0123456789abcdef";
    std::string text;
    for (const std::uint8_t byte : digest) {
        text += digits[byte >> 4];
        text += digits[byte & 15];
    }
    return text;
}

std::string bytes(std::initializer_list<int> values)
{
    std::string text;
    for (const int value : values)
        text += static_cast<char>(value);
    return text;
}

void checkSha1(Checker &checker)
{
    struct Vector
    {
        std::string input;
        const char *digest;
        const char *name;
    };
    const Vector vectors[] = {
        {"", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "empty"},
        {"abc", "a9993e364706816aba3e25717850c26c9cd0d89d", "abc"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
         "two blocks (FIPS 180 example)"},
        // Padding edges: the length still fits in the block (55), just does not (56), and whole blocks.
        {std::string(55, 'a'), "c1c8bbdc22796e28c0e15163d20899b65621d65a", "55 bytes"},
        {std::string(56, 'a'), "c2db330f6083854c99d4b5bfb6e8f29f201be699", "56 bytes"},
        {std::string(63, 'a'), "03f09f5b158a7a8cdad920bddc29b81c18a551f5", "63 bytes"},
        {std::string(64, 'a'), "0098ba824b5c16427bd7a1122a5a442a25ec644d", "64 bytes"},
        {std::string(65, 'a'), "11655326c708d70319be2610e8a57d9a5b959d3b", "65 bytes"},
        {std::string(1000000, 'a'), "34aa973cd4c4daa4f61eeb2bdbad27316534016f", "a million a's"},
    };
    for (const Vector &vector : vectors) {
        const std::string got = hex(sha1(vector.input.data(), vector.input.size()));
        checker.expect(got == vector.digest, std::string("sha1 ") + vector.name + ": got " + got + ", want " + vector.digest);
    }
}

void checkBase64(Checker &checker)
{
    const std::pair<const char *, const char *> vectors[] = {
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
    };
    for (const auto &[input, want] : vectors) {
        const std::string got = base64Encode(input, std::string(input).size());
        checker.expect(got == want, std::string("base64 '") + input + "': got " + got + ", want " + want);
    }
    const std::string got = webSocketAccept("dGhlIHNhbXBsZSBub25jZQ==");
    checker.expect(got == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "accept key of the RFC 6455 example: got " + got);
}

void checkClientFrames(Checker &checker)
{
    // RFC 6455 5.7: a single-frame masked text message "Hello".
    std::string frame;
    appendClientFrame(frame, Opcode::Text, "Hello", 5, 0x37fa213d);
    checker.expect(frame == bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}),
                   "masked 'Hello' differs from RFC 6455 5.7");

    // Length encodings at their edges, and the payload comes back when unmasked.
    const std::size_t sizes[] = {0, 125, 126, 65535, 65536};
    for (const std::size_t size : sizes) {
        std::string payload(size, '\0');
        for (std::size_t i = 0; i < size; ++i)
            payload[i] = static_cast<char>(i * 31 + 7);
        std::string encoded;
        appendClientFrame(encoded, Opcode::Binary, payload.data(), payload.size(), 0xA1B2C3D4, true);
        const std::size_t header = size > 65535 ? 14 : (size > 125 ? 8 : 6);
        bool ok = encoded.size() == header + size && static_cast<unsigned char>(encoded[0]) == 0x82
            && (static_cast<unsigned char>(encoded[1]) & 0x80) != 0;
        const unsigned lengthCode = static_cast<unsigned char>(encoded[1]) & 0x7F;
        ok = ok && lengthCode == (size > 65535 ? 127u : (size > 125 ? 126u : unsigned(size)));
        for (std::size_t i = 0; ok && i < size; ++i) {
            const unsigned char mask = static_cast<unsigned char>(encoded[header - 4 + (i & 3)]);
            ok = static_cast<char>(static_cast<unsigned char>(encoded[header + i]) ^ mask) == payload[i];
        }
        checker.expect(ok, "client frame of " + std::to_string(size) + " bytes is not encoded right");
    }

    // A frame's head alone (stalled senders) is the same head appendClientFrame writes.
    for (const std::size_t size : sizes) {
        std::string head;
        appendClientFrameHeader(head, Opcode::Binary, size, 0xA1B2C3D4);
        std::string whole;
        appendClientFrame(whole, Opcode::Binary, std::string(size, 'h').data(), size, 0xA1B2C3D4);
        checker.expect(whole.compare(0, head.size(), head) == 0 && whole.size() == head.size() + size,
                       "the head of a " + std::to_string(size) + "-byte frame differs from the whole frame's");
    }
    std::string bigHead;
    appendClientFrameHeader(bigHead, Opcode::Binary, 1048000, 0x01020304);
    checker.expect(bigHead == bytes({0x82, 0xFF, 0, 0, 0, 0, 0, 0x0F, 0xFD, 0xC0, 0x01, 0x02, 0x03, 0x04}),
                   "the head of a 1048000-byte binary frame");

    std::string fragment;
    appendClientFrame(fragment, Opcode::Text, "Hel", 3, 0, false);
    checker.expect(static_cast<unsigned char>(fragment[0]) == 0x01, "a non-final fragment must have FIN clear");
    checker.expect(closePayload(1000, "bye") == bytes({0x03, 0xE8, 'b', 'y', 'e'}), "close payload 1000 'bye'");
}

void checkServerFrames(Checker &checker)
{
    auto parse = [](const std::string &data, ServerFrame *frame, std::size_t *consumed, std::string *error) {
        return parseServerFrame(data.data(), data.size(), 1 << 20, frame, consumed, error);
    };
    ServerFrame frame;
    std::size_t consumed = 0;
    std::string error;

    // RFC 6455 5.7 examples, server side (unmasked).
    const std::string hello = bytes({0x81, 0x05, 'H', 'e', 'l', 'l', 'o'});
    checker.expect(parse(hello, &frame, &consumed, &error) == ParseStatus::Complete && frame.opcode == Opcode::Text
                       && frame.fin && std::string(frame.payload, frame.size) == "Hello" && consumed == 7,
                   "unmasked text 'Hello'");
    const std::string first = bytes({0x01, 0x03, 'H', 'e', 'l'});
    checker.expect(parse(first, &frame, &consumed, &error) == ParseStatus::Complete && frame.opcode == Opcode::Text
                       && !frame.fin && frame.size == 3,
                   "first fragment of 'Hello'");
    const std::string last = bytes({0x80, 0x02, 'l', 'o'});
    checker.expect(parse(last, &frame, &consumed, &error) == ParseStatus::Complete
                       && frame.opcode == Opcode::Continuation && frame.fin && frame.size == 2,
                   "last fragment of 'Hello'");
    const std::string ping = bytes({0x89, 0x05, 'H', 'e', 'l', 'l', 'o'});
    checker.expect(parse(ping, &frame, &consumed, &error) == ParseStatus::Complete && frame.opcode == Opcode::Ping,
                   "unmasked ping");

    std::string medium = bytes({0x82, 0x7E, 0x01, 0x00});
    medium += std::string(256, 'm');
    checker.expect(parse(medium, &frame, &consumed, &error) == ParseStatus::Complete && frame.size == 256
                       && consumed == 260,
                   "256-byte binary with a 16-bit length");
    std::string large = bytes({0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0});
    large += std::string(65536, 'l');
    checker.expect(parse(large, &frame, &consumed, &error) == ParseStatus::Complete && frame.size == 65536
                       && consumed == 65546,
                   "64 KiB binary with a 64-bit length");

    for (std::size_t cut = 0; cut < medium.size(); cut += 37) {
        checker.expect(parse(medium.substr(0, cut), &frame, &consumed, &error) == ParseStatus::NeedMore,
                       "a frame cut after " + std::to_string(cut) + " bytes needs more");
    }

    struct Bad
    {
        std::string data;
        const char *name;
    };
    const Bad bad[] = {
        {bytes({0x81, 0x85, 1, 2, 3, 4, 'a', 'b', 'c', 'd', 'e'}), "masked frame from a server"},
        {bytes({0xC1, 0x01, 'x'}), "RSV1 without an extension"},
        {bytes({0x83, 0x01, 'x'}), "reserved data opcode 3"},
        {bytes({0x8B, 0x00}), "reserved control opcode 0xB"},
        {bytes({0x09, 0x00}), "fragmented ping"},
        {bytes({0x89, 0x7E, 0x00, 0x7E}), "ping over 125 bytes"},
        {bytes({0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0}), "64-bit length with the top bit set"},
        {bytes({0x82, 0x7F, 0, 0, 0, 0, 0, 0x20, 0, 0}), "frame over the payload limit"},
    };
    for (const Bad &entry : bad) {
        checker.expect(parse(entry.data, &frame, &consumed, &error) == ParseStatus::Error && !error.empty(),
                       std::string("not refused: ") + entry.name);
    }
}

} // namespace

bool runSelfTest(std::FILE *out)
{
    Checker checker{out};
    checkSha1(checker);
    checkBase64(checker);
    checkClientFrames(checker);
    checkServerFrames(checker);
    std::fprintf(out, "self-test: %d checks, %d failed\n", checker.checks, checker.failures);
    return checker.failures == 0;
}

} // namespace wsm::bench
