// The input shapes of the SWF API 2012-01-25, as botocore's model
// (data/swf/2012-01-25/service-2.json.gz) defines them: every shape an
// operation's input reaches, with its constraints. Names are the model's, so
// that the table can be compared with it (tests/server/model_shapes.py);
// members are in the model's order, which is the order of the errors.
//
// On top of the model, the formats SWF's API reference states in prose:
//  - identifiers (kIdentifier) only on the members whose reference text
//    states the rule, i.e. where a domain, type, task list, workflow id,
//    activity id or timer id is created; lookups of a malformed name simply
//    find nothing, as in SWF;
//  - durations: "NONE" (kOrNone) only where the reference allows it; it
//    excludes it for the execution start-to-close timeouts of
//    StartWorkflowExecution and RegisterWorkflowType;
//  - an execution's start-to-close timeout (kYear) is at most one year, SWF's
//    limit on an execution's duration.
#include "server/request_shapes.hpp"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <memory>
#include <stdexcept>
#include <tuple>

namespace simpleflow::server::internal::shapes {
namespace {

using Bound = std::optional<std::int64_t>;

// Member flags.
constexpr unsigned kRequired = 1;
constexpr unsigned kIdentifier = 2;  // Format::kIdentifier here
constexpr unsigned kOrNone = 4;      // Format::kSecondsOrNone here
constexpr unsigned kYear = 8;        // Format::kExecutionSeconds(OrNone) here

struct M {
  std::string_view name, shape;
  unsigned flags = 0;
};

Format member_format(unsigned flags) {
  if (flags & kIdentifier) return Format::kIdentifier;
  if (flags & kYear) return (flags & kOrNone) ? Format::kExecutionSecondsOrNone : Format::kExecutionSeconds;
  if (flags & kOrNone) return Format::kSecondsOrNone;
  return Format::kAny;
}

// Collects shapes by name, then links the names they refer to.
class Table {
 public:
  void string(std::string_view name, Bound min, Bound max, Format format = Format::kAny) {
    Shape& s = add(name, Kind::kString);
    s.min = min, s.max = max, s.format = format;
  }
  void enumeration(std::string_view name, std::initializer_list<std::string_view> values) {
    Shape& s = add(name, Kind::kString);
    for (auto v : values) s.enum_values.emplace_back(v);
  }
  void scalar(std::string_view name, Kind kind, Bound min = {}, Bound max = {}) {
    Shape& s = add(name, kind);
    s.min = min, s.max = max;
  }
  void list(std::string_view name, std::string_view item, Bound min = {}, Bound max = {}) {
    Shape& s = add(name, Kind::kList);
    s.min = min, s.max = max;
    item_refs_.emplace_back(&s, std::string(item));
  }
  void structure(std::string_view name, std::initializer_list<M> members) {
    Shape& s = add(name, Kind::kStructure);
    for (const M& m : members) {
      s.members.push_back({std::string(m.name), nullptr, (m.flags & kRequired) != 0, member_format(m.flags)});
      member_refs_.emplace_back(&s, s.members.size() - 1, std::string(m.shape));
    }
  }

  // Resolves the references; a name missing from the table is a bug here.
  std::map<std::string, std::unique_ptr<Shape>, std::less<>> link() && {
    for (auto& [shape, name] : item_refs_) shape->item = &find(name);
    for (auto& [shape, index, name] : member_refs_) shape->members[index].shape = &find(name);
    return std::move(shapes_);
  }

 private:
  Shape& add(std::string_view name, Kind kind) {
    auto [it, inserted] = shapes_.emplace(std::string(name), std::make_unique<Shape>());
    if (!inserted) throw std::logic_error("request_shapes: duplicate shape " + std::string(name));
    it->second->name = name;
    it->second->kind = kind;
    return *it->second;
  }
  const Shape& find(const std::string& name) const {
    auto it = shapes_.find(name);
    if (it == shapes_.end()) throw std::logic_error("request_shapes: unknown shape " + name);
    return *it->second;
  }

  std::map<std::string, std::unique_ptr<Shape>, std::less<>> shapes_;
  std::vector<std::pair<Shape*, std::string>> item_refs_;
  std::vector<std::tuple<Shape*, std::size_t, std::string>> member_refs_;
};

constexpr unsigned R = kRequired;

void declare_scalars(Table& t) {
  t.string("ActivityId", 1, 256);
  t.string("Arn", 1, 1600);
  t.string("Data", {}, 32768);
  t.string("Description", {}, 1024);
  t.string("DomainName", 1, 256);
  t.string("DurationInDays", 1, 8, Format::kDays);
  t.string("DurationInSeconds", 1, 8, Format::kSeconds);
  t.string("DurationInSecondsOptional", {}, 8, Format::kSeconds);
  t.string("FailureReason", {}, 256);
  t.string("FunctionId", 1, 256);
  t.string("FunctionInput", 0, 32768);
  t.string("FunctionName", 1, 64);
  t.string("Identity", {}, 256);
  t.string("LimitedData", {}, 2048);
  t.string("MarkerName", 1, 256);
  t.string("Name", 1, 256);
  t.string("PageToken", {}, 2048);
  t.string("ResourceTagKey", 1, 128);
  t.string("ResourceTagValue", {}, 256);
  t.string("SignalName", 1, 256);
  t.string("Tag", 0, 256);
  t.string("TaskPriority", {}, {}, Format::kPriority);
  t.string("TaskToken", 1, 1024);
  t.string("TerminateReason", {}, 256);
  t.string("TimerId", 1, 256);
  t.string("Version", 1, 64);
  t.string("VersionOptional", {}, 64);
  t.string("WorkflowId", 1, 256);
  t.string("WorkflowRunId", 1, 64);
  t.string("WorkflowRunIdOptional", {}, 64);

  t.enumeration("ChildPolicy", {"TERMINATE", "REQUEST_CANCEL", "ABANDON"});
  t.enumeration("CloseStatus", {"COMPLETED", "FAILED", "CANCELED", "TERMINATED", "CONTINUED_AS_NEW", "TIMED_OUT"});
  t.enumeration("DecisionType",
                {"ScheduleActivityTask", "RequestCancelActivityTask", "CompleteWorkflowExecution",
                 "FailWorkflowExecution", "CancelWorkflowExecution", "ContinueAsNewWorkflowExecution", "RecordMarker",
                 "StartTimer", "CancelTimer", "SignalExternalWorkflowExecution",
                 "RequestCancelExternalWorkflowExecution", "StartChildWorkflowExecution", "ScheduleLambdaFunction"});
  t.enumeration("RegistrationStatus", {"REGISTERED", "DEPRECATED"});

  t.scalar("PageSize", Kind::kInteger, 0, 1000);
  t.scalar("ReverseOrder", Kind::kBoolean);
  t.scalar("StartAtPreviousStartedEvent", Kind::kBoolean);
  t.scalar("Timestamp", Kind::kTimestamp);

  t.list("DecisionList", "Decision");
  t.list("ResourceTagKeyList", "ResourceTagKey");
  t.list("ResourceTagList", "ResourceTag");
  t.list("TagList", "Tag", {}, 5);
}

void declare_parts(Table& t) {
  t.structure("ActivityType", {{"name", "Name", R}, {"version", "Version", R}});
  t.structure("WorkflowType", {{"name", "Name", R}, {"version", "Version", R}});
  t.structure("TaskList", {{"name", "Name", R}});
  // Not in the model: a TaskList where the reference applies the identifier
  // rule to its name.
  t.structure("CheckedTaskList", {{"name", "Name", R | kIdentifier}});
  t.structure("WorkflowExecution", {{"workflowId", "WorkflowId", R}, {"runId", "WorkflowRunId", R}});
  t.structure("ExecutionTimeFilter", {{"oldestDate", "Timestamp", R}, {"latestDate", "Timestamp"}});
  t.structure("WorkflowExecutionFilter", {{"workflowId", "WorkflowId", R}});
  t.structure("WorkflowTypeFilter", {{"name", "Name", R}, {"version", "VersionOptional"}});
  t.structure("TagFilter", {{"tag", "Tag", R}});
  t.structure("CloseStatusFilter", {{"status", "CloseStatus", R}});
  t.structure("ResourceTag", {{"key", "ResourceTagKey", R}, {"value", "ResourceTagValue"}});
}

void declare_decisions(Table& t) {
  t.structure("Decision", {{"decisionType", "DecisionType", R},
                           {"scheduleActivityTaskDecisionAttributes", "ScheduleActivityTaskDecisionAttributes"},
                           {"requestCancelActivityTaskDecisionAttributes", "RequestCancelActivityTaskDecisionAttributes"},
                           {"completeWorkflowExecutionDecisionAttributes", "CompleteWorkflowExecutionDecisionAttributes"},
                           {"failWorkflowExecutionDecisionAttributes", "FailWorkflowExecutionDecisionAttributes"},
                           {"cancelWorkflowExecutionDecisionAttributes", "CancelWorkflowExecutionDecisionAttributes"},
                           {"continueAsNewWorkflowExecutionDecisionAttributes",
                            "ContinueAsNewWorkflowExecutionDecisionAttributes"},
                           {"recordMarkerDecisionAttributes", "RecordMarkerDecisionAttributes"},
                           {"startTimerDecisionAttributes", "StartTimerDecisionAttributes"},
                           {"cancelTimerDecisionAttributes", "CancelTimerDecisionAttributes"},
                           {"signalExternalWorkflowExecutionDecisionAttributes",
                            "SignalExternalWorkflowExecutionDecisionAttributes"},
                           {"requestCancelExternalWorkflowExecutionDecisionAttributes",
                            "RequestCancelExternalWorkflowExecutionDecisionAttributes"},
                           {"startChildWorkflowExecutionDecisionAttributes",
                            "StartChildWorkflowExecutionDecisionAttributes"},
                           {"scheduleLambdaFunctionDecisionAttributes", "ScheduleLambdaFunctionDecisionAttributes"}});
  t.structure("ScheduleActivityTaskDecisionAttributes",
              {{"activityType", "ActivityType", R},
               {"activityId", "ActivityId", R | kIdentifier},
               {"control", "Data"},
               {"input", "Data"},
               {"scheduleToCloseTimeout", "DurationInSecondsOptional", kOrNone},
               {"taskList", "CheckedTaskList"},
               {"taskPriority", "TaskPriority"},
               {"scheduleToStartTimeout", "DurationInSecondsOptional", kOrNone},
               {"startToCloseTimeout", "DurationInSecondsOptional", kOrNone},
               {"heartbeatTimeout", "DurationInSecondsOptional", kOrNone}});
  t.structure("RequestCancelActivityTaskDecisionAttributes", {{"activityId", "ActivityId", R}});
  t.structure("CompleteWorkflowExecutionDecisionAttributes", {{"result", "Data"}});
  t.structure("FailWorkflowExecutionDecisionAttributes", {{"reason", "FailureReason"}, {"details", "Data"}});
  t.structure("CancelWorkflowExecutionDecisionAttributes", {{"details", "Data"}});
  t.structure("ContinueAsNewWorkflowExecutionDecisionAttributes",
              {{"input", "Data"},
               {"executionStartToCloseTimeout", "DurationInSecondsOptional", kOrNone | kYear},
               {"taskList", "TaskList"},
               {"taskPriority", "TaskPriority"},
               {"taskStartToCloseTimeout", "DurationInSecondsOptional", kOrNone},
               {"childPolicy", "ChildPolicy"},
               {"tagList", "TagList"},
               {"workflowTypeVersion", "Version"},
               {"lambdaRole", "Arn"}});
  t.structure("RecordMarkerDecisionAttributes", {{"markerName", "MarkerName", R}, {"details", "Data"}});
  t.structure("StartTimerDecisionAttributes", {{"timerId", "TimerId", R | kIdentifier},
                                               {"control", "Data"},
                                               {"startToFireTimeout", "DurationInSeconds", R}});
  t.structure("CancelTimerDecisionAttributes", {{"timerId", "TimerId", R}});
  t.structure("SignalExternalWorkflowExecutionDecisionAttributes", {{"workflowId", "WorkflowId", R},
                                                                    {"runId", "WorkflowRunIdOptional"},
                                                                    {"signalName", "SignalName", R},
                                                                    {"input", "Data"},
                                                                    {"control", "Data"}});
  t.structure("RequestCancelExternalWorkflowExecutionDecisionAttributes",
              {{"workflowId", "WorkflowId", R}, {"runId", "WorkflowRunIdOptional"}, {"control", "Data"}});
  t.structure("StartChildWorkflowExecutionDecisionAttributes",
              {{"workflowType", "WorkflowType", R},
               {"workflowId", "WorkflowId", R | kIdentifier},
               {"control", "Data"},
               {"input", "Data"},
               {"executionStartToCloseTimeout", "DurationInSecondsOptional", kOrNone | kYear},
               {"taskList", "CheckedTaskList"},
               {"taskPriority", "TaskPriority"},
               {"taskStartToCloseTimeout", "DurationInSecondsOptional", kOrNone},
               {"childPolicy", "ChildPolicy"},
               {"tagList", "TagList"},
               {"lambdaRole", "Arn"}});
  // startToCloseTimeout: the reference says 1-900 seconds, a limit SWF applies
  // when scheduling, not when validating: only its format is checked here.
  t.structure("ScheduleLambdaFunctionDecisionAttributes", {{"id", "FunctionId", R},
                                                           {"name", "FunctionName", R},
                                                           {"control", "Data"},
                                                           {"input", "FunctionInput"},
                                                           {"startToCloseTimeout", "DurationInSecondsOptional"}});
}

// The inputs whose members are only a domain and an activity or workflow
// type, or only a domain name.
void declare_type_and_domain_inputs(Table& t) {
  for (auto op : {"DeleteActivityType", "DeprecateActivityType", "DescribeActivityType", "UndeprecateActivityType"})
    t.structure(std::string(op) + "Input", {{"domain", "DomainName", R}, {"activityType", "ActivityType", R}});
  for (auto op : {"DeleteWorkflowType", "DeprecateWorkflowType", "DescribeWorkflowType", "UndeprecateWorkflowType"})
    t.structure(std::string(op) + "Input", {{"domain", "DomainName", R}, {"workflowType", "WorkflowType", R}});
  for (auto op : {"DeprecateDomain", "DescribeDomain", "UndeprecateDomain"})
    t.structure(std::string(op) + "Input", {{"name", "DomainName", R}});
}

void declare_inputs(Table& t) {
  declare_type_and_domain_inputs(t);
  t.structure("CountClosedWorkflowExecutionsInput", {{"domain", "DomainName", R},
                                                     {"startTimeFilter", "ExecutionTimeFilter"},
                                                     {"closeTimeFilter", "ExecutionTimeFilter"},
                                                     {"executionFilter", "WorkflowExecutionFilter"},
                                                     {"typeFilter", "WorkflowTypeFilter"},
                                                     {"tagFilter", "TagFilter"},
                                                     {"closeStatusFilter", "CloseStatusFilter"}});
  t.structure("CountOpenWorkflowExecutionsInput", {{"domain", "DomainName", R},
                                                   {"startTimeFilter", "ExecutionTimeFilter", R},
                                                   {"typeFilter", "WorkflowTypeFilter"},
                                                   {"tagFilter", "TagFilter"},
                                                   {"executionFilter", "WorkflowExecutionFilter"}});
  t.structure("CountPendingActivityTasksInput", {{"domain", "DomainName", R}, {"taskList", "TaskList", R}});
  t.structure("CountPendingDecisionTasksInput", {{"domain", "DomainName", R}, {"taskList", "TaskList", R}});
  t.structure("DescribeWorkflowExecutionInput", {{"domain", "DomainName", R}, {"execution", "WorkflowExecution", R}});
  t.structure("GetWorkflowExecutionHistoryInput", {{"domain", "DomainName", R},
                                                   {"execution", "WorkflowExecution", R},
                                                   {"nextPageToken", "PageToken"},
                                                   {"maximumPageSize", "PageSize"},
                                                   {"reverseOrder", "ReverseOrder"}});
  for (auto op : {"ListActivityTypes", "ListWorkflowTypes"})
    t.structure(std::string(op) + "Input", {{"domain", "DomainName", R},
                                            {"name", "Name"},
                                            {"registrationStatus", "RegistrationStatus", R},
                                            {"nextPageToken", "PageToken"},
                                            {"maximumPageSize", "PageSize"},
                                            {"reverseOrder", "ReverseOrder"}});
  t.structure("ListClosedWorkflowExecutionsInput", {{"domain", "DomainName", R},
                                                    {"startTimeFilter", "ExecutionTimeFilter"},
                                                    {"closeTimeFilter", "ExecutionTimeFilter"},
                                                    {"executionFilter", "WorkflowExecutionFilter"},
                                                    {"closeStatusFilter", "CloseStatusFilter"},
                                                    {"typeFilter", "WorkflowTypeFilter"},
                                                    {"tagFilter", "TagFilter"},
                                                    {"nextPageToken", "PageToken"},
                                                    {"maximumPageSize", "PageSize"},
                                                    {"reverseOrder", "ReverseOrder"}});
  t.structure("ListDomainsInput", {{"nextPageToken", "PageToken"},
                                   {"registrationStatus", "RegistrationStatus", R},
                                   {"maximumPageSize", "PageSize"},
                                   {"reverseOrder", "ReverseOrder"}});
  t.structure("ListOpenWorkflowExecutionsInput", {{"domain", "DomainName", R},
                                                  {"startTimeFilter", "ExecutionTimeFilter", R},
                                                  {"typeFilter", "WorkflowTypeFilter"},
                                                  {"tagFilter", "TagFilter"},
                                                  {"nextPageToken", "PageToken"},
                                                  {"maximumPageSize", "PageSize"},
                                                  {"reverseOrder", "ReverseOrder"},
                                                  {"executionFilter", "WorkflowExecutionFilter"}});
  t.structure("ListTagsForResourceInput", {{"resourceArn", "Arn", R}});
  t.structure("PollForActivityTaskInput",
              {{"domain", "DomainName", R}, {"taskList", "CheckedTaskList", R}, {"identity", "Identity"}});
  t.structure("PollForDecisionTaskInput", {{"domain", "DomainName", R},
                                           {"taskList", "CheckedTaskList", R},
                                           {"identity", "Identity"},
                                           {"nextPageToken", "PageToken"},
                                           {"maximumPageSize", "PageSize"},
                                           {"reverseOrder", "ReverseOrder"},
                                           {"startAtPreviousStartedEvent", "StartAtPreviousStartedEvent"}});
  t.structure("RecordActivityTaskHeartbeatInput", {{"taskToken", "TaskToken", R}, {"details", "LimitedData"}});
  t.structure("RegisterActivityTypeInput", {{"domain", "DomainName", R},
                                            {"name", "Name", R | kIdentifier},
                                            {"version", "Version", R | kIdentifier},
                                            {"description", "Description"},
                                            {"defaultTaskStartToCloseTimeout", "DurationInSecondsOptional", kOrNone},
                                            {"defaultTaskHeartbeatTimeout", "DurationInSecondsOptional", kOrNone},
                                            {"defaultTaskList", "TaskList"},
                                            {"defaultTaskPriority", "TaskPriority"},
                                            {"defaultTaskScheduleToStartTimeout", "DurationInSecondsOptional", kOrNone},
                                            {"defaultTaskScheduleToCloseTimeout", "DurationInSecondsOptional", kOrNone}});
  t.structure("RegisterDomainInput", {{"name", "DomainName", R | kIdentifier},
                                      {"description", "Description"},
                                      {"workflowExecutionRetentionPeriodInDays", "DurationInDays", R},
                                      {"tags", "ResourceTagList"}});
  t.structure("RegisterWorkflowTypeInput", {{"domain", "DomainName", R},
                                            {"name", "Name", R | kIdentifier},
                                            {"version", "Version", R | kIdentifier},
                                            {"description", "Description"},
                                            {"defaultTaskStartToCloseTimeout", "DurationInSecondsOptional", kOrNone},
                                            {"defaultExecutionStartToCloseTimeout", "DurationInSecondsOptional", kYear},
                                            {"defaultTaskList", "TaskList"},
                                            {"defaultTaskPriority", "TaskPriority"},
                                            {"defaultChildPolicy", "ChildPolicy"},
                                            {"defaultLambdaRole", "Arn"}});
  t.structure("RequestCancelWorkflowExecutionInput",
              {{"domain", "DomainName", R}, {"workflowId", "WorkflowId", R}, {"runId", "WorkflowRunIdOptional"}});
  t.structure("RespondActivityTaskCanceledInput", {{"taskToken", "TaskToken", R}, {"details", "Data"}});
  t.structure("RespondActivityTaskCompletedInput", {{"taskToken", "TaskToken", R}, {"result", "Data"}});
  t.structure("RespondActivityTaskFailedInput",
              {{"taskToken", "TaskToken", R}, {"reason", "FailureReason"}, {"details", "Data"}});
  t.structure("RespondDecisionTaskCompletedInput", {{"taskToken", "TaskToken", R},
                                                    {"decisions", "DecisionList"},
                                                    {"executionContext", "Data"},
                                                    {"taskList", "TaskList"},
                                                    {"taskListScheduleToStartTimeout", "DurationInSecondsOptional"}});
  t.structure("SignalWorkflowExecutionInput", {{"domain", "DomainName", R},
                                               {"workflowId", "WorkflowId", R},
                                               {"runId", "WorkflowRunIdOptional"},
                                               {"signalName", "SignalName", R},
                                               {"input", "Data"}});
  t.structure("StartWorkflowExecutionInput", {{"domain", "DomainName", R | kIdentifier},
                                              {"workflowId", "WorkflowId", R | kIdentifier},
                                              {"workflowType", "WorkflowType", R},
                                              {"taskList", "CheckedTaskList"},
                                              {"taskPriority", "TaskPriority"},
                                              {"input", "Data"},
                                              {"executionStartToCloseTimeout", "DurationInSecondsOptional", kYear},
                                              {"tagList", "TagList"},
                                              {"taskStartToCloseTimeout", "DurationInSecondsOptional", kOrNone},
                                              {"childPolicy", "ChildPolicy"},
                                              {"lambdaRole", "Arn"}});
  t.structure("TagResourceInput", {{"resourceArn", "Arn", R}, {"tags", "ResourceTagList", R}});
  t.structure("TerminateWorkflowExecutionInput", {{"domain", "DomainName", R},
                                                  {"workflowId", "WorkflowId", R},
                                                  {"runId", "WorkflowRunIdOptional"},
                                                  {"reason", "TerminateReason"},
                                                  {"details", "Data"},
                                                  {"childPolicy", "ChildPolicy"}});
  t.structure("UntagResourceInput", {{"resourceArn", "Arn", R}, {"tagKeys", "ResourceTagKeyList", R}});
}

// Every operation's input shape is named "<operation>Input".
constexpr std::string_view kOperations[] = {
    "CountClosedWorkflowExecutions",  "CountOpenWorkflowExecutions",  "CountPendingActivityTasks",
    "CountPendingDecisionTasks",      "DeleteActivityType",           "DeleteWorkflowType",
    "DeprecateActivityType",          "DeprecateDomain",              "DeprecateWorkflowType",
    "DescribeActivityType",           "DescribeDomain",               "DescribeWorkflowExecution",
    "DescribeWorkflowType",           "GetWorkflowExecutionHistory",  "ListActivityTypes",
    "ListClosedWorkflowExecutions",   "ListDomains",                  "ListOpenWorkflowExecutions",
    "ListTagsForResource",            "ListWorkflowTypes",            "PollForActivityTask",
    "PollForDecisionTask",            "RecordActivityTaskHeartbeat",  "RegisterActivityType",
    "RegisterDomain",                 "RegisterWorkflowType",         "RequestCancelWorkflowExecution",
    "RespondActivityTaskCanceled",    "RespondActivityTaskCompleted", "RespondActivityTaskFailed",
    "RespondDecisionTaskCompleted",   "SignalWorkflowExecution",      "StartWorkflowExecution",
    "TagResource",                    "TerminateWorkflowExecution",   "UndeprecateActivityType",
    "UndeprecateDomain",              "UndeprecateWorkflowType",      "UntagResource",
};

struct Registry {
  std::map<std::string, std::unique_ptr<Shape>, std::less<>> shapes;
  std::map<std::string, const Shape*, std::less<>> inputs;  // by operation
  std::vector<std::string> operations;
};

const Registry& registry() {
  static const Registry r = [] {
    Table t;
    declare_scalars(t);
    declare_parts(t);
    declare_decisions(t);
    declare_inputs(t);
    Registry out;
    out.shapes = std::move(t).link();
    for (auto op : kOperations) {
      auto it = out.shapes.find(std::string(op) + "Input");
      if (it == out.shapes.end()) throw std::logic_error("request_shapes: no input for " + std::string(op));
      out.inputs.emplace(std::string(op), it->second.get());
      out.operations.emplace_back(op);
    }
    std::sort(out.operations.begin(), out.operations.end());
    return out;
  }();
  return r;
}

}  // namespace

const std::vector<std::string>& operations() { return registry().operations; }

const Shape* input_shape(std::string_view operation) {
  const auto& inputs = registry().inputs;
  auto it = inputs.find(operation);
  return it == inputs.end() ? nullptr : it->second;
}

}  // namespace simpleflow::server::internal::shapes
