// What a subprocess activity's registration keeps for the subprocess side:
// the definition that runs the activity's code itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "simpleflow/activity.hpp"

namespace simpleflow::internal {

// The definition that runs the code of subprocess activity `name` in this
// process, or null when `name` is not a subprocess activity.
const ActivityDef* find_subprocess_inner(std::string_view name);

// The shared library that holds `address`, to be loaded as a plugin by the
// subprocess; nullopt when it is the main program or libsimpleflow itself.
std::optional<std::string> library_holding(const void* address);

}  // namespace simpleflow::internal
