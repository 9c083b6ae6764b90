// `standalone`: one execution with its own deciders and workers, on a task
// list made for it, watched until it closes.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/input.hpp"
#include "cli/progress.hpp"
#include "core/settings.hpp"
#include "core/uuid.hpp"
#include "process/spawn.hpp"
#include "process/supervisor.hpp"
#include "process/wait_status.hpp"
#include "simpleflow/jumbo_fields.hpp"
#include "simpleflow/server.hpp"
#include "simpleflow/swf/querysets.hpp"

namespace simpleflow::cli {
namespace {

// "<workflow_id>-<uuid4 hex>", the workflow id cut so that it fits SWF's 256.
std::string unique_task_list(const std::string& workflow_id) {
  std::string uuid = internal::uuid4();
  std::string suffix = "-";
  for (char c : uuid)
    if (c != '-') suffix += c;
  std::size_t room = 256 - suffix.size();
  return workflow_id.substr(0, room) + suffix;
}

// Where SWF is: the configured endpoint, or the embedded server started here.
struct Backend {
  SwfConnection connection;
  std::unique_ptr<server::Server> embedded;
  std::string domain;
  std::vector<std::string> child_swf_arguments;  // for decider.start and worker.start
};

StatusOr<Backend> open_backend(const StandaloneOptions& options) {
  auto config = swf::resolve_config(options.swf.overrides);
  if (!config.ok()) return config.status();
  Backend backend;
  if (config->client.backend == swf::Backend::kEmbedded) {
    server::ServerOptions server_options;
    server_options.data_dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
    // Jumbo fields on one machine: files beside the server's, unless the
    // user chose a store. The decider and workers inherit the setting, set
    // before the server's threads start.
    if (internal::setting("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", "").empty()) {
      std::string directory = std::filesystem::absolute(server_options.data_dir + "/jumbo-fields").lexically_normal();
      ::setenv("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", ("file://" + directory).c_str(), 1);
    }
    if (Status s = prepare_jumbo_fields(options.swf); !s.ok()) return s;
    // As `simpleflow server` does (and Python does for every program): a
    // file size limit makes the store's writes fail, which the server
    // recovers from, rather than kill the process.
    ::signal(SIGXFSZ, SIG_IGN);
    auto started = server::Server::start(server_options);
    if (!started.ok())
      return InvalidArgumentError(started.status().message() +
                                  " (give another --data-dir, or point to a running server with --endpoint-url)");
    backend.embedded = std::move(started).value();
    config->client.backend = swf::Backend::kEndpoint;
    config->client.endpoint = backend.embedded->endpoint();
    config->endpoint_source = "embedded server on " + server_options.data_dir;
    if (config->client.region.empty()) config->client.region = "us-east-1";
    backend.child_swf_arguments = {"--endpoint-url", backend.embedded->endpoint()};
  } else {
    if (Status s = prepare_jumbo_fields(options.swf); !s.ok()) return s;
    if (options.swf.overrides.endpoint_url)
      backend.child_swf_arguments = {"--endpoint-url", *options.swf.overrides.endpoint_url};
  }
  if (options.swf.overrides.region)
    backend.child_swf_arguments.insert(backend.child_swf_arguments.end(), {"--region", *options.swf.overrides.region});
  if (options.swf.overrides.profile)
    backend.child_swf_arguments.insert(backend.child_swf_arguments.end(), {"--profile", *options.swf.overrides.profile});
  if (config->domain) {
    backend.domain = *config->domain;
  } else if (config->client.backend == swf::Backend::kAws) {
    return InvalidArgumentError("standalone on Amazon SWF needs a domain: give --domain or set SWF_DOMAIN");
  } else {
    backend.domain = "default";
  }
  auto client = swf::make_client(config->client);
  if (!client.ok()) return client.status();
  const auto& c = config->client;
  spdlog::info("SWF endpoint {} ({}), domain {}", c.endpoint, config->endpoint_source, backend.domain);
  backend.connection = SwfConnection{std::move(client).value(), std::move(config).value()};
  return backend;
}

std::atomic<bool>* g_interrupted = nullptr;
extern "C" void on_interrupt(int) {
  if (g_interrupted) g_interrupted->store(true);
}

// The decider and worker supervisors, each in a process group of its own.
class Children {
 public:
  ~Children() { stop(nullptr); }

  Status start(const std::vector<std::string>& argv) {
    auto pid = internal::spawn_in_new_group(argv);
    if (!pid.ok()) return pid.status();
    pids_.push_back(*pid);
    return OkStatus();
  }

  // The first child that exited, with a description of how.
  std::optional<std::string> exited() {
    for (pid_t pid : pids_) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        pids_.erase(std::find(pids_.begin(), pids_.end(), pid));
        return internal::describe_wait_status(status);
      }
    }
    return std::nullopt;
  }

  // SIGTERM to every process of the groups; `before_wait` (stopping the
  // embedded server, which ends their long polls) runs next; SIGKILL after 5 s.
  void stop(server::Server* embedded) {
    for (pid_t pid : pids_) ::kill(-pid, SIGTERM);
    if (embedded) embedded->stop();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!pids_.empty()) {
      for (auto it = pids_.begin(); it != pids_.end();) {
        if (::waitpid(*it, nullptr, WNOHANG) == *it) it = pids_.erase(it);
        else ++it;
      }
      if (pids_.empty()) break;
      if (std::chrono::steady_clock::now() >= deadline) {
        for (pid_t pid : pids_) ::kill(-pid, SIGKILL);
        for (pid_t pid : pids_) ::waitpid(pid, nullptr, 0);
        pids_.clear();
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

 private:
  std::vector<pid_t> pids_;
};

// The events after `after`, oldest first, read from the newest backwards.
std::vector<Json> new_events(swf::SwfClient& client, const std::string& domain, const swf::ExecutionRef& execution,
                             std::int64_t after) {
  std::vector<Json> out;
  swf::GetHistoryRequest request{.domain = domain, .execution = execution,
                                 .page = {.maximum_page_size = 100, .reverse_order = true}};
  while (true) {
    auto page = client.get_workflow_execution_history(request);
    if (!page.ok()) break;
    bool reached = false;
    for (auto& e : page->events) {
      if (e.value("eventId", std::int64_t{0}) <= after) {
        reached = true;
        break;
      }
      out.push_back(std::move(e));
    }
    if (reached || page->next_page_token.empty()) break;
    request.page.next_page_token = page->next_page_token;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string new_run_id(const std::vector<Json>& events) {
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    auto a = it->find("workflowExecutionContinuedAsNewEventAttributes");
    if (a != it->end()) return a->value("newExecutionRunId", "");
  }
  return "";
}

// A field's text: a jumbo field fetched, or its signature when it cannot be.
std::string readable(const std::string& field) {
  auto text = decode_field(field);
  return text.ok() ? *text : field;
}

std::string close_reason(const std::vector<Json>& events) {
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    for (const char* key : {"workflowExecutionFailedEventAttributes", "workflowExecutionTerminatedEventAttributes"}) {
      if (!it->contains(key)) continue;
      const Json& a = (*it)[key];
      std::string reason = readable(a.value("reason", a.value("cause", "")));
      std::string details = readable(a.value("details", ""));
      return details.empty() ? reason : reason + " (details: " + details + ")";
    }
  }
  return "";
}

}  // namespace

int standalone(const GlobalOptions& global, const StandaloneOptions& options) {
  auto found = find_workflow(options.workflow);
  if (!found.ok()) return usage_error(found.status().message());
  const WorkflowDef& def = **found;
  if (options.workers < 1) return usage_error("--nb-workers must be at least 1");
  if (options.deciders < 1) return usage_error("--nb-deciders must be at least 1");
  if (options.heartbeat < 0) return usage_error("--heartbeat must be 0 (none) or a number of seconds");
  auto input = read_input(options.input, options.input_file);
  if (!input.ok()) return usage_error(input.status().message());
  auto prepared = prepare_execution(def, *input, options.tags);
  if (!prepared.ok()) return usage_error(prepared.status().message());
  auto self = internal::self_executable();
  if (!self.ok()) return usage_error(self.status().message());

  auto backend = open_backend(options);
  if (!backend.ok()) return usage_error(backend.status().message());
  try {
    swf::DomainQuerySet(backend->connection.client).get_or_create(backend->domain);
  } catch (const std::exception& e) {
    std::cerr << "simpleflow: error: " << e.what() << std::endl;
    return kExitFailed;
  }

  const std::string workflow_id = options.workflow_id.value_or(def.name());
  const std::string task_list = unique_task_list(workflow_id);
  spdlog::info("using task list {}", task_list);
  std::vector<std::string> common = {*self};
  for (const auto& plugin : global.plugins) common.insert(common.end(), {"--plugin", plugin});
  std::vector<std::string> decider = common, worker = common;
  // Deciders for every registered workflow: child workflows come to the
  // same task list.
  decider.insert(decider.end(), {"decider.start", "--domain", backend->domain, "--task-list",
                                 task_list, "--activity-task-list", task_list, "--nb-processes",
                                 std::to_string(options.deciders)});
  worker.insert(worker.end(), {"worker.start", "--domain", backend->domain, "--task-list", task_list,
                               "--nb-processes", std::to_string(options.workers), "--heartbeat",
                               fmt::format("{:g}", options.heartbeat)});
  for (auto* argv : {&decider, &worker})
    argv->insert(argv->end(), backend->child_swf_arguments.begin(), backend->child_swf_arguments.end());

  std::atomic<bool> interrupted{false};
  g_interrupted = &interrupted;
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);

  Children children;
  for (const auto* argv : {&decider, &worker}) {
    if (Status s = children.start(*argv); !s.ok()) {
      std::cerr << "simpleflow: error: " << s.message() << std::endl;
      return kExitFailed;
    }
  }
  std::cerr << "starting workflow " << def.class_name() << std::endl;
  auto execution = start_execution(*prepared, backend->connection.client, backend->domain,
                                   {.workflow_id = workflow_id,
                                    .task_list = task_list,
                                    .execution_timeout = options.execution_timeout,
                                    .decision_tasks_timeout = options.decision_tasks_timeout});
  if (!execution.ok()) {
    children.stop(backend->embedded.get());
    if (execution.status().code() == StatusCode::kInvalidArgument) return usage_error(execution.status().message());
    std::cerr << "simpleflow: error: " << execution.status().message() << std::endl;
    return kExitFailed;
  }
  std::cout << execution->workflow_id() << " " << execution->run_id() << std::endl;

  const bool display = options.display_status.value_or(::isatty(STDERR_FILENO) != 0);
  swf::SwfClient& client = *backend->connection.client;
  swf::ExecutionRef ref{execution->workflow_id(), execution->run_id()};
  ProgressReport progress;
  std::string close_status;
  while (true) {
    if (interrupted.load()) {
      std::cerr << "interrupted: stopping deciders and workers; execution " << ref.workflow_id << " " << ref.run_id
                << " is left open" << std::endl;
      children.stop(backend->embedded.get());
      return kExitFailed;
    }
    if (auto how = children.exited()) {
      std::cerr << "simpleflow: error: a decider or worker supervisor stopped (" << *how << "); execution "
                << ref.workflow_id << " " << ref.run_id << " is left open" << std::endl;
      children.stop(backend->embedded.get());
      return kExitFailed;
    }
    auto detail = client.describe_workflow_execution(backend->domain, ref);
    if (!detail.ok()) {
      std::cerr << "simpleflow: error: " << detail.error().describe() << std::endl;
      children.stop(backend->embedded.get());
      return kExitFailed;
    }
    bool closed = detail->info.execution_status == "CLOSED";
    if (display || closed) {
      auto events = new_events(client, backend->domain, ref, progress.last_event_id());
      for (const auto& line : progress.lines_for(events))
        if (display) std::cerr << line << std::endl;
      if (closed && detail->info.close_status == "CONTINUED_AS_NEW") {
        // The workflow goes on in a new run, on the same task list.
        std::string next = new_run_id(events);
        if (next.empty()) {
          std::cerr << "simpleflow: error: execution " << ref.workflow_id << " continued as new, in a run not found"
                    << std::endl;
          children.stop(backend->embedded.get());
          return kExitFailed;
        }
        ref.run_id = next;
        progress = ProgressReport();
        continue;
      }
      if (closed) {
        close_status = detail->info.close_status;
        std::string reason = close_reason(events);
        std::cerr << "execution " << ref.workflow_id << " finished: " << close_status
                  << (reason.empty() ? "" : ": " + reason) << std::endl;
        break;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  children.stop(backend->embedded.get());
  return close_status == "COMPLETED" ? kExitOk : kExitFailed;
}

}  // namespace simpleflow::cli
