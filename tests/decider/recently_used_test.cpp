#include "decider/recently_used.hpp"

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

}  // namespace
}  // namespace simpleflow::internal
