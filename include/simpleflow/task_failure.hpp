// What Workflow::on_task_failure sees and decides when an activity or a child
// workflow failed or timed out on SWF (Python simpleflow's TaskFailureContext).
//
//   void on_task_failure(simpleflow::TaskFailureContext& failure) override {
//     if (failure.task_error == "TransientError" && failure.attempt_number() < 5)
//       failure.decide_retry(/*wait_seconds=*/60);   // again in a minute
//   }
//
// Without a decision the task's retry and raises_on_failure apply. The hook
// runs once per failure event in a replay, and on every replay that meets the
// failure, so its decision must be deterministic too.
#pragma once

#include <exception>
#include <string>

#include "simpleflow/json.hpp"

namespace simpleflow {

class History;

struct TaskFailureContext {
  enum class Decision {
    kNone,        // default handling: retry count, then raises_on_failure
    kAbort,       // give up now: raise if raises_on_failure, else a failed future
    kIgnore,      // the future finishes with `result` and no exception
    kCancel,      // the future is CANCELLED
    kRetryNow,    // schedule the task again in this decision
    kRetryLater,  // schedule it again after retry_wait_timeout seconds (a timer)
  };

  // ---- The failure (read-only) -----------------------------------------
  std::string task_id;        // "activity-examples.basic.increment-1"
  std::string task_name;      // the activity or workflow type name
  bool is_child_workflow = false;
  std::exception_ptr exception;  // TaskFailed, TimeoutError, TaskCanceled, ...
  std::string reason;         // TaskFailed's reason, else the exception's message
  Json details;               // the failure details, decoded when JSON
  std::string task_error;     // details["error"], when present
  std::string task_message;   // details["message"]
  std::string task_error_type;  // details["error_type"]
  int retry_count = 0;        // failures of this task before this one
  long long event_id = 0;     // the failed attempt's scheduled (or initiated) event
  long long current_started_decision_id = 0;
  long long last_completed_decision_id = 0;
  const History* history = nullptr;

  int attempt_number() const { return retry_count + 1; }

  // ---- The decision ----------------------------------------------------
  Decision decision = Decision::kNone;
  long long retry_wait_timeout = 0;  // seconds, for kRetryLater
  Json result;                       // the future's result, for kIgnore

  TaskFailureContext& decide_abort() { return decide(Decision::kAbort); }
  TaskFailureContext& decide_ignore(Json value = nullptr) {
    result = std::move(value);
    return decide(Decision::kIgnore);
  }
  TaskFailureContext& decide_cancel() { return decide(Decision::kCancel); }
  // Without a wait the task is retried at once.
  TaskFailureContext& decide_retry(long long wait_seconds = 0) {
    retry_wait_timeout = wait_seconds;
    return decide(wait_seconds > 0 ? Decision::kRetryLater : Decision::kRetryNow);
  }

 private:
  TaskFailureContext& decide(Decision d) {
    decision = d;
    return *this;
  }
};

}  // namespace simpleflow
