// swf_identity: the identity that pollers send.
#include <pwd.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <climits>
#include <string>

#include "simpleflow/json.hpp"
#include "simpleflow/swf/config.hpp"

namespace simpleflow::swf {
namespace {

using ::testing::HasSubstr;

Json identity_of(const Environment& env) {
  auto text = swf_identity(env);
  EXPECT_TRUE(text.ok()) << text.status().message();
  if (!text.ok()) return Json::object();
  Json parsed = Json::parse(*text, nullptr, false);
  EXPECT_TRUE(parsed.is_object()) << *text;
  return parsed;
}

std::string hostname() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

std::string this_executable() {
  char path[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path);
  return n > 0 ? std::string(path, static_cast<std::size_t>(n)) : "";
}

TEST(IdentityTest, ExeHostnamePidUser) {
  Json identity = identity_of(Environment::from_map({{"LOGNAME", "alice"}, {"USER", "bob"}}));
  EXPECT_EQ(identity.size(), 4u) << identity.dump();
  EXPECT_EQ(identity.value("user", ""), "alice");
  EXPECT_EQ(identity.value("hostname", ""), hostname());
  ASSERT_TRUE(identity.contains("pid") && identity["pid"].is_number_integer()) << identity.dump();
  EXPECT_EQ(identity["pid"].get<long long>(), static_cast<long long>(getpid()));
  EXPECT_EQ(identity.value("exe", ""), this_executable());
  EXPECT_THAT(identity.value("exe", ""), HasSubstr("swf_client_tests"));
}

TEST(IdentityTest, UserFromTheLoginVariablesThenThePasswordDatabase) {
  EXPECT_EQ(identity_of(Environment::from_map({{"USER", "bob"}, {"USERNAME", "carol"}})).value("user", ""), "bob");
  EXPECT_EQ(identity_of(Environment::from_map({{"LNAME", "dave"}, {"USERNAME", "carol"}})).value("user", ""), "dave");
  EXPECT_EQ(identity_of(Environment::from_map({{"USERNAME", "carol"}})).value("user", ""), "carol");
  const passwd* pw = getpwuid(geteuid());
  ASSERT_NE(pw, nullptr);
  EXPECT_EQ(identity_of(Environment::from_map({})).value("user", ""), pw->pw_name);
}

TEST(IdentityTest, SimpleflowIdentityMergedIn) {
  Json identity = identity_of(Environment::from_map(
      {{"LOGNAME", "alice"}, {"SIMPLEFLOW_IDENTITY", R"({"version": "1.2", "user": "svc", "tags": [1, 2]})"}}));
  EXPECT_EQ(identity.value("version", ""), "1.2");
  EXPECT_EQ(identity.value("user", ""), "svc");  // replaced
  EXPECT_EQ(identity["tags"], Json::parse("[1,2]"));
  EXPECT_EQ(identity.value("hostname", ""), hostname());  // kept
  EXPECT_TRUE(identity.contains("pid"));
}

TEST(IdentityTest, NullRemovesAKey) {
  Json identity = identity_of(Environment::from_map(
      {{"LOGNAME", "alice"}, {"SIMPLEFLOW_IDENTITY", R"({"exe": null, "pid": null, "absent": null})"}}));
  EXPECT_FALSE(identity.contains("exe"));
  EXPECT_FALSE(identity.contains("pid"));
  EXPECT_FALSE(identity.contains("absent"));
  EXPECT_EQ(identity.size(), 2u) << identity.dump();  // hostname, user
}

TEST(IdentityTest, EmptySimpleflowIdentityIsUnset) {
  auto with_empty = swf_identity(Environment::from_map({{"LOGNAME", "a"}, {"SIMPLEFLOW_IDENTITY", ""}}));
  ASSERT_TRUE(with_empty.ok()) << with_empty.status().message();
  EXPECT_EQ(Json::parse(*with_empty).size(), 4u);
}

TEST(IdentityTest, NotAJsonObjectIsAnError) {
  for (const char* bad : {"{not json", "[1, 2]", "\"text\"", "42", "null"}) {
    SCOPED_TRACE(bad);
    auto identity = swf_identity(Environment::from_map({{"SIMPLEFLOW_IDENTITY", bad}}));
    ASSERT_FALSE(identity.ok());
    EXPECT_EQ(identity.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(identity.status().message(), HasSubstr("SIMPLEFLOW_IDENTITY"));
    EXPECT_THAT(identity.status().message(), HasSubstr(bad));
  }
}

TEST(IdentityTest, CompactSortedJson) {
  auto text = swf_identity(
      Environment::from_map({{"LOGNAME", "alice"}, {"SIMPLEFLOW_IDENTITY", R"({"b": {"z": 1, "a": 2}, "a": "x y"})"}}));
  ASSERT_TRUE(text.ok()) << text.status().message();
  Json parsed = Json::parse(*text);
  EXPECT_EQ(*text, dumps(parsed));  // compact separators, sorted keys
  EXPECT_THAT(*text, HasSubstr(R"("b":{"a":2,"z":1})"));
  EXPECT_EQ(text->rfind("{\"a\":\"x y\",\"b\":", 0), 0u) << *text;
  EXPECT_THAT(*text, ::testing::Not(HasSubstr(", ")));
  EXPECT_THAT(*text, ::testing::Not(HasSubstr(": ")));
}

TEST(IdentityTest, NonAsciiEscaped) {
  auto text = swf_identity(Environment::from_map({{"LOGNAME", "zoë"}}));
  ASSERT_TRUE(text.ok());
  EXPECT_THAT(*text, HasSubstr(R"("user":"zo\u00eb")"));
  for (char c : *text) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << *text;
}

TEST(IdentityTest, CutTo256Characters) {
  std::string long_value(400, 'x');
  Environment env = Environment::from_map({{"LOGNAME", "alice"}, {"SIMPLEFLOW_IDENTITY", "{\"zz\": \"" + long_value + "\"}"}});
  auto text = swf_identity(env);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(text->size(), 256u);
  // The start of the full identity: the keys sorted before "zz" are whole.
  EXPECT_EQ(text->rfind("{\"exe\":", 0), 0u) << *text;
  EXPECT_THAT(*text, HasSubstr("\"user\":\"alice\",\"zz\":\"xxx"));

  // Short ones are not touched.
  auto short_text = swf_identity(Environment::from_map({{"LOGNAME", "alice"}}));
  ASSERT_TRUE(short_text.ok());
  EXPECT_LT(short_text->size(), 256u);
  EXPECT_EQ(short_text->back(), '}');
}

}  // namespace
}  // namespace simpleflow::swf
