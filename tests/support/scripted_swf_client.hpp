// The test double of the SWF API (swf::SwfClient's one seam, send()): answers
// calls with the replies a test queued, and records every call. Thread-safe.
//
// A call takes the next reply queued for its operation; if there is none, the
// next reply queued for any operation; if there is none either, the
// Options::unscripted_reply text, or by default a kOther error whose code is
// "NoScriptedReply".
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "simpleflow/swf/client.hpp"

namespace simpleflow::testing {

class ScriptedSwfClient final : public swf::SwfClient {
 public:
  struct Options {
    std::string endpoint = "scripted://swf";  // what endpoint() answers
    // Given to calls with no reply queued, instead of the NoScriptedReply
    // error: "{}" stands for operations that return nothing.
    std::optional<std::string> unscripted_reply;
  };
  struct Call {
    std::string operation;
    Json request;      // the parsed request; discarded if `text` is not JSON
    std::string text;  // the request as send() was given it
  };

  ScriptedSwfClient() = default;
  explicit ScriptedSwfClient(Options options) : options_(std::move(options)) {}

  // Queues `reply` as the answer to the next call of `operation`.
  void reply(const std::string& operation, Json reply) { reply_text(operation, dumps(reply)); }
  // Queues raw `text` (JSON or not) for the next call of `operation`, or,
  // without an operation, for the next call of any operation.
  void reply_text(const std::string& operation, std::string text) { push(operation, std::move(text)); }
  void reply_text(std::string text) { push(kAnyOperation, std::move(text)); }
  // Queues a failure of the next call of `operation`.
  void fail(const std::string& operation, swf::ErrorKind kind, const std::string& code,
            const std::string& message = "scripted failure") {
    swf::CallError error;
    error.kind = kind;
    error.code = code;
    error.message = message;
    error.operation = operation;
    error.endpoint = endpoint();
    push(operation, std::move(error));
  }
  // Queues `error`, returned as it is, for the next call of any operation.
  void fail(swf::CallError error) { push(kAnyOperation, std::move(error)); }

  swf::Result<std::string> send(std::string_view operation, std::string_view request_json) override {
    std::lock_guard lock(mutex_);
    calls_.push_back({std::string(operation), Json::parse(request_json, nullptr, /*allow_exceptions=*/false),
                      std::string(request_json)});
    for (const std::string& key : {std::string(operation), std::string(kAnyOperation)}) {
      auto& queue = replies_[key];
      if (queue.empty()) continue;
      auto reply = std::move(queue.front());
      queue.pop_front();
      return reply;
    }
    if (options_.unscripted_reply) return *options_.unscripted_reply;
    swf::CallError error;
    error.kind = swf::ErrorKind::kOther;
    error.code = "NoScriptedReply";
    error.message = "the test queued no reply for " + std::string(operation);
    error.operation = std::string(operation);
    return error;
  }
  std::string endpoint() const override { return options_.endpoint; }

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
  // The only call made; a test failure if there was not exactly one (then the
  // last call, or an empty one with operation "<none>").
  Call only_call() const {
    std::lock_guard lock(mutex_);
    EXPECT_EQ(calls_.size(), 1u) << "calls of the SWF API";
    return calls_.empty() ? Call{"<none>", Json(), ""} : calls_.back();
  }

 private:
  static constexpr const char* kAnyOperation = "";  // no SWF operation has this name

  void push(const std::string& key, swf::Result<std::string> reply) {
    std::lock_guard lock(mutex_);
    replies_[key].push_back(std::move(reply));
  }

  const Options options_;
  mutable std::mutex mutex_;
  std::map<std::string, std::deque<swf::Result<std::string>>> replies_;
  std::vector<Call> calls_;
};

}  // namespace simpleflow::testing
