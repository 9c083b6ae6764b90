#include "simpleflow/internal/convert.hpp"

namespace simpleflow::internal {

std::string describe_json(const Json& value) {
  const char* kind = "null";
  switch (value.type()) {
    case Json::value_t::boolean: kind = "boolean"; break;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: kind = "integer"; break;
    case Json::value_t::number_float: kind = "number"; break;
    case Json::value_t::string: kind = "string"; break;
    case Json::value_t::array: kind = "array"; break;
    case Json::value_t::object: kind = "object"; break;
    default: return "null";
  }
  std::string text = dumps(value);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return std::string(kind) + " " + text;
}

void throw_type_mismatch(const std::string& expected, const Json& got, const std::string& detail) {
  std::string message = expected + ", got " + describe_json(got);
  if (!detail.empty()) message += " (" + detail + ")";
  throw InvalidInput(message);
}

}  // namespace simpleflow::internal
