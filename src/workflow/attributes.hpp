// Checks shared by activity and workflow definitions: the attributes that
// become an SWF type (name, version, task list) and the retry count.
#pragma once

#include <string>

#include "simpleflow/status.hpp"

namespace simpleflow::internal {

// SWF's limits: names and task lists have 1 to 256 characters, versions 1 to
// 64; a retry count is not negative. `who` names the definition in messages.
Status check_type_attributes(const std::string& who, const std::string& name, const std::string& version,
                             const std::string& task_list, int retry);

}  // namespace simpleflow::internal
