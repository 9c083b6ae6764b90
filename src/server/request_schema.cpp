// Walks a request body along its operation's input shape (request_shapes.cpp)
// and words what is wrong as Coral does. As in Coral, which deserializes the
// whole body before validating it, a wrong JSON type wins over every broken
// constraint; SWF's own rules on a string (Format) are checked only when its
// model constraints hold, so that one value gives at most one error.
#include "server/request_schema.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "server/request_shapes.hpp"

namespace simpleflow::server::internal {
namespace {

using nlohmann::json;
using shapes::Format;
using shapes::Kind;
using shapes::Shape;

constexpr std::int64_t kInt32Max = std::numeric_limits<std::int32_t>::max();
constexpr std::int64_t kOneYear = 365 * 24 * 3600;  // SWF's longest execution
constexpr std::int64_t kInt32Min = std::numeric_limits<std::int32_t>::min();

// Decodes UTF-8 (nlohmann::json has checked it when parsing).
std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 1; k <= extra && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out += cp;
    i += 1 + extra;
  }
  return out;
}

// Java's Character.isWhitespace, which SWF (a Java service) presumably uses.
bool is_whitespace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x1680 || (c >= 0x2000 && c <= 0x2006) ||
         (c >= 0x2008 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x205F || c == 0x3000;
}

bool is_control(char32_t c) { return c <= 0x1F || (c >= 0x7F && c <= 0x9F); }

// A decimal number within [0, max] (or [min, max] with a sign when `signed_`).
bool is_decimal(std::string_view s, std::int64_t min, std::int64_t max, bool signed_) {
  bool negative = false;
  if (signed_ && !s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  std::int64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
    if (value > max + 1) return false;  // also keeps the next step from overflowing
  }
  if (negative) value = -value;
  return value >= min && value <= max;
}

// Why `value` breaks `format`, as the end of a Coral message; "" when it does not.
std::string format_violation(Format format, const std::string& value) {
  switch (format) {
    case Format::kAny:
      return "";
    case Format::kIdentifier: {
      std::u32string cps = code_points(value);
      if (!cps.empty() && (is_whitespace(cps.front()) || is_whitespace(cps.back())))
        return "Member must not start or end with whitespace";
      for (char32_t c : cps)
        if (c == ':' || c == '/' || c == '|' || is_control(c))
          return "Member must not contain ':', '/', '|' or control characters";
      if (value == "arn") return "Member must not be the literal string arn";
      return "";
    }
    case Format::kSeconds:
      return is_decimal(value, 0, kInt32Max, false) ? "" : "Member must be a number of seconds";
    case Format::kSecondsOrNone:
      return value == "NONE" || is_decimal(value, 0, kInt32Max, false) ? ""
                                                                        : "Member must be a number of seconds or NONE";
    case Format::kExecutionSeconds:
      return is_decimal(value, 0, kOneYear, false) ? "" : "Member must be a number of seconds from 0 to 31536000 (one year)";
    case Format::kExecutionSecondsOrNone:
      return value == "NONE" || is_decimal(value, 0, kOneYear, false)
                 ? ""
                 : "Member must be a number of seconds from 0 to 31536000 (one year) or NONE";
    case Format::kDays:
      return value == "NONE" || is_decimal(value, 0, 90, false) ? ""
                                                                 : "Member must be a number of days from 0 to 90 or NONE";
    case Format::kPriority:
      return is_decimal(value, kInt32Min, kInt32Max, true)
                 ? ""
                 : "Member must be an integer from -2147483648 to 2147483647";
  }
  return "";
}

const char* json_type(const json& v) {
  switch (v.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::null: return "null";
    default: return "a number";
  }
}

const char* expected_type(Kind kind) {
  switch (kind) {
    case Kind::kString: return "a string";
    case Kind::kInteger: return "a 32-bit integer";
    case Kind::kBoolean: return "a boolean";
    case Kind::kTimestamp: return "a number (seconds since the epoch)";
    case Kind::kList: return "an array";
    case Kind::kStructure: return "an object";
  }
  return "";
}

// How Coral shows a value in a message: strings bare, lists as "[a, b]".
std::string show(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (!v.is_array()) return v.dump();
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + show(v[i]);
  return out + "]";
}

bool has_type(Kind kind, const json& v) {
  switch (kind) {
    case Kind::kString: return v.is_string();
    case Kind::kBoolean: return v.is_boolean();
    case Kind::kTimestamp: return v.is_number();
    case Kind::kList: return v.is_array();
    case Kind::kStructure: return v.is_object();
    case Kind::kInteger:
      if (v.is_number_unsigned()) return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(kInt32Max);
      if (v.is_number_integer()) return v.get<std::int64_t>() >= kInt32Min && v.get<std::int64_t>() <= kInt32Max;
      return false;
  }
  return false;
}

class Checker {
 public:
  void structure(const Shape& shape, const json& object, const std::string& prefix) {
    for (const auto& m : shape.members) {
      std::string path = prefix.empty() ? m.name : prefix + "." + m.name;
      auto it = object.find(m.name);
      if (it == object.end() || it->is_null()) {
        if (m.required) fail(path, "null", "Member must not be null");
        continue;
      }
      value(*m.shape, m.format == Format::kAny ? m.shape->format : m.format, *it, path);
    }
  }

  std::optional<SchemaError> result() const {
    if (serialization_) return SchemaError{"SerializationException", *serialization_};
    if (errors_.empty()) return std::nullopt;
    std::string message = std::to_string(errors_.size()) +
                          (errors_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
    for (std::size_t i = 0; i < errors_.size(); ++i) message += (i ? "; " : "") + errors_[i];
    return SchemaError{"ValidationException", message};
  }

 private:
  void value(const Shape& shape, Format format, const json& v, const std::string& path) {
    if (!has_type(shape.kind, v)) {
      if (!serialization_)
        serialization_ = "Expected " + std::string(expected_type(shape.kind)) + " at '" + path + "', found " +
                         (v.is_number() ? v.dump() : json_type(v));
      return;
    }
    switch (shape.kind) {
      case Kind::kString: string(shape, format, v, path); break;
      case Kind::kInteger: bounds(shape, v.get<std::int64_t>(), v, path, "value"); break;
      case Kind::kList: list(shape, v, path); break;
      case Kind::kStructure: structure(shape, v, path); break;
      case Kind::kBoolean:
      case Kind::kTimestamp: break;
    }
  }

  void string(const Shape& shape, Format format, const json& v, const std::string& path) {
    const auto& s = v.get_ref<const std::string&>();
    std::size_t before = errors_.size();
    bounds(shape, static_cast<std::int64_t>(code_points(s).size()), v, path, "length");
    if (!shape.enum_values.empty() &&
        std::find(shape.enum_values.begin(), shape.enum_values.end(), s) == shape.enum_values.end()) {
      std::string set;
      for (const auto& e : shape.enum_values) set += (set.empty() ? "" : ", ") + e;
      fail(path, quoted(v), "Member must satisfy enum value set: [" + set + "]");
    }
    if (errors_.size() == before) {
      std::string why = format_violation(format, s);
      if (!why.empty()) fail(path, quoted(v), why);
    }
  }

  void list(const Shape& shape, const json& v, const std::string& path) {
    bounds(shape, static_cast<std::int64_t>(v.size()), v, path, "length");
    for (std::size_t i = 0; i < v.size(); ++i) {
      std::string item_path = path + "." + std::to_string(i + 1) + ".member";
      if (v[i].is_null())
        fail(item_path, "null", "Member must not be null");
      else
        value(*shape.item, shape.item->format, v[i], item_path);
    }
  }

  // `what` is "length" (strings, lists) or "value" (integers).
  void bounds(const Shape& shape, std::int64_t n, const json& v, const std::string& path, const char* what) {
    if (shape.min && n < *shape.min)
      fail(path, quoted(v), "Member must have " + std::string(what) + " greater than or equal to " +
                                std::to_string(*shape.min));
    if (shape.max && n > *shape.max)
      fail(path, quoted(v),
           "Member must have " + std::string(what) + " less than or equal to " + std::to_string(*shape.max));
  }

  static std::string quoted(const json& v) { return "'" + show(v) + "'"; }

  void fail(const std::string& path, const std::string& shown, const std::string& constraint) {
    errors_.push_back("Value " + shown + " at '" + path + "' failed to satisfy constraint: " + constraint);
  }

  std::vector<std::string> errors_;
  std::optional<std::string> serialization_;
};

}  // namespace

bool is_known_operation(std::string_view operation) { return shapes::input_shape(operation) != nullptr; }

const std::vector<std::string>& known_operations() { return shapes::operations(); }

std::optional<SchemaError> validate_request(std::string_view operation, const nlohmann::json& body) {
  const Shape* input = shapes::input_shape(operation);
  if (!input) throw std::invalid_argument("not an SWF operation: " + std::string(operation));
  if (!body.is_object())
    return SchemaError{"SerializationException",
                       "Expected an object as the request body, found " + std::string(json_type(body))};
  Checker checker;
  checker.structure(*input, body, "");
  return checker.result();
}

}  // namespace simpleflow::server::internal
