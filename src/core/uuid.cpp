#include "core/uuid.hpp"

#include <sys/random.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

namespace simpleflow::internal {
namespace {

// 16 bytes from the kernel at each call: processes forked from one another
// never share a generator's state (a forked activity's jumbo field keys must
// differ from its siblings').
void random_bytes(unsigned char* out, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::getrandom(out + done, size - done, 0);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    std::random_device device;  // no getrandom(2): the device reads /dev/urandom
    for (; done < size; ++done) out[done] = static_cast<unsigned char>(device());
  }
}

}  // namespace

std::string uuid4() {
  unsigned char bytes[16];
  random_bytes(bytes, sizeof bytes);
  std::uint64_t hi, lo;
  std::memcpy(&hi, bytes, 8);
  std::memcpy(&lo, bytes + 8, 8);
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 10
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

}  // namespace simpleflow::internal
