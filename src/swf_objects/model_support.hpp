// What the object layer's models share: comparing optional fields and
// reading "does it exist" out of a describe call.
#pragma once

#include <optional>
#include <string>

#include "simpleflow/json.hpp"
#include "simpleflow/swf/models.hpp"

namespace simpleflow::swf::internal {

// Json null for an unset value.
template <class T>
Json or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

// Adds the field to `diff` when the local value is set and differs: fields a
// local model leaves unset are not compared.
template <class T>
void compare_if_set(ModelDiff& diff, const std::string& field, const std::optional<T>& local, const Json& remote) {
  if (local) diff.add(field, Json(*local), remote);
}

// True when `result` succeeded, false on UnknownResourceFault; other errors throw.
template <class T>
bool exists_from(const Result<T>& result) {
  if (result.ok()) return true;
  if (result.error().kind == ErrorKind::kUnknownResource) return false;
  throw_error(result.error());
}

// False when SWF has no such object; the comparison otherwise.
template <class Model>
bool synced(const Model& model) {
  try {
    return model.changes().empty();
  } catch (const DoesNotExistError&) {
    return false;
  }
}

// An input (of an execution, a signal) as it is sent: compact JSON, a jumbo
// field when longer than SWF's 32,768 characters. Throws
// std::invalid_argument "<what>: Message too long (<n> chars)" when it cannot
// be sent, std::runtime_error when the jumbo field store fails.
std::string encoded_input(const Json& input, const char* what);

}  // namespace simpleflow::swf::internal
