// simpleflow::dumps must print what Python's
// json.dumps(v, separators=(",", ":"), sort_keys=True) prints, byte for byte:
// task ids are md5 sums of that text. Expected strings below were produced by
// CPython 3 and are hard-coded.
#include "simpleflow/json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace simpleflow {
namespace {

using ::testing::HasSubstr;

struct DumpCase {
  const char* label;
  Json value;
  const char* expected;
};

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const DumpCase& c, std::ostream* os) { *os << c.label; }

class DumpsTest : public ::testing::TestWithParam<DumpCase> {};

TEST_P(DumpsTest, MatchesPython) { EXPECT_EQ(dumps(GetParam().value), GetParam().expected); }

// json.dumps(float) uses repr(): shortest round-trip digits, fixed notation
// while the decimal exponent is in (-4, 16], at least two exponent digits.
INSTANTIATE_TEST_SUITE_P(
    Floats, DumpsTest,
    ::testing::Values(
        DumpCase{"one", 1.0, "1.0"}, DumpCase{"negative_zero", -0.0, "-0.0"}, DumpCase{"zero", 0.0, "0.0"},
        DumpCase{"decimal", 123.456, "123.456"}, DumpCase{"tenth", 0.1, "0.1"},
        DumpCase{"third", 1.0 / 3, "0.3333333333333333"}, DumpCase{"e15_fixed", 1e15, "1000000000000000.0"},
        DumpCase{"e16_sci", 1e16, "1e+16"}, DumpCase{"two_pow_53", 9007199254740992.0, "9007199254740992.0"},
        DumpCase{"seventeen_digits", 12345678901234567.0, "1.2345678901234568e+16"},
        DumpCase{"sci_mantissa", 1.5e17, "1.5e+17"}, DumpCase{"e22", 1e22, "1e+22"}, DumpCase{"e300", 1e300, "1e+300"},
        DumpCase{"max", 1.7976931348623157e308, "1.7976931348623157e+308"}, DumpCase{"e_minus_3", 0.001, "0.001"},
        DumpCase{"e_minus_4_fixed", 0.0001, "0.0001"}, DumpCase{"e_minus_5_sci", 1e-05, "1e-05"},
        DumpCase{"sci_small", 2.5e-05, "2.5e-05"}, DumpCase{"negative_small", -1.5e-07, "-1.5e-07"},
        DumpCase{"denormal_min", 5e-324, "5e-324"}, DumpCase{"nan", std::numeric_limits<double>::quiet_NaN(), "NaN"},
        DumpCase{"infinity", std::numeric_limits<double>::infinity(), "Infinity"},
        DumpCase{"minus_infinity", -std::numeric_limits<double>::infinity(), "-Infinity"}),
    [](const auto& info) { return std::string(info.param.label); });

INSTANTIATE_TEST_SUITE_P(
    Scalars, DumpsTest,
    ::testing::Values(DumpCase{"null", nullptr, "null"}, DumpCase{"true", true, "true"},
                      DumpCase{"false", false, "false"}, DumpCase{"int", 42, "42"},
                      DumpCase{"int64_min", std::numeric_limits<std::int64_t>::min(), "-9223372036854775808"},
                      DumpCase{"uint64_max", std::numeric_limits<std::uint64_t>::max(), "18446744073709551615"}),
    [](const auto& info) { return std::string(info.param.label); });

INSTANTIATE_TEST_SUITE_P(
    Strings, DumpsTest,
    ::testing::Values(DumpCase{"ascii", "signal sent!", R"("signal sent!")"},
                      DumpCase{"quote_backslash_slash", "\"\\/", R"("\"\\/")"},
                      DumpCase{"short_escapes", "\n\t\b\f\r", R"("\n\t\b\f\r")"},
                      DumpCase{"other_controls", std::string("\x00\x1f\x01", 3), R"("\u0000\u001f\u0001")"},
                      DumpCase{"del", "\x7f", R"("\u007f")"}, DumpCase{"latin1", "\xc3\xa9", R"("\u00e9")"},
                      DumpCase{"cjk", "\xe6\x97\xa5\xe6\x9c\xac", R"("\u65e5\u672c")"},
                      DumpCase{"astral_surrogate_pair", "\xf0\x9f\x98\x80", R"("\ud83d\ude00")"},
                      DumpCase{"max_code_point", "\xf4\x8f\xbf\xbf", R"("\udbff\udfff")"},
                      // Bytes that are not UTF-8 are decoded as Python's "replace" handler
                      // does (bytes.decode("utf-8", "replace")): one U+FFFD per maximal
                      // invalid subpart.
                      DumpCase{"invalid_byte", "\xff", R"("\ufffd")"},
                      DumpCase{"truncated_at_end", "a\xc3", R"("a\ufffd")"},
                      DumpCase{"truncated_three_byte", "\xe6\x97", R"("\ufffd")"},
                      DumpCase{"truncated_then_ascii", "\xe6\x97\x41", R"("\ufffdA")"},
                      DumpCase{"truncated_four_byte", "\xf0\x9f\x98", R"("\ufffd")"},
                      DumpCase{"encoded_surrogate", "\xed\xa0\x80", R"("\ufffd\ufffd\ufffd")"},
                      DumpCase{"overlong_three_byte", "\xe0\x80\xaf", R"("\ufffd\ufffd\ufffd")"},
                      DumpCase{"overlong_two_byte", "\xc0\xaf", R"("\ufffd\ufffd")"},
                      DumpCase{"overlong_four_byte", "\xf0\x80\x80", R"("\ufffd\ufffd\ufffd")"},
                      DumpCase{"above_max_code_point", "\xf4\x90\x80\x80", R"("\ufffd\ufffd\ufffd\ufffd")"}),
    [](const auto& info) { return std::string(info.param.label); });

INSTANTIATE_TEST_SUITE_P(
    Containers, DumpsTest,
    ::testing::Values(DumpCase{"empty_array", Json::array(), "[]"}, DumpCase{"empty_object", Json::object(), "{}"},
                      DumpCase{"envelope", Json{{"kwargs", Json::object()}, {"args", Json::array({1})}},
                               R"({"args":[1],"kwargs":{}})"},
                      DumpCase{
                          "nested_sorted",
                          Json{{"b", {{"z", 1}, {"a", {1, {{"y", 2}, {"x", nullptr}}}}}}, {"a", true}, {"B", false}},
                          R"({"B":false,"a":true,"b":{"a":[1,{"x":null,"y":2}],"z":1}})"},
                      // Python sorts keys by code point; UTF-8 byte order is the same order.
                      DumpCase{"unicode_keys_sorted", Json{{"\xc3\xa9", 1}, {"z", 2}, {"a", 3}, {"Z", 4}},
                               R"({"Z":4,"a":3,"z":2,"\u00e9":1})"},
                      DumpCase{"mixed_array", Json::array({1, 2.5, "x", nullptr, false, Json::array()}),
                               R"([1,2.5,"x",null,false,[]])"}),
    [](const auto& info) { return std::string(info.param.label); });

TEST(DumpsTest, ParsedFloatKeepsPythonSpelling) {
  // A float that looks integral stays a float through parse and dumps.
  EXPECT_EQ(dumps(Json::parse("[1.0, 1e16, 0.00001, 1]")), "[1.0,1e+16,1e-05,1]");
}

TEST(ParseJsonTest, ParsesValidText) {
  auto parsed = parse_json(R"({"args": [1, "two"], "kwargs": {"t": 3.5}})");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->at("args").at(1), "two");
  EXPECT_EQ(parsed->at("kwargs").at("t"), 3.5);
}

TEST(ParseJsonTest, ErrorNamesLineAndColumn) {
  auto parsed = parse_json("{\"a\": 1,\n  \"b\": x}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(parsed.status().message(), HasSubstr("invalid JSON"));
  EXPECT_THAT(parsed.status().message(), HasSubstr("line 2, column 8"));
  EXPECT_THAT(parsed.status().message(), ::testing::Not(HasSubstr("[json.exception")));
}

TEST(ParseJsonTest, ErrorOnTruncatedInputAndReadingValueThrows) {
  auto parsed = parse_json("[1,");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.status().message(), HasSubstr("line 1, column 4"));
  EXPECT_THROW(parsed.value(), std::logic_error);
}

TEST(LoadsOrRawTest, FollowsPythonLenientDecoding) {
  EXPECT_TRUE(loads_or_raw("").is_null());
  EXPECT_EQ(loads_or_raw("abc"), Json("abc"));
  EXPECT_TRUE(loads_or_raw("abc").is_string());
  EXPECT_EQ(loads_or_raw("[1]"), Json::array({1}));
  EXPECT_EQ(loads_or_raw("\"quoted\""), Json("quoted"));
  EXPECT_TRUE(loads_or_raw("null").is_null());
  EXPECT_EQ(loads_or_raw("{\"a\": 1"), Json("{\"a\": 1"));
}

// ---- parse_json and loads_or_raw agree with nlohmann's parser ----------------
//
// Both read with simdjson (and a scalar fast path) before nlohmann: the result
// must be what Json::parse gives, JSON types included (nlohmann keeps
// non-negative integers as number_unsigned, negative ones as number_integer).

// `value` with the JSON type of every node spelled out: "u:7", "i:-7", "f:1.0"...
std::string typed(const Json& value) {
  switch (value.type()) {
    case Json::value_t::number_integer: return "i:" + value.dump();
    case Json::value_t::number_unsigned: return "u:" + value.dump();
    case Json::value_t::number_float: return "f:" + dumps(value);  // keeps -0.0 and infinities apart
    case Json::value_t::array: {
      std::string out = "[";
      for (const auto& item : value) out += typed(item) + ",";
      return out + "]";
    }
    case Json::value_t::object: {
      std::string out = "{";
      for (const auto& [key, item] : value.items()) out += Json(key).dump() + ":" + typed(item) + ",";
      return out + "}";
    }
    default: return value.dump();
  }
}

// Expects parse_json and loads_or_raw to give what nlohmann gives for `text`,
// or, when nlohmann rejects it, an error and the raw text.
void expect_as_nlohmann(const std::string& text, const std::string& label) {
  const Json expected = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto parsed = parse_json(text);
  const Json lenient = loads_or_raw(text);
  if (expected.is_discarded()) {
    ASSERT_FALSE(parsed.ok()) << label << " parsed as " << parsed->dump();
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << label;
    EXPECT_THAT(parsed.status().message(), HasSubstr("invalid JSON")) << label;
    EXPECT_TRUE(lenient.is_string()) << label << " loaded as " << lenient.dump();
    EXPECT_EQ(lenient, Json(text)) << label;
    return;
  }
  ASSERT_TRUE(parsed.ok()) << label << ": " << parsed.status().message();
  EXPECT_EQ(parsed->type(), expected.type()) << label;
  EXPECT_EQ(typed(*parsed), typed(expected)) << label;
  EXPECT_EQ(parsed->dump(), expected.dump()) << label;
  EXPECT_EQ(*parsed, expected) << label;
  EXPECT_EQ(lenient.type(), expected.type()) << label;
  EXPECT_EQ(typed(lenient), typed(expected)) << label;
  EXPECT_EQ(lenient.dump(), expected.dump()) << label;
}

struct TextCase {
  const char* label;
  std::string text;
};

void PrintTo(const TextCase& c, std::ostream* os) { *os << c.label; }

// A JSON array of about `bytes` bytes mixing every kind of value.
std::string large_array(std::size_t bytes) {
  std::string out = "[";
  for (int i = 0; out.size() < bytes; ++i) {
    if (i > 0) out += ',';
    switch (i % 6) {
      case 0: out += std::to_string(i); break;
      case 1: out += std::to_string(-i); break;
      case 2: out += std::to_string(i) + ".25"; break;
      case 3: out += "\"s\\u00e9" + std::to_string(i) + "\xc3\xa9\""; break;
      case 4: out += "{\"k\":" + std::to_string(i) + ",\"n\":null,\"t\":true}"; break;
      case 5: out += "[false,18446744073709551615,-9223372036854775808]"; break;
    }
  }
  return out + "]";
}

class ValidJsonTest : public ::testing::TestWithParam<TextCase> {};

TEST_P(ValidJsonTest, ParsesAsNlohmannDoes) {
  const std::string& text = GetParam().text;
  ASSERT_FALSE(Json::parse(text, nullptr, false).is_discarded()) << "nlohmann rejects the case itself";
  expect_as_nlohmann(text, GetParam().label);
}

INSTANTIATE_TEST_SUITE_P(
    Numbers, ValidJsonTest,
    ::testing::Values(TextCase{"zero", "0"}, TextCase{"negative_zero", "-0"}, TextCase{"seven", "7"},
                      TextCase{"minus_seven", "-7"}, TextCase{"digits_18", "123456789012345678"},
                      TextCase{"negative_digits_18", "-123456789012345678"},
                      TextCase{"digits_19", "1234567890123456789"},
                      TextCase{"above_int64", "9223372036854775808"},
                      TextCase{"uint64_max", "18446744073709551615"},
                      TextCase{"above_uint64", "18446744073709551616"},
                      TextCase{"int64_min", "-9223372036854775808"},
                      TextCase{"below_int64", "-9223372036854775809"}, TextCase{"one_point_zero", "1.0"},
                      TextCase{"negative_zero_float", "-0.0"}, TextCase{"exponent", "1e2"},
                      TextCase{"tenth", "0.1"}, TextCase{"underflow", "1e-400"},
                      TextCase{"padded_integer", " 5 "}, TextCase{"padded_negative_zero", " -0 "},
                      TextCase{"nested_negative_zero", "[-0]"}, TextCase{"nested_negative_zero_float", "[-0.0]"},
                      TextCase{"nested_above_uint64", "[18446744073709551616]"},
                      TextCase{"nested_below_int64", "[-9223372036854775809]"},
                      TextCase{"nested_integers", "[0,7,-7,18446744073709551615,-9223372036854775808]"}),
    [](const auto& info) { return std::string(info.param.label); });

INSTANTIATE_TEST_SUITE_P(
    Others, ValidJsonTest,
    ::testing::Values(TextCase{"true", "true"}, TextCase{"false", "false"}, TextCase{"null", "null"},
                      TextCase{"string", "\"a\""}, TextCase{"escapes", R"("\u00e9\ud83d\ude00")"},
                      TextCase{"raw_utf8", "\"\xc3\xa9\xf0\x9f\x98\x80\""}, TextCase{"nul_escape", R"("a\u0000b")"},
                      TextCase{"nested", R"([1,[2,{"a":null}]])"}, TextCase{"unsorted_keys", R"({"b":1,"a":2})"},
                      TextCase{"duplicate_key", R"({"a":1,"a":2})"},
                      TextCase{"nested_duplicate_key", R"([{"a":{"x":1},"a":[2]}])"},
                      TextCase{"empty_array_spaced", "  [ ]  "}, TextCase{"empty_object", "{}"},
                      TextCase{"byte_order_mark", "\xef\xbb\xbf[1]"},
                      TextCase{"deep", std::string(3000, '[') + std::string(3000, ']')},
                      TextCase{"large_array", large_array(100 * 1000)}),
    [](const auto& info) { return std::string(info.param.label); });

class InvalidJsonTest : public ::testing::TestWithParam<TextCase> {};

TEST_P(InvalidJsonTest, IsAnErrorOrRawText) {
  const std::string& text = GetParam().text;
  ASSERT_TRUE(Json::parse(text, nullptr, false).is_discarded()) << "nlohmann accepts the case itself";
  auto parsed = parse_json(text);
  ASSERT_FALSE(parsed.ok()) << "parsed as " << parsed->dump();
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(parsed.status().message(), HasSubstr("invalid JSON"));
  const Json lenient = loads_or_raw(text);
  EXPECT_TRUE(lenient.is_string()) << "loaded as " << lenient.dump();
  EXPECT_EQ(lenient, Json(text));
}

INSTANTIATE_TEST_SUITE_P(
    Texts, InvalidJsonTest,
    ::testing::Values(TextCase{"leading_zero", "01"}, TextCase{"negative_leading_zero", "-01"},
                      TextCase{"trailing_dot", "1."}, TextCase{"leading_dot", ".5"},
                      TextCase{"trailing_comma", "[1,]"}, TextCase{"object_trailing_comma", R"({"a":1,})"},
                      TextCase{"truncated_literal", "tru"}, TextCase{"lone_high_surrogate", R"("\ud800")"},
                      TextCase{"lone_low_surrogate", R"("\udc00")"}, TextCase{"nan", "NaN"},
                      TextCase{"infinity", "Infinity"}, TextCase{"control_in_string", "\"a\x01\""},
                      TextCase{"invalid_utf8", "\"\xff\""}, TextCase{"trailing_text", "[1] x"},
                      TextCase{"minus", "-"}, TextCase{"double_minus", "--1"}, TextCase{"plus", "+1"},
                      TextCase{"two_values", "1 2"}, TextCase{"whitespace", "  "},
                      TextCase{"unquoted_key", "{a:1}"}, TextCase{"single_quotes", "'a'"},
                      TextCase{"large_array_trailing_comma",
                               [] {
                                 std::string text = large_array(100 * 1000);
                                 text.insert(text.size() - 1, ",");
                                 return text;
                               }()},
                      TextCase{"large_array_unclosed", large_array(100 * 1000).substr(0, 100 * 1000)}),
    [](const auto& info) { return std::string(info.param.label); });

TEST(ParseJsonTest, OutOfRangeFloatAsNlohmann) {
  // nlohmann's verdict, whatever it is: a value or an error.
  expect_as_nlohmann("1e400", "1e400");
  expect_as_nlohmann("-1e400", "-1e400");
  expect_as_nlohmann("[1e400]", "[1e400]");
  expect_as_nlohmann("1.7976931348623159e308", "just above the largest double");
  expect_as_nlohmann("-1e-400", "-1e-400");
  std::string large_with_overflow = large_array(100 * 1000);
  large_with_overflow.insert(1, "1e400,");
  expect_as_nlohmann(large_with_overflow, "large array with 1e400");
}

TEST(ParseJsonTest, EmptyText) {
  EXPECT_TRUE(loads_or_raw("").is_null());
  auto parsed = parse_json("");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
}

TEST(ParseJsonTest, TextsOfEverySizeInTurn) {
  // One parser serves the texts up to 64 KiB, in turn: nothing of a longer
  // text may show through a shorter one after it.
  const std::vector<std::string> texts{
      large_array(60 * 1000), "[1]", "1.5", " 2 ", "\"abc\"", large_array(70 * 1000), "{\"a\":[]}",
      std::string(65536 - 2, ' ') + "[]", std::string(65536 - 1, ' ') + "7", std::string(65536, ' ') + "7",
      "123456789012345678901234567890.5", "1.5", "[1,", "-", "3"};
  for (std::size_t i = 0; i < texts.size(); ++i) expect_as_nlohmann(texts[i], "text " + std::to_string(i));
}

// ---- Properties -------------------------------------------------------------

std::string encode_utf8(std::uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// Valid UTF-8 text mixing ASCII, controls, BMP and astral characters.
rc::Gen<std::string> gen_unicode_string() {
  auto code_point =
      rc::gen::oneOf(rc::gen::inRange<std::uint32_t>(0, 0x80), rc::gen::inRange<std::uint32_t>(0x80, 0x800),
                     rc::gen::inRange<std::uint32_t>(0x800, 0xD800), rc::gen::inRange<std::uint32_t>(0xE000, 0x10000),
                     rc::gen::inRange<std::uint32_t>(0x10000, 0x110000));
  return rc::gen::map(rc::gen::resize(12, rc::gen::container<std::vector<std::uint32_t>>(code_point)),
                      [](const std::vector<std::uint32_t>& cps) {
                        std::string s;
                        for (auto cp : cps) s += encode_utf8(cp);
                        return s;
                      });
}

// Finite doubles over the whole exponent range, plus the values at the edges
// of Python's fixed/scientific switch.
rc::Gen<double> gen_finite_double() {
  auto from_bits =
      rc::gen::map(rc::gen::arbitrary<std::uint64_t>(), [](std::uint64_t bits) { return std::bit_cast<double>(bits); });
  return rc::gen::oneOf(rc::gen::suchThat(from_bits, [](double d) { return std::isfinite(d); }),
                        rc::gen::element(0.0, -0.0, 1e15, 1e16, 9999999999999998.0, 1e-4, 1e-5, 0.1, 5e-324),
                        rc::gen::map(rc::gen::arbitrary<int>(), [](int i) { return i / 8.0; }));
}

rc::Gen<Json> gen_scalar() {
  return rc::gen::oneOf(rc::gen::just(Json(nullptr)),
                        rc::gen::map(rc::gen::arbitrary<bool>(), [](bool b) { return Json(b); }),
                        rc::gen::map(rc::gen::arbitrary<std::int64_t>(), [](std::int64_t i) { return Json(i); }),
                        rc::gen::map(rc::gen::arbitrary<std::uint64_t>(), [](std::uint64_t u) { return Json(u); }),
                        rc::gen::map(gen_finite_double(), [](double d) { return Json(d); }),
                        rc::gen::map(gen_unicode_string(), [](std::string s) { return Json(std::move(s)); }));
}

rc::Gen<Json> gen_json(int depth) {
  if (depth == 0) return gen_scalar();
  auto array = rc::gen::map(rc::gen::resize(5, rc::gen::container<std::vector<Json>>(gen_json(depth - 1))),
                            [](const std::vector<Json>& items) {
                              Json out = Json::array();
                              for (const auto& item : items) out.push_back(item);
                              return out;
                            });
  auto object = rc::gen::map(
      rc::gen::resize(5, rc::gen::container<std::map<std::string, Json>>(gen_unicode_string(), gen_json(depth - 1))),
      [](const std::map<std::string, Json>& items) {
        Json out = Json::object();
        for (const auto& [key, item] : items) out[key] = item;
        return out;
      });
  return rc::gen::oneOf(gen_scalar(), array, object);
}

RC_GTEST_PROP(DumpsProperty, ReparsingPrintsTheSameText, ()) {
  const Json value = *gen_json(3);
  const std::string text = dumps(value);
  for (unsigned char c : text) RC_ASSERT(c >= 0x20 && c < 0x7F);  // ensure_ascii, no raw controls
  auto reparsed = parse_json(text);
  RC_ASSERT(reparsed.ok());
  RC_ASSERT(*reparsed == value);
  RC_ASSERT(dumps(*reparsed) == text);
}

// Texts that are valid JSON or nearly so (one character replaced, inserted or
// removed): parse_json and loads_or_raw give nlohmann's verdict and value.
RC_GTEST_PROP(ParseJsonProperty, AgreesWithNlohmann, ()) {
  std::string text = (*gen_json(3)).dump();  // nlohmann's spelling, raw UTF-8 included
  const int edit = *rc::gen::inRange(0, 4);
  if (edit > 0 && !text.empty()) {
    const auto at = *rc::gen::inRange<std::size_t>(0, text.size());
    const char c = *rc::gen::element('-', '0', '1', '.', 'e', ',', ' ', '[', ']', '{', '}', '"', '\\', ':');
    if (edit == 1) text[at] = c;
    if (edit == 2) text.insert(at, 1, c);
    if (edit == 3) text.erase(at, 1);
  }
  const Json expected = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto parsed = parse_json(text);
  const Json lenient = loads_or_raw(text);
  RC_TAG(expected.is_discarded() ? "invalid" : "valid");
  if (expected.is_discarded()) {
    RC_ASSERT(!parsed.ok());
    RC_ASSERT((text.empty() ? lenient.is_null() : lenient == Json(text)));
  } else {
    RC_ASSERT(parsed.ok());
    RC_ASSERT(typed(*parsed) == typed(expected));
    RC_ASSERT(typed(lenient) == typed(expected));
  }
}

RC_GTEST_PROP(DumpsProperty, FloatsRoundTripExactly, ()) {
  const double d = *gen_finite_double();
  const std::string text = dumps(Json(d));
  // Python's repr always marks a float as a float.
  RC_ASSERT(text.find_first_of(".e") != std::string::npos);
  const double back = std::strtod(text.c_str(), nullptr);
  RC_ASSERT(std::bit_cast<std::uint64_t>(back) == std::bit_cast<std::uint64_t>(d));
}

RC_GTEST_PROP(DumpsProperty, ArbitraryBytesBecomeStableAscii, (const std::string& bytes)) {
  const std::string text = dumps(Json(bytes));
  for (unsigned char c : text) RC_ASSERT(c >= 0x20 && c < 0x7F);
  auto reparsed = parse_json(text);
  RC_ASSERT(reparsed.ok());
  RC_ASSERT(dumps(*reparsed) == text);
}

}  // namespace
}  // namespace simpleflow
