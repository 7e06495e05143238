#pragma once

#include <cstdio>

namespace wsm::bench {

// Checks the pieces the load generator cannot borrow from a library against published values:
// SHA-1 (FIPS 180 examples and the padding edges), base64 (RFC 4648 10), the accept key
// (RFC 6455 1.3) and frame coding (RFC 6455 5.7), plus the frame errors a server can make.
// Prints one line per failed check to out; true when all pass.
bool runSelfTest(std::FILE *out);

} // namespace wsm::bench
