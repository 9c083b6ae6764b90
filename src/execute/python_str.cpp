#include "execute/python_str.hpp"

#include <cmath>
#include <cstdio>

namespace simpleflow::internal {
namespace {

// Decodes the UTF-8 sequence at s[i] (already valid: it comes from JSON);
// a stray byte decodes as itself.
char32_t next_code_point(const std::string& s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(k < s.size() ? s[k] : 0); };
  unsigned char c = byte(i);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  char32_t code = extra ? c & (0x3F >> extra) : c;
  std::size_t start = i++;
  for (int n = 0; n < extra; ++n, ++i) {
    if ((byte(i) & 0xC0) != 0x80) {
      i = start + 1;
      return c;
    }
    code = (code << 6) | (byte(i) & 0x3F);
  }
  return code;
}

// Python's str.isprintable() is false for these (besides ASCII controls):
// C1 controls, separators other than the space, format characters,
// surrogates and private use.
bool printable(char32_t c) {
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0xA0) || c == 0xAD) return false;
  if (c == 0x1680 || (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F)) return false;
  if ((c >= 0x205F && c <= 0x2064) || (c >= 0x2066 && c <= 0x206F) || c == 0x3000 || c == 0xFEFF) return false;
  if (c == 0x061C || c == 0x180E || (c >= 0xFFF9 && c <= 0xFFFB) || c == 0x110BD || c == 0x110CD) return false;
  if ((c >= 0x1BCA0 && c <= 0x1BCA3) || (c >= 0x1D173 && c <= 0x1D17A) || c == 0xE0001) return false;
  if (c >= 0xE0020 && c <= 0xE007F) return false;
  if ((c >= 0xD800 && c <= 0xF8FF) || c >= 0xF0000) return false;  // surrogates, private use
  return true;
}

void append_escape(std::string& out, char32_t c) {
  char buf[16];
  if (c <= 0xFF) std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
  else if (c <= 0xFFFF) std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
  else std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(c));
  out += buf;
}

std::string repr_string(const std::string& s) {
  bool has_single = s.find('\'') != std::string::npos;
  bool has_double = s.find('"') != std::string::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    char32_t c = next_code_point(s, i);
    if (c == static_cast<char32_t>(quote) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (!printable(c)) {
      append_escape(out, c);
    } else {
      out.append(s, start, i - start);
    }
  }
  out += quote;
  return out;
}

std::string repr_float(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  return dumps(Json(d));  // the JSON dialect writes floats as Python's repr does
}

}  // namespace

std::string python_repr(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "None";
    case Json::value_t::boolean: return value.get<bool>() ? "True" : "False";
    case Json::value_t::number_float: return repr_float(value.get<double>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return dumps(value);
    case Json::value_t::string: return repr_string(value.get_ref<const std::string&>());
    case Json::value_t::array: {
      std::string out = "[";
      for (const auto& item : value) out += (out.size() > 1 ? ", " : "") + python_repr(item);
      return out + "]";
    }
    case Json::value_t::object: {
      // Keys in sorted order: the order of the JSON text simpleflow sends,
      // which is the order a Python worker's dict would keep.
      std::string out = "{";
      for (const auto& [key, item] : value.items())
        out += (out.size() > 1 ? ", " : "") + repr_string(key) + ": " + python_repr(item);
      return out + "}";
    }
    default: return dumps(value);
  }
}

std::string python_str(const Json& value) {
  return value.is_string() ? value.get<std::string>() : python_repr(value);
}

}  // namespace simpleflow::internal
