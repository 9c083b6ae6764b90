// The configuration files of docs/configuration.md (tests/swf_client/
// config_examples/home) resolve as the page says.
#include <gtest/gtest.h>

#include "simpleflow/swf/config.hpp"
#include "support/command.hpp"

namespace simpleflow::swf {
namespace {

std::string example_home() { return simpleflow::testing::source_dir() + "/tests/swf_client/config_examples/home"; }

ResolvedConfig resolve(std::map<std::string, std::string> variables, ConfigOverrides overrides = {}) {
  auto config = resolve_config(overrides, Environment::from_map(std::move(variables), example_home()));
  EXPECT_TRUE(config.ok()) << config.status().message();
  return config.ok() ? *config : ResolvedConfig{};
}

TEST(ConfigExamplesTest, SwfFileComesFirstWhenNoProfileIsChosen) {
  ResolvedConfig config = resolve({});
  EXPECT_EQ(config.client.backend, Backend::kAws);
  EXPECT_EQ(config.client.endpoint, "https://swf.eu-west-1.amazonaws.com");
  EXPECT_EQ(config.region_source, "~/.swf [defaults]");
  ASSERT_TRUE(config.client.credentials);
  EXPECT_EQ(config.client.credentials->access_key_id, "AKIASWFFILEEXAMPLE");
  EXPECT_EQ(config.client.credentials->source, "~/.swf [credentials]");
  EXPECT_TRUE(config.client.throttle);
}

TEST(ConfigExamplesTest, AChosenProfileComesBeforeTheSwfFile) {
  ResolvedConfig config = resolve({{"AWS_PROFILE", "ci"}});
  EXPECT_EQ(config.client.region, "eu-central-1");
  ASSERT_TRUE(config.client.credentials);
  EXPECT_EQ(config.client.credentials->access_key_id, "ASIACIEXAMPLE");
  EXPECT_EQ(config.client.credentials->session_token, "ci-session-token");
  EXPECT_EQ(resolve({}, {.profile = "ci"}).client.region, "eu-central-1");
}

TEST(ConfigExamplesTest, TheEnvironmentComesBeforeFiles) {
  ResolvedConfig config = resolve({{"AWS_PROFILE", "ci"},
                                   {"AWS_REGION", "ap-southeast-2"},
                                   {"AWS_ACCESS_KEY_ID", "AKIAENV"},
                                   {"AWS_SECRET_ACCESS_KEY", "env-secret"}});
  EXPECT_EQ(config.client.endpoint, "https://swf.ap-southeast-2.amazonaws.com");
  EXPECT_EQ(config.client.credentials->access_key_id, "AKIAENV");
  EXPECT_EQ(config.client.credentials->source, "the environment");
  EXPECT_EQ(resolve({{"AWS_REGION", "ap-southeast-2"}}, {.region = "sa-east-1"}).client.region, "sa-east-1");
}

TEST(ConfigExamplesTest, AnEndpointSendsCallsThereSignedWithTheCredentialsFound) {
  ResolvedConfig config = resolve({{"AWS_ENDPOINT_URL_SWF", "http://127.0.0.1:4000"}, {"SWF_DOMAIN", "dev"}});
  EXPECT_EQ(config.client.backend, Backend::kEndpoint);
  EXPECT_EQ(config.client.endpoint, "http://127.0.0.1:4000");
  EXPECT_EQ(config.endpoint_source, "AWS_ENDPOINT_URL_SWF");
  EXPECT_EQ(config.client.region, "eu-west-1");
  EXPECT_FALSE(config.client.throttle);
  EXPECT_EQ(config.domain, "dev");
  EXPECT_EQ(config.client.credentials->access_key_id, "AKIASWFFILEEXAMPLE");
}

TEST(ConfigExamplesTest, AProfileThatNoFileHasIsAnError) {
  auto config = resolve_config({.profile = "nope"}, Environment::from_map({}, example_home()));
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("\"nope\""), std::string::npos) << config.status().message();
}

TEST(ConfigExamplesTest, ARegionThatCannotBeOneIsAnError) {
  for (const char* bad : {"eu west 1", "EU-WEST-1", "eu-west-1/", "x.evil.com#"}) {
    auto config = resolve_config({.region = bad}, Environment::from_map({}, example_home()));
    ASSERT_FALSE(config.ok()) << bad;
    EXPECT_NE(config.status().message().find("--region"), std::string::npos) << config.status().message();
  }
}

}  // namespace
}  // namespace simpleflow::swf
