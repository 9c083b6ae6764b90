#include "replay/wire.hpp"

#include "core/swf_names.hpp"
#include "jumbo/jumbo_fields.hpp"
#include "simpleflow/errors.hpp"
#include "simpleflow/jumbo_fields.hpp"

#include <spdlog/spdlog.h>

namespace simpleflow::internal {
namespace {

[[noreturn]] void throw_unreadable(const Status& status) {
  throw UnreadableField{status.message(), status.code() == StatusCode::kUnavailable};
}

}  // namespace

std::string field_text(std::string_view text) {
  if (!is_jumbo_field(text)) return std::string(text);
  auto fetched = jumbo::internal::fetch(text);
  if (!fetched.ok()) throw_unreadable(fetched.status());
  return **fetched;
}

Json decode_field(std::string_view text) {
  if (!is_jumbo_field(text)) return loads_or_raw(text);
  auto fetched = jumbo::internal::fetch(text);
  if (!fetched.ok()) throw_unreadable(fetched.status());
  return loads_or_raw(**fetched);
}

void set_field_result(TaskStatus& status, std::string_view text) {
  if (!is_jumbo_field(text)) {
    status.set_finished(loads_or_raw(text));
    return;
  }
  status.set_finished_later([field = std::string(text)] { return decode_field(field); });
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

std::string fitted(std::string text, std::size_t max_length) {
  // Bytes bound characters from above: count only when it may matter.
  if (text.size() <= max_length) return text;
  auto encoded = encode_field(std::move(text), max_length);
  if (encoded.ok()) return std::move(*encoded);
  if (encoded.status().code() == StatusCode::kOutOfRange) throw JumboTooLargeError(encoded.status().message());
  throw_unreadable(encoded.status());
}

std::string truncated(std::string text, std::size_t max_length) {
  if (text.size() <= max_length || utf8_length(text) <= max_length) return text;
  return std::string(utf8_prefix(text, max_length - 4)) + " ...";
}

std::string reported(std::string text, std::size_t max_length) {
  if (text.size() <= max_length || utf8_length(text) <= max_length) return text;
  auto encoded = encode_field(text, max_length);
  if (encoded.ok()) return std::move(*encoded);
  if (encoded.status().code() != StatusCode::kOutOfRange)
    spdlog::warn("a failure's text is cut to {} characters: {}", max_length, encoded.status().message());
  return truncated(std::move(text), max_length);
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
