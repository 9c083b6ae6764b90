// JSON values and the wire dialect shared with Python simpleflow.
//
// Every JSON text that simpleflow sends (inputs, results, ids hashed with md5)
// is written by `dumps`: compact separators, keys sorted, non-ASCII escaped as
// \uXXXX, floats as Python's repr writes them. Two implementations that agree
// on this dialect produce the same task ids and byte-identical payloads.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "simpleflow/status.hpp"

namespace simpleflow {

// nlohmann's map-backed JSON value: object keys iterate in sorted order.
using Json = nlohmann::json;

// Serialises `value` in Python simpleflow's dialect, i.e. what
// `json.dumps(value, separators=(",", ":"), sort_keys=True)` prints.
// NaN and infinities are written as Python writes them (NaN, Infinity).
std::string dumps(const Json& value);

// Parses a JSON text. On failure the status message names the byte position
// and what was expected there.
StatusOr<Json> parse_json(std::string_view text);

// Python simpleflow's lenient decoding of a payload field: empty text is null,
// and text that is not valid JSON is kept as a JSON string.
Json loads_or_raw(std::string_view text);

}  // namespace simpleflow
