// Workflows: classes deriving from simpleflow::Workflow whose run() submits
// tasks and reads futures.
//
//   class BasicWorkflow : public simpleflow::Workflow {
//    public:
//     int run(int x, int t) {
//       auto y = submit(increment, x);
//       auto yy = submit(delay, t, y);
//       auto z = submit(twice, y);
//       std::cout << "(" << x << " + 1) * 2 = " << z.result() << "\n";
//       simpleflow::futures::wait(yy, z);
//       return z.result();
//     }
//   };
//   SIMPLEFLOW_WORKFLOW(examples::basic::BasicWorkflow,
//                       {.name = "basic", .version = "example", .task_list = "example",
//                        .params = {"x", {"t", 30}}});
//
// run() is replayed from the start on every decision on SWF: it must be
// deterministic, and it must not catch ExecutionBlocked (no `catch (...)`).
// A Workflow object is used by one run on one thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "simpleflow/activity.hpp"
#include "simpleflow/future.hpp"
#include "simpleflow/history.hpp"
#include "simpleflow/params.hpp"
#include "simpleflow/task_failure.hpp"
#include "simpleflow/tasks.hpp"

namespace simpleflow {

class Workflow;
class Group;
class Chain;
class FuncGroup;

namespace internal {
class Executor;
struct WorkflowAccess;
}  // namespace internal

// What may be set on a workflow (designated initializers in this order).
struct WorkflowOptions {
  std::optional<std::string> name;                  // SWF type name; default: dotted class name
  std::optional<std::string> version;               // "default"
  std::optional<std::string> task_list;             // "default": decision task list
  std::optional<Timeout> execution_timeout;         // unset: the type's default
  std::optional<Timeout> decision_tasks_timeout;    // unset: the type's default
  std::optional<std::string> child_policy;          // TERMINATE, REQUEST_CANCEL or ABANDON
  std::vector<std::string> tag_list;                // at most 5
  std::optional<int> retry;                         // 0, when run as a child
  std::optional<bool> raises_on_failure;            // true, when run as a child
  std::optional<bool> idempotent;                   // false, when run as a child
  std::optional<int> max_open_activity_count;       // unset: SWF_MAX_OPEN_ACTIVITY_COUNT or 1000
  std::optional<int> task_priority;                 // unset: no priority
  std::vector<Param> params;                        // run()'s parameter names and defaults
  bool propagate_signals_to_parent = true;          // re-send propagated signals to the parent
  // As a child: its workflow id (instead of the generated one), its decision
  // task list and its tags, from the submitted arguments. Must be deterministic.
  std::function<std::string(const Arguments&)> get_workflow_id;
  std::function<std::string(const Arguments&)> get_task_list;
  std::function<std::vector<std::string>(const Arguments&)> get_tag_list;
};

// As a workflow's whole tag_list: a child copies its parent's tags.
inline constexpr const char* kInheritTagList = "INHERIT_TAG_LIST";

// A registered workflow class with its attributes resolved. Immutable once
// registered; safe to share between threads.
class WorkflowDef {
 public:
  using Factory = std::function<std::unique_ptr<Workflow>()>;
  using Runner = std::function<Json(Workflow&, const Arguments&)>;
  using Checker = std::function<void(const Arguments&)>;

  WorkflowDef(std::string class_name, WorkflowOptions options, Factory factory, Runner run, Checker check,
              std::size_t arity);

  // The dotted C++ class name: what the CLI takes and `__extra.class` carries.
  const std::string& class_name() const { return class_name_; }
  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  const std::string& task_list() const { return task_list_; }
  const std::optional<std::string>& execution_timeout() const { return execution_timeout_; }
  const std::optional<std::string>& decision_tasks_timeout() const { return decision_tasks_timeout_; }
  const std::optional<std::string>& child_policy() const { return child_policy_; }
  const std::vector<std::string>& tag_list() const { return tag_list_; }
  int retry() const { return retry_; }
  bool raises_on_failure() const { return raises_on_failure_; }
  bool idempotent() const { return idempotent_; }
  std::optional<int> max_open_activity_count() const { return max_open_activity_count_; }
  std::optional<int> task_priority() const { return task_priority_; }
  const std::vector<Param>& params() const { return params_; }
  std::size_t arity() const { return arity_; }
  bool propagate_signals_to_parent() const { return propagate_signals_to_parent_; }
  // As a child with `arguments`: the explicit workflow id (empty: generate
  // one), the decision task list and the tags (a parent's when inherited is
  // resolved by the executor).
  std::string workflow_id_for(const Arguments& arguments) const;
  bool has_custom_workflow_id() const { return static_cast<bool>(get_workflow_id_); }
  std::string task_list_for(const Arguments& arguments) const;
  std::vector<std::string> tag_list_for(const Arguments& arguments) const;

  // Whether the attributes are usable (names, params, limits); registration
  // records a failure as a registry error.
  Status validate() const;

  std::unique_ptr<Workflow> create() const { return factory_(); }
  // Binds `arguments` to run()'s parameters and calls it; returns its result.
  Json run(Workflow& workflow, const Arguments& arguments) const { return run_(workflow, arguments); }
  // Throws InvalidInput, naming the parameter, if `arguments` do not fit run().
  void check_arguments(const Arguments& arguments) const { check_(arguments); }

 private:
  std::string class_name_, name_, version_, task_list_;
  std::optional<std::string> execution_timeout_, decision_tasks_timeout_, child_policy_;
  std::vector<std::string> tag_list_;
  int retry_;
  bool raises_on_failure_, idempotent_;
  std::optional<int> max_open_activity_count_, task_priority_;
  std::vector<Param> params_;
  std::size_t arity_;
  bool propagate_signals_to_parent_;
  std::function<std::string(const Arguments&)> get_workflow_id_, get_task_list_;
  std::function<std::vector<std::string>(const Arguments&)> get_tag_list_;
  Factory factory_;
  Runner run_;
  Checker check_;
};

// Per-submission overrides of a task's attributes (canvas uses them).
struct SubmitOptions {
  std::optional<bool> raises_on_failure;
  std::optional<int> task_priority;
  // The numbered suffix of the task id, when it was reserved before the task
  // could be submitted (see Workflow::submit_when_ready).
  std::string reserved_id_suffix;
};

// Names a workflow class in `submit`: `submit(child_workflow<Child>, x)`.
template <class W>
struct ChildWorkflow {};
template <class W>
inline constexpr ChildWorkflow<W> child_workflow{};

namespace internal {

template <class M> struct run_traits;
template <class W, class R, class... P>
struct run_traits<R (W::*)(P...)> {
  using result = R;
  using params = std::tuple<std::remove_cvref_t<P>...>;
  static constexpr std::size_t arity = sizeof...(P);
};

// Whether an argument of type A may be passed where parameter P is expected.
template <class P, class A>
constexpr bool argument_fits() {
  using Arg = std::remove_cvref_t<A>;
  if constexpr (is_future<Arg>::value) {
    using V = typename Arg::value_type;
    if constexpr (std::is_same_v<V, Json>) return true;
    else return std::is_convertible_v<V, std::remove_cvref_t<P>>;
  } else if constexpr (std::is_same_v<Arg, Json>) {
    return true;
  } else {
    return std::is_convertible_v<Arg, std::remove_cvref_t<P>>;
  }
}

template <class ParamTuple, class... A, std::size_t... I>
constexpr bool arguments_fit(std::index_sequence<I...>) {
  return (argument_fits<std::tuple_element_t<I, ParamTuple>, A>() && ...);
}

template <class ParamTuple, class... A>
constexpr bool arguments_fit() {
  if constexpr (sizeof...(A) > std::tuple_size_v<ParamTuple>) return false;
  else return arguments_fit<ParamTuple, A...>(std::index_sequence_for<A...>{});
}

// What Workflow::submit schedules: an activity or a child workflow.
struct SubmitTarget {
  const ActivityDef* activity;
  const WorkflowDef* workflow;
};
// A positional argument of a submission: a value, or the future giving it.
struct ArgumentSource {
  Json value;
  TaskStatusPtr future;
};

// The arguments of a submitted task, built into Arguments on first use: a
// replay that finds the task completed in its history never needs them, and
// a fan-out of thousands of tasks then builds no JSON for them.
class TaskArguments {
 public:
  TaskArguments() = default;  // no arguments
  TaskArguments(Arguments arguments) : built_(std::move(arguments)) {}  // NOLINT: arguments are task arguments
  // Values and futures that finished without failing (the submission checks
  // them first).
  static TaskArguments from_sources(std::vector<ArgumentSource> sources);

  // Builds the Arguments on the first call (not thread-safe: a task's
  // arguments belong to the one run that submits it).
  const Arguments& get() const;
  // Moves them out; the object is then spent.
  Arguments take() {
    get();
    return std::move(*built_);
  }

 private:
  mutable std::optional<Arguments> built_;
  std::vector<ArgumentSource> sources_;
};

const WorkflowDef& add_workflow(std::type_index type, std::unique_ptr<WorkflowDef> def);
const WorkflowDef& workflow_for(std::type_index type);
const ActivityDef& activity_for_function(const void* function);
const ActivityDef& activity_for_class(std::type_index type);

}  // namespace internal

class Workflow {
 public:
  Workflow() = default;
  virtual ~Workflow();
  Workflow(const Workflow&) = delete;
  Workflow& operator=(const Workflow&) = delete;

  // ---- Attributes (from the registration) --------------------------------
  const WorkflowDef& definition() const;
  const std::string& name() const { return definition().name(); }
  const std::string& version() const { return definition().version(); }
  const std::string& task_list() const { return definition().task_list(); }

  // ---- Hooks: override to observe the run. All default to doing nothing. ----
  virtual void before_replay(const History& history);
  // After each replay, finished or blocked.
  virtual void after_replay(const History& history);
  // After the execution completed or failed.
  virtual void after_closed(const History& history);
  virtual void on_failure(const History& history, const std::string& reason, const std::string& details);
  virtual void on_completed(const History& history);
  virtual void on_canceled(const History& history);
  // Whether a cancel request closes the execution (default true).
  virtual bool should_cancel(const History& history);
  // On SWF, when an activity or child workflow failed or timed out: may decide
  // what happens instead of the default retry and raises_on_failure handling
  // (task_failure.hpp). Not called by the local executor.
  virtual void on_task_failure(TaskFailureContext& failure);

  // ---- Submitting work ------------------------------------------------------
  // An activity function registered with SIMPLEFLOW_ACTIVITY. Arguments may be
  // values or futures; if a future argument is not finished, the task is not
  // scheduled yet and the returned future stays PENDING.
  template <class R, class... P, class... A>
  Future<R> submit(R (*fn)(P...), A&&... args) {
    static_assert(internal::arguments_fit<std::tuple<std::remove_cvref_t<P>...>, A...>(),
                  "argument types do not match the activity's parameters");
    const ActivityDef& def = internal::activity_for_function(reinterpret_cast<const void*>(fn));
    return Future<R>(submit_activity_with(def, std::forward<A>(args)...));
  }

  // A class activity registered with SIMPLEFLOW_ACTIVITY_CLASS.
  template <class C, class... A>
  auto submit(ActivityClass<C>, A&&... args) {
    using R = decltype(std::declval<C&>().execute());
    const ActivityDef& def = internal::activity_for_class(typeid(C));
    return Future<R>(submit_activity_with(def, std::forward<A>(args)...));
  }

  // A child workflow registered with SIMPLEFLOW_WORKFLOW.
  template <class W, class... A>
  auto submit(ChildWorkflow<W>, A&&... args) {
    using Traits = internal::run_traits<decltype(&W::run)>;
    static_assert(internal::arguments_fit<typename Traits::params, A...>(),
                  "argument types do not match the child workflow's run()");
    const WorkflowDef& def = internal::workflow_for(typeid(W));
    return Future<typename Traits::result>(submit_when_ready(Target{nullptr, &def}, sources(std::forward<A>(args)...)));
  }

  // Untyped forms, for tasks known by name at run time.
  Future<Json> submit(const ActivityDef& activity, Arguments arguments, const SubmitOptions& options = {});
  Future<Json> submit(const WorkflowDef& workflow, Arguments arguments, const SubmitOptions& options = {});

  // Submits `fn` once per item (Python's map): returns the futures in order.
  template <class R, class... P, class Range>
  std::vector<Future<R>> map(R (*fn)(P...), const Range& items) {
    std::vector<Future<R>> out;
    for (const auto& item : items) out.push_back(submit(fn, item));
    return out;
  }
  // Like map, each item being a tuple of arguments (Python's starmap).
  template <class R, class... P, class Range>
  std::vector<Future<R>> starmap(R (*fn)(P...), const Range& items) {
    std::vector<Future<R>> out;
    for (const auto& item : items)
      out.push_back(std::apply([&](const auto&... a) { return submit(fn, a...); }, item));
    return out;
  }

  Future<Json> submit(const SignalTask& task);
  Future<Json> submit(const WaitForSignal& task);
  Future<Json> submit(const MarkerTask& task);
  Future<void> submit(const TimerTask& task);
  Future<void> submit(const CancelTimerTask& task);
  // Canvas (canvas.hpp): the future's children are the items' futures.
  Future<Json> submit(const Group& group);
  Future<Json> submit(const Chain& chain);
  Future<Json> submit(const FuncGroup& func_group);

  // ---- Building signal, marker and timer tasks ------------------------------
  template <class... A>
  SignalTask signal(std::string name, A&&... args) {
    SignalTask task{.name = std::move(name)};
    (task.input.args.push_back(Json(std::forward<A>(args))), ...);
    return task;
  }
  WaitForSignal wait_signal(std::string name) { return WaitForSignal{std::move(name)}; }
  MarkerTask record_marker(std::string name, Json details = nullptr) {
    return MarkerTask{std::move(name), std::move(details)};
  }
  TimerTask start_timer(std::string timer_id, long long timeout_seconds, Json control = nullptr) {
    return TimerTask{std::move(timer_id), timeout_seconds, std::move(control)};
  }
  CancelTimerTask cancel_timer(std::string timer_id) { return CancelTimerTask{std::move(timer_id)}; }

  // Recorded markers; with all=false only the last one of each name.
  std::vector<Marker> list_markers(bool all = false) const;

  // The last event of a kind ("signal", "marker" or "timer") with that name,
  // as a JSON object, or null when there is none. Throws std::invalid_argument
  // for another kind.
  Json get_event_details(std::string_view event_type, std::string_view name) const;

  RunContext get_run_context() const;

  // Fails the execution with `reason` and `details`. Does not return.
  [[noreturn]] void fail(const std::string& reason, const std::string& details = {});

  // Closes this execution and starts a new run of the same workflow with new
  // arguments. Does not return.
  template <class... A>
  [[noreturn]] void continue_as_new(A&&... args) {
    Arguments arguments;
    (arguments.args.push_back(Json(std::forward<A>(args))), ...);
    continue_as_new_with(std::move(arguments));
  }
  [[noreturn]] void continue_as_new_with(Arguments arguments);

 private:
  friend struct internal::WorkflowAccess;

  template <class... A>
  internal::TaskStatusPtr submit_activity_with(const ActivityDef& def, A&&... args) {
    return submit_when_ready(Target{&def, nullptr}, sources(std::forward<A>(args)...));
  }

  using Target = internal::SubmitTarget;

  template <class... A>
  static std::vector<internal::ArgumentSource> sources(A&&... args) {
    std::vector<internal::ArgumentSource> out;
    out.reserve(sizeof...(A));
    [[maybe_unused]] auto add = [&](auto&& arg) {
      if constexpr (is_future<std::remove_cvref_t<decltype(arg)>>::value) out.push_back({nullptr, arg.status()});
      else out.push_back({Json(std::forward<decltype(arg)>(arg)), nullptr});
    };
    (add(std::forward<A>(args)), ...);
    return out;
  }

  // Submits the task now if every future argument is finished (a failed one
  // rethrows its failure). Otherwise returns a PENDING future that submits
  // the task when it is read once the arguments are ready (the dataflow
  // deferral: on SWF, a later replay schedules it).
  internal::TaskStatusPtr submit_when_ready(Target target, std::vector<internal::ArgumentSource> arguments);
  internal::TaskStatusPtr submit_activity(const ActivityDef& def, internal::TaskArguments arguments,
                                          const SubmitOptions& options);
  internal::TaskStatusPtr submit_workflow(const WorkflowDef& def, internal::TaskArguments arguments,
                                          const SubmitOptions& options);
  internal::Executor& executor() const;

  internal::Executor* executor_ = nullptr;
  const WorkflowDef* definition_ = nullptr;
};

// Registers workflow class W (default-constructible, with a run() method).
template <class W>
const WorkflowDef& register_workflow(WorkflowOptions options = {}) {
  static_assert(std::is_base_of_v<Workflow, W>, "a workflow must derive from simpleflow::Workflow");
  static_assert(std::is_default_constructible_v<W>, "a workflow must be default-constructible");
  using Traits = internal::run_traits<decltype(&W::run)>;
  std::string class_name = internal::dotted_type_name<W>();
  std::string callee = class_name;
  auto run = [callee, params = options.params](Workflow& workflow, const Arguments& arguments) -> Json {
    auto& self = static_cast<W&>(workflow);
    return [&]<class R, class... P>(R (W::*)(P...)) {
      auto values = internal::convert_arguments<P...>(arguments, params, callee);
      return internal::call_and_encode<R>(
          [&self](auto&&... a) -> R { return self.run(std::forward<decltype(a)>(a)...); }, std::move(values));
    }(&W::run);
  };
  auto check = [callee, params = options.params](const Arguments& arguments) {
    [&]<class R, class... P>(R (W::*)(P...)) {
      internal::convert_arguments<P...>(arguments, params, callee);
    }(&W::run);
  };
  return internal::add_workflow(
      typeid(W), std::make_unique<WorkflowDef>(class_name, std::move(options),
                                               [] { return std::unique_ptr<Workflow>(new W()); },
                                               std::move(run), std::move(check), Traits::arity));
}

}  // namespace simpleflow

// Registers a workflow class when the library or plugin loads. Optional
// second argument: WorkflowOptions in braces.
#define SIMPLEFLOW_WORKFLOW(cls, ...)                                                      \
  [[maybe_unused]] static const ::simpleflow::WorkflowDef& SIMPLEFLOW_CONCAT(              \
      simpleflow_workflow_, __COUNTER__) =                                                 \
      ::simpleflow::register_workflow<cls>(                                                \
          ::simpleflow::internal::options_or_default<::simpleflow::WorkflowOptions>(        \
              __VA_OPT__(::simpleflow::WorkflowOptions __VA_ARGS__)))
