// What decisions look like on the wire, as Python simpleflow sends them:
// SWF's field limits, falsy attributes dropped, and the size of a request as
// Python's json.dumps counts it (for the 1 MB limit).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/field_limits.hpp"
#include "core/utf8.hpp"
#include "simpleflow/future.hpp"
#include "simpleflow/json.hpp"

namespace simpleflow::internal {


// A field that cannot be written to or read from the jumbo field store. Not
// a std::exception: workflow code must not catch it. `retry_later`: the
// store did not answer (a decider leaves the task to be given again).
struct UnreadableField {
  std::string message;
  bool retry_later = false;
};

// `text` as it goes into a field of `max_length` characters: itself, or a
// jumbo field's signature (see include/simpleflow/jumbo_fields.hpp). Throws
// JumboTooLargeError when it is too long even so, UnreadableField when the
// store fails.
std::string fitted(std::string text, std::size_t max_length = kMaxFieldLength);
// `text` cut to `max_length`, ending with " ..." when it was cut.
std::string truncated(std::string text, std::size_t max_length);
// A failure's reason or details, which must reach SWF whatever their length:
// as a jumbo field when too long and jumbo fields are on, else truncated.
std::string reported(std::string text, std::size_t max_length);

// The text a field of the history stands for: a jumbo field fetched, any
// other field as it is. Throws UnreadableField.
std::string field_text(std::string_view text);
// A field of the history (input, result, details, control) decoded as Python
// simpleflow does: the text (fetched when a jumbo field) as JSON when it
// parses, else the text itself; null when empty. Throws UnreadableField.
Json decode_field(std::string_view text);
// Sets a finished future's result from a field; a jumbo field is fetched
// only when the result is read (the fetch's failure is thrown then).
void set_field_result(TaskStatus& status, std::string_view text);

// Python's truth: null, "", 0, false, [] and {} are false.
bool truthy(const Json& value);

// {"decisionType": type, "<type>DecisionAttributes": {...}} keeping only the
// truthy attributes (Python drops null, "", 0, false, [] and {}; "0" stays).
Json make_decision(std::string_view type, const Json& attributes);

// len(json.dumps(value)) in Python: ", " and ": " separators, ASCII escapes.
std::size_t python_json_size(const Json& value);

}  // namespace simpleflow::internal
