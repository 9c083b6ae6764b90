// Program activities (Python's execute.program): a call becomes a command
// line, the program's standard output becomes the result.
#include <sys/wait.h>

#include <string>
#include <vector>

#include "execute/child_process.hpp"
#include "execute/python_str.hpp"
#include "process/wait_status.hpp"
#include "simpleflow/execute.hpp"

namespace simpleflow {
namespace {

// A command-line argument cannot hold a NUL: execve would cut it there.
std::string checked(std::string text, const std::string& what) {
  if (text.find('\0') != std::string::npos)
    throw InvalidInput(what + " holds a NUL character, which a command line cannot carry");
  return text;
}

// Python's len() of a key: code points, not bytes.
std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The text as it would come out of a JSON round trip: bytes that are not
// UTF-8 become U+FFFD here already, so that the result is the same locally
// and on SWF.
std::string as_utf8(const std::string& bytes) {
  return Json::parse(dumps(Json(bytes))).get<std::string>();
}

std::string with_tail(std::string message, const std::string& tail) {
  if (tail.empty()) return message;
  std::string trimmed = tail;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r')) trimmed.pop_back();
  return message + "; its standard error ends with: " + trimmed;
}

}  // namespace

ProgramFailed::ProgramFailed(std::string program, std::string message, std::optional<int> exit_code,
                             std::string stderr_tail)
    : Error(std::move(message)),
      program_(std::move(program)),
      exit_code_(exit_code),
      stderr_tail_(std::move(stderr_tail)) {}

std::vector<std::string> format_program_arguments(const Arguments& arguments) {
  if (!arguments.args.is_array()) throw InvalidInput("program arguments: args must be a JSON array");
  if (!arguments.kwargs.is_object()) throw InvalidInput("program arguments: kwargs must be a JSON object");
  std::vector<std::string> out;
  for (const auto& [key, value] : arguments.kwargs.items()) {
    std::string option = (code_points(key) == 1 ? "-" : "--") + key;
    out.push_back(checked(option + "=\"" + internal::python_str(value) + "\"", "keyword argument \"" + key + "\""));
  }
  for (std::size_t i = 0; i < arguments.args.size(); ++i)
    out.push_back(checked(internal::python_str(arguments.args[i]), "positional argument " + std::to_string(i + 1)));
  return out;
}

std::string run_program(const std::string& program, const Arguments& arguments, double timeout_seconds) {
  std::vector<std::string> argv{program};
  for (auto& a : format_program_arguments(arguments)) argv.push_back(std::move(a));
  auto outcome = internal::run_child({.argv = std::move(argv),
                                      .capture_output = true,
                                      .timeout_seconds = timeout_seconds,
                                      .stop_descendants_on_timeout = true});
  if (!outcome.ok()) throw ProgramFailed(program, outcome.status().message());
  const int status = outcome->wait_status;
  if (outcome->timed_out) {
    throw ProgramFailed(program,
                        with_tail("program \"" + program + "\" (pid " + std::to_string(outcome->pid) +
                                      ") ran longer than its timeout of " + dumps(Json(timeout_seconds)) +
                                      " seconds and was stopped",
                                  outcome->error_tail),
                        std::nullopt, outcome->error_tail);
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::optional<int> code = WIFEXITED(status) ? std::optional<int>(WEXITSTATUS(status)) : std::nullopt;
    throw ProgramFailed(program,
                        with_tail("program \"" + program + "\" (pid " + std::to_string(outcome->pid) +
                                      ") failed: " + internal::describe_wait_status(status),
                                  outcome->error_tail),
                        code, outcome->error_tail);
  }
  return as_utf8(outcome->output);
}

namespace internal {

std::string last_name_component(const std::string& dotted_name) {
  auto dot = dotted_name.rfind('.');
  return dot == std::string::npos ? dotted_name : dotted_name.substr(dot + 1);
}

ActivityDef::Invoker program_invoker(std::string program, double timeout_seconds,
                                     std::function<void(const Arguments&)> check) {
  return [program = std::move(program), timeout_seconds, check = std::move(check)](const Arguments& arguments) {
    check(arguments);
    return Json(run_program(program, arguments, timeout_seconds));
  };
}

}  // namespace internal
}  // namespace simpleflow
