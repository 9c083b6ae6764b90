// Helpers shared by the workflow, canvas and local executor tests: run a
// registered workflow class with the local executor on a manual clock (tests
// never sleep) and look at what it recorded.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "simpleflow/simpleflow.hpp"

namespace sftest {

using simpleflow::Json;

// Where the manual clock of LocalTest starts, in epoch seconds.
inline constexpr double kStartTime = 1000;

// The registered definition of workflow class W.
template <class W>
const simpleflow::WorkflowDef& definition_of() {
  return simpleflow::Registry::global().workflow_for(typeid(W));
}

// The eventType of each event, in order.
inline std::vector<std::string> event_types(const simpleflow::History& history) {
  std::vector<std::string> out;
  for (const auto& event : history.events()) out.push_back(event.at("eventType").get<std::string>());
  return out;
}

// The <type>EventAttributes of each event of that type, in order.
inline std::vector<Json> event_attributes(const simpleflow::History& history, const std::string& event_type) {
  std::string key = event_type + "EventAttributes";
  key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
  std::vector<Json> out;
  for (const auto& event : history.filter(event_type)) out.push_back(event.at(key));
  return out;
}

inline std::size_t count_events(const simpleflow::History& history, const std::string& event_type) {
  return history.filter(event_type).size();
}

// A test that runs workflows with a LocalExecutor on a ManualClock.
class LocalTest : public ::testing::Test {
 protected:
  template <class W>
  Json Run(const Json& input = Json::array(), std::string workflow_id = "local") {
    executor_ = std::make_unique<simpleflow::LocalExecutor>(
        definition_of<W>(), simpleflow::LocalOptions{.clock = &clock_, .workflow_id = std::move(workflow_id)});
    return executor_->run(input);
  }

  // Runs W and expects the run to fail; returns the failure.
  template <class W>
  simpleflow::WorkflowFailed RunExpectingFailure(const Json& input = Json::array()) {
    try {
      Json result = Run<W>(input);
      ADD_FAILURE() << "the workflow did not fail; it returned " << result.dump();
    } catch (const simpleflow::WorkflowFailed& e) {
      return e;
    }
    return simpleflow::WorkflowFailed("", "");
  }

  const simpleflow::History& history() const { return executor_->history(); }
  const simpleflow::LocalExecutor& executor() const { return *executor_; }

  simpleflow::ManualClock clock_{kStartTime};
  std::unique_ptr<simpleflow::LocalExecutor> executor_;
};

}  // namespace sftest
