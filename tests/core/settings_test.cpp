// Settings read from the environment: booleans as people write them, and the
// table of known settings with their effective values.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "core/settings.hpp"
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

}  // namespace
}  // namespace simpleflow::internal
