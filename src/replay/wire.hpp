// What decisions look like on the wire, as Python simpleflow sends them:
// SWF's field limits, falsy attributes dropped, and the size of a request as
// Python's json.dumps counts it (for the 1 MB limit).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "simpleflow/json.hpp"

namespace simpleflow::internal {

// SWF's limits, in characters.
inline constexpr std::size_t kMaxFieldLength = 32768;  // input, result, control, details, context
inline constexpr std::size_t kMaxReasonLength = 256;

std::size_t utf8_length(std::string_view text);
// The first `chars` characters of `text`.
std::string_view utf8_prefix(std::string_view text, std::size_t chars);

// `text` if it fits `max_length`; else throws JumboTooLargeError (until
// jumbo fields can carry it).
std::string fitted(std::string text, std::size_t max_length = kMaxFieldLength);
// `text` cut to `max_length`, ending with " ..." when it was cut. For a
// failure's reason and details, which must reach SWF whatever their length.
std::string truncated(std::string text, std::size_t max_length);

// A field of the history (input, result, details, control) decoded as Python
// simpleflow does: JSON when it parses, else the text itself; null when empty.
// A jumbo field (`simpleflow+s3://...`) throws UnreadableField until jumbo
// fields are supported.
Json decode_field(std::string_view text);
struct UnreadableField {  // not a std::exception: workflow code must not catch it
  std::string message;
};

// Python's truth: null, "", 0, false, [] and {} are false.
bool truthy(const Json& value);

// {"decisionType": type, "<type>DecisionAttributes": {...}} keeping only the
// truthy attributes (Python drops null, "", 0, false, [] and {}; "0" stays).
Json make_decision(std::string_view type, const Json& attributes);

// len(json.dumps(value)) in Python: ", " and ": " separators, ASCII escapes.
std::size_t python_json_size(const Json& value);

}  // namespace simpleflow::internal
