#include "execute/subprocess_child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "core/failure.hpp"
#include "execute/subprocess_registration.hpp"
#include "simpleflow/errors.hpp"
#include "simpleflow/params.hpp"
#include "simpleflow/registry.hpp"
#include "worker/process_tree.hpp"

namespace simpleflow::internal {
namespace {

// How long the processes left behind get between SIGTERM and SIGKILL, as
// Python simpleflow gives them.
constexpr auto kChildrenGrace = std::chrono::milliseconds(300);

// An error of the request, before any activity code runs: the same form as
// the activity's own errors, so that the parent reports it as it would those.
struct RequestError {
  std::string error;
  std::string message;
};

bool write_all(int fd, const std::string& text) {
  for (std::size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string read_all(int fd) {
  std::string out;
  char chunk[65536];
  while (true) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return out;
    out.append(chunk, static_cast<std::size_t>(n));
  }
}

bool is_open(int fd) { return fd >= 0 && ::fcntl(fd, F_GETFD) != -1; }

Arguments read_arguments(const std::string& text) {
  auto json = parse_json(text);
  if (!json.ok()) throw RequestError{"InvalidInput", "cannot read the arguments: " + json.status().message()};
  try {
    return Arguments::from_input(*json);
  } catch (const InvalidInput& e) {
    throw RequestError{"InvalidInput", std::string("cannot read the arguments: ") + e.what()};
  }
}

ActivityContext read_context(const std::optional<std::string>& text) {
  ActivityContext context;
  if (!text) return context;
  auto json = parse_json(*text);
  if (!json.ok() || !(json->is_object() || json->is_null()))
    throw RequestError{"InvalidInput", "--context must be a JSON object" +
                                           (json.ok() ? std::string() : ": " + json.status().message())};
  if (json->is_null()) return context;
  auto field = [&](const char* key) {
    auto it = json->find(key);
    return it != json->end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  context.name = field("name");
  context.version = field("version");
  context.workflow_id = field("workflow_id");
  context.run_id = field("run_id");
  context.activity_id = field("activity_id");
  context.input = field("input");
  context.domain_name = field("domain_name");
  context.task_list = field("activity_task_list");
  return context;
}

const ActivityDef& find_definition(const std::string& name) {
  if (const ActivityDef* inner = find_subprocess_inner(name)) return *inner;
  if (const ActivityDef* def = Registry::global().find_activity(name)) return *def;
  throw RequestError{"DispatchError", "no activity named \"" + name +
                                          "\" is registered in this program (is its plugin loaded?)"};
}

// A process in the list that still runs (not gone, not a zombie).
bool alive(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return false;
  auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

void stop_children() {
  std::vector<pid_t> left = process_descendants(::getpid());
  for (pid_t p : left) ::kill(p, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + kChildrenGrace;
  while (!left.empty() && std::chrono::steady_clock::now() < deadline) {
    reap_exited_orphans();
    std::erase_if(left, [](pid_t p) { return !alive(p); });
    if (!left.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  for (pid_t p : left) ::kill(p, SIGKILL);
  reap_exited_orphans();
}

std::string error_json(const std::string& error, const std::string& message) {
  return dumps(Json{{"error", error}, {"message", message}, {"traceback", Json::array()}});
}

struct RunOutcome {
  bool ok;
  std::string text;  // the result, or the error JSON
};

RunOutcome run(const SubprocessRequest& request, const std::string& arguments_text) {
  try {
    Arguments arguments = read_arguments(arguments_text);
    ActivityContext context = read_context(request.context_json);
    const ActivityDef& def = find_definition(request.activity);
    return {true, dumps(def.invoke(arguments, context))};
  } catch (const RequestError& e) {
    return {false, error_json(e.error, e.message)};
  } catch (...) {
    FailureReport report = report_failure(std::current_exception());
    return {false, error_json(report.error, report.message)};
  }
}

}  // namespace

int execute_activity_here(const SubprocessRequest& request) {
  for (auto [fd, option] : {std::pair{request.result_fd, "--result-fd"}, std::pair{request.error_fd, "--error-fd"}}) {
    if (!is_open(fd)) {
      std::cerr << "simpleflow: error: " << option << " " << fd << " is not an open file descriptor" << std::endl;
      return 2;
    }
  }
  std::string arguments_text;
  if (request.arguments_fd) {
    if (!is_open(*request.arguments_fd)) {
      std::cerr << "simpleflow: error: --arguments-json-fd " << *request.arguments_fd
                << " is not an open file descriptor" << std::endl;
      return 2;
    }
    arguments_text = read_all(*request.arguments_fd);
    ::close(*request.arguments_fd);
  } else if (request.arguments_json) {
    arguments_text = *request.arguments_json;
  } else {
    std::cerr << "simpleflow: error: the arguments are required (as JSON, or with --arguments-json-fd)" << std::endl;
    return 2;
  }

  RunOutcome outcome = run(request, arguments_text);
  std::cout.flush();
  std::fflush(nullptr);
  int code = outcome.ok ? 0 : 1;
  // On standard output (Python simpleflow's legacy form) the result comes on
  // a line of its own, after what the activity printed.
  if (outcome.ok && request.result_fd == STDOUT_FILENO) outcome.text.insert(0, "\n");
  if (!write_all(outcome.ok ? request.result_fd : request.error_fd, outcome.text)) {
    std::cerr << "simpleflow: error: cannot write the " << (outcome.ok ? "result" : "error") << ": "
              << std::strerror(errno) << std::endl;
    code = 2;
  }
  if (request.kill_children) stop_children();
  return code;
}

}  // namespace simpleflow::internal
