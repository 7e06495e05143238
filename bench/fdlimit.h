#pragma once

#include <cstdint>
#include <string>

namespace wsm::bench {

// Every client is a descriptor; 10,000 of them need far more than the usual soft limit of 1024.
// Raises the soft limit to the hard one; false and *error (naming the numbers) if that is still
// below needed.
bool raiseOpenFileLimit(std::uint64_t needed, std::string *error);

} // namespace wsm::bench
