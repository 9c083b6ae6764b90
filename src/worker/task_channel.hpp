// The pipe from an activity's child process to its worker: heartbeats while
// the activity runs, then its outcome. Messages are framed (a type byte and
// a 4-byte length), so a result of any size crosses intact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace simpleflow::internal {

enum class TaskMessageType : char {
  kHeartbeat = 'H',  // payload: the details
  kCompleted = 'C',  // payload: the result, as the task's result field
  kFailed = 'F',     // payload: {"reason": ..., "details": ...}
};

struct TaskMessage {
  TaskMessageType type;
  std::string payload;
};

// Writes one message, retrying short writes and EINTR. Returns false when
// the reader is gone.
bool write_task_message(int fd, TaskMessageType type, std::string_view payload);

// Reassembles messages from what the pipe gives, in any chunking.
class TaskMessageReader {
 public:
  enum class ReadResult { kData, kNothingYet, kEnd };
  // Reads what `fd` has (one read). kNothingYet: a non-blocking `fd` has
  // nothing now; kEnd: end of file, or an error.
  ReadResult read_from(int fd);
  // The next whole message, if one has arrived.
  std::optional<TaskMessage> next();

 private:
  std::string buffer_;
  std::size_t offset_ = 0;
};

}  // namespace simpleflow::internal
