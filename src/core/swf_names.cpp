#include "core/swf_names.hpp"

#include <optional>

namespace simpleflow::internal {
namespace {

// The code points of `text`, or nullopt when it is not UTF-8 (SWF's JSON
// could not carry it).
std::optional<std::u32string> code_points(std::string_view text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int extra = lead < 0x80            ? 0
                      : (lead & 0xE0) == 0xC0 ? 1
                      : (lead & 0xF0) == 0xE0 ? 2
                      : (lead & 0xF8) == 0xF0 ? 3
                                              : -1;  // a continuation byte, or no UTF-8 byte at all
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= text.size()) return std::nullopt;
    char32_t c = extra == 0 ? lead : lead & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      c = (c << 6) | (next & 0x3F);
    }
    static constexpr char32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
    if (c < kSmallest[extra] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return std::nullopt;
    out += c;
    i += 1 + static_cast<std::size_t>(extra);
  }
  return out;
}

// Java's Character.isWhitespace: SWF is a Java service.
bool is_whitespace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x1680 || (c >= 0x2000 && c <= 0x2006) ||
         (c >= 0x2008 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x205F || c == 0x3000;
}

bool is_control(char32_t c) { return c <= 0x1F || (c >= 0x7F && c <= 0x9F); }

}  // namespace

std::string swf_name_violation(std::string_view name, std::size_t max_length) {
  const auto chars = code_points(name);
  if (!chars) return "is not UTF-8";
  if (chars->empty()) return "is empty";
  if (chars->size() > max_length) return "has " + std::to_string(chars->size()) + " characters";
  if (is_whitespace(chars->front()) || is_whitespace(chars->back())) return "starts or ends with whitespace";
  for (char32_t c : *chars) {
    if (c == ':' || c == '/' || c == '|') return std::string("contains '") + static_cast<char>(c) + "'";
    if (is_control(c)) return "contains a control character";
  }
  if (name == "arn") return "is the word arn";
  return "";
}

}  // namespace simpleflow::internal
