// activity.rerun: runs one activity of an execution again, in this process,
// with the input it was scheduled with (or another), and prints its result.
// For debugging an activity against what production gave it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "simpleflow/activity.hpp"
#include "simpleflow/swf/history.hpp"
#include "simpleflow/swf/models.hpp"

namespace simpleflow::cli {

struct ActivityRerunOptions {
  SwfOptions swf;  // -d/--domain (else SWF_DOMAIN), --endpoint-url, --region, --profile
  std::string workflow_id;
  std::optional<std::string> run_id;  // default: the latest open execution, else the latest closed one
  std::optional<std::string> input;   // JSON replacing the recorded input
  std::optional<std::int64_t> scheduled_id;
  std::optional<std::string> activity_id;
};

// Adds the activity.rerun subcommand to `app`; `options` receives its values.
CLI::App* add_activity_rerun_command(CLI::App& app, ActivityRerunOptions& options);

// Prints the activity's result as JSON on standard output (indented with
// --format prettyjson). Exit codes: 0 it completed; 1 it threw, or SWF
// could not be reached; 2 bad arguments, an execution or an activity that is
// not there, an activity that is not registered.
int activity_rerun(const GlobalOptions& global, const ActivityRerunOptions& options);

// The ActivityTaskScheduled event that `scheduled_id` or `activity_id` names
// (exactly one is set): the event of that id, or the latest scheduling of
// that activity id (a retry schedules it again under the same id, with the
// input of its time). Throws CommandError (2) naming what is not there.
const swf::Event& find_scheduled_activity(const swf::History& history, const std::optional<std::int64_t>& scheduled_id,
                                          const std::optional<std::string>& activity_id);

// What the activity sees as activity_context(): its type, ids, domain and
// task list as scheduled, and `input` (the raw JSON text it runs with).
ActivityContext rerun_context(const swf::WorkflowExecution& execution, const swf::Event& scheduled,
                              const std::string& input);

}  // namespace simpleflow::cli
