#include "replay/wire.hpp"

#include "core/swf_names.hpp"
#include "simpleflow/errors.hpp"

namespace simpleflow::internal {
Json decode_field(std::string_view text) {
  if (text.substr(0, 16) == "simpleflow+s3://") {
    throw UnreadableField{"the history holds a jumbo field (" + std::string(text.substr(0, text.find(' '))) +
                          "), which this build cannot read yet"};
  }
  return loads_or_raw(text);
}

bool truthy(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return false;
    case Json::value_t::boolean: return value.get<bool>();
    case Json::value_t::string: return !value.get_ref<const std::string&>().empty();
    case Json::value_t::array:
    case Json::value_t::object: return !value.empty();
    case Json::value_t::number_integer: return value.get<long long>() != 0;
    case Json::value_t::number_unsigned: return value.get<unsigned long long>() != 0;
    case Json::value_t::number_float: return value.get<double>() != 0;
    default: return true;
  }
}

namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += !is_continuation(c);
  return n;
}

std::string_view utf8_prefix(std::string_view text, std::size_t chars) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_continuation(text[i]) && seen++ == chars) return text.substr(0, i);
  }
  return text;
}

std::string fitted(std::string text, std::size_t max_length) {
  // Bytes bound characters from above: count only when it may matter.
  if (text.size() > max_length && utf8_length(text) > max_length) throw JumboTooLargeError(utf8_length(text));
  return text;
}

std::string truncated(std::string text, std::size_t max_length) {
  if (text.size() <= max_length || utf8_length(text) <= max_length) return text;
  return std::string(utf8_prefix(text, max_length - 4)) + " ...";
}

Json make_decision(std::string_view type, const Json& attributes) {
  Json kept = Json::object();
  for (const auto& [key, value] : attributes.items()) {
    if (truthy(value)) kept[key] = value;
  }
  return Json{{"decisionType", type}, {attributes_member(type, "DecisionAttributes"), std::move(kept)}};
}

std::size_t python_json_size(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: {
      std::size_t size = 2;
      for (const auto& [key, item] : value.items()) size += dumps(Json(key)).size() + 2 + python_json_size(item) + 2;
      return value.empty() ? size : size - 2;
    }
    case Json::value_t::array: {
      std::size_t size = 2;
      for (const auto& item : value) size += python_json_size(item) + 2;
      return value.empty() ? size : size - 2;
    }
    default:
      return dumps(value).size();
  }
}

}  // namespace simpleflow::internal
