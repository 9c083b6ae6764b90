#include "core/utf8.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace simpleflow::internal {
namespace {

TEST(Utf8Test, LengthCountsCharactersNotBytes) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("caf\xc3\xa9"), 4u);
  EXPECT_EQ(utf8_length("\xe2\x82\xac\xf0\x9f\x98\x80x"), 3u);  // euro sign, an emoji, x
  EXPECT_EQ(utf8_prefix("caf\xc3\xa9!", 4), "caf\xc3\xa9");
}

// The word-at-a-time count agrees with counting byte by byte, at every
// length and alignment.
TEST(Utf8Test, LengthAgreesWithAByteByByteCount) {
  std::mt19937 random(7);
  for (int trial = 0; trial < 5000; ++trial) {
    std::string text(random() % 70, '\0');
    for (char& c : text) c = static_cast<char>(random() & 0xff);
    std::size_t expected = 0;
    for (char c : text) expected += !is_utf8_continuation(c);
    ASSERT_EQ(utf8_length(text), expected);
  }
}

}  // namespace
}  // namespace simpleflow::internal
