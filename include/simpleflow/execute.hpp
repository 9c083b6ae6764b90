// Activities that run outside the worker's code: an external program (Python
// simpleflow's execute.program), or a C++ activity in a process of its own
// (execute.python).
//
// A program activity is declared as a C++ function whose body never runs:
// its signature describes the call, the program does the work, and the
// result is what the program printed on its standard output.
//
//   namespace tools {
//   std::string wc(std::string path) { return {}; }  // runs `wc`
//   }
//   SIMPLEFLOW_PROGRAM(tools::wc, {.activity = {.params = {"path"}}});
//   ... auto lines = submit(tools::wc, "/etc/hosts");  // Future<std::string>
//
// A call becomes a command line as in Python simpleflow: each keyword argument
// `k=v` gives `-k="v"` (one-letter name) or `--key="v"`, the double quotes
// being part of the argument, then the positional arguments follow, each
// written as Python's str() writes the JSON value (see
// format_program_arguments). No shell is involved.
//
// A subprocess activity is an ordinary C++ activity that runs in a new
// process, started from this program (or `executable`) with the plugin that
// defines it, arguments as JSON, the result and any error coming back through
// file descriptors:
//
//   namespace examples {
//   std::vector<int> inc(std::vector<int> xs);  // defined in this plugin
//   }
//   SIMPLEFLOW_SUBPROCESS_ACTIVITY(examples::inc,
//                                  {.subprocess = {.timeout_seconds = 60, .kill_children = true},
//                                   .activity = {.params = {"xs"}}});
//
// Both kinds are submitted, run by workers and by the local executor like any
// activity. See docs/programs.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <typeindex>
#include <vector>

#include "simpleflow/activity.hpp"
#include "simpleflow/errors.hpp"
#include "simpleflow/json.hpp"
#include "simpleflow/params.hpp"

namespace simpleflow {

// ---- Programs ---------------------------------------------------------------

struct ProgramOptions {
  // The program: a path, or a name looked up in PATH. Default: the last
  // component of the function's name (`tools::wc` runs `wc`).
  std::string path;
  // Seconds before the program is stopped (SIGTERM, then SIGKILL 3 s later)
  // and the task fails; 0: no limit but the activity's own timeouts.
  double timeout_seconds = 0;
  ActivityOptions activity;
};

// A program that could not run or did not succeed: it was not found, could
// not start, exited with a non-zero code, was killed by a signal or ran past
// its timeout. The message names the program and what happened, with the end
// of what it wrote on its standard error.
class ProgramFailed : public Error {
 public:
  ProgramFailed(std::string program, std::string message, std::optional<int> exit_code = std::nullopt,
                std::string stderr_tail = {});
  const std::string& program() const { return program_; }
  // The exit code, when the program ran and exited by itself.
  std::optional<int> exit_code() const { return exit_code_; }
  // The last kilobytes of its standard error (also copied to this process's).
  const std::string& stderr_tail() const { return stderr_tail_; }

 private:
  std::string program_;
  std::optional<int> exit_code_;
  std::string stderr_tail_;
};

// The command-line arguments (without the program) for a call, as Python
// simpleflow's format_arguments builds them: keyword arguments first, in key
// order, then positional ones. Strings are kept as they are; other values are
// written as Python's str() writes them (True, None, [1, 'a'], {'k': 2.5}).
// Throws InvalidInput for a value or a key holding a NUL character, which a
// command line cannot carry.
std::vector<std::string> format_program_arguments(const Arguments& arguments);

// Runs `program` with format_program_arguments(arguments), its standard input
// from /dev/null and its standard error passed through, and returns what it
// wrote on its standard output (bytes that are not UTF-8 become U+FFFD).
// Throws ProgramFailed (see above) or InvalidInput.
std::string run_program(const std::string& program, const Arguments& arguments, double timeout_seconds = 0);

// ---- Activities in a subprocess ---------------------------------------------

struct SubprocessOptions {
  // The program to start; it must run the simpleflow command line (the
  // `simpleflow` binary, or a program calling simpleflow::cli::main).
  // Default: this program.
  std::string executable;
  // Plugins the subprocess loads with --plugin, besides the one that defines
  // a registered activity (found by itself) and those it loads anyway
  // (SIMPLEFLOW_PLUGINS, the default plugin directory).
  std::vector<std::string> plugins;
  // Seconds before the subprocess is stopped (SIGTERM, then SIGKILL 3 s
  // later) and ExecutionTimeoutError is thrown; 0: no limit.
  double timeout_seconds = 0;
  // When the activity returns or throws, the subprocess stops the processes
  // it started that are still running (SIGTERM, SIGKILL after 0.3 s).
  bool kill_children = false;
  // The subprocess's whole environment; default: this process's.
  std::optional<std::map<std::string, std::string>> environment;
};

struct SubprocessActivityOptions {
  SubprocessOptions subprocess;
  ActivityOptions activity;
};

// The activity failed in its subprocess. `details()` is the error the
// subprocess reported, verbatim: {"error": ..., "message": ..., "traceback":
// [...]}; a worker reports it as the task's details. what() is
// "<error>: <message>", or a description of how the subprocess ended when it
// reported nothing.
class ExecutionError : public Error {
 public:
  ExecutionError(std::string message, std::string details);
  const std::string& details() const { return details_; }

 private:
  std::string details_;
};

// The subprocess ran longer than SubprocessOptions::timeout_seconds.
class ExecutionTimeoutError : public Error {
 public:
  ExecutionTimeoutError(std::string activity, double timeout_seconds);
  double timeout_seconds() const { return timeout_seconds_; }

 private:
  double timeout_seconds_;
};

// Runs activity `name` (registered in the subprocess) on `arguments` in a new
// process and returns its result. `context` becomes the subprocess's
// activity_context(). Arguments of 65,536 characters or more travel through
// an inherited file descriptor instead of the command line. Throws
// ExecutionError (the activity failed, the subprocess could not start or
// died, or its result is not JSON) or ExecutionTimeoutError.
Json run_in_subprocess(const std::string& name, const Arguments& arguments, const SubprocessOptions& options,
                       const Json& context = Json::object());

// ---- Registration -----------------------------------------------------------

namespace internal {

// "tools.wc" -> "wc".
std::string last_name_component(const std::string& dotted_name);

// The invoker of a program activity; `check` rejects arguments that do not
// fit the declared function before anything runs.
ActivityDef::Invoker program_invoker(std::string program, double timeout_seconds,
                                     std::function<void(const Arguments&)> check);

// Registers the subprocess form of an activity: `inner` runs it (in the
// subprocess), the registered definition starts the subprocess. `anchor` is
// an address in the library that defines it, to find that plugin.
const ActivityDef& add_subprocess_activity(const void* function, std::type_index class_type, const void* anchor,
                                           std::string qualified_name, SubprocessActivityOptions options,
                                           ActivityDef::Invoker inner, std::size_t arity);

// A function of the defining library, for class activities' anchors.
template <class C>
void library_anchor() {}

}  // namespace internal

// Registers `Fn` (returning std::string; its body never runs) as the program
// activity described above.
template <auto Fn>
const ActivityDef& register_program(ProgramOptions options = {}) {
  using Traits = internal::function_traits<decltype(Fn)>;
  static_assert(std::is_same_v<typename Traits::result, std::string>,
                "a program activity returns the program's standard output: declare it returning std::string");
  std::string qualified = internal::dotted_name<Fn>();
  std::string program = options.path.empty() ? internal::last_name_component(qualified) : options.path;
  auto check = [callee = options.activity.name.value_or(qualified),
                params = options.activity.params](const Arguments& arguments) {
    [&]<class R, class... P>(R (*)(P...)) { internal::convert_arguments<P...>(arguments, params, callee); }(Fn);
  };
  return internal::add_activity(
      reinterpret_cast<const void*>(Fn), typeid(void),
      std::make_unique<ActivityDef>(qualified, std::move(options.activity),
                                    internal::program_invoker(program, options.timeout_seconds, check),
                                    Traits::arity));
}

// Registers function `Fn` as an activity that runs in a subprocess.
template <auto Fn>
const ActivityDef& register_subprocess_activity(SubprocessActivityOptions options = {}) {
  using Traits = internal::function_traits<decltype(Fn)>;
  std::string qualified = internal::dotted_name<Fn>();
  auto inner = internal::function_invoker<Fn>(options.activity.name.value_or(qualified), options.activity.params);
  const void* function = reinterpret_cast<const void*>(Fn);
  return internal::add_subprocess_activity(function, typeid(void), function, std::move(qualified),
                                           std::move(options), std::move(inner), Traits::arity);
}

// Registers class C, built from P..., as an activity that runs in a subprocess.
template <class C, class... P>
const ActivityDef& register_subprocess_activity_class(SubprocessActivityOptions options = {}) {
  static_assert(std::is_constructible_v<C, P...>, "the activity class must be constructible from P...");
  std::string qualified = internal::dotted_type_name<C>();
  auto inner = internal::class_invoker<C, P...>(options.activity.name.value_or(qualified), options.activity.params);
  return internal::add_subprocess_activity(nullptr, typeid(C), reinterpret_cast<const void*>(&internal::library_anchor<C>),
                                           std::move(qualified), std::move(options), std::move(inner), sizeof...(P));
}

namespace internal {
template <class C, class Sig>
struct SubprocessClassRegistrar;
template <class C, class... P>
struct SubprocessClassRegistrar<C, void(P...)> {
  static const ActivityDef& add(SubprocessActivityOptions o) {
    return register_subprocess_activity_class<C, P...>(std::move(o));
  }
};
}  // namespace internal

}  // namespace simpleflow

// Registers a function as a program activity when the library or plugin
// loads. Optional second argument: ProgramOptions in braces.
#define SIMPLEFLOW_PROGRAM(fn, ...)                                                   \
  [[maybe_unused]] static const ::simpleflow::ActivityDef& SIMPLEFLOW_CONCAT(         \
      simpleflow_activity_, __COUNTER__) =                                            \
      ::simpleflow::register_program<&fn>(                                            \
          ::simpleflow::internal::options_or_default<::simpleflow::ProgramOptions>(    \
              __VA_OPT__(::simpleflow::ProgramOptions __VA_ARGS__)))

// Registers a function as an activity that runs in a subprocess. Optional
// second argument: SubprocessActivityOptions in braces.
#define SIMPLEFLOW_SUBPROCESS_ACTIVITY(fn, ...)                                                \
  [[maybe_unused]] static const ::simpleflow::ActivityDef& SIMPLEFLOW_CONCAT(                  \
      simpleflow_activity_, __COUNTER__) =                                                     \
      ::simpleflow::register_subprocess_activity<&fn>(                                         \
          ::simpleflow::internal::options_or_default<::simpleflow::SubprocessActivityOptions>(  \
              __VA_OPT__(::simpleflow::SubprocessActivityOptions __VA_ARGS__)))

// Registers a class activity that runs in a subprocess; `ctor_args` as in
// SIMPLEFLOW_ACTIVITY_CLASS.
#define SIMPLEFLOW_SUBPROCESS_ACTIVITY_CLASS(cls, ctor_args, ...)                              \
  [[maybe_unused]] static const ::simpleflow::ActivityDef& SIMPLEFLOW_CONCAT(                  \
      simpleflow_activity_, __COUNTER__) =                                                     \
      ::simpleflow::internal::SubprocessClassRegistrar<cls, void ctor_args>::add(              \
          ::simpleflow::internal::options_or_default<::simpleflow::SubprocessActivityOptions>(  \
              __VA_OPT__(::simpleflow::SubprocessActivityOptions __VA_ARGS__)))
