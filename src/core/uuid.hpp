// Random identifiers (run ids, task lists).
#pragma once

#include <string>

namespace simpleflow::internal {

// A random UUID version 4, as "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string uuid4();

}  // namespace simpleflow::internal
