// Checking the JSON body of an SWF request against the input shape of its
// operation, as Amazon SWF's front end (Coral) does before the service sees
// it, so that the embedded server refuses with AWS's error type and wording
// what Amazon SWF would refuse.
//
// The shapes are those of the SWF API 2012-01-25 (botocore's model of it:
// required members, lengths, enums, list sizes, integer ranges), plus the
// rules the SWF API reference states in prose: identifier characters,
// durations in seconds or days, task priorities. Unknown members are ignored,
// as AWS's JSON protocol ignores them.
//
// Paths in messages use Coral's form: members joined by '.', list items as
// '<list>.<1-based index>.member', e.g.
// 'decisions.1.member.scheduleActivityTaskDecisionAttributes.activityId'.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace simpleflow::server::internal {

struct SchemaError {
  // "ValidationException" (a constraint broken) or "SerializationException"
  // (a value of the wrong JSON type, or a body that is not an object).
  std::string type;
  // AWS's wording: "1 validation error detected: Value null at 'domain'
  // failed to satisfy constraint: Member must not be null"; several errors
  // are joined by "; " after "N validation errors detected: ".
  std::string message;
};

// True for the 39 operations of the SWF API, e.g. "StartWorkflowExecution".
bool is_known_operation(std::string_view operation);

// The operations, sorted.
const std::vector<std::string>& known_operations();

// Checks `body` against the input shape of `operation`; nullopt when valid.
// A wrong JSON type anywhere gives a SerializationException (the first one
// found); otherwise every broken constraint is reported, in member order.
// JSON null counts as absent. Throws std::invalid_argument when `operation`
// is not known. Thread-safe.
std::optional<SchemaError> validate_request(std::string_view operation, const nlohmann::json& body);

}  // namespace simpleflow::server::internal
