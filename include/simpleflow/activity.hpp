// Activities: plain C++ functions, or classes with `execute()`, that workers run.
//
//   namespace examples::basic {
//   int increment(int x) { return x + 1; }
//   }
//   SIMPLEFLOW_ACTIVITY(examples::basic::increment,
//                       {.version = "example", .task_list = "quickstart"});
//
// registers `examples.basic.increment` (the C++ qualified name with `::` as
// `.`), which a workflow submits with `submit(examples::basic::increment, x)`.
// A class activity is constructed with the arguments, then `execute()` runs:
//
//   struct Sum { explicit Sum(std::vector<int> xs); int execute(); };
//   SIMPLEFLOW_ACTIVITY_CLASS(examples::Sum, (std::vector<int>), {.retry = 2});
//   ... submit(simpleflow::activity_class<examples::Sum>, xs) ...
//
// Arguments and results go through JSON (nlohmann's to_json/from_json for user
// types), exactly as they would between a decider and a worker.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <typeindex>
#include <utility>
#include <vector>

#include "simpleflow/internal/names.hpp"
#include "simpleflow/json.hpp"
#include "simpleflow/params.hpp"

namespace simpleflow {

// A timeout in seconds, written as SWF takes it: a string ("300", or "NONE").
struct Timeout {
  Timeout(int seconds) : value(std::to_string(seconds)) {}   // NOLINT: implicit by design
  Timeout(const char* v) : value(v) {}                        // NOLINT: implicit by design
  Timeout(std::string v) : value(std::move(v)) {}             // NOLINT: implicit by design
  std::string value;
};

// What may be set on an activity (designated initializers in this order);
// unset fields take Python simpleflow's defaults (the ACTIVITY_DEFAULT_* settings, read from the environment when
// the activity is registered).
struct ActivityOptions {
  std::optional<std::string> name;                       // default: dotted C++ name
  std::optional<std::string> version;                    // "default"
  std::optional<std::string> task_list;                  // "default"
  std::optional<int> retry;                              // 0: extra attempts after a failure
  std::optional<bool> raises_on_failure;                 // false
  std::optional<Timeout> start_to_close_timeout;         // "300"
  std::optional<Timeout> schedule_to_close_timeout;      // "300"
  std::optional<Timeout> schedule_to_start_timeout;      // "300"
  std::optional<Timeout> heartbeat_timeout;              // "300"
  std::optional<bool> idempotent;                        // unset: not idempotent
  std::optional<int> task_priority;                      // unset: no priority
  std::optional<Json> meta;                              // {}: copied into the input
  std::vector<Param> params;                             // names, to accept kwargs
  // The suffix of the task id from the arguments (Python's get_task_id),
  // instead of a counter or a hash. Must be deterministic.
  std::function<std::string(const Arguments&)> get_task_id;
  // false: a worker runs each task in a child process forked for it. true:
  // on a thread of the worker process (no fork; for short or fork-unsafe
  // activities). Such a task cannot be killed: on a cancel request the
  // worker sets ActivityContext::cancel_requested() and answers when the
  // activity returns (see worker.hpp).
  std::optional<bool> run_on_worker_thread;
};

// What an activity knows about the task it runs (Python's `context` dict).
struct ActivityContext {
  std::string name;           // activity type name
  std::string version;
  std::string workflow_id;
  std::string run_id;
  std::string activity_id;
  std::string input;          // the raw input field, undecoded
  std::string domain_name;
  std::string task_list;

  // Tells SWF that the activity is alive, with `details` (at most 32,768
  // characters) kept as the task's last heartbeat details. On a worker the
  // heartbeat goes through the worker process, which also heartbeats on its
  // own every --heartbeat seconds, repeating the last details; a cancel
  // request answered there stops the activity's process. Does nothing where
  // nobody listens (the local executor).
  //
  //   for (int i = 0; i < n; ++i) {
  //     work(i);
  //     simpleflow::activity_context().heartbeat(std::to_string(i));
  //   }
  void heartbeat(const std::string& details = {}) const {
    if (on_heartbeat) on_heartbeat(details);
  }
  // Set by the runner of the activity; receives heartbeat() calls.
  std::function<void(const std::string&)> on_heartbeat;
  // On the retry of an attempt that timed out (its worker died, or it
  // stopped heartbeating), that attempt's last heartbeat details: where a
  // long activity can resume from. Empty otherwise.
  std::string last_heartbeat_details;

  // Whether the worker wants this task to stop: SWF asked to cancel it, or
  // no longer knows it. Only an activity that runs on a worker thread sees
  // it become true (a task in a child process is stopped by signals
  // instead); long activities of that kind should check it and return.
  bool cancel_requested() const { return cancel_flag && cancel_flag->load(); }
  // Set by the runner of the activity; read by cancel_requested().
  std::shared_ptr<const std::atomic<bool>> cancel_flag;
};
void to_json(Json& j, const ActivityContext& c);

// The context of the activity running on this thread. Throws std::logic_error
// outside an activity.
const ActivityContext& activity_context();

// A registered activity with its attributes resolved. Immutable once
// registered; safe to share between threads.
class ActivityDef {
 public:
  // Runs the activity on decoded arguments and returns its result as JSON.
  using Invoker = std::function<Json(const Arguments&)>;

  ActivityDef(std::string qualified_name, ActivityOptions options, Invoker invoke, std::size_t arity);

  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  const std::string& task_list() const { return task_list_; }
  int retry() const { return retry_; }
  bool raises_on_failure() const { return raises_on_failure_; }
  const std::string& start_to_close_timeout() const { return start_to_close_timeout_; }
  const std::string& schedule_to_close_timeout() const { return schedule_to_close_timeout_; }
  const std::string& schedule_to_start_timeout() const { return schedule_to_start_timeout_; }
  const std::string& heartbeat_timeout() const { return heartbeat_timeout_; }
  std::optional<bool> idempotent() const { return idempotent_; }
  std::optional<int> task_priority() const { return task_priority_; }
  bool run_on_worker_thread() const { return run_on_worker_thread_; }
  const Json& meta() const { return meta_; }
  const std::vector<Param>& params() const { return params_; }
  std::size_t arity() const { return arity_; }
  // The C++ name it was registered from (differs from name() when renamed).
  const std::string& qualified_name() const { return qualified_name_; }
  bool has_custom_task_id() const { return static_cast<bool>(get_task_id_); }
  // The custom task id suffix for `arguments`, or "" when there is none.
  std::string task_id_for(const Arguments& arguments) const {
    return get_task_id_ ? get_task_id_(arguments) : std::string();
  }

  // Whether the attributes are usable (names, params, limits); registration
  // records a failure as a registry error.
  Status validate() const;

  // Runs the activity with `context` as this thread's activity_context().
  // Throws InvalidInput for arguments that do not fit, or what the code throws.
  Json invoke(const Arguments& arguments, const ActivityContext& context) const;

 private:
  std::string qualified_name_, name_, version_, task_list_;
  int retry_;
  bool raises_on_failure_;
  std::string start_to_close_timeout_, schedule_to_close_timeout_, schedule_to_start_timeout_,
      heartbeat_timeout_;
  std::optional<bool> idempotent_;
  std::optional<int> task_priority_;
  bool run_on_worker_thread_;
  Json meta_;
  std::vector<Param> params_;
  std::size_t arity_;
  std::function<std::string(const Arguments&)> get_task_id_;
  Invoker invoke_;
};

// Names a class activity in `submit`: `submit(activity_class<Sum>, xs)`.
template <class C>
struct ActivityClass {};
template <class C>
inline constexpr ActivityClass<C> activity_class{};

namespace internal {

// Registers into the process-wide registry (see registry.hpp); a duplicate
// name is recorded as a registration error, reported when plugins load.
const ActivityDef& add_activity(const void* function, std::type_index class_type,
                                std::unique_ptr<ActivityDef> def);

template <class R, class Tuple, class F>
Json call_and_encode(F&& f, Tuple&& args) {
  if constexpr (std::is_void_v<R>) {
    std::apply(std::forward<F>(f), std::forward<Tuple>(args));
    return nullptr;
  } else {
    return Json(std::apply(std::forward<F>(f), std::forward<Tuple>(args)));
  }
}

template <class F> struct function_traits;
template <class R, class... P>
struct function_traits<R (*)(P...)> {
  using result = R;
  static constexpr std::size_t arity = sizeof...(P);
  template <class... A>
  static constexpr bool accepts = sizeof...(A) == sizeof...(P);
};

// The invoker of function `Fn`: binds and converts the arguments to its
// parameters (InvalidInput names `callee`), calls it, encodes the result.
template <auto Fn>
ActivityDef::Invoker function_invoker(std::string callee, std::vector<Param> params) {
  return [callee = std::move(callee), params = std::move(params)](const Arguments& arguments) -> Json {
    return [&]<class R, class... P>(R (*)(P...)) {
      auto values = convert_arguments<P...>(arguments, params, callee);
      return call_and_encode<R>(Fn, std::move(values));
    }(Fn);
  };
}

// The invoker of class activity C built from P...: constructs it, sets its
// `context` member if it has one, returns what execute() gives.
template <class C, class... P>
ActivityDef::Invoker class_invoker(std::string callee, std::vector<Param> params) {
  return [callee = std::move(callee), params = std::move(params)](const Arguments& arguments) -> Json {
    auto values = convert_arguments<P...>(arguments, params, callee);
    C instance = std::make_from_tuple<C>(std::move(values));
    if constexpr (requires { instance.context = activity_context(); }) instance.context = activity_context();
    using R = decltype(instance.execute());
    return call_and_encode<R>([&instance] { return instance.execute(); }, std::tuple<>{});
  };
}

}  // namespace internal

// Registers function `Fn` as an activity. Returns the definition.
template <auto Fn>
const ActivityDef& register_activity(ActivityOptions options = {}) {
  using Traits = internal::function_traits<decltype(Fn)>;
  std::string qualified = internal::dotted_name<Fn>();
  auto invoke = internal::function_invoker<Fn>(options.name.value_or(qualified), options.params);
  return internal::add_activity(reinterpret_cast<const void*>(Fn), typeid(void),
                                std::make_unique<ActivityDef>(qualified, std::move(options),
                                                              std::move(invoke), Traits::arity));
}

// Registers class C as an activity built from arguments of types P... .
// `execute()` gives the result; if C has a `context` member it is set first.
template <class C, class... P>
const ActivityDef& register_activity_class(ActivityOptions options = {}) {
  static_assert(std::is_constructible_v<C, P...>, "the activity class must be constructible from P...");
  std::string qualified = internal::dotted_type_name<C>();
  auto invoke = internal::class_invoker<C, P...>(options.name.value_or(qualified), options.params);
  return internal::add_activity(nullptr, typeid(C),
                                std::make_unique<ActivityDef>(qualified, std::move(options),
                                                              std::move(invoke), sizeof...(P)));
}

}  // namespace simpleflow

#define SIMPLEFLOW_CONCAT_INNER(a, b) a##b
#define SIMPLEFLOW_CONCAT(a, b) SIMPLEFLOW_CONCAT_INNER(a, b)

// Registers a function as an activity when the library or plugin loads.
// Optional second argument: ActivityOptions in braces.
#define SIMPLEFLOW_ACTIVITY(fn, ...)                                                       \
  [[maybe_unused]] static const ::simpleflow::ActivityDef& SIMPLEFLOW_CONCAT(              \
      simpleflow_activity_, __COUNTER__) =                                                 \
      ::simpleflow::register_activity<&fn>(                                                \
          ::simpleflow::internal::options_or_default<::simpleflow::ActivityOptions>(        \
              __VA_OPT__(::simpleflow::ActivityOptions __VA_ARGS__)))

// Registers a class activity; `ctor_args` is the parenthesised list of the
// constructor's parameter types, e.g. (std::vector<int>) or ().
#define SIMPLEFLOW_ACTIVITY_CLASS(cls, ctor_args, ...)                                     \
  [[maybe_unused]] static const ::simpleflow::ActivityDef& SIMPLEFLOW_CONCAT(              \
      simpleflow_activity_, __COUNTER__) =                                                 \
      ::simpleflow::internal::register_activity_class_from<cls, void ctor_args>(            \
          ::simpleflow::internal::options_or_default<::simpleflow::ActivityOptions>(        \
              __VA_OPT__(::simpleflow::ActivityOptions __VA_ARGS__)))

namespace simpleflow::internal {
template <class C, class Sig>
struct ClassRegistrar;
template <class C, class... P>
struct ClassRegistrar<C, void(P...)> {
  static const ActivityDef& add(ActivityOptions o) { return register_activity_class<C, P...>(std::move(o)); }
};
template <class C, class Sig>
const ActivityDef& register_activity_class_from(ActivityOptions options) {
  return ClassRegistrar<C, Sig>::add(std::move(options));
}
}  // namespace simpleflow::internal
