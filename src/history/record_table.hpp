// The records of one kind of task (activities, child workflows, timers) by
// id. A replay looks up every task of a long history once: records sit in a
// vector in the order their ids first appeared (the order the code submits
// them, usually), their ids in the ParsedHistory's string pool, so lookups
// read memory mostly in order.
#pragma once

#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>
#include <absl/strings/string_view.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace simpleflow::internal {

// Record must have a `std::string_view id` member.
template <class Record>
class RecordTable {
 public:
  static constexpr std::uint32_t kAbsent = UINT32_MAX;

  // The index of the record of `id`, added (with only `id` set) if absent.
  // `id` must outlive the table.
  std::uint32_t add(std::string_view id) {
    auto [it, added] = index_.try_emplace(id, static_cast<std::uint32_t>(records_.size()));
    if (added) records_.emplace_back().id = id;
    return it->second;
  }
  // References stay valid until the next add.
  Record& operator[](std::string_view id) { return records_[add(id)]; }
  Record& at_index(std::uint32_t index) { return records_[index]; }

  const Record* find(std::string_view id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &records_[it->second];
  }
  // find(id), trying first the record at `cursor`: a replay meets tasks
  // mostly in the order they were first scheduled, and then hashes nothing.
  // Moves `cursor` past the record found.
  const Record* find_next(std::string_view id, std::size_t& cursor) const {
    if (cursor < records_.size() && records_[cursor].id == id) return &records_[cursor++];
    auto it = index_.find(id);
    if (it == index_.end()) return nullptr;
    cursor = it->second + 1;
    return &records_[it->second];
  }
  const Record& at(std::string_view id) const {
    const Record* record = find(id);
    if (!record) throw std::out_of_range("no record of " + std::string(id));
    return *record;
  }
  std::size_t count(std::string_view id) const { return find(id) ? 1 : 0; }
  std::size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  void reserve(std::size_t n) {
    records_.reserve(n);
    index_.reserve(n);
  }
  // In the order the ids first appeared.
  auto begin() const { return records_.begin(); }
  auto end() const { return records_.end(); }

 private:
  // abseil's own string hash, several times cheaper than std::hash (which
  // abseil falls back to for std::string_view when built as C++14, as Debian's is).
  struct Hash {
    std::size_t operator()(std::string_view id) const {
      return absl::Hash<absl::string_view>{}(absl::string_view(id.data(), id.size()));
    }
  };
  std::vector<Record> records_;
  absl::flat_hash_map<std::string_view, std::uint32_t, Hash> index_;
};

}  // namespace simpleflow::internal
