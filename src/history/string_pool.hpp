// Copies of short strings (task ids, type names) packed together: a replay
// that reads them in order then reads contiguous memory, not strings spread
// over a parser's buffer.
#pragma once

#include <absl/container/flat_hash_set.h>

#include <algorithm>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace simpleflow::internal {

// Blocks never move: views stay valid as long as the pool lives (moving it
// included). Not thread-safe.
class StringPool {
 public:
  StringPool() = default;
  // A moved-from pool is empty, and usable.
  StringPool(StringPool&& other) noexcept { *this = std::move(other); }
  StringPool& operator=(StringPool&& other) noexcept {
    if (this == &other) return *this;
    blocks_ = std::move(other.blocks_);
    capacity_ = std::exchange(other.capacity_, 0);
    used_ = std::exchange(other.used_, 0);
    interned_ = std::move(other.interned_);
    other.interned_.clear();
    last_interned_ = std::exchange(other.last_interned_, {});
    other.blocks_.clear();
    return *this;
  }

  std::string_view copy(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > capacity_ - used_) {
      capacity_ = std::max(kBlockSize, text.size());
      blocks_.push_back(std::make_unique<char[]>(capacity_));
      used_ = 0;
    }
    char* out = blocks_.back().get() + used_;
    std::copy(text.begin(), text.end(), out);
    used_ += text.size();
    return {out, text.size()};
  }
  // One copy per distinct text (activity and workflow type names repeat).
  std::string_view intern(std::string_view text) {
    if (!last_interned_.empty() && last_interned_ == text) return last_interned_;
    auto it = interned_.find(text);
    last_interned_ = it != interned_.end() ? *it : *interned_.insert(copy(text)).first;
    return last_interned_;
  }

 private:
  static constexpr std::size_t kBlockSize = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t capacity_ = 0, used_ = 0;
  absl::flat_hash_set<std::string_view> interned_;
  std::string_view last_interned_;
};

}  // namespace simpleflow::internal
