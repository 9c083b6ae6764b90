// Signals, markers and timers during a replay, the run context, and what the
// workflow can read about its history (markers, event details).
#include "jumbo/signature.hpp"
#include "replay/replay_run.hpp"
#include "replay/wire.hpp"
#include "simpleflow/jumbo_fields.hpp"

namespace simpleflow::internal {
namespace {

Json decoded(const Event& e, AttributeName key) {
  return e.has(key) ? decode_field(e.text(key)) : Json();
}

const char* timer_state_name(TimerRecord::State state) {
  switch (state) {
    case TimerRecord::State::kStarted: return "started";
    case TimerRecord::State::kFired: return "fired";
    case TimerRecord::State::kCanceled: return "canceled";
    case TimerRecord::State::kStartFailed: return "start_failed";
    case TimerRecord::State::kNone: break;
  }
  return "cancel_failed";
}

}  // namespace

void ReplayRun::schedule_once(const std::string& key, Json decision, Kind kind, bool need_wake_up) {
  if (!submitted_.insert(key).second) return;
  add_decision(std::move(decision), kind, false, need_wake_up);
}

std::vector<std::string> ReplayRun::inherited_tags(std::vector<std::string> tags) const {
  if (tags.size() == 1 && tags[0] == kInheritTagList) return run_context().tag_list;
  return tags;
}

void ReplayRun::propagate_signals() {
  // Where this execution passes signals on: its parent, its started children.
  std::vector<std::pair<std::string, std::string>> known;
  RunContext context = run_context();
  if (!context.parent_workflow_id.empty() && def_.propagate_signals_to_parent())
    known.emplace_back(context.parent_workflow_id, context.parent_run_id);
  std::vector<const ChildRecord*> children;
  for (const ChildRecord& child : state_.children) {
    if (child.state == ChildRecord::State::kStarted) children.push_back(&child);
  }
  std::sort(children.begin(), children.end(),
            [](const ChildRecord* a, const ChildRecord* b) { return a->last->id < b->last->id; });
  for (const ChildRecord* child : children) known.emplace_back(child->id, child->run_id);
  if (known.empty()) return;

  bool scheduled = false;
  for (std::string_view name : state_.signal_names) {
    const ReceivedSignal& signal = state_.signals.at(name);
    Json input = decoded(*signal.event, "input");
    if (!input.is_object()) continue;  // a foreign signal
    auto propagate = input.find("__propagate");
    if (propagate == input.end() || !truthy(*propagate)) continue;
    for (const auto& [workflow_id, run_id] : known) {
      if (workflow_id == signal.sender_workflow_id && run_id == signal.sender_run_id) continue;
      // Python sends again until delivered; once initiated is enough.
      bool sent = std::any_of(state_.sent_signals.begin(), state_.sent_signals.end(), [&](const SentSignal& s) {
        return s.name == name && s.workflow_id == workflow_id && (s.run_id.empty() || s.run_id == run_id) &&
               s.state != SentSignal::State::kFailed;
      });
      if (sent) continue;
      Json wire{{"__propagate", *propagate},
                {"args", input.value("args", Json::array())},
                {"kwargs", input.value("kwargs", Json::object())}};
      add_decision(make_decision("SignalExternalWorkflowExecution", Json{{"signalName", name},
                                                                        {"workflowId", workflow_id},
                                                                        {"runId", run_id},
                                                                        {"input", fitted(dumps(wire))}}),
                   Kind::kKeptOnClose);
      scheduled = true;
    }
  }
  if (scheduled) {
    stopped_early_ = true;
    throw ExecutionBlocked("the propagation of signals");
  }
}

TaskStatusPtr ReplayRun::submit_signal(const SignalTask& task) {
  auto future = new_status("signal '" + task.name + "'");
  const bool to_self = task.workflow_id.empty();
  const std::string workflow_id = to_self ? task_.workflow_id : task.workflow_id;
  const std::string run_id = to_self ? task_.run_id : task.run_id;
  // As Python: a signal of that name received by this execution counts as sent.
  if (auto received = state_.signals.find(task.name); received != state_.signals.end()) {
    future->set_finished(decoded(*received->second.event, "input"));
    return future;
  }
  for (auto s = state_.sent_signals.rbegin(); s != state_.sent_signals.rend(); ++s) {
    if (s->name != task.name || s->workflow_id != workflow_id || (!run_id.empty() && s->run_id != run_id)) continue;
    switch (s->state) {
      case SentSignal::State::kInitiated: future->set_running(); break;
      case SentSignal::State::kSignaled: future->set_finished(decoded(*s->initiated, "input")); break;
      case SentSignal::State::kFailed:
        future->set_exception(std::make_exception_ptr(TaskFailed(task.name, s->last->str("cause"))));
        break;
    }
    return future;
  }
  schedule_once("signal:" + task.name,
                make_decision("SignalExternalWorkflowExecution", Json{{"signalName", task.name},
                                                                     {"workflowId", workflow_id},
                                                                     {"runId", run_id},
                                                                     {"input", fitted(dumps(task.wire_input()))}}),
                Kind::kKeptOnClose);
  return future;
}

TaskStatusPtr ReplayRun::submit_wait_signal(const WaitForSignal& task) {
  auto future = new_status("signal '" + task.name + "'");
  if (auto it = state_.signals.find(task.name); it != state_.signals.end()) {
    future->set_finished(decoded(*it->second.event, "input"));
  } else {
    waiting_signals_.insert(task.name);
  }
  return future;
}

namespace {

// True when the field (maybe a jumbo field) holds `text`; the jumbo field is
// fetched only when its length matches.
bool same_text(std::string_view field, const std::string& text) {
  if (field == text) return true;
  if (!is_jumbo_field(field)) return false;
  auto signature = jumbo::internal::parse_signature(field);
  return signature.ok() && signature->length == utf8_length(text) && field_text(field) == text;
}

}  // namespace

TaskStatusPtr ReplayRun::submit_marker(const MarkerTask& task) {
  auto future = new_status("marker '" + task.name + "'");
  const std::string details = task.details.is_null() ? std::string() : dumps(task.details);
  for (auto m = state_.markers.rbegin(); m != state_.markers.rend(); ++m) {
    if (m->name != task.name) continue;
    const bool recorded = m->event->has("details");
    const bool same = task.details.is_null() ? !recorded : recorded && same_text(m->event->text("details"), details);
    if (!same) continue;
    if (m->recorded) {
      future->set_finished(task.details);
    } else {
      future->set_exception(std::make_exception_ptr(TaskFailed(task.name, m->event->str("cause"))));
    }
    return future;
  }
  Json attributes{{"markerName", task.name}};
  if (!task.details.is_null()) attributes["details"] = fitted(details);
  schedule_once("marker:" + task.name + ":" + details, make_decision("RecordMarker", attributes), Kind::kKeptOnClose,
                /*need_wake_up=*/true);
  return future;
}

TaskStatusPtr ReplayRun::submit_timer(const TimerTask& task) {
  auto future = new_status("timer '" + task.timer_id + "'");
  if (const TimerRecord* found = state_.timers.find(task.timer_id); found && found->state != TimerRecord::State::kNone) {
    const TimerRecord& timer = *found;
    switch (timer.state) {
      case TimerRecord::State::kStarted: future->set_running(); break;
      case TimerRecord::State::kFired: future->set_finished(nullptr); break;
      case TimerRecord::State::kCanceled: future->set_cancelled(); break;
      case TimerRecord::State::kStartFailed:
        future->set_exception(std::make_exception_ptr(TaskFailed(task.timer_id, timer.last->str("cause"))));
        break;
      case TimerRecord::State::kNone: break;
    }
    return future;
  }
  if (task.timeout_seconds < 0) throw std::invalid_argument(future->description + ": a timeout must not be negative");
  Json attributes{{"timerId", task.timer_id}, {"startToFireTimeout", std::to_string(task.timeout_seconds)}};
  if (!task.control.is_null()) attributes["control"] = fitted(dumps(task.control));
  schedule_once("timer:" + task.timer_id, make_decision("StartTimer", attributes), Kind::kTask);
  return future;
}

TaskStatusPtr ReplayRun::submit_cancel_timer(const CancelTimerTask& task) {
  auto future = new_status("cancel of timer '" + task.timer_id + "'");
  if (const TimerRecord* found = state_.timers.find(task.timer_id)) {
    const TimerRecord& timer = *found;
    if (timer.state == TimerRecord::State::kCanceled) {
      future->set_finished(nullptr);
      return future;
    }
    if (timer.cancel_failed) {
      future->set_exception(
          std::make_exception_ptr(TaskFailed(task.timer_id, timer.cancel_failed->str("cause"))));
      return future;
    }
  }
  schedule_once("cancel_timer:" + task.timer_id, make_decision("CancelTimer", Json{{"timerId", task.timer_id}}),
                Kind::kKeptOnClose, /*need_wake_up=*/true);
  return future;
}

std::vector<Marker> ReplayRun::list_markers(bool all) const {
  // Python's order: markers grouped by name, names in order of first record.
  std::vector<std::string_view> names;
  for (const auto& m : state_.markers) {
    if (std::find(names.begin(), names.end(), m.name) == names.end()) names.push_back(m.name);
  }
  std::vector<Marker> out;
  for (const auto& name : names) {
    const MarkerRecord* last = nullptr;
    for (const auto& m : state_.markers) {
      if (m.name != name) continue;
      if (all) out.push_back({std::string(name), decoded(*m.event, "details")});
      last = &m;
    }
    if (!all && last->recorded) out.push_back({std::string(name), decoded(*last->event, "details")});
  }
  return out;
}

Json ReplayRun::get_event_details(std::string_view event_type, std::string_view name) const {
  const std::string key(name);
  if (event_type == "signal") {
    auto it = state_.signals.find(key);
    if (it == state_.signals.end()) return nullptr;
    const Event& e = *it->second.event;
    return Json{{"type", "signal"},
                {"name", key},
                {"state", "signaled"},
                {"input", decoded(e, "input")},
                {"external_workflow_id", it->second.sender_workflow_id},
                {"external_run_id", it->second.sender_run_id},
                {"external_initiated_event_id", e.event_id("externalInitiatedEventId")},
                {"event_id", e.id},
                {"timestamp", e.timestamp}};
  }
  if (event_type == "marker") {
    for (auto m = state_.markers.rbegin(); m != state_.markers.rend(); ++m) {
      if (m->name != key || !m->recorded) continue;
      return Json{{"type", "marker"},
                  {"name", key},
                  {"state", "recorded"},
                  {"details", decoded(*m->event, "details")},
                  {"event_id", m->event->id},
                  {"timestamp", m->event->timestamp}};
    }
    return nullptr;
  }
  const TimerRecord* found = state_.timers.find(key);
  if (!found) return nullptr;
  const TimerRecord& timer = *found;
  Json out{{"type", "timer"}, {"id", key}, {"state", timer_state_name(timer.state)}};
  if (timer.started) {
    out["start_to_fire_timeout"] = std::stoll("0" + timer.started->str("startToFireTimeout"));
    out["control"] = decoded(*timer.started, "control");
    out["started_event_id"] = timer.started->id;
    out["decision_task_completed_event_id"] = timer.decision_task_completed_event_id;
  }
  if (timer.last && timer.state == TimerRecord::State::kFired) out["fired_event_id"] = timer.last->id;
  if (timer.last && timer.state == TimerRecord::State::kCanceled) out["canceled_event_id"] = timer.last->id;
  if (timer.state == TimerRecord::State::kStartFailed || timer.cancel_failed) {
    out["cause"] = (timer.cancel_failed ? timer.cancel_failed : timer.last)->str("cause");
  }
  return out;
}

RunContext ReplayRun::run_context() const {
  const Event& started = *state_.started;
  RunContext c;
  c.name = task_.workflow_type_name;
  c.version = task_.workflow_type_version;
  c.domain_name = task_.domain;
  c.workflow_id = task_.workflow_id;
  c.run_id = task_.run_id;
  c.tag_list = started.strings("tagList");
  c.continued_execution_run_id = started.text("continuedExecutionRunId");
  c.parent_workflow_id = started.text_in("parentWorkflowExecution", "workflowId");
  c.parent_run_id = started.text_in("parentWorkflowExecution", "runId");
  return c;
}

}  // namespace simpleflow::internal
