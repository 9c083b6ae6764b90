// A growing sequence whose items never move: an ExecutionState points to the
// events of a history while a decider appends the next pages to it.
#pragma once

#include <bit>
#include <cstddef>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace simpleflow::internal {

// Blocks of 16, 32, 64... items (a short history costs little, a long one
// allocates a few times). Not thread-safe.
template <class T>
class StableList {
 public:
  const T& operator[](std::size_t i) const { return locate(i); }
  T& operator[](std::size_t i) { return locate(i); }
  const T& at(std::size_t i) const {
    if (i >= size_) throw std::out_of_range("no item " + std::to_string(i));
    return locate(i);
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& front() const { return locate(0); }
  const T& back() const { return locate(size_ - 1); }

  void push_back(const T& item) {
    if (size_ == capacity_) {
      const std::size_t block_size = kFirstBlock << blocks_.size();
      blocks_.push_back(std::make_unique<T[]>(block_size));
      capacity_ += block_size;
    }
    locate(size_++) = item;
  }
  // Drops the items from `n` on (their blocks stay for the next ones).
  void truncate(std::size_t n) {
    if (n < size_) size_ = n;
  }
  void clear() { size_ = 0; }

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;
    const_iterator() = default;
    const_iterator(const StableList* list, std::size_t index) : list_(list), index_(index) {}
    reference operator*() const { return (*list_)[index_]; }
    pointer operator->() const { return &(*list_)[index_]; }
    const_iterator& operator++() {
      ++index_;
      return *this;
    }
    const_iterator operator++(int) { return const_iterator(list_, index_++); }
    bool operator==(const const_iterator& other) const { return index_ == other.index_; }

   private:
    const StableList* list_ = nullptr;
    std::size_t index_ = 0;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }

 private:
  static constexpr std::size_t kFirstBlock = 16;
  // Block b holds items [16 * (2^b - 1), 16 * (2^(b+1) - 1)).
  T& locate(std::size_t i) const {
    const std::size_t scaled = i / kFirstBlock + 1;
    const std::size_t block = std::bit_width(scaled) - 1;
    return blocks_[block][i - kFirstBlock * ((std::size_t{1} << block) - 1)];
  }

  std::vector<std::unique_ptr<T[]>> blocks_;
  std::size_t size_ = 0, capacity_ = 0;
};

}  // namespace simpleflow::internal
