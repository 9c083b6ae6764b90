// `simpleflow info [TOPICS]`: settings with their effective values, the
// environment with secrets redacted, several topics at once, and bad topics.
// The process runs with only the variables a test gives it (env -i), so that
// the golden files (tests/cli/golden/info.*) hold nothing of the machine's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "cli/golden.hpp"
#include "simpleflow/version.hpp"
#include "support/command.hpp"

namespace simpleflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// The CLI with exactly `env` as its environment.
CommandResult isolated_cli(const std::map<std::string, std::string>& env, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"/usr/bin/env", "-i"};
  for (const auto& [name, value] : env) argv.push_back(name + "=" + value);
  argv.push_back(simpleflow_binary());
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv);
}

// Some overridden settings, some credentials, and variables of no concern.
const std::map<std::string, std::string> kEnvironment = {
    {"ACTIVITY_DEFAULT_TIMEOUT", "600"},
    {"ACTIVITY_START_TO_CLOSE_TIMEOUT", "30"},
    {"WORKFLOW_DEFAULT_VERSION", "v2"},
    {"AWS_REGION", "eu-west-3"},
    {"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
    {"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
    {"AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLETOKEN"},
    {"SIMPLEFLOW_IDENTITY", R"({"team":"data"})"},
    {"SIMPLEFLOW_Db_Secret_Path", "/run/secret"},
    {"SWF_DOMAIN", "prod"},
    {"SWFISH", "not ours"},
    {"HOME", "/nonexistent"},
    {"LOG_LEVEL", "WARNING"},
};

struct InfoCase {
  std::string file;
  std::vector<std::string> args;
};

class InfoGoldenTest : public ::testing::TestWithParam<InfoCase> {};

TEST_P(InfoGoldenTest, PrintsTheGoldenOutput) {
  auto r = isolated_cli(kEnvironment, GetParam().args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_golden(GetParam().file, r.out);
}

INSTANTIATE_TEST_SUITE_P(
    Golden, InfoGoldenTest,
    ::testing::Values(
        InfoCase{"info-settings.tabular-header.txt", {"--header", "info", "settings"}},
        InfoCase{"info-settings.csv-header.txt", {"--format", "csv", "--header", "info", "settings"}},
        InfoCase{"info-settings.json-header.txt", {"--format", "json", "--header", "info", "settings"}},
        InfoCase{"info-environment.tabular.txt", {"info", "environment"}},
        InfoCase{"info-environment.prettyjson.txt", {"--format", "prettyjson", "info", "environment"}},
        InfoCase{"info-settings-environment.tabular-header.txt", {"--header", "info", "settings,environment"}},
        InfoCase{"info-settings-environment.json.txt", {"--format", "json", "info", "settings,environment"}},
        InfoCase{"info-settings-environment.prettyjson.txt", {"--format", "prettyjson", "info", "settings,environment"}}),
    [](const ::testing::TestParamInfo<InfoCase>& info) {
      std::string name = info.param.file.substr(0, info.param.file.size() - 4);
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

TEST(InfoTest, SecretsAreRedactedWhateverTheirCase) {
  auto r = isolated_cli(kEnvironment, {"info", "environment"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* secret : {"wJalrXUtnFEMI", "FwoGZXIvYXdz", "/run/secret"}) EXPECT_THAT(r.out, Not(HasSubstr(secret)));
  EXPECT_THAT(r.out, HasSubstr("AWS_ACCESS_KEY_ID"));
  EXPECT_THAT(r.out, HasSubstr("<redacted>"));
  EXPECT_THAT(r.out, Not(HasSubstr("SWFISH")));
  EXPECT_THAT(r.out, Not(HasSubstr("HOME")));
}

TEST(InfoTest, WithoutTopicsVersionsSettingsAndEnvironmentAsPython) {
  auto r = isolated_cli(kEnvironment, {"info"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("# Versions\n"));
  EXPECT_THAT(r.out, HasSubstr(std::string("simpleflow     ") + kVersion + "\n"));
  EXPECT_THAT(r.out, HasSubstr("\n# Settings\nACTIVITY_DEFAULT_TASK_LIST "));
  EXPECT_THAT(r.out, HasSubstr("\n# Environment AWS* SIMPLEFLOW* SWF_*\nAWS_ACCESS_KEY_ID "));
  EXPECT_THAT(r.out, Not(HasSubstr("# Workflows")));
}

TEST(InfoTest, BadTopicsAndBadSettingsExitWithTwo) {
  for (const auto& topics : std::vector<std::string>{"nothing", "versions,nothing", "versions,,settings", "settings,",
                                                     "Settings", ""}) {
    auto r = isolated_cli(kEnvironment, {"info", topics});
    EXPECT_EQ(r.exit_code, 2) << topics;
    EXPECT_THAT(r.err, StartsWith("simpleflow: error: info: unknown topic \"")) << topics;
    EXPECT_EQ(r.out, "") << topics;
  }
  auto env = kEnvironment;
  env["ACTIVITY_SIGTERM_WAIT_SEC"] = "soon";
  auto r = isolated_cli(env, {"info", "settings"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("ACTIVITY_SIGTERM_WAIT_SEC must be an integer from 0 to 86400, got \"soon\""));
  EXPECT_EQ(r.out, "");
}

TEST(InfoTest, EveryBadSettingIsNamedOnItsOwnLine) {
  auto env = kEnvironment;
  env["SIMPLEFLOW_IDENTITY"] = "[1";
  env["ACTIVITY_HEARTBEAT_TIMEOUT"] = "-5";
  env["SWF_MAX_OPEN_ACTIVITY_COUNT"] = "many";
  auto r = isolated_cli(env, {"info", "settings"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("simpleflow: error: ACTIVITY_HEARTBEAT_TIMEOUT must be a number of seconds"));
  EXPECT_THAT(r.err, HasSubstr(", got \"-5\"\n"));
  EXPECT_THAT(r.err, HasSubstr("simpleflow: error: SIMPLEFLOW_IDENTITY must be a JSON object"));
  EXPECT_THAT(r.err, HasSubstr("simpleflow: error: SWF_MAX_OPEN_ACTIVITY_COUNT must be an integer from 1 to 1000"));
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace simpleflow::testing
