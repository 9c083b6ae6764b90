#include "swf_client/throttle.hpp"

#include <algorithm>
#include <array>

namespace simpleflow::swf::internal {
namespace {

struct Quota {
  std::string_view name;
  double burst;
  double refill;
};

// Amazon SWF's default throttling quotas for all regions.
constexpr std::array<Quota, 12> kOperationQuotas{{
    {"PollForDecisionTask", 2000, 200},
    {"PollForActivityTask", 2000, 200},
    {"RespondDecisionTaskCompleted", 2000, 200},
    {"RespondActivityTaskCompleted", 2000, 200},
    {"RecordActivityTaskHeartbeat", 2000, 160},
    {"StartWorkflowExecution", 2000, 200},
    {"SignalWorkflowExecution", 2000, 30},
    {"GetWorkflowExecutionHistory", 2000, 60},
    {"ListOpenWorkflowExecutions", 200, 48},
    {"ListClosedWorkflowExecutions", 200, 6},
    {"CountOpenWorkflowExecutions", 2000, 6},
    {"CountClosedWorkflowExecutions", 2000, 6},
}};

constexpr std::array<Quota, 4> kDecisionQuotas{{
    {"ScheduleActivityTask", 1000, 200},
    {"StartTimer", 2000, 200},
    {"StartChildWorkflowExecution", 500, 12},
    {"SignalExternalWorkflowExecution", 1200, 120},
}};

const Quota* find(std::string_view name, const auto& quotas) {
  for (const auto& quota : quotas)
    if (quota.name == name) return &quota;
  return nullptr;
}

}  // namespace

TokenBucket::TokenBucket(double capacity, double refill_per_second, double now)
    : capacity_(capacity), rate_(refill_per_second), tokens_(capacity), updated_(now) {}

double TokenBucket::reserve(double n, double now) {
  if (now > updated_) {
    tokens_ = std::min(capacity_, tokens_ + (now - updated_) * rate_);
    updated_ = now;
  }
  tokens_ -= std::min(n, capacity_);
  return tokens_ >= 0 ? 0 : -tokens_ / rate_;
}

Throttle::Throttle(const Clock& clock) : clock_(clock) {}

double Throttle::reserve(const std::string& key, double n) {
  const Quota* quota = find(key, kOperationQuotas);
  if (!quota) quota = find(key, kDecisionQuotas);
  if (!quota || n <= 0) return 0;
  double now = clock_.now();
  auto it = buckets_.find(key);
  if (it == buckets_.end()) it = buckets_.emplace(key, TokenBucket(quota->burst, quota->refill, now)).first;
  return it->second.reserve(n, now);
}

void Throttle::acquire(std::string_view operation, std::string_view request_json) {
  double wait = 0;
  {
    std::lock_guard lock(mutex_);
    wait = reserve(std::string(operation), 1);
    if (operation == "RespondDecisionTaskCompleted") {
      for (const auto& quota : kDecisionQuotas)
        wait = std::max(wait, reserve(std::string(quota.name), count_decisions(request_json, quota.name)));
    }
  }
  clock_.sleep_for(wait);
}

int Throttle::count_decisions(std::string_view json, std::string_view decision_type) {
  std::string needle = "\"decisionType\":\"" + std::string(decision_type) + "\"";
  int count = 0;
  for (auto at = json.find(needle); at != std::string_view::npos; at = json.find(needle, at + needle.size())) {
    // Inside a JSON string every quote is escaped: an odd run of backslashes
    // before the match means it is text, not structure.
    std::size_t backslashes = 0;
    while (backslashes < at && json[at - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) ++count;
  }
  return count;
}

}  // namespace simpleflow::swf::internal
