#include "simpleflow/canvas.hpp"

#include <stdexcept>

#include "simpleflow/internal/executor.hpp"

namespace simpleflow {
namespace internal {
namespace {

// An activity (Def = ActivityDef) or a child workflow (Def = WorkflowDef)
// with its arguments.
template <class Def>
class SubmissionItem final : public CanvasItem {
 public:
  SubmissionItem(const Def& def, Arguments arguments) : def_(def), arguments_(std::move(arguments)) {}
  Future<Json> submit(Workflow& workflow, const Json* previous, std::optional<bool> raises,
                      const std::string& reserved_id) const override {
    Arguments arguments = arguments_;
    if (previous) arguments.args.push_back(*previous);
    return workflow.submit(def_, std::move(arguments),
                           SubmitOptions{.raises_on_failure = raises, .reserved_id_suffix = reserved_id});
  }
  std::string reserve_id(Workflow& workflow) const override { return reserve_id_suffix(workflow, def_); }

 private:
  const Def& def_;
  Arguments arguments_;
};

// A signal, marker or timer task as a canvas item.
template <class Task>
class TaskItem final : public CanvasItem {
 public:
  explicit TaskItem(Task task) : task_(std::move(task)) {}
  Future<Json> submit(Workflow& workflow, const Json*, std::optional<bool>, const std::string&) const override {
    return workflow.submit(task_).template as<Json>();
  }

 private:
  Task task_;
};

template <class Canvas>
class NestedItem final : public CanvasItem {
 public:
  explicit NestedItem(Canvas canvas) : canvas_(std::move(canvas)) {}
  Future<Json> submit(Workflow& workflow, const Json* previous, std::optional<bool> raises,
                      const std::string&) const override {
    if constexpr (std::is_same_v<Canvas, FuncGroup>) {
      return canvas_.submit(workflow, previous);
    } else {
      if (!raises) return canvas_.submit(workflow);
      // An outer canvas' raises_on_failure applies to nested ones too, as in Python.
      return canvas_.with_raises_on_failure(*raises).submit(workflow);
    }
  }

 private:
  Canvas canvas_;
};

// Sets a canvas future's state from its children's, as Python's GroupFuture
// does: FINISHED once every item was submitted and finished; else CANCELLED if
// one was canceled, RUNNING if one runs, PENDING otherwise.
void update_canvas_status(TaskStatus& status, bool complete, bool bubbles) {
  bool all_finished = complete;
  bool any_cancelled = false, any_running = false;
  for (const auto& child : status.children) {
    if (child->state != FutureState::kFinished) all_finished = false;
    if (child->state == FutureState::kCancelled) any_cancelled = true;
    if (child->state == FutureState::kRunning) any_running = true;
  }
  if (all_finished) {
    std::vector<std::exception_ptr> failures;
    bool any_failure = false;
    for (const auto& child : status.children) {
      failures.push_back(child->exception);
      any_failure = any_failure || child->exception;
    }
    if (any_failure && bubbles) {
      status.set_exception(std::make_exception_ptr(AggregateException(std::move(failures))));
    } else {
      // The results are gathered when read: waiting for a group fetches no
      // jumbo result.
      status.set_finished_later([children = status.children] {
        Json results = Json::array();
        for (const auto& child : children) results.push_back(child->exception ? Json(nullptr) : child->value());
        return results;
      });
    }
  } else if (any_cancelled) {
    status.state = FutureState::kCancelled;
  } else if (any_running) {
    status.state = FutureState::kRunning;
  } else {
    status.state = FutureState::kPending;
  }
}

// When a canvas stops before its last item (max_parallel, a chain waiting), the
// items left reserve their numbered ids: they keep their place in submission
// order whatever the code submits meanwhile. Python simpleflow numbers them when
// they go, so a task submitted after the canvas could take their ids.
void reserve_the_rest(Workflow& workflow, const std::vector<CanvasItemPtr>& items, std::size_t next,
                      std::vector<std::string>& reserved_ids) {
  if (!reserved_ids.empty() || next >= items.size()) return;
  reserved_ids.resize(items.size());
  for (std::size_t i = next; i < items.size(); ++i) reserved_ids[i] = items[i]->reserve_id(workflow);
}

// A Group being submitted: items go in order, at most max_parallel unfinished
// at once; more go each time the future is settled.
struct GroupProgress {
  Workflow* workflow;
  std::vector<CanvasItemPtr> items;
  GroupOptions options;
  std::size_t next = 0;
  std::vector<std::string> reserved_ids;  // of the items not submitted at once

  void advance(TaskStatus& status) {
    for (const auto& child : status.children) child->refresh();
    while (next < items.size()) {
      if (options.max_parallel) {
        int open = 0;
        for (const auto& child : status.children) open += child->done() ? 0 : 1;
        if (open >= *options.max_parallel) break;
      }
      status.children.push_back(
          items[next]->submit(*workflow, nullptr, options.raises_on_failure, reserved_id(next)).status());
      ++next;
    }
    reserve_the_rest(*workflow, items, next, reserved_ids);
    update_canvas_status(status, next == items.size(), options.bubbles_exception_on_failure.value_or(true));
  }
  const std::string& reserved_id(std::size_t i) const {
    static const std::string none;
    return i < reserved_ids.size() ? reserved_ids[i] : none;
  }
};

// A Chain being submitted: each item goes once the previous one finished.
struct ChainProgress {
  Workflow* workflow;
  std::vector<CanvasItemPtr> items;
  ChainOptions options;
  std::size_t next = 0;
  bool broken = false;
  std::vector<std::string> reserved_ids;  // of the items not submitted at once

  void advance(TaskStatus& status) {
    while (!broken) {
      if (!status.children.empty()) {
        TaskStatus& last = *status.children.back();
        last.refresh();
        if (last.state != FutureState::kFinished) break;
        if (last.exception && options.break_on_failure) {
          broken = true;  // the chain is over, failed
          break;
        }
      }
      if (next == items.size()) break;
      const Json* previous =
          options.send_result && !status.children.empty() ? &status.children.back()->value() : nullptr;
      status.children.push_back(
          items[next]->submit(*workflow, previous, options.raises_on_failure, reserved_id(next)).status());
      ++next;
    }
    reserve_the_rest(*workflow, items, next, reserved_ids);
    bool complete = broken || (next == items.size() && (status.children.empty() ||
                                                        status.children.back()->state == FutureState::kFinished));
    bool bubbles = options.bubbles_exception_on_failure.value_or(options.raises_on_failure.value_or(true));
    update_canvas_status(status, complete, bubbles);
  }
  const std::string& reserved_id(std::size_t i) const {
    static const std::string none;
    return i < reserved_ids.size() ? reserved_ids[i] : none;
  }
};

template <class Progress>
Future<Json> start_canvas(std::shared_ptr<Progress> progress, std::string description) {
  auto status = std::make_shared<TaskStatus>();
  status->description = std::move(description);
  progress->advance(*status);
  status->settle = [progress](TaskStatus& self) { progress->advance(self); };
  return Future<Json>(status);
}

}  // namespace

CanvasItemPtr make_activity_item(const ActivityDef& def, Arguments arguments) {
  return std::make_shared<SubmissionItem<ActivityDef>>(def, std::move(arguments));
}
CanvasItemPtr make_workflow_item(const WorkflowDef& def, Arguments arguments) {
  return std::make_shared<SubmissionItem<WorkflowDef>>(def, std::move(arguments));
}

}  // namespace internal

void CanvasItems::append(const Group& group) { items_.push_back(std::make_shared<internal::NestedItem<Group>>(group)); }
void CanvasItems::append(const Chain& chain) { items_.push_back(std::make_shared<internal::NestedItem<Chain>>(chain)); }
void CanvasItems::append(const FuncGroup& func_group) {
  items_.push_back(std::make_shared<internal::NestedItem<FuncGroup>>(func_group));
}
void CanvasItems::append(const SignalTask& task) { items_.push_back(std::make_shared<internal::TaskItem<SignalTask>>(task)); }
void CanvasItems::append(const WaitForSignal& task) {
  items_.push_back(std::make_shared<internal::TaskItem<WaitForSignal>>(task));
}
void CanvasItems::append(const MarkerTask& task) { items_.push_back(std::make_shared<internal::TaskItem<MarkerTask>>(task)); }
void CanvasItems::append(const TimerTask& task) { items_.push_back(std::make_shared<internal::TaskItem<TimerTask>>(task)); }
void CanvasItems::append(const CancelTimerTask& task) {
  items_.push_back(std::make_shared<internal::TaskItem<CancelTimerTask>>(task));
}

Group::Group(GroupOptions options) : options_(options) {
  if (options_.max_parallel && *options_.max_parallel <= 0)
    throw std::invalid_argument("Group: max_parallel must be positive");
}

Group Group::with_raises_on_failure(bool raises) const {
  Group copy = *this;
  copy.options_.raises_on_failure = raises;
  return copy;
}

Chain Chain::with_raises_on_failure(bool raises) const {
  Chain copy = *this;
  copy.options_.raises_on_failure = raises;
  return copy;
}

Group& Group::extend(const Group& other) {
  for (const auto& item : other.items_.items()) items_.append(item);
  return *this;
}

Future<Json> Group::submit(Workflow& workflow) const {
  auto progress = std::make_shared<internal::GroupProgress>(
      internal::GroupProgress{&workflow, items_.items(), options_});
  return internal::start_canvas(std::move(progress), "group of " + std::to_string(items_.size()));
}

Chain::Chain(ChainOptions options) : options_(options) {
  if (options_.send_result && !options_.break_on_failure)
    throw std::invalid_argument("Chain: send_result requires break_on_failure");
}

Future<Json> Chain::submit(Workflow& workflow) const {
  auto progress = std::make_shared<internal::ChainProgress>(
      internal::ChainProgress{&workflow, items_.items(), options_});
  return internal::start_canvas(std::move(progress), "chain of " + std::to_string(items_.size()));
}

Future<Json> FuncGroup::submit(Workflow& workflow, const Json* previous) const {
  static const Json kNull;
  return build_(previous ? *previous : kNull).submit(workflow);
}

Future<Json> Workflow::submit(const Group& group) { return group.submit(*this); }
Future<Json> Workflow::submit(const Chain& chain) { return chain.submit(*this); }
Future<Json> Workflow::submit(const FuncGroup& func_group) { return func_group.submit(*this); }

}  // namespace simpleflow
