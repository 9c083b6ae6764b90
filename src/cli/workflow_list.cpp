// workflow.list and workflow.filter: executions of a domain, from SWF's
// visibility calls.
#include <algorithm>
#include <cctype>

#include "cli/timestamps.hpp"
#include "cli/workflow_actions.hpp"
#include "cli/workflow_common.hpp"
#include "simpleflow/clock.hpp"
#include "simpleflow/swf/querysets.hpp"

namespace simpleflow::cli {
namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// "open" or "closed", in either case, as SWF's OPEN or CLOSED.
std::string execution_status(const std::string& status) {
  std::string s = upper(status);
  if (s != swf::kStatusOpen && s != swf::kStatusClosed)
    throw CommandError(kExitUsage, "invalid --status \"" + status + "\": use open or closed");
  return s;
}

void check_started_since(int days) {
  if (days < 0) throw CommandError(kExitUsage, "--started-since must be a number of days, not " + std::to_string(days));
}

double date_option(const std::string& option, const std::string& value) {
  auto parsed = parse_date(value);
  if (!parsed.ok()) throw CommandError(kExitUsage, option + ": " + parsed.status().message());
  return *parsed;
}

Json optional_text(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

}  // namespace

int workflow_list(const GlobalOptions& global, const ListArgs& args) {
  return run_guarded([&] {
    std::string status = execution_status(args.status);
    check_started_since(args.started_since);
    swf::Domain domain = connect_domain(args.swf, args.domain);
    Table table{{"Workflow ID", "Workflow Type", "Status"}, {}};
    for (const auto& execution : swf::WorkflowExecutionQuerySet(domain).all(status, args.started_since)) {
      const auto& f = execution.fields();
      table.rows.push_back({execution.workflow_id(), f.workflow_type ? f.workflow_type->name : "", f.status});
    }
    return print_table(table, global);
  });
}

int workflow_filter(const GlobalOptions& global, const FilterArgs& args) {
  return run_guarded([&] {
    swf::ExecutionQuery query;
    query.status = execution_status(args.status);
    check_started_since(args.started_since);
    if (args.close_status) {
      static const std::vector<std::string> kCloseStatuses = {"COMPLETED",  "FAILED",           "CANCELED",
                                                              "TERMINATED", "CONTINUED_AS_NEW", "TIMED_OUT"};
      std::string close_status = upper(*args.close_status);
      if (std::find(kCloseStatuses.begin(), kCloseStatuses.end(), close_status) == kCloseStatuses.end())
        throw CommandError(kExitUsage, "invalid --close-status \"" + *args.close_status +
                                           "\": use COMPLETED, FAILED, CANCELED, TERMINATED, CONTINUED_AS_NEW "
                                           "or TIMED_OUT");
      if (query.status != swf::kStatusClosed)
        throw CommandError(kExitUsage, "--close-status only filters closed executions: add --status closed");
      query.close_status = close_status;
    }
    // SWF filters a listing by one of these at most.
    int exclusive = !!args.workflow_id + !!args.workflow_type_name + !!args.tag + !!args.close_status;
    if (exclusive > 1)
      throw CommandError(kExitUsage,
                         "give at most one of --workflow-id, --workflow-type-name, --tag and --close-status: "
                         "SWF filters by one of them");
    if (args.workflow_type_version && !args.workflow_type_name)
      throw CommandError(kExitUsage, "--workflow-type-version needs --workflow-type-name");
    query.tag = args.tag;
    query.workflow_id = args.workflow_id;
    query.workflow_type_name = args.workflow_type_name;
    query.workflow_type_version = args.workflow_type_version;
    query.start_oldest_date = args.from_date ? date_option("--from-date", *args.from_date)
                                             : SystemClock::instance().now() - args.started_since * 86400.0;
    if (args.to_date) query.start_latest_date = date_option("--to-date", *args.to_date);

    swf::Domain domain = connect_domain(args.swf, args.domain);
    Table table{{"Workflow ID", "Workflow Type", "Workflow Version", "Run ID", "Status", "Child Policy",
                 "Close Status", "Start Timestamp", "Close Timestamp", "Cancel Requested", "Execution Timeout",
                 "Input", "Tags", "Decision Tasks Timeout", "Parent Workflow ID", "Parent Run ID",
                 "Cancel Requested"},
                {}};
    for (const auto& execution : swf::WorkflowExecutionQuerySet(domain).filter(query)) {
      const auto& f = execution.fields();
      // Listings do not hold the child policy, timeouts or input: Python
      // prints them empty too, rather than describing every execution.
      table.rows.push_back({execution.workflow_id(), f.workflow_type ? Json(f.workflow_type->name) : Json(nullptr),
                            f.workflow_type ? Json(f.workflow_type->version) : Json(nullptr), execution.run_id(),
                            f.status, optional_text(f.child_policy), optional_text(f.close_status),
                            timestamp_cell(f.start_timestamp, global.format),
                            f.close_timestamp ? timestamp_cell(*f.close_timestamp, global.format) : Json(nullptr),
                            f.cancel_requested, optional_text(f.execution_timeout), nullptr, f.tag_list,
                            optional_text(f.decision_tasks_timeout),
                            f.parent ? Json(f.parent->workflow_id) : Json(nullptr),
                            f.parent ? Json(f.parent->run_id) : Json(nullptr), f.cancel_requested});
    }
    return print_table(table, global);
  });
}

}  // namespace simpleflow::cli
