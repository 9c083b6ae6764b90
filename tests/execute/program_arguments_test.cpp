// Command lines of program activities: Python simpleflow's format_arguments,
// values written as Python's str() writes them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "execute/python_str.hpp"
#include "simpleflow/execute.hpp"

namespace simpleflow {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Arguments parse(const char* input) { return Arguments::from_input(Json::parse(input)); }

TEST(ProgramArgumentsTest, KeywordsComeFirstWithOneOrTwoDashesThenPositionals) {
  // Python: sorted(format_arguments('a', 'b', c=1, val=2)) == ['--val="2"', '-c="1"', 'a', 'b']
  EXPECT_THAT(format_program_arguments(parse(R"({"args": ["a", "b"], "kwargs": {"c": 1, "val": 2}})")),
              ElementsAre("-c=\"1\"", "--val=\"2\"", "a", "b"));
  EXPECT_THAT(format_program_arguments(parse("[]")), ElementsAre());
}

TEST(ProgramArgumentsTest, QuotesAndSpacesStayInsideOneArgument) {
  EXPECT_THAT(format_program_arguments(parse(R"({"args": ["two words", "it's \"quoted\""],
                                                 "kwargs": {"msg": "say \"hi\" now"}})")),
              ElementsAre("--msg=\"say \"hi\" now\"", "two words", "it's \"quoted\""));
}

TEST(ProgramArgumentsTest, ValuesAreWrittenAsPythonsStr) {
  EXPECT_THAT(format_program_arguments(parse(R"([1, -7, 2.5, 1.0, 1e100, 0.0001, true, false, null,
                                                 18446744073709551615])")),
              ElementsAre("1", "-7", "2.5", "1.0", "1e+100", "0.0001", "True", "False", "None",
                          "18446744073709551615"));
  EXPECT_THAT(format_program_arguments(parse(R"([[1, "a", null, [true]], {"k": [2.5], "a": "b"}, {}, []])")),
              ElementsAre("[1, 'a', None, [True]]", "{'a': 'b', 'k': [2.5]}", "{}", "[]"));
  EXPECT_THAT(format_program_arguments(parse(R"({"kwargs": {"xs": [1, 2], "flag": false}})")),
              ElementsAre("--flag=\"False\"", "--xs=\"[1, 2]\""));
}

TEST(ProgramArgumentsTest, StringsInsideContainersAreQuotedAsPythonsRepr) {
  using internal::python_repr;
  EXPECT_EQ(python_repr("plain"), "'plain'");
  EXPECT_EQ(python_repr("it's"), "\"it's\"");
  EXPECT_EQ(python_repr("say \"hi\""), "'say \"hi\"'");
  EXPECT_EQ(python_repr("both ' and \""), "'both \\' and \"'");
  EXPECT_EQ(python_repr("back\\slash"), "'back\\\\slash'");
  EXPECT_EQ(python_repr("tab\tnew\nline\rbell\x07"), "'tab\\tnew\\nline\\rbell\\x07'");
  EXPECT_EQ(python_repr("\x7f"), "'\\x7f'");
}

TEST(ProgramArgumentsTest, UnicodeIsKeptExceptWherePythonEscapesIt) {
  using internal::python_repr;
  EXPECT_THAT(format_program_arguments(parse(R"({"args": ["héllo wörld ✓"], "kwargs": {"é": "ü"}})")),
              ElementsAre("-é=\"ü\"", "héllo wörld ✓"));
  EXPECT_EQ(python_repr("日本 ✓ 😀"), "'日本 ✓ 😀'");
  EXPECT_EQ(python_repr("\u00a0"), "'\\xa0'");        // no-break space
  EXPECT_EQ(python_repr("\u0085"), "'\\x85'");        // C1 control
  EXPECT_EQ(python_repr("\u2028"), "'\\u2028'");      // line separator
  EXPECT_EQ(python_repr("\ufeff"), "'\\ufeff'");      // format character
  EXPECT_EQ(python_repr("\U000F0000"), "'\\U000f0000'");  // private use
}

TEST(ProgramArgumentsTest, FloatsThatJsonCannotHoldAreWrittenAsPythonDoes) {
  using internal::python_str;
  EXPECT_EQ(python_str(Json(std::numeric_limits<double>::infinity())), "inf");
  EXPECT_EQ(python_str(Json(-std::numeric_limits<double>::infinity())), "-inf");
  EXPECT_EQ(python_str(Json(std::numeric_limits<double>::quiet_NaN())), "nan");
}

TEST(ProgramArgumentsTest, ANulCharacterIsAClearError) {
  try {
    format_program_arguments(parse(R"(["a\u0000b"])"));
    FAIL() << "no error";
  } catch (const InvalidInput& e) {
    EXPECT_THAT(e.what(), HasSubstr("positional argument 1 holds a NUL character"));
  }
  EXPECT_THROW(format_program_arguments(parse(R"({"kwargs": {"k": "a\u0000"}})")), InvalidInput);
  EXPECT_THROW(format_program_arguments(parse(R"({"kwargs": {"a\u0000": 1}})")), InvalidInput);
}

TEST(ProgramArgumentsTest, ArgumentsOfTheWrongShapeAreAClearError) {
  Arguments wrong;
  wrong.args = Json::object();
  EXPECT_THROW(format_program_arguments(wrong), InvalidInput);
}

}  // namespace
}  // namespace simpleflow
