// SWF's limits on the fields simpleflow fills, in characters.
#pragma once

#include <cstddef>

namespace simpleflow::internal {

inline constexpr std::size_t kMaxFieldLength = 32768;  // input, result, control, details, context
inline constexpr std::size_t kMaxReasonLength = 256;
inline constexpr std::size_t kMaxHeartbeatDetailsLength = 2048;

}  // namespace simpleflow::internal
