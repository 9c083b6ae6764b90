// Loading user code (workflows and activities) from shared libraries.
#pragma once

#include <string>
#include <vector>

#include "simpleflow/status.hpp"

namespace simpleflow::cli {

// The plugins found beside the executable, in <bin>/../lib/simpleflow/plugins.
std::vector<std::string> default_plugins();

// The paths listed in SIMPLEFLOW_PLUGINS (colon-separated), in order.
std::vector<std::string> plugins_from_environment();

// Loads each library (once per process) and checks what it registered. Fails
// naming the file that is missing or cannot be loaded, or the registration
// errors (duplicate names, bad options).
Status load_plugins(const std::vector<std::string>& paths);

}  // namespace simpleflow::cli
