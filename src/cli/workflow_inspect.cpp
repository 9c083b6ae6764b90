// workflow.info, workflow.profile, workflow.tasks and task.info: tables read
// from an execution's description and history, with Python's columns.
#include <algorithm>

#include "cli/cooked_history.hpp"
#include "cli/timestamps.hpp"
#include "cli/workflow_actions.hpp"
#include "cli/workflow_common.hpp"
#include "simpleflow/clock.hpp"

namespace simpleflow::cli {
namespace {

// --nb-tasks: at most that many rows; 0 or unset, all of them (as Python).
void check_nb_tasks(std::optional<int> nb_tasks) {
  if (nb_tasks && *nb_tasks < 0)
    throw CommandError(kExitUsage, "--nb-tasks must be a positive number, not " + std::to_string(*nb_tasks));
}

void truncate(Table& table, std::optional<int> nb_tasks) {
  if (nb_tasks && *nb_tasks > 0 && table.rows.size() > static_cast<std::size_t>(*nb_tasks))
    table.rows.resize(static_cast<std::size_t>(*nb_tasks));
}

std::optional<double> number(const Json& task, const std::string& key) {
  auto it = task.find(key);
  if (it == task.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

// When the task reached its current state: "<state>_timestamp". Python
// names two of them otherwise, and prints nothing for those; their times
// are shown here.
std::optional<double> state_time(const Json& task) {
  std::string state = task.value("state", "");
  if (auto t = number(task, state + "_timestamp")) return t;
  if (state == "start_initiated") return number(task, "initiated_event_timestamp");
  if (state == "signaled") return number(task, "timestamp");
  return std::nullopt;
}

// The task's type name; a schedule_failed activity has only its activity_type.
Json task_name(const Json& task) {
  if (task.contains("name")) return task["name"];
  if (task.contains("activity_type")) return task["activity_type"].value("name", Json(nullptr));
  return nullptr;
}

}  // namespace

int workflow_info(const GlobalOptions& global, const ExecutionArgs& args) {
  return run_guarded([&] {
    swf::WorkflowExecution execution = find_execution(args);
    const swf::ExecutionFields& f = execution.fields();
    std::string tags;
    for (const auto& tag : f.tag_list) tags += (tags.empty() ? "" : ",") + tag;
    // How long it ran, or has been running: to its close, or to now.
    double end = f.close_timestamp.value_or(SystemClock::instance().now());
    Json input = raw_event(first_event(execution))["input"];
    Table table{{"domain", "workflow_type.name", "workflow_type.version", "task_list", "workflow_id", "run_id",
                 "tag_list", "execution_time", "input"},
                {{execution.domain().name(), f.workflow_type ? f.workflow_type->name : "",
                  f.workflow_type ? f.workflow_type->version : "", f.task_list, execution.workflow_id(),
                  execution.run_id(), tags, end - f.start_timestamp, input}}};
    return print_table(table, global);
  });
}

int workflow_profile(const GlobalOptions& global, const ExecutionArgs& args, std::optional<int> nb_tasks) {
  return run_guarded([&] {
    check_nb_tasks(nb_tasks);
    swf::History history = find_execution(args).history();
    CookedHistory cooked = CookedHistory::parse(history);
    double total = history.empty() ? 0 : history.last().timestamp - history.first().timestamp;

    struct Row {
      double running;
      std::vector<Json> cells;
    };
    std::vector<Row> rows;
    for (const auto& [id, task] : cooked.activities_and_children()) {
      auto start = number(*task, "started_timestamp");
      auto end = number(*task, task->value("state", "") + "_timestamp");
      // As Python: only tasks that started and spent time running (a task
      // still running has no end yet).
      if (!start || !end || *end == *start) continue;
      auto scheduled = number(*task, "scheduled_timestamp");  // activities only
      double running = *end - *start;
      rows.push_back({running,
                      {id, task->value("state", ""), scheduled ? Json(minute_timestamp(*scheduled)) : Json(nullptr),
                       scheduled ? Json(*start - *scheduled) : Json(nullptr), minute_timestamp(*start), running,
                       minute_timestamp(*end), total > 0 ? running / total * 100.0 : 0.0}});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.running > b.running; });

    Table table{{"Task", "Last State", "Scheduled", "Time Scheduled", "Start", "Time Running", "End",
                 "Percentage of total time"},
                {}};
    for (auto& row : rows) table.rows.push_back(std::move(row.cells));
    truncate(table, nb_tasks);
    return print_table(table, global);
  });
}

int workflow_tasks(const GlobalOptions& global, const ExecutionArgs& args, std::optional<int> nb_tasks) {
  return run_guarded([&] {
    check_nb_tasks(nb_tasks);
    CookedHistory cooked = CookedHistory::parse(find_execution(args).history());
    Table table{{"Tasks", "Last State", "Last State Time", "Scheduled Time"}, {}};
    const auto& tasks = cooked.tasks();
    for (auto it = tasks.rbegin(); it != tasks.rend(); ++it) {
      auto at = state_time(*it);
      auto scheduled = number(*it, "scheduled_timestamp");
      table.rows.push_back({task_name(*it), it->value("state", ""),
                            at ? timestamp_cell(*at, global.format) : Json(nullptr),
                            scheduled ? timestamp_cell(*scheduled, global.format) : Json("")});
    }
    truncate(table, nb_tasks);
    return print_table(table, global);
  });
}

int task_info(const GlobalOptions& global, const TaskInfoArgs& args) {
  return run_guarded([&] {
    swf::Domain domain = connect_domain(args.swf, args.domain);
    swf::WorkflowExecution execution = find_execution(domain, args.workflow_id, std::nullopt);
    CookedHistory cooked = CookedHistory::parse(execution.history());
    const Json* task = cooked.activity(args.task_id);
    if (!task) throw CommandError(kExitFailed, "no activity \"" + args.task_id + "\" in execution " + describe(execution));
    auto at = state_time(*task);
    Json version = task->contains("version") ? (*task)["version"]
                   : task->contains("activity_type") ? (*task)["activity_type"].value("version", Json(nullptr))
                                                     : Json(nullptr);
    Table table{{"type", "id", "name", "version", "state", "timestamp", "input", "result", "reason"},
                {{task->value("type", "activity"), args.task_id, task_name(*task), version, task->value("state", ""),
                  at ? timestamp_cell(*at, global.format) : Json(nullptr), task->value("input", Json(nullptr)),
                  task->value("result", Json(nullptr)), task->value("reason", Json(nullptr))}}};
    if (args.details) {
      table.columns.push_back("details");
      table.rows[0].push_back(task->value("details", Json(nullptr)));
    }
    return print_table(table, global);
  });
}

}  // namespace simpleflow::cli
