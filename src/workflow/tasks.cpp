#include "simpleflow/history.hpp"
#include "simpleflow/tasks.hpp"

namespace simpleflow {

Json SignalTask::wire_input() const {
  return Json{{"__propagate", propagate}, {"args", input.args}, {"kwargs", input.kwargs}};
}

void to_json(Json& j, const RunContext& c) {
  auto or_null = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
  j = Json{{"name", c.name},
           {"version", c.version},
           {"domain_name", or_null(c.domain_name)},
           {"workflow_id", c.workflow_id},
           {"run_id", c.run_id},
           {"tag_list", c.tag_list},
           {"continued_execution_run_id", or_null(c.continued_execution_run_id)},
           {"parent_workflow_id", or_null(c.parent_workflow_id)},
           {"parent_run_id", or_null(c.parent_run_id)}};
}

History::History(const std::vector<Json>& events) {
  raw_.reserve(events.size());
  for (const auto& e : events) raw_.push_back(dumps(e));
}

// Decoded events need no text: raw_ only keeps the count for them.
History::History(std::vector<Json>&& events) : raw_(events.size()), decoded_(std::move(events)) {}

History::History(std::size_t size, std::function<std::vector<Json>()> load) : raw_(size), load_(std::move(load)) {}

const std::vector<Json>& History::events() const {
  if (load_) {
    decoded_ = load_();
    load_ = nullptr;
  }
  while (decoded_.size() < raw_.size()) decoded_.push_back(Json::parse(raw_[decoded_.size()]));
  return decoded_;
}

std::vector<Json> History::filter(const std::string& event_type) const {
  std::vector<Json> out;
  for (const auto& e : events()) {
    if (e.value("eventType", "") == event_type) out.push_back(e);
  }
  return out;
}

void History::append(const std::string& event_type, double timestamp, const Json& attributes) {
  std::string key = event_type + "EventAttributes";
  key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
  std::string text = "{\"eventId\":" + std::to_string(raw_.size() + 1) + ",\"eventTimestamp\":" + dumps(timestamp) +
                     ",\"eventType\":" + dumps(event_type) + ",\"" + key + "\":" + dumps(attributes) + "}";
  raw_.push_back(std::move(text));
}

}  // namespace simpleflow
