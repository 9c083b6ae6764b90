// RecordTable: the records of one kind of task by id, in the order their ids
// first appeared.
#include "history/record_table.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace simpleflow::internal {
namespace {

struct TestRecord {
  std::string_view id;
  int value = 0;
};

TEST(RecordTableTest, AddGivesOneIndexPerId) {
  RecordTable<TestRecord> table;
  const std::uint32_t a = table.add("a");
  const std::uint32_t b = table.add("b");
  EXPECT_NE(a, b);
  EXPECT_EQ(table.add("a"), a);
  EXPECT_EQ(table.add(std::string_view("b")), b);
  EXPECT_EQ(table.at_index(a).id, "a");
  EXPECT_EQ(table.at_index(b).id, "b");
  EXPECT_EQ(table.size(), 2u);
}

TEST(RecordTableTest, AddKeepsTheRecordOfAKnownId) {
  RecordTable<TestRecord> table;
  table["a"].value = 7;
  const std::uint32_t index = table.add("a");
  EXPECT_EQ(table.at_index(index).value, 7);
  EXPECT_EQ(table["a"].value, 7);
  EXPECT_EQ(table.size(), 1u);
}

TEST(RecordTableTest, IteratesInFirstAppearanceOrder) {
  RecordTable<TestRecord> table;
  // Neither sorted nor in hash order.
  const std::vector<std::string_view> ids{"zeta", "alpha", "mu", "beta", "omega"};
  int n = 0;
  for (auto id : ids) table[id].value = ++n;
  table.add("alpha");  // repeats do not move a record
  table["zeta"].value += 100;
  std::vector<std::string_view> seen;
  std::vector<int> values;
  for (const TestRecord& record : table) {
    seen.push_back(record.id);
    values.push_back(record.value);
  }
  EXPECT_EQ(seen, ids);
  EXPECT_EQ(values, (std::vector<int>{101, 2, 3, 4, 5}));
}

TEST(RecordTableTest, FindAtAndCount) {
  RecordTable<TestRecord> table;
  table["present"].value = 3;
  ASSERT_NE(table.find("present"), nullptr);
  EXPECT_EQ(table.find("present")->value, 3);
  EXPECT_EQ(table.find("absent"), nullptr);
  EXPECT_EQ(table.find(""), nullptr);
  EXPECT_EQ(table.find("presen"), nullptr);
  EXPECT_EQ(table.at("present").value, 3);
  EXPECT_THROW(table.at("absent"), std::out_of_range);
  EXPECT_EQ(table.count("present"), 1u);
  EXPECT_EQ(table.count("absent"), 0u);
  // Looking up adds nothing.
  EXPECT_EQ(table.size(), 1u);
}

TEST(RecordTableTest, EmptyTable) {
  RecordTable<TestRecord> table;
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.begin(), table.end());
  EXPECT_EQ(table.find("a"), nullptr);
  EXPECT_THROW(table.at("a"), std::out_of_range);
  table.add("a");
  EXPECT_FALSE(table.empty());
  EXPECT_EQ(table.size(), 1u);
}

TEST(RecordTableTest, IdsStayFindableThroughRehashes) {
  // The ids live elsewhere (in a ParsedHistory's pool): the table keeps views.
  std::vector<std::string> ids;
  for (int i = 0; i < 5000; ++i) ids.push_back("activity-" + std::to_string(i));
  RecordTable<TestRecord> table;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_EQ(table.add(ids[i]), i);
    table.at_index(static_cast<std::uint32_t>(i)).value = static_cast<int>(i);
  }
  EXPECT_EQ(table.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    // Looked up by an equal text at another address.
    const std::string key = "activity-" + std::to_string(i);
    const TestRecord* record = table.find(key);
    ASSERT_NE(record, nullptr) << key;
    EXPECT_EQ(record->id.data(), ids[i].data());  // the view given to the first add
    EXPECT_EQ(record->value, static_cast<int>(i));
    EXPECT_EQ(table.add(key), i);
  }
  EXPECT_EQ(table.size(), ids.size());
  EXPECT_EQ(table.find("activity-5000"), nullptr);
}

TEST(RecordTableTest, ReserveKeepsBehaviour) {
  RecordTable<TestRecord> table;
  table.add("a");
  table.reserve(1000);
  EXPECT_EQ(table.size(), 1u);
  ASSERT_NE(table.find("a"), nullptr);
  EXPECT_EQ(table.add("b"), 1u);
}

}  // namespace
}  // namespace simpleflow::internal
