// The input shapes of the SWF API as data, for request_schema.cpp: built once
// from the table in request_shapes.cpp, then read-only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace simpleflow::server::internal::shapes {

enum class Kind { kString, kInteger, kBoolean, kTimestamp, kList, kStructure };

// What SWF asks of a string beyond the model's length and enum, from the
// prose of its API reference.
enum class Format {
  kAny,
  kIdentifier,     // no leading/trailing whitespace, ':', '/', '|', control characters; not "arn"
  kSeconds,        // decimal digits, 0..2^31-1
  kSecondsOrNone,  // the same, or "NONE" (unlimited)
  kExecutionSeconds,        // an execution's duration: 0..31,536,000 (one year, SWF's maximum)
  kExecutionSecondsOrNone,  // the same, or "NONE"
  kDays,           // retention period: 0..90, or "NONE"
  kPriority,       // a signed 32-bit integer, in decimal
};

struct Shape;

struct Member {
  std::string name;
  const Shape* shape = nullptr;
  bool required = false;
  Format format = Format::kAny;  // when not kAny, replaces the shape's format here
};

struct Shape {
  std::string name;
  Kind kind = Kind::kString;
  // String length (in code points), list size, or integer value.
  std::optional<std::int64_t> min, max;
  std::vector<std::string> enum_values;  // strings; empty: any value
  Format format = Format::kAny;          // strings
  const Shape* item = nullptr;           // lists
  std::vector<Member> members;           // structures, in the model's order
};

// The operations, sorted.
const std::vector<std::string>& operations();

// The input structure of `operation`; nullptr when the operation is unknown.
const Shape* input_shape(std::string_view operation);

}  // namespace simpleflow::server::internal::shapes
