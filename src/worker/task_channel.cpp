#include "worker/task_channel.hpp"

#include <unistd.h>

#include <cerrno>

namespace simpleflow::internal {
namespace {

constexpr std::size_t kHeaderSize = 5;

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

bool write_task_message(int fd, TaskMessageType type, std::string_view payload) {
  std::string frame(kHeaderSize, '\0');
  frame[0] = static_cast<char>(type);
  auto length = static_cast<std::uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) frame[1 + i] = static_cast<char>((length >> (8 * i)) & 0xff);
  frame.append(payload);
  return write_all(fd, frame.data(), frame.size());
}

TaskMessageReader::ReadResult TaskMessageReader::read_from(int fd) {
  char chunk[65536];
  while (true) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return ReadResult::kData;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return ReadResult::kNothingYet;
    return ReadResult::kEnd;
  }
}

std::optional<TaskMessage> TaskMessageReader::next() {
  if (buffer_.size() - offset_ < kHeaderSize) return std::nullopt;
  std::uint32_t length = 0;
  for (int i = 0; i < 4; ++i)
    length |= static_cast<std::uint32_t>(static_cast<unsigned char>(buffer_[offset_ + 1 + i])) << (8 * i);
  if (buffer_.size() - offset_ - kHeaderSize < length) return std::nullopt;
  TaskMessage message{static_cast<TaskMessageType>(buffer_[offset_]),
                      buffer_.substr(offset_ + kHeaderSize, length)};
  offset_ += kHeaderSize + length;
  if (offset_ == buffer_.size()) {
    buffer_.clear();
    offset_ = 0;
  }
  return message;
}

}  // namespace simpleflow::internal
