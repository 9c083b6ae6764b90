// Canvas: groups and chains of tasks, as in Python simpleflow.
//
//   Group group({.max_parallel = 2});
//   for (int i = 0; i < 10; ++i) group.append(increment, i);
//   Future<Json> all = submit(group);            // result: [1, 2, ..., 10]
//
//   Chain chain({.send_result = true});
//   chain.append(increment, 1).append(twice);    // twice(increment(1))
//   int four = submit(chain).futures().back().as<int>().result();
//
// A canvas future's `futures()` are its items' futures. When an item fails,
// the canvas future fails with an AggregateException holding each item's
// failure (null for items that did not fail), unless
// bubbles_exception_on_failure is false.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "simpleflow/workflow.hpp"

namespace simpleflow {

class Group;
class Chain;
class FuncGroup;

namespace internal {
// One submittable item of a canvas. Items are immutable and shared by copies.
class CanvasItem {
 public:
  virtual ~CanvasItem() = default;
  // Submits the item; `previous` is the previous result in a chain with
  // send_result, appended as the last positional argument.
  virtual Future<Json> submit(Workflow& workflow, const Json* previous,
                              std::optional<bool> raises_on_failure, const std::string& reserved_id) const = 0;
  // Reserves the numbered id of an activity or child workflow that a canvas
  // submits later, so that it keeps its place in submission order; "" for
  // other items.
  virtual std::string reserve_id(Workflow& workflow) const { return {}; }
};
using CanvasItemPtr = std::shared_ptr<const CanvasItem>;

CanvasItemPtr make_activity_item(const ActivityDef& def, Arguments arguments);
CanvasItemPtr make_workflow_item(const WorkflowDef& def, Arguments arguments);

template <class... A>
Arguments to_arguments(A&&... args) {
  static_assert(!(is_future<std::remove_cvref_t<A>>::value || ...),
                "canvas items take values; submit the future's task instead");
  Arguments out;
  (out.args.push_back(Json(std::forward<A>(args))), ...);
  return out;
}
}  // namespace internal

// Items appended to a canvas: activities (function or class), child
// workflows, other groups and chains, FuncGroups, and signal, marker and
// timer tasks.
class CanvasItems {
 public:
  template <class R, class... P, class... A>
  void append(R (*fn)(P...), A&&... args) {
    static_assert(internal::arguments_fit<std::tuple<std::remove_cvref_t<P>...>, A...>(),
                  "argument types do not match the activity's parameters");
    items_.push_back(internal::make_activity_item(
        internal::activity_for_function(reinterpret_cast<const void*>(fn)),
        internal::to_arguments(std::forward<A>(args)...)));
  }
  template <class C, class... A>
  void append(ActivityClass<C>, A&&... args) {
    items_.push_back(internal::make_activity_item(internal::activity_for_class(typeid(C)),
                                                  internal::to_arguments(std::forward<A>(args)...)));
  }
  template <class W, class... A>
  void append(ChildWorkflow<W>, A&&... args) {
    items_.push_back(internal::make_workflow_item(internal::workflow_for(typeid(W)),
                                                  internal::to_arguments(std::forward<A>(args)...)));
  }
  void append(const ActivityDef& def, Arguments arguments) {
    items_.push_back(internal::make_activity_item(def, std::move(arguments)));
  }
  void append(const WorkflowDef& def, Arguments arguments) {
    items_.push_back(internal::make_workflow_item(def, std::move(arguments)));
  }
  void append(internal::CanvasItemPtr item) { items_.push_back(std::move(item)); }
  void append(const Group& group);
  void append(const Chain& chain);
  void append(const FuncGroup& func_group);
  // Signals, markers and timers (Workflow::signal, record_marker, ...).
  void append(const SignalTask& task);
  void append(const WaitForSignal& task);
  void append(const MarkerTask& task);
  void append(const TimerTask& task);
  void append(const CancelTimerTask& task);

  std::size_t size() const { return items_.size(); }
  const std::vector<internal::CanvasItemPtr>& items() const { return items_; }

 private:
  std::vector<internal::CanvasItemPtr> items_;
};

struct GroupOptions {
  std::optional<int> max_parallel;                    // unset: no limit
  std::optional<bool> raises_on_failure;              // unset: each item's own
  std::optional<bool> bubbles_exception_on_failure;   // unset: true
};

// Items submitted together, in order; with max_parallel, at most that many
// unfinished at once (the rest wait for a later replay).
class Group {
 public:
  explicit Group(GroupOptions options = {});

  template <class... T>
  Group& append(T&&... item) {
    items_.append(std::forward<T>(item)...);
    return *this;
  }
  // Appends every item of `other`.
  Group& extend(const Group& other);
  Group& operator+=(const Group& other) { return extend(other); }

  std::size_t size() const { return items_.size(); }
  const GroupOptions& options() const { return options_; }
  // A copy whose items all take this raises_on_failure.
  Group with_raises_on_failure(bool raises) const;

  Future<Json> submit(Workflow& workflow) const;

 private:
  GroupOptions options_;
  CanvasItems items_;
};

struct ChainOptions {
  bool send_result = false;                           // pass each result to the next item
  bool break_on_failure = true;                       // stop at the first failure
  std::optional<bool> raises_on_failure;
  std::optional<bool> bubbles_exception_on_failure;   // unset: true, or false when
                                                      // raises_on_failure is false
};

// Items submitted one after the other: each waits for the previous one.
class Chain {
 public:
  // Throws std::invalid_argument for send_result without break_on_failure.
  explicit Chain(ChainOptions options = {});

  template <class... T>
  Chain& append(T&&... item) {
    items_.append(std::forward<T>(item)...);
    return *this;
  }

  std::size_t size() const { return items_.size(); }
  const ChainOptions& options() const { return options_; }
  // A copy whose items all take this raises_on_failure.
  Chain with_raises_on_failure(bool raises) const;

  Future<Json> submit(Workflow& workflow) const;

 private:
  ChainOptions options_;
  CanvasItems items_;
};

// Builds a Group when it is submitted, from code that runs at that moment
// (in a chain with send_result, it receives the previous result).
class FuncGroup {
 public:
  using Builder = std::function<Group(const Json& previous_result)>;
  explicit FuncGroup(Builder build) : build_(std::move(build)) {}
  explicit FuncGroup(std::function<Group()> build)
      : build_([b = std::move(build)](const Json&) { return b(); }) {}

  Future<Json> submit(Workflow& workflow, const Json* previous = nullptr) const;

 private:
  Builder build_;
};

}  // namespace simpleflow
