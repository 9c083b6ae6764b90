// StringPool: copies of short strings packed in blocks that never move, and
// one copy per distinct text when interned.
#include "history/string_pool.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace simpleflow::internal {
namespace {

TEST(StringPoolTest, CopyIsEqualTextElsewhere) {
  StringPool pool;
  const std::string text = "activity-a-1";
  const std::string_view copy = pool.copy(text);
  EXPECT_EQ(copy, text);
  EXPECT_NE(copy.data(), text.data());
}

TEST(StringPoolTest, CopyOfEmptyTextIsEmpty) {
  StringPool pool;
  EXPECT_TRUE(pool.copy("").empty());
  EXPECT_TRUE(pool.copy(std::string_view()).empty());
  EXPECT_EQ(pool.copy("x"), "x");  // and the pool still works
}

TEST(StringPoolTest, ViewsOutliveNewBlocks) {
  StringPool pool;
  std::vector<std::string> texts;
  std::vector<std::string_view> copies;
  // About 400 KB: several 64 KiB blocks.
  for (int i = 0; i < 20000; ++i) {
    texts.push_back("task-" + std::to_string(i) + std::string(static_cast<std::size_t>(i % 13), 'x'));
    copies.push_back(pool.copy(texts.back()));
  }
  for (std::size_t i = 0; i < texts.size(); ++i) ASSERT_EQ(copies[i], texts[i]) << i;
}

TEST(StringPoolTest, ViewsOutliveMovingThePool) {
  auto pool = std::make_unique<StringPool>();
  std::vector<std::string_view> copies;
  for (int i = 0; i < 10000; ++i) copies.push_back(pool->copy("id-" + std::to_string(i)));
  const std::string_view interned = pool->intern("type");
  StringPool moved(std::move(*pool));
  pool.reset();
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(copies[static_cast<std::size_t>(i)], "id-" + std::to_string(i)) << i;
  EXPECT_EQ(interned, "type");
  // The moved-to pool keeps its interned texts.
  EXPECT_EQ(moved.intern("type").data(), interned.data());
  StringPool assigned;
  assigned = std::move(moved);
  EXPECT_EQ(assigned.intern("type").data(), interned.data());
  EXPECT_EQ(copies.front(), "id-0");
  EXPECT_EQ(copies.back(), "id-9999");
}

TEST(StringPoolTest, MovedFromPoolIsEmptyAndUsable) {
  StringPool source;
  const std::string_view kept = source.copy("x");
  const std::string_view type = source.intern("type");
  StringPool target(std::move(source));
  EXPECT_EQ(source.copy("y"), "y");  // NOLINT(bugprone-use-after-move): moved-from pools are usable
  EXPECT_NE(source.intern("type").data(), type.data());
  EXPECT_EQ(kept, "x");
  EXPECT_EQ(target.intern("type").data(), type.data());
}

TEST(StringPoolTest, TextLongerThanABlockIsCopiedIntact) {
  StringPool pool;
  const std::string_view before = pool.copy("before");
  std::string big(200 * 1000, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
  const std::string_view copy = pool.copy(big);
  EXPECT_EQ(copy, big);
  EXPECT_NE(copy.data(), big.data());
  const std::string_view after = pool.copy("after");
  EXPECT_EQ(before, "before");
  EXPECT_EQ(after, "after");
  EXPECT_EQ(copy, big);
}

TEST(StringPoolTest, InternGivesOneCopyPerText) {
  StringPool pool;
  const std::string a1 = "a", a2 = "a", b = "b";
  const std::string_view first = pool.intern(a1);
  EXPECT_EQ(first, "a");
  EXPECT_NE(first.data(), a1.data());
  EXPECT_EQ(pool.intern(a2).data(), first.data());  // consecutive repeat
  const std::string_view other = pool.intern(b);
  EXPECT_EQ(other, "b");
  EXPECT_NE(other.data(), first.data());
  EXPECT_EQ(pool.intern(std::string("a")).data(), first.data());  // repeat after another text
  EXPECT_EQ(pool.intern(std::string("b")).data(), other.data());
  // A prefix or extension of an interned text is another text.
  EXPECT_NE(pool.intern("ab").data(), first.data());
  EXPECT_EQ(pool.intern("ab"), "ab");
}

TEST(StringPoolTest, InternedTextsSurviveManyOthers) {
  StringPool pool;
  std::vector<std::string_view> interned;
  for (int i = 0; i < 5000; ++i) interned.push_back(pool.intern("type-" + std::to_string(i)));
  for (int i = 0; i < 50000; ++i) pool.copy("filler-" + std::to_string(i));
  for (int i = 0; i < 5000; ++i) {
    const std::string text = "type-" + std::to_string(i);
    ASSERT_EQ(pool.intern(text).data(), interned[static_cast<std::size_t>(i)].data()) << text;
    ASSERT_EQ(interned[static_cast<std::size_t>(i)], text);
  }
}

}  // namespace
}  // namespace simpleflow::internal
