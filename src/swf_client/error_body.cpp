#include "swf_client/error_body.hpp"

#include <string>

#include "simpleflow/json.hpp"

namespace simpleflow::swf::internal {
namespace {

std::string after_hash(std::string_view type) {
  auto hash = type.rfind('#');
  if (hash != std::string_view::npos) type.remove_prefix(hash + 1);
  return std::string(type);
}

// The text of the first <tag>...</tag> in `xml`, or "".
std::string xml_element(std::string_view xml, std::string_view tag) {
  std::string open = "<" + std::string(tag) + ">";
  std::string close = "</" + std::string(tag) + ">";
  auto begin = xml.find(open);
  if (begin == std::string_view::npos) return {};
  begin += open.size();
  auto end = xml.find(close, begin);
  if (end == std::string_view::npos) return {};
  return std::string(xml.substr(begin, end - begin));
}

std::string trimmed_start(std::string_view body) {
  constexpr std::size_t kMax = 300;
  std::string out(body.substr(0, kMax));
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  if (body.size() > kMax) out += "...";
  return out;
}

}  // namespace

CallError error_from_response(int http_status, std::string_view body, std::string_view error_type_header) {
  CallError error;
  error.http_status = http_status;
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object()) {
    if (auto it = parsed.find("__type"); it != parsed.end() && it->is_string()) error.code = after_hash(it->get<std::string>());
    for (const char* key : {"message", "Message"})
      if (auto it = parsed.find(key); it != parsed.end() && it->is_string()) {
        error.message = it->get<std::string>();
        break;
      }
  }
  if (error.code.empty() && !error_type_header.empty()) {
    error.code = std::string(error_type_header.substr(0, error_type_header.find(':')));
  }
  if (error.code.empty()) error.code = xml_element(body, "Code");
  if (error.message.empty()) error.message = xml_element(body, "Message");
  if (error.code.empty()) error.code = "HTTP " + std::to_string(http_status);
  if (error.message.empty() && !parsed.is_object()) error.message = trimmed_start(body);
  error.kind = classify_error(error.code, http_status);
  return error;
}

}  // namespace simpleflow::swf::internal
