// Activities in a subprocess (Python's execute.python), the parent's side:
// start the command line's `activity.execute`, read its result or error.
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "execute/child_process.hpp"
#include "process/spawn.hpp"
#include "process/wait_status.hpp"
#include "simpleflow/execute.hpp"

namespace simpleflow {
namespace {

// Arguments this long go through a descriptor: Linux limits one command-line
// argument to 128 KiB, and Python simpleflow switches at this length.
constexpr std::size_t kMaxArgumentsOnCommandLine = 65536;

// An anonymous file in memory, closed when it goes out of scope.
class MemoryFile {
 public:
  explicit MemoryFile(const char* name) : fd_(::memfd_create(name, MFD_CLOEXEC)) {
    if (fd_ < 0) throw ExecutionError(std::string("cannot create a file for the subprocess: ") + std::strerror(errno), "");
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  int fd() const { return fd_; }

  void write_all(const std::string& text) {
    for (std::size_t done = 0; done < text.size();) {
      ssize_t n = ::pwrite(fd_, text.data() + done, text.size() - done, static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw ExecutionError(std::string("cannot write the subprocess's arguments: ") + std::strerror(errno), "");
      done += static_cast<std::size_t>(n);
    }
  }
  std::string read_all() const {
    std::string out;
    char chunk[65536];
    while (true) {
      ssize_t n = ::pread(fd_, chunk, sizeof chunk, static_cast<off_t>(out.size()));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return out;
      out.append(chunk, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
};

std::string executable_or_self(const SubprocessOptions& options) {
  if (!options.executable.empty()) return options.executable;
  auto self = internal::self_executable();
  if (!self.ok()) throw ExecutionError(self.status().message(), "");
  return *self;
}

// "<error>: <message>" from the error JSON, else the text itself.
std::string describe_reported_error(const std::string& text) {
  Json error = loads_or_raw(text);
  if (error.is_object() && error.contains("error") && error.contains("message")) {
    auto as_text = [](const Json& v) { return v.is_string() ? v.get<std::string>() : dumps(v); };
    return as_text(error["error"]) + ": " + as_text(error["message"]);
  }
  return error.is_string() ? error.get<std::string>() : text;
}

std::string ended_without_report(const std::string& name, const internal::ChildOutcome& outcome) {
  std::string message = "activity \"" + name + "\": its subprocess (pid " + std::to_string(outcome.pid) +
                        ") ended with " + internal::describe_wait_status(outcome.wait_status) +
                        " without reporting an error";
  std::string tail = outcome.error_tail;
  while (!tail.empty() && tail.back() == '\n') tail.pop_back();
  return tail.empty() ? message : message + "; its standard error ends with: " + tail;
}

}  // namespace

ExecutionError::ExecutionError(std::string message, std::string details)
    : Error(std::move(message)), details_(std::move(details)) {}

ExecutionTimeoutError::ExecutionTimeoutError(std::string activity, double timeout_seconds)
    : Error("activity \"" + activity + "\" ran longer than its timeout of " + dumps(Json(timeout_seconds)) +
            " seconds in its subprocess, which was stopped"),
      timeout_seconds_(timeout_seconds) {}

Json run_in_subprocess(const std::string& name, const Arguments& arguments, const SubprocessOptions& options,
                       const Json& context) {
  MemoryFile result("simpleflow-result"), error("simpleflow-error");
  std::vector<std::string> argv{executable_or_self(options)};
  for (const auto& plugin : options.plugins) {
    argv.push_back("--plugin");
    argv.push_back(plugin);
  }
  argv.insert(argv.end(), {"activity.execute", name, "--result-fd=3", "--error-fd=4", "--context=" + dumps(context)});
  std::vector<int> fds{result.fd(), error.fd()};
  std::string arguments_json = dumps(arguments.to_input());
  std::optional<MemoryFile> arguments_file;
  if (arguments_json.size() < kMaxArgumentsOnCommandLine) {
    argv.push_back(arguments_json);
  } else {
    arguments_file.emplace("simpleflow-arguments");
    arguments_file->write_all(arguments_json);
    fds.push_back(arguments_file->fd());
    argv.push_back("--arguments-json-fd=5");
  }
  if (options.kill_children) argv.push_back("--kill-children");

  auto outcome = internal::run_child({.argv = std::move(argv),
                                      .inherited_fds = fds,
                                      .environment = options.environment,
                                      .timeout_seconds = options.timeout_seconds,
                                      .stop_descendants_on_timeout = options.kill_children});
  if (!outcome.ok())
    throw ExecutionError("activity \"" + name + "\": cannot start its subprocess: " + outcome.status().message(), "");
  if (outcome->timed_out) throw ExecutionTimeoutError(name, options.timeout_seconds);
  const int status = outcome->wait_status;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string reported = error.read_all();
    if (reported.empty()) throw ExecutionError(ended_without_report(name, *outcome), "");
    throw ExecutionError(describe_reported_error(reported), reported);
  }
  std::string text = result.read_all();
  if (text.empty()) return nullptr;
  auto value = parse_json(text);
  if (!value.ok())
    throw ExecutionError("activity \"" + name + "\": its subprocess wrote a result that is not JSON: " +
                             value.status().message(),
                         "");
  return *value;
}

}  // namespace simpleflow
