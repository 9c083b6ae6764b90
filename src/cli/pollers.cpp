// `decider.start` and `worker.start`: pollers under a supervisor.
#include <openssl/evp.h>
#include <sys/resource.h>

#include <thread>

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/logging.hpp"
#include "process/supervisor.hpp"
#include "simpleflow/decider.hpp"
#include "simpleflow/registry.hpp"
#include "simpleflow/swf/querysets.hpp"
#include "simpleflow/worker.hpp"
#include "swf_client/shapes_json.hpp"
#include "core/settings.hpp"

namespace simpleflow::cli {
namespace {

int default_processes() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

// The identity for this process's polls (its pid is part of it).
std::string identity_or_exit() {
  auto identity = swf::swf_identity();
  if (!identity.ok()) {
    spdlog::critical("{}", identity.status().message());
    std::_Exit(kExitUsage);
  }
  return *identity;
}

StatusOr<std::string> decode_base64(const std::string& text) {
  std::string compact;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  if (compact.empty() || compact.size() % 4 != 0) return InvalidArgumentError("--poll-data is not base64");
  std::string out(compact.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(compact.data()), static_cast<int>(compact.size()));
  if (n < 0) return InvalidArgumentError("--poll-data is not base64");
  std::size_t padding = compact.ends_with("==") ? 2 : compact.ends_with("=") ? 1 : 0;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

StatusOr<swf::ActivityTask> task_from_poll_data(const std::string& data) {
  auto text = decode_base64(data);
  if (!text.ok()) return text.status();
  Json json = Json::parse(*text, nullptr, false);
  if (!json.is_object()) return InvalidArgumentError("--poll-data is not a JSON object in base64");
  try {
    swf::ActivityTask task = swf::internal::activity_task_from(json);
    if (task.task_token.empty()) return InvalidArgumentError("--poll-data has no taskToken");
    return task;
  } catch (const std::exception& e) {
    return InvalidArgumentError(std::string("--poll-data is not a PollForActivityTask response: ") + e.what());
  }
}

// The connection and the domain that pollers need, checked before any fork.
struct PollerSetup {
  SwfConnection connection;
  std::string domain;
};

StatusOr<PollerSetup> setup(const SwfOptions& swf, const char* command) {
  auto connection = connect_to_swf(swf);
  if (!connection.ok()) return connection.status();
  if (!connection->config.domain)
    return InvalidArgumentError(std::string(command) + " needs a domain: give --domain or set SWF_DOMAIN");
  std::string domain = *connection->config.domain;
  return PollerSetup{std::move(connection).value(), std::move(domain)};
}

// Each poller process builds its own client: connections must not cross a fork.
std::shared_ptr<swf::SwfClient> client_in_child(const SwfConnection& connection) {
  auto client = swf::make_client(connection.config.client);
  if (!client.ok()) {
    spdlog::critical("{}", client.status().message());
    std::_Exit(kExitUsage);
  }
  return std::move(client).value();
}

}  // namespace

int decider_start(const GlobalOptions&, const DeciderStartOptions& options) {
  if (options.log_level)
    if (Status s = setup_logging(*options.log_level); !s.ok()) return usage_error(s.message());
  if (Status s = prepare_jumbo_fields(options.swf); !s.ok()) return usage_error(s.message());
  std::vector<const WorkflowDef*> workflows;
  for (const auto& name : options.workflows) {
    auto def = find_workflow(name);
    if (!def.ok()) return usage_error(def.status().message());
    workflows.push_back(*def);
  }
  std::string task_list;
  if (options.task_list) {
    task_list = *options.task_list;
  } else if (workflows.empty()) {
    return usage_error("decider.start needs --task-list, or workflows whose task list it takes");
  } else {
    task_list = workflows.front()->task_list();
    for (const WorkflowDef* def : workflows)
      if (def->task_list() != task_list)
        return usage_error("the workflows have different task lists (" + task_list + ", " + def->task_list() +
                           "): give --task-list");
  }
  if (options.processes < 1) return usage_error("--nb-processes must be at least 1");
  auto ready = setup(options.swf, "decider.start");
  if (!ready.ok()) return usage_error(ready.status().message());
  try {
    swf::DomainQuerySet(ready->connection.client).get_or_create(ready->domain);
  } catch (const std::exception& e) {
    std::cerr << "simpleflow: error: " << e.what() << std::endl;
    return kExitFailed;
  }
  ready->connection.client.reset();  // each process makes its own
  spdlog::info("deciders on domain {}, task list {}", ready->domain, task_list);
  internal::SupervisorOptions supervisor{.processes = options.processes, .name = "decider"};
  return internal::run_supervisor(supervisor, [&](const std::atomic<bool>& stop) {
    set_process_name("DeciderPoller");
    DeciderPoller poller(client_in_child(ready->connection), {.domain = ready->domain,
                                                             .task_list = task_list,
                                                             .identity = identity_or_exit(),
                                                             .workflows = workflows,
                                                             .activity_task_list = options.activity_task_list});
    poller.run(stop);
    DeciderStats stats = poller.stats();
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                 static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    spdlog::info("decider stopped: {} decisions, {} events received, {} whole histories read, {:.3f} s CPU ({:.3f} ms "
                 "per decision)",
                 stats.decisions, stats.events_received, stats.full_histories, cpu,
                 stats.decisions ? 1000 * cpu / static_cast<double>(stats.decisions) : 0.0);
    return kExitOk;
  });
}

int worker_start(const GlobalOptions&, const WorkerStartOptions& options) {
  if (options.log_level)
    if (Status s = setup_logging(*options.log_level); !s.ok()) return usage_error(s.message());
  if (Status s = prepare_jumbo_fields(options.swf); !s.ok()) return usage_error(s.message());
  if (!options.task_list && !options.poll_data) return usage_error("worker.start needs --task-list (or --poll-data)");
  if (options.processes < 1) return usage_error("--nb-processes must be at least 1");
  if (options.heartbeat < 0) return usage_error("--heartbeat must be 0 (none) or a number of seconds");
  std::optional<swf::ActivityTask> given;
  if (options.poll_data) {
    auto task = task_from_poll_data(*options.poll_data);
    if (!task.ok()) return usage_error(task.status().message());
    given = std::move(task).value();
  }
  double sigterm_wait = 3;
  try {
    sigterm_wait = static_cast<double>(internal::integer_setting("ACTIVITY_SIGTERM_WAIT_SEC", 3));
  } catch (const std::invalid_argument& e) {
    return usage_error(e.what());
  }
  auto ready = setup(options.swf, "worker.start");
  if (!ready.ok()) return usage_error(ready.status().message());
  auto make_options = [&] {
    return ActivityPollerOptions{.domain = ready->domain,
                                 .task_list = options.task_list.value_or(""),
                                 .identity = identity_or_exit(),
                                 .heartbeat_seconds = options.heartbeat,
                                 .sigterm_wait_seconds = sigterm_wait};
  };
  if (given || options.one_task) {
    const std::atomic<bool>& stop = internal::stop_on_termination_signals();
    set_process_name("ActivityPoller");
    ActivityPoller poller(ready->connection.client, make_options());
    if (given) {
      poller.process(*given);
      return kExitOk;
    }
    while (!stop.load()) {
      auto polled = poller.poll_once();
      if (!polled.ok()) {
        spdlog::error("{}", polled.status().message());
        return kExitFailed;
      }
      if (*polled) return kExitOk;
    }
    return kExitOk;
  }
  ready->connection.client.reset();
  spdlog::info("workers on domain {}, task list {}", ready->domain, *options.task_list);
  internal::SupervisorOptions supervisor{.processes = options.processes, .name = "worker"};
  return internal::run_supervisor(supervisor, [&](const std::atomic<bool>& stop) {
    set_process_name("ActivityPoller");
    ActivityPoller poller(client_in_child(ready->connection), make_options());
    poller.run(stop);
    return kExitOk;
  });
}

}  // namespace simpleflow::cli
