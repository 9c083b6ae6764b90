#include "core/recently_used.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace simpleflow::internal {
namespace {

TEST(RecentlyUsedTest, KeepsTheMostRecentlyUsedEntries) {
  RecentlyUsed<int> cache(2);
  cache.put("a", 1);
  cache.put("b", 2);
  ASSERT_NE(cache.find("a"), nullptr);  // a is now the most recent
  cache.put("c", 3);
  EXPECT_EQ(cache.find("b"), nullptr);
  ASSERT_NE(cache.find("a"), nullptr);
  EXPECT_EQ(*cache.find("c"), 3);
  cache.put("a", 5);
  EXPECT_EQ(*cache.find("a"), 5);
  EXPECT_EQ(cache.size(), 2u);
  cache.erase("a");
  EXPECT_EQ(cache.find("a"), nullptr);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(RecentlyUsedTest, ACapacityOfZeroKeepsNothing) {
  RecentlyUsed<int> cache(0);
  cache.put("a", 1);
  EXPECT_EQ(cache.find("a"), nullptr);
}

TEST(RecentlyUsedTest, HoldsMoveOnlyValuesWhoseAddressStaysWhileKept) {
  RecentlyUsed<std::unique_ptr<int>> cache(3);
  cache.put("a", std::make_unique<int>(1));
  std::unique_ptr<int>* a = cache.find("a");
  cache.put("b", std::make_unique<int>(2));
  cache.put("c", std::make_unique<int>(3));
  EXPECT_EQ(cache.find("a"), a);
  EXPECT_EQ(**a, 1);
}

TEST(RecentlyUsedTest, WeighedEntriesAreEvictedUntilTheyFit) {
  auto length = [](const std::string& s) { return s.size(); };
  RecentlyUsed<std::string, decltype(length)> cache(10, length);
  cache.put("a", "1234");
  cache.put("b", "1234");
  EXPECT_EQ(cache.weight(), 8u);
  cache.put("c", "123456");  // evicts a, the least recently used
  EXPECT_EQ(cache.find("a"), nullptr);
  EXPECT_NE(cache.find("b"), nullptr);
  EXPECT_EQ(cache.weight(), 10u);
  cache.put("b", "12");  // replacing re-weighs
  EXPECT_EQ(cache.weight(), 8u);
  cache.put("big", "12345678901");  // heavier than the capacity: not kept, nothing evicted
  EXPECT_EQ(cache.find("big"), nullptr);
  EXPECT_EQ(cache.size(), 2u);
}

}  // namespace
}  // namespace simpleflow::internal
