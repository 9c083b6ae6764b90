// The wait before a retry: "full jitter" exponential backoff, as AWS's SDKs
// do it, so that clients throttled together do not come back together.
#pragma once

#include <algorithm>
#include <cmath>

namespace simpleflow::swf::internal {

// The wait before retry number `retry` (0 for the first retry), given a
// uniform random number in [0, 1): random * min(max_delay, base * 2^retry).
inline double backoff_delay(int retry, double base_delay, double max_delay, double unit_random) {
  double ceiling = std::min(max_delay, base_delay * std::ldexp(1.0, std::min(retry, 30)));
  return unit_random * ceiling;
}

}  // namespace simpleflow::swf::internal
