#include "worker/run_activity.hpp"

#include "core/failure.hpp"
#include "core/input_keys.hpp"
#include "replay/wire.hpp"
#include "simpleflow/errors.hpp"
#include "simpleflow/params.hpp"

namespace simpleflow::internal {

ActivityOutcome failed_outcome(std::string reason, std::string details) {
  ActivityOutcome out;
  out.reason = reported(std::move(reason), kMaxReasonLength);
  out.details = reported(std::move(details), kMaxFieldLength);
  return out;
}

ActivityOutcome run_activity(const ActivityDef& def, const swf::ActivityTask& task, const std::string& domain,
                             const std::string& task_list, std::function<void(const std::string&)> on_heartbeat,
                             std::shared_ptr<const std::atomic<bool>> cancel) {
  ActivityContext context{.name = task.type.name,
                          .version = task.type.version,
                          .workflow_id = task.execution.workflow_id,
                          .run_id = task.execution.run_id,
                          .activity_id = task.activity_id,
                          .input = task.input.value_or(""),
                          .domain_name = domain,
                          .task_list = task_list,
                          .on_heartbeat = std::move(on_heartbeat),
                          .cancel_flag = std::move(cancel)};
  try {
    Json input = decode_field(context.input);
    if (auto details = input.is_object() ? input.find(kLastHeartbeatDetailsKey) : input.end();
        details != input.end() && details->is_string())
      context.last_heartbeat_details = field_text(details->get<std::string>());
    Json result = def.invoke(Arguments::from_input(input.is_null() ? Json::object() : input), context);
    ActivityOutcome out;
    out.completed = true;
    out.result = fitted(dumps(result));
    return out;
  } catch (const UnreadableField& e) {
    return failed_outcome("JumboFieldError: " + e.message, "");
  } catch (...) {
    FailureReport report = report_failure(std::current_exception());
    return failed_outcome(std::move(report.reason), std::move(report.details));
  }
}

}  // namespace simpleflow::internal
