#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace wsm::bench {

// RFC 6455 5.2 opcodes; anything else from a server is a protocol error.
enum class Opcode : std::uint8_t {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

// Appends one client frame to out. Every client frame is masked (RFC 6455 5.3); the payload is
// copied and masked with maskKey on the way.
void appendClientFrame(std::string &out, Opcode opcode, const char *payload, std::size_t size,
                       std::uint32_t maskKey, bool fin = true);

// Appends only the head of a client frame of size payload bytes (FIN, opcode, length, mask key),
// for a payload that follows separately (stalled senders send part of it and never the rest).
void appendClientFrameHeader(std::string &out, Opcode opcode, std::uint64_t size, std::uint32_t maskKey,
                             bool fin = true);

// A close frame's payload: the status code, big-endian, then the reason.
std::string closePayload(std::uint16_t code, const std::string &reason = std::string());

struct ServerFrame
{
    Opcode opcode = Opcode::Continuation;
    bool fin = true;
    const char *payload = nullptr; // points into the parsed buffer
    std::size_t size = 0;
};

enum class ParseStatus { Complete, NeedMore, Error };

// Reads one frame a server sent from the start of data. Complete: *frame and *consumed are set.
// NeedMore: the frame is not all there yet. Error: *error says what the server did wrong (a
// masked frame, reserved bits without an extension, an unknown opcode, a fragmented or long
// control frame, or a payload over maxPayload).
ParseStatus parseServerFrame(const char *data, std::size_t available, std::size_t maxPayload,
                             ServerFrame *frame, std::size_t *consumed, std::string *error);

} // namespace wsm::bench
