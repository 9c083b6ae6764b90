// Typed values from JSON: strict scalars, containers, user types.
#include "simpleflow/internal/convert.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace convert_test {

struct Point {
  int x = 0;
  int y = 0;
  bool operator==(const Point&) const = default;
};

void to_json(simpleflow::Json& j, const Point& p) { j = simpleflow::Json{{"x", p.x}, {"y", p.y}}; }
void from_json(const simpleflow::Json& j, Point& p) {
  j.at("x").get_to(p.x);
  j.at("y").get_to(p.y);
}

}  // namespace convert_test

namespace simpleflow::internal {
namespace {

using convert_test::Point;
using ::testing::HasSubstr;
using StringIntMap = std::map<std::string, int>;

Json J(const char* text) { return Json::parse(text); }

template <class T>
std::string conversion_error(const Json& value) {
  try {
    from_json<T>(value);
  } catch (const InvalidInput& e) {
    return e.what();
  }
  ADD_FAILURE() << "from_json accepted " << dumps(value);
  return {};
}

TEST(FromJsonIntegerTest, AcceptsIntegersAndIntegralFloats) {
  EXPECT_EQ(from_json<int>(Json(1)), 1);
  EXPECT_EQ(from_json<int>(Json(-7)), -7);
  EXPECT_EQ(from_json<int>(J("1.0")), 1);
  EXPECT_EQ(from_json<int>(J("-3.0")), -3);
  EXPECT_EQ(from_json<std::int64_t>(J("9223372036854775807")), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(from_json<std::uint64_t>(J("18446744073709551615")), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(from_json<std::int8_t>(Json(-128)), -128);
}

TEST(FromJsonIntegerTest, RejectsNonIntegers) {
  EXPECT_EQ(conversion_error<int>(J("1.5")), "integer, got number 1.5");
  EXPECT_EQ(conversion_error<int>(J("\"1\"")), "integer, got string \"1\"");
  EXPECT_EQ(conversion_error<int>(J("true")), "integer, got boolean true");
  EXPECT_EQ(conversion_error<int>(J("null")), "integer, got null");
  EXPECT_EQ(conversion_error<int>(J("[1]")), "integer, got array [1]");
}

TEST(FromJsonIntegerTest, RejectsOutOfRange) {
  EXPECT_THAT(conversion_error<std::int8_t>(Json(200)), HasSubstr("out of range"));
  EXPECT_THAT(conversion_error<std::int8_t>(Json(-129)), HasSubstr("out of range"));
  EXPECT_THAT(conversion_error<std::uint8_t>(Json(-1)), HasSubstr("out of range"));
  EXPECT_THAT(conversion_error<int>(J("4294967296")), HasSubstr("out of range"));
  EXPECT_THAT(conversion_error<std::int64_t>(J("9223372036854775808")), HasSubstr("out of range"));
  EXPECT_EQ(conversion_error<std::int8_t>(J("128.0")), "integer, got number 128.0");
}

TEST(FromJsonIntegerTest, IntegralFloatsAtTheEdgesOfTheRange) {
  // Converting a double outside the target's range is undefined behaviour in
  // C++; from_json must range-check first.
  EXPECT_EQ(from_json<std::uint64_t>(J("1e19")), 10000000000000000000ULL);
  EXPECT_EQ(from_json<std::int64_t>(J("-9.223372036854775808e18")), std::numeric_limits<std::int64_t>::min());
  EXPECT_THROW(from_json<std::int64_t>(J("9.223372036854775808e18")), InvalidInput);
  EXPECT_THROW(from_json<std::uint64_t>(J("1.8446744073709552e19")), InvalidInput);
  EXPECT_THROW(from_json<int>(J("1e300")), InvalidInput);
  EXPECT_THROW(from_json<int>(Json(std::numeric_limits<double>::quiet_NaN())), InvalidInput);
  EXPECT_THROW(from_json<std::uint8_t>(J("-1.0")), InvalidInput);
}

TEST(FromJsonBoolTest, OnlyFromBoolean) {
  EXPECT_TRUE(from_json<bool>(Json(true)));
  EXPECT_FALSE(from_json<bool>(Json(false)));
  EXPECT_EQ(conversion_error<bool>(Json(1)), "boolean, got integer 1");
  EXPECT_EQ(conversion_error<bool>(Json("true")), "boolean, got string \"true\"");
  EXPECT_THROW(from_json<bool>(Json(nullptr)), InvalidInput);
}

TEST(FromJsonDoubleTest, FromAnyNumber) {
  EXPECT_EQ(from_json<double>(Json(2)), 2.0);
  EXPECT_EQ(from_json<double>(J("18446744073709551615")), 18446744073709551615.0);
  EXPECT_EQ(from_json<double>(Json(2.5)), 2.5);
  EXPECT_EQ(conversion_error<double>(Json("2.5")), "number, got string \"2.5\"");
  EXPECT_THROW(from_json<double>(Json(true)), InvalidInput);
}

TEST(FromJsonStringTest, OnlyFromString) {
  EXPECT_EQ(from_json<std::string>(Json("abc")), "abc");
  EXPECT_EQ(conversion_error<std::string>(Json(1)), "string, got integer 1");
  EXPECT_EQ(conversion_error<std::string>(Json(nullptr)), "string, got null");
}

TEST(FromJsonOptionalTest, NullIsEmpty) {
  EXPECT_EQ(from_json<std::optional<int>>(Json(nullptr)), std::nullopt);
  EXPECT_EQ(from_json<std::optional<int>>(Json(3)), 3);
  EXPECT_EQ(conversion_error<std::optional<int>>(Json("3")), "integer, got string \"3\"");
}

TEST(FromJsonVectorTest, ConvertsItemsAndNamesTheBadOne) {
  EXPECT_EQ(from_json<std::vector<int>>(J("[1, 2, 3]")), (std::vector<int>{1, 2, 3}));
  EXPECT_TRUE(from_json<std::vector<int>>(J("[]")).empty());
  EXPECT_EQ(conversion_error<std::vector<int>>(J(R"([1, "x", 3])")), "item 1: integer, got string \"x\"");
  EXPECT_EQ(conversion_error<std::vector<int>>(J("{}")), "array of integer, got object {}");
  EXPECT_EQ(conversion_error<std::vector<std::vector<int>>>(J("[[1], [2, 2.5]]")),
            "item 1: item 1: integer, got number 2.5");
}

TEST(FromJsonMapTest, ConvertsValuesAndNamesTheBadKey) {
  auto m = from_json<std::map<std::string, int>>(J(R"({"a": 1, "b": 2})"));
  EXPECT_EQ(m, (std::map<std::string, int>{{"a", 1}, {"b", 2}}));
  auto u = from_json<std::unordered_map<std::string, std::string>>(J(R"({"k": "v"})"));
  EXPECT_EQ(u.at("k"), "v");
  EXPECT_EQ(conversion_error<StringIntMap>(J(R"({"a": 1, "b": false})")), "key \"b\": integer, got boolean false");
  EXPECT_EQ(conversion_error<StringIntMap>(J("[1]")), "object of integer, got array [1]");
}

TEST(FromJsonUserTypeTest, RoundTripsThroughNlohmann) {
  Point p{3, -4};
  Json j = to_json(p);
  EXPECT_EQ(dumps(j), R"({"x":3,"y":-4})");
  EXPECT_EQ(from_json<Point>(j), p);
  EXPECT_EQ(from_json<std::vector<Point>>(J(R"([{"x":1,"y":2}])")), (std::vector<Point>{{1, 2}}));
}

TEST(FromJsonUserTypeTest, BadValueIsInvalidInput) {
  std::string missing_key = conversion_error<Point>(J(R"({"x": 1})"));
  EXPECT_THAT(missing_key, HasSubstr("convert_test::Point, got object {\"x\":1}"));
  EXPECT_THAT(missing_key, HasSubstr("'y' not found"));
  EXPECT_THAT(conversion_error<Point>(J(R"({"x": "1", "y": 2})")), HasSubstr("convert_test::Point, got object"));
  EXPECT_THROW(from_json<Point>(J("3")), InvalidInput);
}

TEST(FromJsonAnyTest, JsonPassesThrough) { EXPECT_EQ(from_json<Json>(J(R"({"a":[1,null]})")), J(R"({"a":[1,null]})")); }

TEST(JsonTypeNameTest, UsesJsonVocabulary) {
  EXPECT_EQ(json_type_name<Json>(), "any JSON value");
  EXPECT_EQ(json_type_name<bool>(), "boolean");
  EXPECT_EQ(json_type_name<int>(), "integer");
  EXPECT_EQ(json_type_name<const std::uint64_t&>(), "integer");
  EXPECT_EQ(json_type_name<double>(), "number");
  EXPECT_EQ(json_type_name<std::string>(), "string");
  EXPECT_EQ(json_type_name<const char*>(), "string");
  EXPECT_EQ(json_type_name<std::optional<int>>(), "integer or null");
  EXPECT_EQ(json_type_name<std::vector<std::string>>(), "array of string");
  EXPECT_EQ((json_type_name<std::map<std::string, std::vector<double>>>()), "object of array of number");
  EXPECT_EQ(json_type_name<Point>(), "convert_test::Point");
}

TEST(DescribeJsonTest, KindAndTruncatedText) {
  EXPECT_EQ(describe_json(Json(nullptr)), "null");
  EXPECT_EQ(describe_json(Json("\xc3\xa9")), "string \"\\u00e9\"");
  EXPECT_EQ(describe_json(J("1e16")), "number 1e+16");
  std::string long_text = describe_json(Json(std::string(100, 'a')));
  EXPECT_EQ(long_text, "string \"" + std::string(56, 'a') + "...");
}

}  // namespace
}  // namespace simpleflow::internal
