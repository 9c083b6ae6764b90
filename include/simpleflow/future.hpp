// Futures: what `Workflow::submit` returns.
//
//   Future<int> y = submit(increment, x);   // PENDING, RUNNING or FINISHED
//   Future<int> z = submit(twice, y);       // a future may be an argument
//   int value = z.result();                 // blocks the run until z is done
//
// A failed task is FINISHED with an exception: `result()` rethrows it (a
// TaskFailed, TimeoutError, ...), `exception()` returns it. A canceled task is
// CANCELLED and `result()` throws TaskCanceled. Reading an unfinished future
// throws ExecutionBlocked, which stops the replay on SWF.
//
// Futures are cheap handles on shared state; copies see the same task. They are
// used by one workflow run at a time and are not thread-safe.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "simpleflow/errors.hpp"
#include "simpleflow/internal/convert.hpp"
#include "simpleflow/json.hpp"

namespace simpleflow {

enum class FutureState { kPending, kRunning, kCancelled, kFinished };

// "PENDING", "RUNNING", "CANCELLED" or "FINISHED", as Python names them.
const char* to_string(FutureState state);

namespace internal {

// The state behind futures; executors create and update it.
struct TaskStatus {
  FutureState state = FutureState::kPending;
  Json result;                   // valid when FINISHED without exception; read through value()
  // Set when the result is fetched only when read (a jumbo field on SWF):
  // value() calls it once and keeps what it returns.
  std::function<Json()> fetch_result;
  std::exception_ptr exception;  // set when FINISHED with a failure, or CANCELLED
  std::string description;       // the task, for messages: "activity-examples.basic.double-1"
  // Brings a composite future (Group, Chain) up to date with its children,
  // submitting the items that may now go; called before a blocking read.
  std::function<void(TaskStatus&)> settle;
  // Child futures of a canvas future (Group, Chain), in submission order.
  std::vector<std::shared_ptr<TaskStatus>> children;
  // Set by executors that can ask for the task to stop (on SWF: a
  // RequestCancelActivityTask or RequestCancelExternalWorkflowExecution).
  std::function<void()> request_cancel;

  bool done() const { return state == FutureState::kFinished || state == FutureState::kCancelled; }
  // Runs `settle` if the task is not done yet.
  void refresh() {
    if (!done() && settle) settle(*this);
  }
  void set_running() { state = FutureState::kRunning; }
  void set_finished(Json value) {
    state = FutureState::kFinished;
    result = std::move(value);
    fetch_result = nullptr;
    exception = nullptr;
  }
  // FINISHED with a result that `fetch` gives when first read.
  void set_finished_later(std::function<Json()> fetch) {
    set_finished(nullptr);
    fetch_result = std::move(fetch);
  }
  // The result, fetched now if it was left for later. What `fetch_result`
  // throws goes through, and it is asked again at the next read.
  const Json& value() {
    if (fetch_result) {
      result = fetch_result();
      fetch_result = nullptr;
    }
    return result;
  }
  void set_exception(std::exception_ptr e) {
    state = FutureState::kFinished;
    result = nullptr;
    fetch_result = nullptr;
    exception = std::move(e);
  }
  void set_cancelled(std::string details = {});
};

using TaskStatusPtr = std::shared_ptr<TaskStatus>;

// Lets an executor make time pass while a run waits for a future: the local
// executor fires its next timer. Set per thread, for the duration of a run.
class WaitDriver {
 public:
  virtual ~WaitDriver() = default;
  // Makes the next thing happen; false when nothing more can happen.
  virtual bool advance() = 0;
  // Told when a read is about to throw ExecutionBlocked for `status`, so that
  // a run() that swallows it can be detected.
  virtual void blocked(const TaskStatus& status) {}
};

// Installs `driver` on this thread until the scope ends.
class WaitDriverScope {
 public:
  explicit WaitDriverScope(WaitDriver* driver);
  ~WaitDriverScope();
  WaitDriverScope(const WaitDriverScope&) = delete;
  WaitDriverScope& operator=(const WaitDriverScope&) = delete;

 private:
  WaitDriver* previous_;
};

// Settles `status` (and lets this thread's WaitDriver advance) until it is
// done; throws ExecutionBlocked if it cannot be.
void require_done(TaskStatus& status);

}  // namespace internal

// A typed handle on a task's outcome. T is the task's result type (void for
// none); the result travels as JSON and is converted when read.
template <class T = Json>
class Future {
 public:
  using value_type = T;

  // A future that never finishes (PENDING); assign a submitted one to it.
  Future() : status_(std::make_shared<internal::TaskStatus>()) {}
  explicit Future(internal::TaskStatusPtr status) : status_(std::move(status)) {}

  FutureState state() const { return status_->state; }
  bool pending() const { return state() == FutureState::kPending; }
  bool running() const { return state() == FutureState::kRunning; }
  bool cancelled() const { return state() == FutureState::kCancelled; }
  bool finished() const { return state() == FutureState::kFinished; }
  bool done() const { return status_->done(); }

  // The result. Throws ExecutionBlocked if the task is not done, the task's
  // exception if it failed, TaskCanceled if it was canceled, InvalidInput if
  // the result cannot be read as T.
  T result() const {
    internal::require_done(*status_);
    if (status_->exception) std::rethrow_exception(status_->exception);
    if constexpr (std::is_void_v<T>) {
      return;
    } else {
      try {
        return internal::from_json<T>(status_->value());
      } catch (const InvalidInput& e) {
        throw InvalidInput("result of " + status_->description + ": expected " + e.what());
      }
    }
  }

  // The result as JSON, whatever T is. Same errors as result().
  const Json& raw_result() const {
    internal::require_done(*status_);
    if (status_->exception) std::rethrow_exception(status_->exception);
    return status_->value();
  }

  // The failure, or null if the task succeeded. Throws ExecutionBlocked if the
  // task is not done.
  std::exception_ptr exception() const {
    internal::require_done(*status_);
    return status_->exception;
  }

  // Marks the future CANCELLED unless it is FINISHED (then returns false).
  // On SWF a running activity or child workflow is also asked to stop
  // (RequestCancelActivityTask, RequestCancelExternalWorkflowExecution); the
  // local executor has nothing running to stop.
  bool cancel() {
    if (finished()) return false;
    if (status_->request_cancel && !cancelled()) status_->request_cancel();
    status_->set_cancelled();
    return true;
  }

  // The same task seen with another result type.
  template <class U>
  Future<U> as() const { return Future<U>(status_); }

  // The futures of a canvas' items (Group, Chain), in submission order;
  // empty for a single task.
  std::vector<Future<Json>> futures() const {
    std::vector<Future<Json>> out;
    for (const auto& child : status_->children) out.emplace_back(child);
    return out;
  }

  // What the future stands for, e.g. "activity-examples.basic.double-1".
  const std::string& description() const { return status_->description; }

  const internal::TaskStatusPtr& status() const { return status_; }

 private:
  internal::TaskStatusPtr status_;
};

template <class T> struct is_future : std::false_type {};
template <class T> struct is_future<Future<T>> : std::true_type {};

namespace futures {

// Blocks (ExecutionBlocked) until every future is done. Does not throw the
// tasks' failures: read each future for that.
template <class... F>
  requires(is_future<F>::value && ...)
void wait(const F&... fs) {
  (internal::require_done(*fs.status()), ...);
}

// Blocks until every future of the list is done, then returns their results
// in order (rethrowing the first failure, as result() does).
template <class T>
std::vector<T> wait(const std::vector<Future<T>>& fs) requires(!std::is_void_v<T>) {
  for (const auto& f : fs) internal::require_done(*f.status());
  std::vector<T> out;
  out.reserve(fs.size());
  for (const auto& f : fs) out.push_back(f.result());
  return out;
}

inline void wait(const std::vector<Future<void>>& fs) {
  for (const auto& f : fs) internal::require_done(*f.status());
}

}  // namespace futures
}  // namespace simpleflow
