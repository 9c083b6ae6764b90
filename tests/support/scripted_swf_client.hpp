// A test double of the SWF API: answers each operation with the replies a
// test queued, and records every call.
#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "simpleflow/swf/client.hpp"

namespace simpleflow::testing {

class ScriptedSwfClient final : public swf::SwfClient {
 public:
  struct Call {
    std::string operation;
    Json request;
  };

  // Queues `reply` as the answer to the next call of `operation`.
  void reply(const std::string& operation, Json reply) {
    std::lock_guard lock(mutex_);
    replies_[operation].push_back(swf::Result<std::string>(dumps(reply)));
  }
  // Queues a failure of the next call of `operation`.
  void fail(const std::string& operation, swf::ErrorKind kind, const std::string& code,
            const std::string& message = "scripted failure") {
    swf::CallError error;
    error.kind = kind;
    error.code = code;
    error.message = message;
    error.operation = operation;
    error.endpoint = endpoint();
    std::lock_guard lock(mutex_);
    replies_[operation].push_back(swf::Result<std::string>(std::move(error)));
  }

  swf::Result<std::string> send(std::string_view operation, std::string_view request_json) override {
    std::lock_guard lock(mutex_);
    calls_.push_back({std::string(operation), Json::parse(request_json)});
    auto& queue = replies_[std::string(operation)];
    if (queue.empty()) {
      swf::CallError error;
      error.kind = swf::ErrorKind::kOther;
      error.code = "NoScriptedReply";
      error.message = "the test queued no reply for " + std::string(operation);
      error.operation = std::string(operation);
      return error;
    }
    auto reply = std::move(queue.front());
    queue.pop_front();
    return reply;
  }
  std::string endpoint() const override { return "scripted://swf"; }

  std::vector<Call> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  // The calls of one operation, in order.
  std::vector<Json> requests(const std::string& operation) const {
    std::lock_guard lock(mutex_);
    std::vector<Json> out;
    for (const auto& call : calls_)
      if (call.operation == operation) out.push_back(call.request);
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<swf::Result<std::string>>> replies_;
  std::vector<Call> calls_;
};

}  // namespace simpleflow::testing
