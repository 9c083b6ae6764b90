#include "cli/execute_command.hpp"

namespace simpleflow::cli {

ExecuteCommand::ExecuteCommand(CLI::App& app) {
  command_ = app.add_subcommand("activity.execute", "Run one activity for a parent process (plumbing)");
  command_->group("");  // hidden: subprocess activities start it, people do not
  command_->add_option("activity", request_.activity, "The activity's registered name")->required();
  command_->add_option("arguments", request_.arguments_json, "The arguments: {\"args\": [...], \"kwargs\": {...}}");
  command_->add_option("--arguments-json-fd", request_.arguments_fd, "Read the arguments from this descriptor");
  command_->add_option("--result-fd", request_.result_fd, "Write the result (JSON) to this descriptor")
      ->capture_default_str();
  command_->add_option("--error-fd", request_.error_fd, "Write the error (JSON) to this descriptor")
      ->capture_default_str();
  command_->add_option("--context", request_.context_json, "The activity context, as a JSON object");
  command_->add_flag("--kill-children", request_.kill_children, "Stop the processes left behind at the end");
}

int ExecuteCommand::run() const { return internal::execute_activity_here(request_); }

}  // namespace simpleflow::cli
