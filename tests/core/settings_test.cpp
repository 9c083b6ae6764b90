// Settings read from the environment: booleans as people write them, the
// table of known settings with their effective values, and the rule that
// each value must follow.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/settings.hpp"
#include "support/command.hpp"
#include "support/scoped_variable.hpp"

namespace simpleflow::internal {
namespace {

using ::testing::HasSubstr;

using simpleflow::testing::ScopedVariable;

constexpr const char* kFlag = "SIMPLEFLOW_TEST_FLAG";

TEST(BoolSettingTest, UnsetIsTheFallback) {
  ScopedVariable flag(kFlag, nullptr);
  EXPECT_TRUE(bool_setting(kFlag, true));
  EXPECT_FALSE(bool_setting(kFlag, false));
}

TEST(BoolSettingTest, TrueAsPeopleWriteIt) {
  for (const char* yes : {"1", "true", "True", "TRUE", "yes", "Yes", "on", "ON"}) {
    ScopedVariable flag(kFlag, yes);
    EXPECT_TRUE(bool_setting(kFlag, false)) << yes;
  }
}

TEST(BoolSettingTest, FalseAsPeopleWriteItAndEmpty) {
  for (const char* no : {"0", "false", "False", "no", "NO", "off", "Off", ""}) {
    ScopedVariable flag(kFlag, no);
    EXPECT_FALSE(bool_setting(kFlag, true)) << '"' << no << '"';
  }
}

TEST(BoolSettingTest, AnythingElseIsAnErrorNamingTheVariableAndTheValue) {
  // Python's bool("False") is True; "2", "y" or " true" are not guessed at.
  for (const char* bad : {"2", "y", "n", "enabled", " true", "true ", "-1", "nope"}) {
    ScopedVariable flag(kFlag, bad);
    try {
      bool_setting(kFlag, false);
      ADD_FAILURE() << "no error for \"" << bad << '"';
    } catch (const std::invalid_argument& e) {
      EXPECT_THAT(e.what(), HasSubstr(kFlag)) << bad;
      EXPECT_THAT(e.what(), HasSubstr(std::string("\"") + bad + "\"")) << bad;
    }
  }
}

TEST(KnownSettingsTest, SortedUniqueAndDescribed) {
  std::set<std::string> names;
  std::string previous;
  for (const auto& s : known_settings()) {
    EXPECT_LT(previous, s.name);
    previous = s.name;
    EXPECT_TRUE(names.insert(s.name).second) << s.name;
    EXPECT_STRNE(s.description, "") << s.name;
    if (s.default_from) {
      bool found = false;
      for (const auto& other : known_settings()) found = found || std::string(other.name) == s.default_from;
      EXPECT_TRUE(found) << s.name << " defaults to unknown " << s.default_from;
    }
  }
  for (const char* expected : {"WORKFLOW_DEFAULT_TASK_LIST", "WORKFLOW_DEFAULT_VERSION", "WORKFLOW_DEFAULT_EXECUTION_TIME",
                               "WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT", "ACTIVITY_DEFAULT_TASK_LIST",
                               "ACTIVITY_DEFAULT_VERSION", "ACTIVITY_DEFAULT_TIMEOUT", "ACTIVITY_START_TO_CLOSE_TIMEOUT",
                               "ACTIVITY_SCHEDULE_TO_CLOSE_TIMEOUT", "ACTIVITY_SCHEDULE_TO_START_TIMEOUT",
                               "ACTIVITY_HEARTBEAT_TIMEOUT", "ACTIVITY_SIGTERM_WAIT_SEC"})
    EXPECT_EQ(names.count(expected), 1u) << expected;
}

const KnownSetting& known(const std::string& name) {
  for (const auto& s : known_settings())
    if (name == s.name) return s;
  throw std::logic_error("no setting " + name);
}

TEST(KnownSettingsTest, EffectiveValueIsTheEnvironmentElseTheDefault) {
  ScopedVariable version("WORKFLOW_DEFAULT_VERSION", "v2");
  ScopedVariable task_list("WORKFLOW_DEFAULT_TASK_LIST", "");  // empty: unset, as setting() reads it
  auto v = effective_setting(known("WORKFLOW_DEFAULT_VERSION"));
  EXPECT_EQ(v.value, "v2");
  EXPECT_EQ(v.source, "environment");
  auto t = effective_setting(known("WORKFLOW_DEFAULT_TASK_LIST"));
  EXPECT_EQ(t.value, "default");
  EXPECT_EQ(t.source, "default");
  // What the readers get agrees with the table.
  EXPECT_EQ(setting("WORKFLOW_DEFAULT_VERSION", known("WORKFLOW_DEFAULT_VERSION").default_value), "v2");
}

TEST(KnownSettingsTest, ActivityTimeoutsDefaultToActivityDefaultTimeout) {
  ScopedVariable heartbeat("ACTIVITY_HEARTBEAT_TIMEOUT", nullptr);
  ScopedVariable start("ACTIVITY_START_TO_CLOSE_TIMEOUT", "30");
  {
    ScopedVariable fallback("ACTIVITY_DEFAULT_TIMEOUT", nullptr);
    auto h = effective_setting(known("ACTIVITY_HEARTBEAT_TIMEOUT"));
    EXPECT_EQ(h.value, "300");
    EXPECT_EQ(h.source, "default");
  }
  ScopedVariable fallback("ACTIVITY_DEFAULT_TIMEOUT", "600");
  auto h = effective_setting(known("ACTIVITY_HEARTBEAT_TIMEOUT"));
  EXPECT_EQ(h.value, "600");
  EXPECT_EQ(h.source, "ACTIVITY_DEFAULT_TIMEOUT");
  auto s = effective_setting(known("ACTIVITY_START_TO_CLOSE_TIMEOUT"));
  EXPECT_EQ(s.value, "30");
  EXPECT_EQ(s.source, "environment");
}

TEST(KnownSettingsTest, ABadIntegerIsNamed) {
  ScopedVariable wait("ACTIVITY_SIGTERM_WAIT_SEC", "soon");
  try {
    effective_setting(known("ACTIVITY_SIGTERM_WAIT_SEC"));
    ADD_FAILURE() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("ACTIVITY_SIGTERM_WAIT_SEC"));
    EXPECT_THAT(e.what(), HasSubstr("\"soon\""));
  }
}

// ---- The rule of each kind of setting -------------------------------------

// The message for `value` of `name`: "" when it follows the rule.
std::string error_for(const std::string& name, const std::string& value) {
  Status s = check_setting(name, value);
  return s.ok() ? "" : s.message();
}

void expect_good(const std::string& name, const std::vector<std::string>& values) {
  for (const auto& v : values) EXPECT_EQ(error_for(name, v), "") << name << "=" << v;
}

void expect_bad(const std::string& name, const std::vector<std::string>& values) {
  for (const auto& v : values) {
    std::string error = error_for(name, v);
    EXPECT_THAT(error, HasSubstr(name + " must be ")) << name << "=" << v;
    EXPECT_THAT(error, HasSubstr(", got \"" + v + "\"")) << name << "=" << v;
  }
}

TEST(CheckSettingTest, EmptyIsUnsetAndAlwaysGood) {
  for (const auto& s : known_settings()) EXPECT_TRUE(check_setting(s, "").ok()) << s.name;
}

TEST(CheckSettingTest, EveryDefaultFollowsItsRule) {
  for (const auto& s : known_settings()) {
    Status status = check_setting(s, s.default_value);
    EXPECT_TRUE(status.ok()) << status.message();
  }
}

TEST(CheckSettingTest, TimeoutsAreSwfDurationsOrNone) {
  for (const char* name : {"ACTIVITY_DEFAULT_TIMEOUT", "ACTIVITY_START_TO_CLOSE_TIMEOUT", "ACTIVITY_HEARTBEAT_TIMEOUT",
                           "ACTIVITY_SCHEDULE_TO_CLOSE_TIMEOUT", "ACTIVITY_SCHEDULE_TO_START_TIMEOUT",
                           "WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT"}) {
    expect_good(name, {"0", "5", "300", "99999999", "NONE"});
    expect_bad(name, {"soon", "-5", "100000000", "none", "3.5", " 300", "300 ", "1e3", "+5"});
  }
  EXPECT_EQ(error_for("ACTIVITY_DEFAULT_TIMEOUT", "soon"),
            "ACTIVITY_DEFAULT_TIMEOUT must be a number of seconds from 0 to 99999999, or NONE, got \"soon\"");
}

TEST(CheckSettingTest, TheExecutionTimeoutIsAtMostAYearAndNeverNone) {
  expect_good("WORKFLOW_DEFAULT_EXECUTION_TIME", {"0", "3600", "31536000"});
  expect_bad("WORKFLOW_DEFAULT_EXECUTION_TIME", {"31536001", "99999999", "NONE", "-1", "an hour"});
  EXPECT_THAT(error_for("WORKFLOW_DEFAULT_EXECUTION_TIME", "NONE"), HasSubstr("SWF takes no NONE"));
}

TEST(CheckSettingTest, CountsAreIntegersWithinTheirRange) {
  expect_good("SWF_MAX_OPEN_ACTIVITY_COUNT", {"1", "15", "1000"});
  expect_bad("SWF_MAX_OPEN_ACTIVITY_COUNT", {"0", "1001", "many", "-5", "5x", "1.5", "99999999999999999999"});
  EXPECT_EQ(error_for("SWF_MAX_OPEN_ACTIVITY_COUNT", "many"),
            "SWF_MAX_OPEN_ACTIVITY_COUNT must be an integer from 1 to 1000, got \"many\"");
  expect_good("SWF_CONNECTION_RETRIES", {"0", "100"});
  expect_bad("SWF_CONNECTION_RETRIES", {"-1", "101"});
  expect_good("ACTIVITY_SIGTERM_WAIT_SEC", {"0", "3", "86400"});
  expect_bad("ACTIVITY_SIGTERM_WAIT_SEC", {"-5", "86401", "soon"});
  expect_good("SIMPLEFLOW_JUMBO_FIELDS_MEMORY_CACHE", {"0", "9223372036854775807"});
  expect_bad("SIMPLEFLOW_JUMBO_FIELDS_MEMORY_CACHE", {"-1", "9223372036854775808", "64M"});
  EXPECT_EQ(error_for("SIMPLEFLOW_DISK_CACHE_SIZE", "0"),
            "SIMPLEFLOW_DISK_CACHE_SIZE must be an integer of at least 1, got \"0\"");
}

TEST(CheckSettingTest, TaskListsDomainsAndVersionsAreNamesThatSwfTakes) {
  for (const char* name : {"ACTIVITY_DEFAULT_TASK_LIST", "WORKFLOW_DEFAULT_TASK_LIST", "SWF_DOMAIN"}) {
    expect_good(name, {"default", "crawl-2.1_eu", "t\u00e2che", std::string(256, 'x'), "arns", "a b"});
    expect_bad(name, {std::string(257, 'x'), "queue:1", "a/b", "a|b", " padded", "padded ", "arn", "a\tb", "\x7f",
                      "\xff\xfe", "\xc3", "a\u3000"});
  }
  for (const char* name : {"ACTIVITY_DEFAULT_VERSION", "WORKFLOW_DEFAULT_VERSION"}) {
    expect_good(name, {"1.0", std::string(64, 'v')});
    expect_bad(name, {std::string(65, 'v'), "v:1"});
  }
  EXPECT_THAT(error_for("WORKFLOW_DEFAULT_TASK_LIST", "queue:1"),
              ::testing::EndsWith("got \"queue:1\": it contains ':'"));
  EXPECT_THAT(error_for("WORKFLOW_DEFAULT_VERSION", std::string(65, 'v')),
              ::testing::EndsWith(": it has 65 characters"));
  EXPECT_THAT(error_for("SWF_DOMAIN", "\xff"), ::testing::EndsWith(": it is not UTF-8"));
}

TEST(CheckSettingTest, TheIdentityIsAJsonObject) {
  expect_good("SIMPLEFLOW_IDENTITY", {"{}", R"({"team": "data", "pid": null})"});
  expect_bad("SIMPLEFLOW_IDENTITY", {"[1", "[1]", "\"worker\"", "42", "null", "{not json"});
}

TEST(CheckSettingTest, BooleansAndChoices) {
  expect_good("SIMPLEFLOW_S3_SSE", {"true", "OFF", "1"});
  expect_bad("SIMPLEFLOW_S3_SSE", {"2", "enabled"});
  expect_good("LOG_LEVEL", {"debug", "Warning", "WARN", "off"});
  expect_bad("LOG_LEVEL", {"LOUD", "verbose"});
  EXPECT_EQ(error_for("LOG_LEVEL", "LOUD"),
            "LOG_LEVEL must be DEBUG, INFO, WARNING, WARN, ERROR, CRITICAL or OFF (in any case), got \"LOUD\"");
  // As --format takes them.
  expect_good("SIMPLEFLOW_FORMAT", {"json", "prettyjson"});
  expect_bad("SIMPLEFLOW_FORMAT", {"yaml", "JSON"});
  EXPECT_EQ(error_for("SIMPLEFLOW_FORMAT", "yaml"),
            "SIMPLEFLOW_FORMAT must be tabular, csv, tsv, human, json or prettyjson, got \"yaml\"");
  expect_good("SIMPLEFLOW_S3_ADDRESSING_STYLE", {"path", "Virtual"});
  expect_bad("SIMPLEFLOW_S3_ADDRESSING_STYLE", {"dns"});
}

TEST(CheckSettingTest, TheEnvironmentIsCheckedWholeWithAnErrorForEachBadValue) {
  ScopedVariable identity("SIMPLEFLOW_IDENTITY", "[1");
  ScopedVariable timeout("ACTIVITY_DEFAULT_TIMEOUT", "soon");
  ScopedVariable count("SWF_MAX_OPEN_ACTIVITY_COUNT", "");  // empty: unset
  ScopedVariable version("WORKFLOW_DEFAULT_VERSION", "v2");
  auto errors = check_settings_in_environment();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_THAT(errors[0].message(), ::testing::StartsWith("ACTIVITY_DEFAULT_TIMEOUT must be "));
  EXPECT_THAT(errors[1].message(), ::testing::StartsWith("SIMPLEFLOW_IDENTITY must be "));
}

TEST(CheckSettingTest, IntegerSettingKeepsAKnownSettingInItsRange) {
  ScopedVariable count("SWF_MAX_OPEN_ACTIVITY_COUNT", "5000");
  try {
    integer_setting("SWF_MAX_OPEN_ACTIVITY_COUNT", 1000);
    ADD_FAILURE() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "SWF_MAX_OPEN_ACTIVITY_COUNT must be an integer from 1 to 1000, got \"5000\"");
  }
}

// Each variable that the sources read by name, through the readers of
// settings or of the environment, is in the table (and so checked when a
// command starts), but for AWS's and the system's.
TEST(KnownSettingsTest, EveryVariableThatTheSourcesReadIsKnown) {
  const std::regex reader(R"re((?:getenv|setting|env\.get|environment|boolean\(env,)\(?\s*"([A-Z][A-Z0-9_]*)")re");
  const std::set<std::string> not_settings = {"HOME", "XDG_DATA_HOME"};
  std::set<std::string> read;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(simpleflow::testing::source_dir() + "/src")) {
    if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (std::sregex_iterator m(source.begin(), source.end(), reader), end; m != end; ++m) {
      std::string name = (*m)[1];
      if (name.rfind("AWS_", 0) == 0 || not_settings.count(name)) continue;
      read.insert(name);
      EXPECT_NE(find_known_setting(name), nullptr) << name << " is read in " << entry.path();
    }
  }
  EXPECT_GE(read.size(), 20u);  // the pattern still finds the readers
}

}  // namespace
}  // namespace simpleflow::internal
