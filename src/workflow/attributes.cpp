#include "workflow/attributes.hpp"

namespace simpleflow::internal {

Status check_type_attributes(const std::string& who, const std::string& name, const std::string& version,
                             const std::string& task_list, int retry) {
  if (name.empty() || name.size() > 256) return InvalidArgumentError(who + ": a name has 1 to 256 characters");
  if (version.empty() || version.size() > 64) return InvalidArgumentError(who + ": a version has 1 to 64 characters");
  if (task_list.empty() || task_list.size() > 256)
    return InvalidArgumentError(who + ": a task list has 1 to 256 characters");
  if (retry < 0) return InvalidArgumentError(who + ": retry must not be negative");
  return OkStatus();
}

}  // namespace simpleflow::internal
