// Lengths in characters, as SWF's limits and Python's len() count them, of
// text held as UTF-8.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace simpleflow::internal {

inline bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Eight bytes at a time: jumbo fields are checked against their signature's
// length, and they run to megabytes.
inline std::size_t utf8_length(std::string_view text) {
  std::size_t continuations = 0;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    // A continuation byte is 10xxxxxx: its top bit set, the next one clear.
    continuations += static_cast<std::size_t>(std::popcount(word & ~(word << 1) & 0x8080808080808080ull));
  }
  for (; i < text.size(); ++i) continuations += is_utf8_continuation(text[i]);
  return text.size() - continuations;
}

// The first `chars` characters of `text`.
inline std::string_view utf8_prefix(std::string_view text, std::size_t chars) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_utf8_continuation(text[i]) && seen++ == chars) return text.substr(0, i);
  }
  return text;
}

}  // namespace simpleflow::internal
