// Inputs, named parameters and argument binding (Python's calling convention).
#include "simpleflow/params.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <tuple>
#include <vector>

namespace simpleflow {
namespace {

using ::testing::HasSubstr;

Json J(const char* text) { return Json::parse(text); }

// Runs `f`, expecting InvalidInput, and returns its message.
template <class F>
std::string invalid_input_message(F&& f) {
  try {
    f();
  } catch (const InvalidInput& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected InvalidInput";
  return {};
}

// ---- Arguments::from_input ------------------------------------------------------

struct InputCase {
  const char* input;
  const char* args;
  const char* kwargs;
};

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const InputCase& c, std::ostream* os) { *os << c.input; }

class FromInputTest : public ::testing::TestWithParam<InputCase> {};

TEST_P(FromInputTest, SplitsArgsAndKwargs) {
  Arguments a = Arguments::from_input(J(GetParam().input));
  EXPECT_EQ(a.args, J(GetParam().args));
  EXPECT_EQ(a.kwargs, J(GetParam().kwargs));
  EXPECT_TRUE(a.args.is_array());
  EXPECT_TRUE(a.kwargs.is_object());
}

INSTANTIATE_TEST_SUITE_P(
    Accepted, FromInputTest,
    ::testing::Values(InputCase{"[1]", "[1]", "{}"}, InputCase{"[]", "[]", "{}"},
                      InputCase{R"({"args":[1],"kwargs":{}})", "[1]", "{}"},
                      InputCase{R"({"args":[1,"a"],"kwargs":{"t":5}})", R"([1,"a"])", R"({"t":5})"},
                      InputCase{R"({"kwargs":{"x":1}})", "[]", R"({"x":1})"}, InputCase{R"({"args":[2]})", "[2]", "{}"},
                      InputCase{"{}", "[]", "{}"},
                      // Any other value is one positional argument.
                      InputCase{"1", "[1]", "{}"}, InputCase{R"("str")", R"(["str"])", "{}"},
                      InputCase{"null", "[null]", "{}"}, InputCase{"2.5", "[2.5]", "{}"},
                      // Activity inputs carry "meta", workflow inputs "__extra"; both are ignored.
                      InputCase{R"({"args":[1],"kwargs":{"t":2},"meta":{"binaries":{}},"__extra":{"class":"a.B"}})",
                                "[1]", R"({"t":2})"}));

TEST(FromInputRejectsTest, UnknownKeyIsNamed) {
  std::string message = invalid_input_message([] { Arguments::from_input(J(R"({"x":1})")); });
  EXPECT_THAT(message, HasSubstr("\"x\""));
  EXPECT_THAT(message, HasSubstr("args"));
}

TEST(FromInputRejectsTest, ArgsMustBeArray) {
  std::string message = invalid_input_message([] { Arguments::from_input(J(R"({"args":1})")); });
  EXPECT_THAT(message, HasSubstr("\"args\" must be an array"));
  EXPECT_THAT(message, HasSubstr("integer 1"));
  EXPECT_THROW(Arguments::from_input(J(R"({"args":{"x":1}})")), InvalidInput);
}

TEST(FromInputRejectsTest, KwargsMustBeObject) {
  std::string message = invalid_input_message([] { Arguments::from_input(J(R"({"args":[],"kwargs":[1]})")); });
  EXPECT_THAT(message, HasSubstr("\"kwargs\" must be an object"));
}

TEST(ArgumentsTest, ToInputIsTheEnvelope) {
  Arguments a = Arguments::from_input(J("[1, 2]"));
  EXPECT_EQ(dumps(a.to_input()), R"({"args":[1,2],"kwargs":{}})");
  EXPECT_EQ(dumps(Arguments{}.to_input()), R"({"args":[],"kwargs":{}})");
}

// ---- bind_arguments ----------------------------------------------------------

const std::vector<Param> kXT = {"x", {"t", 30}};

struct BindCase {
  const char* input;
  int x;
  int t;
};

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const BindCase& c, std::ostream* os) { *os << c.input; }

class BindArgumentsTest : public ::testing::TestWithParam<BindCase> {};

TEST_P(BindArgumentsTest, EveryInputFormBindsXAndT) {
  auto values = internal::bind_arguments(Arguments::from_input(J(GetParam().input)), kXT, 2, "wf");
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[0], GetParam().x);
  EXPECT_EQ(values[1], GetParam().t);
}

INSTANTIATE_TEST_SUITE_P(Forms, BindArgumentsTest,
                         ::testing::Values(BindCase{"[1]", 1, 30}, BindCase{"[1, 5]", 1, 5}, BindCase{"1", 1, 30},
                                           BindCase{R"({"args":[1],"kwargs":{}})", 1, 30},
                                           BindCase{R"({"args":[1],"kwargs":{"t":5}})", 1, 5},
                                           BindCase{R"({"kwargs":{"x":1}})", 1, 30},
                                           BindCase{R"({"kwargs":{"t":5,"x":1}})", 1, 5},
                                           BindCase{R"({"args":[1,5],"meta":{}})", 1, 5}));

TEST(BindArgumentsErrorsTest, MissingRequiredParameter) {
  std::string message = invalid_input_message(
      [] { internal::bind_arguments(Arguments::from_input(J(R"({"kwargs":{"t":5}})")), kXT, 2, "wf"); });
  EXPECT_THAT(message, HasSubstr("wf"));
  EXPECT_THAT(message, HasSubstr("missing required parameter 'x'"));
  EXPECT_THAT(invalid_input_message([] { internal::bind_arguments(Arguments{}, kXT, 2, "wf"); }),
              HasSubstr("missing required parameter 'x'"));
}

TEST(BindArgumentsErrorsTest, TooManyPositionalArguments) {
  std::string message =
      invalid_input_message([] { internal::bind_arguments(Arguments::from_input(J("[1, 2, 3]")), kXT, 2, "wf"); });
  EXPECT_THAT(message, HasSubstr("wf takes 2 arguments but 3 were given"));
  EXPECT_THAT(invalid_input_message([] { internal::bind_arguments(Arguments::from_input(J("[1, 2]")), {}, 1, "f"); }),
              HasSubstr("f takes 1 argument but 2 were given"));
}

TEST(BindArgumentsErrorsTest, UnexpectedKeywordArgument) {
  std::string message = invalid_input_message(
      [] { internal::bind_arguments(Arguments::from_input(J(R"({"kwargs":{"x":1,"y":2}})")), kXT, 2, "wf"); });
  EXPECT_THAT(message, HasSubstr("unexpected keyword argument 'y'"));
}

TEST(BindArgumentsErrorsTest, MultipleValuesForParameter) {
  std::string message = invalid_input_message(
      [] { internal::bind_arguments(Arguments::from_input(J(R"({"args":[1],"kwargs":{"x":2}})")), kXT, 2, "wf"); });
  EXPECT_THAT(message, HasSubstr("multiple values for parameter 'x'"));
}

TEST(BindArgumentsErrorsTest, KeywordsNeedNamedParams) {
  std::string message = invalid_input_message(
      [] { internal::bind_arguments(Arguments::from_input(J(R"({"kwargs":{"x":1}})")), {}, 1, "f"); });
  EXPECT_THAT(message, HasSubstr("takes no keyword arguments"));
  EXPECT_THAT(message, HasSubstr("\"x\""));
}

TEST(BindArgumentsErrorsTest, WithoutParamsEveryArgumentIsRequired) {
  auto values = internal::bind_arguments(Arguments::from_input(J("[1, 2]")), {}, 2, "f");
  EXPECT_EQ(Json(values), J("[1, 2]"));
  EXPECT_THAT(invalid_input_message([] { internal::bind_arguments(Arguments::from_input(J("[1]")), {}, 2, "f"); }),
              HasSubstr("f takes 2 arguments but 1 was given"));
}

TEST(BindArgumentsErrorsTest, MismatchedParamsAreRejectedNotIndexedOutOfRange) {
  // Registration records a params/arity mismatch as an error but the
  // definition still exists; binding must fail cleanly rather than index past
  // the end of `params` or of the bound values.
  const std::vector<Param> too_few = {"x"};
  EXPECT_THROW(internal::bind_arguments(Arguments::from_input(J("[1]")), too_few, 2, "f"), InvalidInput);
  const std::vector<Param> too_many = {"x", "y", "z"};
  EXPECT_THROW(internal::bind_arguments(Arguments::from_input(J(R"({"kwargs":{"z":1}})")), too_many, 1, "f"),
               InvalidInput);
}

TEST(ParameterLabelTest, NameOrPosition) {
  EXPECT_EQ(internal::parameter_label(kXT, 1), "parameter 't'");
  EXPECT_EQ(internal::parameter_label({}, 0), "argument 1");
}

// ---- check_params -------------------------------------------------------------

TEST(CheckParamsTest, AcceptsMatchingOrNoParams) {
  EXPECT_TRUE(internal::check_params(kXT, 2, "wf").ok());
  EXPECT_TRUE(internal::check_params({}, 3, "wf").ok());
  EXPECT_TRUE(internal::check_params({{"a", 1}, {"b", nullptr}}, 2, "wf").ok());
}

TEST(CheckParamsTest, CountMismatch) {
  Status s = internal::check_params({"x"}, 2, "wf");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("wf: 1 params named for 2 parameters"));
}

TEST(CheckParamsTest, DuplicateName) {
  Status s = internal::check_params({"x", "x"}, 2, "wf");
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("parameter 'x' named twice"));
}

TEST(CheckParamsTest, RequiredAfterDefault) {
  Status s = internal::check_params({{"t", 30}, "x"}, 2, "wf");
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("parameter 'x' without a default follows one with a default"));
}

TEST(CheckParamsTest, EmptyName) {
  EXPECT_THAT(internal::check_params({"x", ""}, 2, "wf").message(), HasSubstr("empty name"));
}

// ---- convert_arguments ----------------------------------------------------------

TEST(ConvertArgumentsTest, ConvertsToTypedTuple) {
  auto [x, name] = internal::convert_arguments<int, std::string>(
      Arguments::from_input(J(R"({"kwargs":{"name":"a","x":3}})")), {"x", "name"}, "f");
  EXPECT_EQ(x, 3);
  EXPECT_EQ(name, "a");
  auto defaulted = internal::convert_arguments<int, const std::string&>(Arguments::from_input(J("[4]")),
                                                                        {"x", {"name", "dflt"}}, "f");
  EXPECT_EQ(defaulted, std::make_tuple(4, std::string("dflt")));
}

TEST(ConvertArgumentsTest, TypeErrorNamesParameter) {
  std::string message = invalid_input_message([] {
    internal::convert_arguments<int, std::string>(Arguments::from_input(J(R"(["one", "two"])")), {"x", "name"}, "f");
  });
  EXPECT_THAT(message, HasSubstr("f: parameter 'x' expects integer, got string \"one\""));
}

TEST(ConvertArgumentsTest, TypeErrorWithoutParamsNamesPosition) {
  std::string message = invalid_input_message(
      [] { internal::convert_arguments<int, std::string>(Arguments::from_input(J(R"([1, 2])")), {}, "f"); });
  EXPECT_THAT(message, HasSubstr("f: argument 2 expects string, got integer 2"));
}

}  // namespace
}  // namespace simpleflow
