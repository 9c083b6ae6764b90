#include "simpleflow/canvas.hpp"

#include <stdexcept>

namespace simpleflow {
namespace internal {
namespace {

class ActivityItem final : public CanvasItem {
 public:
  ActivityItem(const ActivityDef& def, Arguments arguments) : def_(def), arguments_(std::move(arguments)) {}
  Future<Json> submit(Workflow& workflow, const Json* previous, std::optional<bool> raises) const override {
    Arguments arguments = arguments_;
    if (previous) arguments.args.push_back(*previous);
    return workflow.submit(def_, std::move(arguments), SubmitOptions{.raises_on_failure = raises});
  }

 private:
  const ActivityDef& def_;
  Arguments arguments_;
};

class WorkflowItem final : public CanvasItem {
 public:
  WorkflowItem(const WorkflowDef& def, Arguments arguments) : def_(def), arguments_(std::move(arguments)) {}
  Future<Json> submit(Workflow& workflow, const Json* previous, std::optional<bool> raises) const override {
    Arguments arguments = arguments_;
    if (previous) arguments.args.push_back(*previous);
    return workflow.submit(def_, std::move(arguments), SubmitOptions{.raises_on_failure = raises});
  }

 private:
  const WorkflowDef& def_;
  Arguments arguments_;
};

template <class Canvas>
class NestedItem final : public CanvasItem {
 public:
  explicit NestedItem(Canvas canvas) : canvas_(std::move(canvas)) {}
  Future<Json> submit(Workflow& workflow, const Json* previous, std::optional<bool>) const override {
    if constexpr (std::is_same_v<Canvas, FuncGroup>) return canvas_.submit(workflow, previous);
    else return canvas_.submit(workflow);
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
    Json results = Json::array();
    std::vector<std::exception_ptr> failures;
    bool any_failure = false;
    for (const auto& child : status.children) {
      results.push_back(child->exception ? Json(nullptr) : child->result);
      failures.push_back(child->exception);
      any_failure = any_failure || child->exception;
    }
    if (any_failure && bubbles) status.set_exception(std::make_exception_ptr(AggregateException(std::move(failures))));
    else status.set_finished(std::move(results));
  } else if (any_cancelled) {
    status.state = FutureState::kCancelled;
  } else if (any_running) {
    status.state = FutureState::kRunning;
  } else {
    status.state = FutureState::kPending;
  }
}

// Lets a blocking read settle the children (local timers), then re-evaluates.
void install_settle(TaskStatus& status, bool complete, bool bubbles) {
  status.settle = [complete, bubbles](TaskStatus& self) {
    for (const auto& child : self.children) {
      if (!child->done() && child->settle) child->settle(*child);
    }
    update_canvas_status(self, complete, bubbles);
  };
}

}  // namespace

CanvasItemPtr make_activity_item(const ActivityDef& def, Arguments arguments) {
  return std::make_shared<ActivityItem>(def, std::move(arguments));
}
CanvasItemPtr make_workflow_item(const WorkflowDef& def, Arguments arguments) {
  return std::make_shared<WorkflowItem>(def, std::move(arguments));
}

}  // namespace internal

void CanvasItems::append(const Group& group) { items_.push_back(std::make_shared<internal::NestedItem<Group>>(group)); }
void CanvasItems::append(const Chain& chain) { items_.push_back(std::make_shared<internal::NestedItem<Chain>>(chain)); }
void CanvasItems::append(const FuncGroup& func_group) {
  items_.push_back(std::make_shared<internal::NestedItem<FuncGroup>>(func_group));
}

Group::Group(GroupOptions options) : options_(options) {
  if (options_.max_parallel && *options_.max_parallel <= 0)
    throw std::invalid_argument("Group: max_parallel must be positive");
}

Group& Group::extend(const Group& other) {
  for (const auto& item : other.items_.items()) items_.append(item);
  return *this;
}

Future<Json> Group::submit(Workflow& workflow) const {
  auto status = std::make_shared<internal::TaskStatus>();
  status->description = "group of " + std::to_string(items_.size());
  bool complete = true;
  for (const auto& item : items_.items()) {
    if (options_.max_parallel) {
      int open = 0;
      for (const auto& child : status->children) open += child->done() ? 0 : 1;
      if (open >= *options_.max_parallel) {
        complete = false;
        break;
      }
    }
    status->children.push_back(item->submit(workflow, nullptr, options_.raises_on_failure).status());
  }
  bool bubbles = options_.bubbles_exception_on_failure.value_or(true);
  internal::update_canvas_status(*status, complete, bubbles);
  internal::install_settle(*status, complete, bubbles);
  return Future<Json>(status);
}

Chain::Chain(ChainOptions options) : options_(options) {
  if (options_.send_result && !options_.break_on_failure)
    throw std::invalid_argument("Chain: send_result requires break_on_failure");
}

Future<Json> Chain::submit(Workflow& workflow) const {
  auto status = std::make_shared<internal::TaskStatus>();
  status->description = "chain of " + std::to_string(items_.size());
  bool complete = true;
  const Json* previous = nullptr;
  for (const auto& item : items_.items()) {
    auto future = item->submit(workflow, options_.send_result ? previous : nullptr, options_.raises_on_failure);
    status->children.push_back(future.status());
    if (!future.finished()) {
      complete = false;
      break;
    }
    if (future.status()->exception && options_.break_on_failure) break;  // the chain is over, failed
    previous = &status->children.back()->result;
  }
  bool bubbles = options_.bubbles_exception_on_failure.value_or(options_.raises_on_failure.value_or(true));
  internal::update_canvas_status(*status, complete, bubbles);
  internal::install_settle(*status, complete, bubbles);
  return Future<Json>(status);
}

Future<Json> FuncGroup::submit(Workflow& workflow, const Json* previous) const {
  static const Json kNull;
  return build_(previous ? *previous : kNull).submit(workflow);
}

Future<Json> Workflow::submit(const Group& group) { return group.submit(*this); }
Future<Json> Workflow::submit(const Chain& chain) { return chain.submit(*this); }
Future<Json> Workflow::submit(const FuncGroup& func_group) { return func_group.submit(*this); }

}  // namespace simpleflow
