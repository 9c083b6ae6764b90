#include "decider/history_cache.hpp"

#include <gtest/gtest.h>

namespace simpleflow::internal {
namespace {

std::vector<Json> events(int n) { return std::vector<Json>(static_cast<std::size_t>(n), Json::object()); }

TEST(HistoryCacheTest, KeepsTheMostRecentlyUsedRuns) {
  HistoryCache cache(2);
  cache.put("a", events(1));
  cache.put("b", events(2));
  ASSERT_NE(cache.find("a"), nullptr);  // a is now the most recent
  cache.put("c", events(3));
  EXPECT_EQ(cache.find("b"), nullptr);
  ASSERT_NE(cache.find("a"), nullptr);
  EXPECT_EQ(cache.find("c")->size(), 3u);
  cache.put("a", events(5));
  EXPECT_EQ(cache.find("a")->size(), 5u);
  EXPECT_EQ(cache.size(), 2u);
  cache.erase("a");
  EXPECT_EQ(cache.find("a"), nullptr);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(HistoryCacheTest, ACapacityOfZeroKeepsNothing) {
  HistoryCache cache(0);
  cache.put("a", events(1));
  EXPECT_EQ(cache.find("a"), nullptr);
}

}  // namespace
}  // namespace simpleflow::internal
