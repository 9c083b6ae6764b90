// Dotted names: C++ qualified names written the way Python simpleflow names
// things by module path (activity names, workflow class names).
#include "simpleflow/internal/names.hpp"

#include <gtest/gtest.h>

#include <string>
#include <typeinfo>

#include "simpleflow/internal/convert.hpp"  // demangle

namespace names_test::nested {
int increment(int x) { return x + 1; }
void no_result() {}
struct Point {};
template <class T>
struct Box {};
}  // namespace names_test::nested

int global_function(int x) { return x; }
struct GlobalType {};

namespace simpleflow::internal {
namespace {

TEST(DottedTest, ReplacesScopeOperators) {
  EXPECT_EQ(dotted("examples::basic::increment"), "examples.basic.increment");
  EXPECT_EQ(dotted("increment"), "increment");
  EXPECT_EQ(dotted(""), "");
}

TEST(DottedTest, DropsLeadingScopeOperator) {
  EXPECT_EQ(dotted("::examples::basic::increment"), "examples.basic.increment");
  EXPECT_EQ(dotted("::f"), "f");
}

TEST(DottedTest, KeepsTemplateArgumentsAsWritten) {
  EXPECT_EQ(dotted("a::Box<b::c::D>"), "a.Box<b::c::D>");
  EXPECT_EQ(dotted("a::Box<std::map<x::K, y::V>>::member"), "a.Box<std::map<x::K, y::V>>.member");
}

TEST(PrettyFunctionArgumentTest, ExtractsUpToSeparator) {
  EXPECT_EQ(pretty_function_argument("std::string f() [with T = a::B<c::D>; std::string = x]", "T = "), "a::B<c::D>");
  EXPECT_EQ(pretty_function_argument("void f() [with auto F = ns::fn]", "F = "), "ns::fn");
  // Template arguments may contain ';'-free parentheses and brackets.
  EXPECT_EQ(pretty_function_argument("void f() [with T = a::Fn<void(int)>]", "T = "), "a::Fn<void(int)>");
}

TEST(DottedNameTest, FunctionsInNamespace) {
  EXPECT_EQ(dotted_name<&names_test::nested::increment>(), "names_test.nested.increment");
  EXPECT_EQ(dotted_name<&names_test::nested::no_result>(), "names_test.nested.no_result");
  EXPECT_EQ(dotted_name<&global_function>(), "global_function");
}

TEST(DottedTypeNameTest, ClassesInNamespace) {
  EXPECT_EQ(dotted_type_name<names_test::nested::Point>(), "names_test.nested.Point");
  EXPECT_EQ(dotted_type_name<GlobalType>(), "GlobalType");
  EXPECT_EQ(dotted_type_name<names_test::nested::Box<names_test::nested::Point>>(),
            "names_test.nested.Box<names_test::nested::Point>");
}

TEST(DemangleTest, GivesQualifiedCppName) {
  EXPECT_EQ(demangle(typeid(names_test::nested::Point).name()), "names_test::nested::Point");
  EXPECT_EQ(demangle("not a mangled name"), "not a mangled name");
}

TEST(OptionsOrDefaultTest, ValueOrValueInitialised) {
  EXPECT_EQ(options_or_default<int>(), 0);
  EXPECT_EQ(options_or_default<std::string>(std::string("x")), "x");
}

}  // namespace
}  // namespace simpleflow::internal
