#pragma once

namespace simpleflow {
// The library's version; `simpleflow --version` prints it.
inline constexpr const char* kVersion = "0.1.0";
}  // namespace simpleflow
