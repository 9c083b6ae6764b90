// Actors: what deciders and activity workers do with SWF, as Python
// simpleflow's swf.actors.
//
//   swf::Decider decider(domain, "etl");
//   auto task = decider.poll();                 // every page of the history
//   if (!task.empty()) decider.complete(task.token, decisions);
//
//   swf::ActivityWorker worker(domain, "etl");
//   auto activity = worker.poll();
//   if (!activity.empty()) worker.complete(activity.task_token, R"({"rows":12})");
//
// A long poll that ends with no task gives an empty result (Python raised
// PollTimeout). Other failures throw the exceptions of exceptions.hpp; a
// task token SWF no longer knows is a DoesNotExistError. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "simpleflow/swf/models.hpp"

namespace simpleflow::swf {

// A decision task with its whole history.
struct DecisionResponse {
  std::string token;  // empty when the poll ended with no task
  History history;
  std::vector<Json> raw_events;  // the same events as the API sent them
  std::optional<WorkflowExecution> execution;
  WorkflowTypeRef workflow_type;
  std::int64_t started_event_id = 0;
  std::int64_t previous_started_event_id = 0;

  bool empty() const { return token.empty(); }
};

struct DecisionPollOptions {
  std::optional<std::string> task_list;  // default: the decider's
  std::optional<std::string> identity;   // default: the decider's
  std::optional<int> maximum_page_size;
  bool reverse_order = false;
};

class Decider {
 public:
  // `identity` is sent with each poll (see swf_identity() in config.hpp).
  Decider(Domain domain, std::string task_list, std::optional<std::string> identity = std::nullopt);

  // Polls a decision task and follows its page tokens, so the response holds
  // every event.
  DecisionResponse poll(const DecisionPollOptions& options = {}) const;
  // RespondDecisionTaskCompleted.
  void complete(const std::string& token, const std::vector<Json>& decisions,
                const std::optional<std::string>& execution_context = std::nullopt) const;

  const Domain& domain() const { return domain_; }
  const std::string& task_list() const { return task_list_; }

 private:
  Domain domain_;
  std::string task_list_;
  std::optional<std::string> identity_;
};

class ActivityWorker {
 public:
  ActivityWorker(Domain domain, std::string task_list, std::optional<std::string> identity = std::nullopt);

  // Polls an activity task on the worker's task list (or `task_list`).
  ActivityTask poll(const std::optional<std::string>& task_list = std::nullopt,
                    const std::optional<std::string>& identity = std::nullopt) const;
  void complete(const std::string& token, const std::optional<std::string>& result = std::nullopt) const;
  void fail(const std::string& token, const std::optional<std::string>& details = std::nullopt,
            const std::optional<std::string>& reason = std::nullopt) const;
  void cancel(const std::string& token, const std::optional<std::string>& details = std::nullopt) const;
  // Records a heartbeat; the result says whether a cancel was requested.
  HeartbeatResult heartbeat(const std::string& token, const std::optional<std::string>& details = std::nullopt) const;

  const Domain& domain() const { return domain_; }
  const std::string& task_list() const { return task_list_; }

 private:
  Domain domain_;
  std::string task_list_;
  std::optional<std::string> identity_;
};

}  // namespace simpleflow::swf
