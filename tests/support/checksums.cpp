#include "support/checksums.hpp"

#include <cstdint>
#include <cstdio>

namespace simpleflow::testing {

std::string adler32_hex(const std::string& text) {
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : text) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  char out[16];
  std::snprintf(out, sizeof out, "%x", (b << 16) | a);
  return out;
}

}  // namespace simpleflow::testing
