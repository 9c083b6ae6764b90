// AttributeName: the attribute names of SWF's events as small ids, looked up
// at run time (keys read from a history) or at compile time (names in code).
#include "history/attribute_name.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace simpleflow::internal {
namespace {

TEST(AttributeNameTest, EveryNameRoundTrips) {
  std::set<std::uint8_t> ids;
  for (std::string_view name : kAttributeNames) {
    // A copy elsewhere in memory: the lookup compares text, not addresses.
    const std::string copy(name);
    const AttributeName found = AttributeName::of(copy);
    EXPECT_TRUE(found.known()) << name;
    EXPECT_EQ(found.text(), name);
    EXPECT_EQ(kAttributeNames[found.id()], name);
    EXPECT_EQ(AttributeName::of_id(found.id()), found) << name;
    ids.insert(found.id());
  }
  EXPECT_EQ(ids.size(), std::size(kAttributeNames));  // one id per name
  EXPECT_EQ(ids.size(), AttributeName::kNone);
}

TEST(AttributeNameTest, DistinctNamesAreUnequal) {
  const AttributeName activity_id = AttributeName::of("activityId");
  const AttributeName activity_type = AttributeName::of("activityType");
  EXPECT_FALSE(activity_id == activity_type);
  EXPECT_TRUE(activity_id == AttributeName::of("activityId"));
}

TEST(AttributeNameTest, UnknownNamesEqualNothing) {
  const std::vector<AttributeName> unknown{AttributeName::of("nope"), AttributeName::of(""),
                                           AttributeName::of("activityid"), AttributeName::of("activityId "),
                                           AttributeName::of("ActivityId"), AttributeName::of_id(AttributeName::kNone)};
  for (std::size_t i = 0; i < unknown.size(); ++i) {
    EXPECT_FALSE(unknown[i].known()) << i;
    EXPECT_EQ(unknown[i].text(), "") << i;
    EXPECT_FALSE(unknown[i] == unknown[i]) << i;  // not even itself
    for (std::size_t j = 0; j < unknown.size(); ++j) EXPECT_FALSE(unknown[i] == unknown[j]) << i << " " << j;
    for (std::string_view name : kAttributeNames) {
      EXPECT_FALSE(unknown[i] == AttributeName::of(name)) << i << " " << name;
      EXPECT_FALSE(AttributeName::of(name) == unknown[i]) << i << " " << name;
    }
  }
}

TEST(AttributeNameTest, OutOfRangeIdsAreUnknown) {
  for (int id : {static_cast<int>(AttributeName::kNone), AttributeName::kNone + 1, 200, 255}) {
    const AttributeName name = AttributeName::of_id(static_cast<std::uint8_t>(id));
    EXPECT_FALSE(name.known()) << id;
    EXPECT_EQ(name.text(), "") << id;
    EXPECT_EQ(name.id(), AttributeName::kNone) << id;
  }
  EXPECT_TRUE(AttributeName::of_id(0).known());
  EXPECT_TRUE(AttributeName::of_id(AttributeName::kNone - 1).known());
}

TEST(AttributeNameTest, NameWrittenInCodeEqualsTheLookedUpOne) {
  constexpr AttributeName activity_id("activityId");
  EXPECT_EQ(activity_id, AttributeName::of("activityId"));
  EXPECT_EQ(activity_id.text(), "activityId");
  EXPECT_EQ(AttributeName("workflowType"), AttributeName::of("workflowType"));
  EXPECT_EQ(AttributeName("id"), AttributeName::of("id"));
  EXPECT_FALSE(AttributeName("activityId") == AttributeName::of("activityType"));
}

}  // namespace
}  // namespace simpleflow::internal
