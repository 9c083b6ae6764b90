// The JSON dialect of Python simpleflow: json.dumps(separators=(",", ":"),
// sort_keys=True) with its default ensure_ascii, and repr() for floats.
#include "simpleflow/json.hpp"

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace simpleflow {
namespace {

void append_hex4(std::string& out, unsigned code) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04x", code);
  out += buf;
}

// Decodes one UTF-8 sequence at s[i]; invalid bytes decode as U+FFFD, as
// Python's "replace" error handler would: one U+FFFD per maximal subpart of an
// ill-formed sequence (a truncated "\xe6\x97" is one U+FFFD, not two).
unsigned next_code_point(const std::string& s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned c = byte(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  // Lead byte: number of continuation bytes and the valid range of the first
  // one (excludes overlong forms, surrogates and code points above U+10FFFF).
  int extra = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xC2 && c <= 0xDF ? 1 : 0;
  if (extra == 0) {
    ++i;
    return 0xFFFD;
  }
  unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
  unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
  unsigned code = c & (0x3Fu >> extra);
  std::size_t k = i + 1;
  for (int n = 0; n < extra; ++n, ++k) {
    if (k >= s.size() || byte(k) < lo || byte(k) > hi) {
      i = k;  // skip the valid prefix; the offending byte starts the next sequence
      return 0xFFFD;
    }
    code = (code << 6) | (byte(k) & 0x3F);
    lo = 0x80;
    hi = 0xBF;
  }
  i = k;
  return code;
}

void dump_string(std::string& out, const std::string& s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      if (c == '"') out += "\\\"";
      else if (c == '\\') out += "\\\\";
      else out += static_cast<char>(c);
      ++i;
      continue;
    }
    switch (c) {
      case '\n': out += "\\n"; ++i; continue;
      case '\r': out += "\\r"; ++i; continue;
      case '\t': out += "\\t"; ++i; continue;
      case '\b': out += "\\b"; ++i; continue;
      case '\f': out += "\\f"; ++i; continue;
      default: break;
    }
    unsigned code = next_code_point(s, i);
    if (code >= 0x10000) {
      code -= 0x10000;
      append_hex4(out, 0xD800 | (code >> 10));
      append_hex4(out, 0xDC00 | (code & 0x3FF));
    } else {
      append_hex4(out, code);
    }
  }
  out += '"';
}

// Python's float repr: shortest round-trip digits, fixed notation when the
// decimal exponent is in (-4, 16], scientific otherwise.
void dump_float(std::string& out, double d) {
  if (std::isnan(d)) {
    out += "NaN";
    return;
  }
  if (std::isinf(d)) {
    out += d < 0 ? "-Infinity" : "Infinity";
    return;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  bool negative = sci[0] == '-';
  if (negative) sci.erase(0, 1);
  auto e_pos = sci.find('e');
  std::string digits = sci.substr(0, e_pos);
  if (digits.size() > 1) digits.erase(1, 1);  // drop the '.'
  int exponent = std::atoi(sci.c_str() + e_pos + 1);
  int decpt = exponent + 1;  // value = 0.DIGITS * 10^decpt
  if (negative) out += '-';
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-decpt), '0');
      out += digits;
    } else if (static_cast<std::size_t>(decpt) >= digits.size()) {
      out += digits;
      out.append(static_cast<std::size_t>(decpt) - digits.size(), '0');
      out += ".0";
    } else {
      out += digits.substr(0, decpt);
      out += '.';
      out += digits.substr(decpt);
    }
    return;
  }
  out += digits[0];
  if (digits.size() > 1) {
    out += '.';
    out += digits.substr(1);
  }
  char exp_buf[16];
  std::snprintf(exp_buf, sizeof exp_buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
  out += exp_buf;
}

void dump_value(std::string& out, const Json& v) {
  switch (v.type()) {
    case Json::value_t::null: out += "null"; return;
    case Json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; return;
    case Json::value_t::number_integer: out += std::to_string(v.get<std::int64_t>()); return;
    case Json::value_t::number_unsigned: out += std::to_string(v.get<std::uint64_t>()); return;
    case Json::value_t::number_float: dump_float(out, v.get<double>()); return;
    case Json::value_t::string: dump_string(out, v.get_ref<const std::string&>()); return;
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v) {
        if (!first) out += ',';
        first = false;
        dump_value(out, item);
      }
      out += ']';
      return;
    }
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.items()) {
        if (!first) out += ',';
        first = false;
        dump_string(out, key);
        out += ':';
        dump_value(out, item);
      }
      out += '}';
      return;
    }
    case Json::value_t::binary:
    case Json::value_t::discarded: out += "null"; return;
  }
}

}  // namespace

std::string dumps(const Json& value) {
  std::string out;
  dump_value(out, value);
  return out;
}

namespace {

Json from_element(simdjson::dom::element e) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::ARRAY: {
      Json out = Json::array();
      auto& items = out.get_ref<Json::array_t&>();
      for (simdjson::dom::element item : simdjson::dom::array(e)) items.push_back(from_element(item));
      return out;
    }
    case element_type::OBJECT: {
      Json out = Json::object();
      auto& fields = out.get_ref<Json::object_t&>();
      // A repeated key keeps its last value, as nlohmann's parser does.
      for (auto field : simdjson::dom::object(e)) fields.insert_or_assign(std::string(field.key), from_element(field.value));
      return out;
    }
    case element_type::INT64: {
      // nlohmann keeps non-negative integers unsigned: so do we, to compare equal in type too.
      const std::int64_t v = e.get_int64().value_unsafe();
      return v >= 0 ? Json(static_cast<std::uint64_t>(v)) : Json(v);
    }
    case element_type::UINT64: return Json(e.get_uint64().value_unsafe());
    case element_type::DOUBLE: return Json(e.get_double().value_unsafe());
    case element_type::STRING: return Json(std::string(e.get_string().value_unsafe()));
    case element_type::BOOL: return Json(e.get_bool().value_unsafe());
    case element_type::NULL_VALUE: break;
  }
  return Json(nullptr);
}

// An integer, true, false or null, the most common results, read without a
// parser (whose setup costs more than the reading); nullopt for other texts.
std::optional<Json> parse_scalar(std::string_view text) {
  if (text == "true") return Json(true);
  if (text == "false") return Json(false);
  if (text == "null") return Json(nullptr);
  const bool negative = !text.empty() && text[0] == '-';
  const std::string_view digits = text.substr(negative ? 1 : 0);
  // At most 18 digits: no overflow; a leading zero only alone (JSON's rule).
  if (digits.empty() || digits.size() > 18 || (digits[0] == '0' && digits.size() > 1)) return std::nullopt;
  std::int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  // As nlohmann's parser: non-negative integers are unsigned.
  return negative ? Json(-value) : Json(static_cast<std::uint64_t>(value));
}

// Whether `text` holds the integer -0 (not -0.5, -0e1), maybe in a string:
// simdjson reads it as 0, which nlohmann keeps as a signed integer.
bool has_negative_zero(std::string_view text) {
  for (auto i = text.find("-0"); i != std::string_view::npos; i = text.find("-0", i + 1)) {
    const char next = i + 2 < text.size() ? text[i + 2] : '\0';
    if (next != '.' && next != 'e' && next != 'E') return true;
  }
  return false;
}

// simdjson's parse, several times faster than nlohmann's; nullopt when it
// fails (nlohmann then decides, and words the error). Numbers beyond 64 bits
// are among its failures: nlohmann reads them as doubles.
std::optional<Json> fast_parse(std::string_view text) {
  if (text.size() <= 19) {
    if (auto scalar = parse_scalar(text)) return scalar;
  }
  // Small texts (results, inputs) reuse one parser per thread; a large one
  // gets its own, so that no thread keeps its buffers.
  if (has_negative_zero(text)) return std::nullopt;
  constexpr std::size_t kReusedUpTo = 64 * 1024;
  simdjson::dom::element root;
  if (text.size() > kReusedUpTo) {
    simdjson::dom::parser own;
    if (own.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) return std::nullopt;
    return from_element(root);
  }
  // simdjson reads up to SIMDJSON_PADDING bytes past the text: a padded copy.
  thread_local simdjson::dom::parser reused;
  thread_local std::string padded;
  padded.reserve(kReusedUpTo + simdjson::SIMDJSON_PADDING);
  padded.assign(text);
  if (reused.parse(padded.data(), padded.size(), /*realloc_if_needed=*/false).get(root) != simdjson::SUCCESS)
    return std::nullopt;
  return from_element(root);
}

}  // namespace

StatusOr<Json> parse_json(std::string_view text) {
  if (auto parsed = fast_parse(text)) return std::move(*parsed);
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {  // parse_error, or out_of_range for a number like 1e400
    std::string message = e.what();
    // nlohmann prefixes "[json.exception.parse_error.101] "; keep the rest,
    // which names the line, column and what was expected.
    if (auto pos = message.find("] "); pos != std::string::npos) message.erase(0, pos + 2);
    return InvalidArgumentError("invalid JSON: " + message);
  }
}

Json loads_or_raw(std::string_view text) {
  if (text.empty()) return nullptr;
  if (auto parsed = fast_parse(text)) return std::move(*parsed);
  Json parsed = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Json(std::string(text));
  return parsed;
}

}  // namespace simpleflow
