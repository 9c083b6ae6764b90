#include "simpleflow/swf/actors.hpp"

namespace simpleflow::swf {

Decider::Decider(Domain domain, std::string task_list, std::optional<std::string> identity)
    : domain_(std::move(domain)), task_list_(std::move(task_list)), identity_(std::move(identity)) {}

DecisionResponse Decider::poll(const DecisionPollOptions& options) const {
  PollForDecisionTaskRequest request{.domain = domain_.name(), .task_list = options.task_list.value_or(task_list_),
                                     .identity = options.identity ? options.identity : identity_};
  request.page.maximum_page_size = options.maximum_page_size;
  request.page.reverse_order = options.reverse_order;

  DecisionTaskPage page = value_or_throw(domain_.client()->poll_for_decision_task(request));
  DecisionResponse response;
  if (page.empty()) return response;
  response.token = page.task_token;
  response.workflow_type = page.type;
  response.started_event_id = page.started_event_id;
  response.previous_started_event_id = page.previous_started_event_id;
  response.execution.emplace(domain_, page.execution.workflow_id, page.execution.run_id,
                             ExecutionFields{.workflow_type = page.type});
  response.raw_events = std::move(page.events);
  // The next pages of the same task come from polls that carry the page token.
  while (!page.next_page_token.empty()) {
    request.page.next_page_token = page.next_page_token;
    page = value_or_throw(domain_.client()->poll_for_decision_task(request));
    if (page.empty()) {
      CallError error;
      error.kind = ErrorKind::kBadResponse;
      error.code = "BadResponse";
      error.operation = "PollForDecisionTask";
      error.endpoint = domain_.client()->endpoint();
      error.message = "a page of the decision task's history came without its task token";
      throw ResponseError(std::move(error));
    }
    for (auto& event : page.events) response.raw_events.push_back(std::move(event));
  }
  response.history = History::from_event_list(response.raw_events);
  return response;
}

void Decider::complete(const std::string& token, const std::vector<Json>& decisions,
                       const std::optional<std::string>& execution_context) const {
  value_or_throw(domain_.client()->respond_decision_task_completed(
      {.task_token = token, .decisions = decisions, .execution_context = execution_context}));
}

ActivityWorker::ActivityWorker(Domain domain, std::string task_list, std::optional<std::string> identity)
    : domain_(std::move(domain)), task_list_(std::move(task_list)), identity_(std::move(identity)) {}

ActivityTask ActivityWorker::poll(const std::optional<std::string>& task_list,
                                  const std::optional<std::string>& identity) const {
  return value_or_throw(domain_.client()->poll_for_activity_task(
      {.domain = domain_.name(), .task_list = task_list.value_or(task_list_),
       .identity = identity ? identity : identity_}));
}

void ActivityWorker::complete(const std::string& token, const std::optional<std::string>& result) const {
  value_or_throw(domain_.client()->respond_activity_task_completed(token, result));
}

void ActivityWorker::fail(const std::string& token, const std::optional<std::string>& details,
                          const std::optional<std::string>& reason) const {
  value_or_throw(domain_.client()->respond_activity_task_failed(
      {.task_token = token, .reason = reason, .details = details}));
}

void ActivityWorker::cancel(const std::string& token, const std::optional<std::string>& details) const {
  value_or_throw(domain_.client()->respond_activity_task_canceled(token, details));
}

HeartbeatResult ActivityWorker::heartbeat(const std::string& token, const std::optional<std::string>& details) const {
  return value_or_throw(domain_.client()->record_activity_task_heartbeat(token, details));
}

}  // namespace simpleflow::swf
