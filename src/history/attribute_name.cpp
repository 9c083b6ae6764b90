#include "history/attribute_name.hpp"

#include <array>

namespace simpleflow::internal {
namespace {

// FNV-1a: keys are short, and a history has hundreds of thousands of them.
constexpr std::size_t hash(std::string_view text) {
  std::uint32_t h = 2166136261u;
  for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

// Open addressing over a power of two comfortably above the name count.
constexpr std::size_t kSlots = 128;
static_assert(AttributeName::kNone * 2 <= kSlots);

constexpr std::array<std::uint8_t, kSlots> build_table() {
  std::array<std::uint8_t, kSlots> table{};
  table.fill(AttributeName::kNone);
  for (std::uint8_t i = 0; i < AttributeName::kNone; ++i) {
    std::size_t slot = hash(kAttributeNames[i]) % kSlots;
    while (table[slot] != AttributeName::kNone) slot = (slot + 1) % kSlots;
    table[slot] = i;
  }
  return table;
}

constexpr std::array<std::uint8_t, kSlots> kTable = build_table();

}  // namespace

AttributeName AttributeName::of(std::string_view name) {
  for (std::size_t slot = hash(name) % kSlots;; slot = (slot + 1) % kSlots) {
    const std::uint8_t id = kTable[slot];
    if (id == kNone) return AttributeName(kNone, 0);
    if (kAttributeNames[id] == name) return AttributeName(id, 0);
  }
}

}  // namespace simpleflow::internal
