#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace wsm::bench {

// SHA-1 (FIPS 180-4). Only the WebSocket accept key uses it, and no security rests on it there:
// the load generator links no crypto library, so it carries this small one.
std::array<std::uint8_t, 20> sha1(const void *data, std::size_t size);

// Standard base64 (RFC 4648) with padding.
std::string base64Encode(const void *data, std::size_t size);

// The Sec-WebSocket-Accept value a server must answer to the given Sec-WebSocket-Key (RFC 6455 4.2.2).
std::string webSocketAccept(const std::string &key);

} // namespace wsm::bench
