// Python simpleflow's task ids, bit for bit: what matches a submit() in the
// workflow's code to its events in the history.
//   activity-<name>-<n>              n counts submissions of that name, from 1
//   activity-<name>-<md5>            idempotent: md5 of {"args":[...],"kwargs":{...}}
//   workflow-<name>-<workflow id>--<adler32(run id)>--<n or md5>   children
// Ids over 256 characters keep 223 of them, then "-" and the md5 of the whole.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "simpleflow/workflow.hpp"

namespace simpleflow::internal {

std::string md5_hex(std::string_view text);
// Lowercase hex of the adler32 checksum of `text`; "0" for an empty text.
std::string adler32_hex(std::string_view text);
// Applies SWF's 256-character limit as Python simpleflow does.
std::string limit_task_id(std::string id);

// Numbers the non-idempotent submissions of each task name. One per replay.
class TaskIds {
 public:
  // The suffix of a task named `task_name` (e.g. "activity-examples.basic.double"):
  // `custom` if not empty, the md5 of the arguments if `idempotent`, else the
  // next number for that name.
  std::string suffix(std::string_view task_name, bool idempotent, const TaskArguments& arguments,
                     const std::string& custom = {});
  // The next number for `task_name`, for a submission that comes later.
  std::string reserve(std::string_view task_name) { return std::to_string(next(task_name)); }

 private:
  int next(std::string_view task_name);

  std::map<std::string, int, std::less<>> counters_;  // few names: a tree is fine
};

}  // namespace simpleflow::internal
