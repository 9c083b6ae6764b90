// resolve_config and make_client: the precedence rules at the top of
// include/simpleflow/swf/config.hpp, with the environment given as a map and
// a temporary home directory holding ~/.swf and ~/.aws/{config,credentials}.
#include "simpleflow/swf/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "swf_client/swf_client_test_support.hpp"

namespace simpleflow::swf {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;

using Vars = std::map<std::string, std::string>;

// A home directory and the configuration files in it.
class ConfigTest : public ::testing::Test {
 protected:
  void swf_file(const std::string& text) { home_.write(".swf", text); }
  void aws_config(const std::string& text) { home_.write(".aws/config", text); }
  void aws_credentials(const std::string& text) { home_.write(".aws/credentials", text); }

  StatusOr<ResolvedConfig> resolve(const Vars& vars, const ConfigOverrides& overrides = {}) {
    return resolve_config(overrides, Environment::from_map(vars, home_.str()));
  }
  // The configuration, failing the test when there is an error.
  ResolvedConfig resolved(const Vars& vars, const ConfigOverrides& overrides = {}) {
    auto config = resolve(vars, overrides);
    EXPECT_TRUE(config.ok()) << config.status().message();
    return config.ok() ? *config : ResolvedConfig{};
  }
  // The error message, failing the test when there is none.
  std::string error(const Vars& vars, const ConfigOverrides& overrides = {}) {
    auto config = resolve(vars, overrides);
    EXPECT_FALSE(config.ok()) << "resolved to endpoint " << config->client.endpoint;
    if (config.ok()) return {};
    EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
    return config.status().message();
  }

  TempDir home_;
};

const Vars kEnvKeys = {{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "SECRETENV"}};

// ---- Environment --------------------------------------------------------

TEST(EnvironmentTest, FromMapTreatsEmptyAsUnset) {
  auto env = Environment::from_map({{"A", "1"}, {"EMPTY", ""}}, "/home/x");
  EXPECT_EQ(env.get("A"), "1");
  EXPECT_EQ(env.get("EMPTY"), std::nullopt);
  EXPECT_EQ(env.get("B"), std::nullopt);
  EXPECT_EQ(env.home(), "/home/x");
}

TEST(EnvironmentTest, ProcessReadsTheEnvironmentAtEachGet) {
  auto env = Environment::process();
  ::setenv("SIMPLEFLOW_CONFIG_TEST_VAR", "one", 1);
  EXPECT_EQ(env.get("SIMPLEFLOW_CONFIG_TEST_VAR"), "one");
  ::setenv("SIMPLEFLOW_CONFIG_TEST_VAR", "", 1);
  EXPECT_EQ(env.get("SIMPLEFLOW_CONFIG_TEST_VAR"), std::nullopt);
  ::unsetenv("SIMPLEFLOW_CONFIG_TEST_VAR");
  EXPECT_FALSE(env.home().empty());
}

// ---- Region ---------------------------------------------------------------

TEST_F(ConfigTest, RegionPrecedence) {
  swf_file("[defaults]\nregion = from-swf\n");
  aws_config("[default]\nregion = from-aws-config\n");
  Vars vars = {{"AWS_REGION", "from-aws-region"}, {"AWS_DEFAULT_REGION", "from-default-region"}};

  auto config = resolved(vars, {.region = "from-flag"});
  EXPECT_EQ(config.client.region, "from-flag");
  EXPECT_EQ(config.region_source, "--region");

  config = resolved(vars);
  EXPECT_EQ(config.client.region, "from-aws-region");
  EXPECT_EQ(config.region_source, "AWS_REGION");

  vars.erase("AWS_REGION");
  config = resolved(vars);
  EXPECT_EQ(config.client.region, "from-default-region");
  EXPECT_EQ(config.region_source, "AWS_DEFAULT_REGION");

  vars["AWS_DEFAULT_REGION"] = "";  // empty is unset
  config = resolved(vars);
  EXPECT_EQ(config.client.region, "from-swf");
  EXPECT_THAT(config.region_source, HasSubstr(".swf"));

  swf_file("[defaults]\nlog_level = debug\n");
  config = resolved(vars);
  EXPECT_EQ(config.client.region, "from-aws-config");
  EXPECT_THAT(config.region_source, AllOf(HasSubstr(".aws/config"), HasSubstr("[default]")));

  aws_config("[default]\noutput = json\n");
  config = resolved(vars);
  EXPECT_EQ(config.client.region, "");
  EXPECT_EQ(config.client.backend, Backend::kEmbedded);
}

TEST_F(ConfigTest, RegionOfTheProfileFromAwsProfileAndTheFlag) {
  aws_config(
      "[default]\nregion = default-region\n"
      "[profile dev]\nregion = dev-region\n"
      "[profile prod]\nregion = prod-region\n"
      "[staging]\nregion = not-a-profile-section\n");
  EXPECT_EQ(resolved({}).client.region, "default-region");
  EXPECT_EQ(resolved({{"AWS_PROFILE", "dev"}}).client.region, "dev-region");
  auto config = resolved({{"AWS_PROFILE", "dev"}}, {.profile = "prod"});
  EXPECT_EQ(config.client.region, "prod-region");
  EXPECT_THAT(config.region_source, HasSubstr("[profile prod]"));
  // In ~/.aws/config a named profile's section is "[profile NAME]": "[staging]"
  // is not the profile "staging", which is then unknown.
  EXPECT_THAT(error({}, {.profile = "staging"}), HasSubstr("\"staging\""));
}

TEST_F(ConfigTest, AwsConfigFileVariable) {
  aws_config("[default]\nregion = home-region\n");
  std::string other = home_.write("elsewhere/aws-config", "[default]\nregion = elsewhere-region\n");
  auto config = resolved({{"AWS_CONFIG_FILE", other}});
  EXPECT_EQ(config.client.region, "elsewhere-region");
  EXPECT_THAT(config.region_source, HasSubstr(other));
  // A missing file is no configuration, not an error, and ~/.aws/config is not read instead.
  EXPECT_EQ(resolved({{"AWS_CONFIG_FILE", home_.str() + "/nope"}}).client.region, "");
}

// ---- Credentials ----------------------------------------------------------

TEST_F(ConfigTest, CredentialsPrecedence) {
  swf_file("[credentials]\naws_access_key_id = AKIDSWF\naws_secret_access_key = SECRETSWF\n");
  aws_credentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = SECRETFILE\n");

  Vars vars = kEnvKeys;
  vars["AWS_SESSION_TOKEN"] = "TOKENENV";
  auto config = resolved(vars);
  ASSERT_TRUE(config.client.credentials);
  EXPECT_EQ(config.client.credentials->access_key_id, "AKIDENV");
  EXPECT_EQ(config.client.credentials->secret_access_key, "SECRETENV");
  EXPECT_EQ(config.client.credentials->session_token, "TOKENENV");
  EXPECT_THAT(config.client.credentials->source, HasSubstr("environment"));

  config = resolved({});
  ASSERT_TRUE(config.client.credentials);
  EXPECT_EQ(config.client.credentials->access_key_id, "AKIDSWF");
  EXPECT_EQ(config.client.credentials->secret_access_key, "SECRETSWF");
  EXPECT_EQ(config.client.credentials->session_token, "");
  EXPECT_THAT(config.client.credentials->source, HasSubstr(".swf"));

  swf_file("[defaults]\nregion = r\n");
  config = resolved({});
  ASSERT_TRUE(config.client.credentials);
  EXPECT_EQ(config.client.credentials->access_key_id, "AKIDFILE");
  EXPECT_EQ(config.client.credentials->secret_access_key, "SECRETFILE");
  EXPECT_THAT(config.client.credentials->source, AllOf(HasSubstr(".aws/credentials"), HasSubstr("[default]")));

  aws_credentials("[other]\naws_access_key_id = A\naws_secret_access_key = S\n");
  EXPECT_FALSE(resolved({}).client.credentials);
}

TEST_F(ConfigTest, SessionTokensFromFilesKeptWhole) {
  std::string token(2000, 'T');
  token.replace(0, 10, "FwoGZXIvYX");
  aws_credentials("[default]\naws_access_key_id = AKID\naws_secret_access_key = SECRET\naws_session_token = " + token +
                  "\n");
  auto config = resolved({});
  ASSERT_TRUE(config.client.credentials);
  EXPECT_EQ(config.client.credentials->session_token, token);

  swf_file("[credentials]\naws_access_key_id = K\naws_secret_access_key = S\naws_session_token = SWFTOKEN\n");
  config = resolved({});
  ASSERT_TRUE(config.client.credentials);
  EXPECT_EQ(config.client.credentials->session_token, "SWFTOKEN");
}

TEST_F(ConfigTest, CredentialsOfTheProfileFromAwsProfileAndTheFlag) {
  aws_credentials(
      "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = S0\n"
      "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = S1\n"
      "[prod]\naws_access_key_id = AKIDPROD\naws_secret_access_key = S2\n");
  EXPECT_EQ(resolved({}).client.credentials->access_key_id, "AKIDDEFAULT");
  EXPECT_EQ(resolved({{"AWS_PROFILE", "dev"}}).client.credentials->access_key_id, "AKIDDEV");
  auto config = resolved({{"AWS_PROFILE", "dev"}}, {.profile = "prod"});
  ASSERT_TRUE(config.client.credentials);
  EXPECT_EQ(config.client.credentials->access_key_id, "AKIDPROD");
  EXPECT_EQ(config.client.credentials->secret_access_key, "S2");
  EXPECT_THAT(config.client.credentials->source, HasSubstr("[prod]"));
}

TEST_F(ConfigTest, SharedCredentialsFileVariable) {
  aws_credentials("[default]\naws_access_key_id = AKIDHOME\naws_secret_access_key = S\n");
  std::string other = home_.write("elsewhere/creds", "[default]\naws_access_key_id = AKIDELSE\naws_secret_access_key = S\n");
  auto config = resolved({{"AWS_SHARED_CREDENTIALS_FILE", other}});
  ASSERT_TRUE(config.client.credentials);
  EXPECT_EQ(config.client.credentials->access_key_id, "AKIDELSE");
  EXPECT_THAT(config.client.credentials->source, HasSubstr(other));
}

TEST_F(ConfigTest, CredentialsInTheProfileOfAwsConfig) {
  // As botocore, keys may also sit in the profile's section of ~/.aws/config,
  // after ~/.aws/credentials.
  aws_config("[profile dev]\nregion = eu-west-3\naws_access_key_id = AKIDCFG\naws_secret_access_key = S\n");
  auto config = resolved({{"AWS_PROFILE", "dev"}});
  ASSERT_TRUE(config.client.credentials);
  EXPECT_EQ(config.client.credentials->access_key_id, "AKIDCFG");
  EXPECT_EQ(config.client.backend, Backend::kAws);

  aws_credentials("[dev]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = S\n");
  EXPECT_EQ(resolved({{"AWS_PROFILE", "dev"}}).client.credentials->access_key_id, "AKIDCREDS");
}

TEST_F(ConfigTest, KeyWithoutSecretIsAnError) {
  EXPECT_THAT(error({{"AWS_ACCESS_KEY_ID", "AKID"}}),
              AllOf(HasSubstr("AWS_ACCESS_KEY_ID"), HasSubstr("AWS_SECRET_ACCESS_KEY")));
  EXPECT_THAT(error({{"AWS_SECRET_ACCESS_KEY", "S"}}),
              AllOf(HasSubstr("AWS_ACCESS_KEY_ID"), HasSubstr("AWS_SECRET_ACCESS_KEY")));
  // Not hidden by complete credentials further down the chain.
  aws_credentials("[default]\naws_access_key_id = AKID\naws_secret_access_key = S\n");
  EXPECT_FALSE(resolve({{"AWS_ACCESS_KEY_ID", "AKID"}}).ok());

  swf_file("[credentials]\naws_access_key_id = AKID\n");
  EXPECT_THAT(error({}), AllOf(HasSubstr(".swf"), HasSubstr("aws_secret_access_key")));
  swf_file("[credentials]\naws_secret_access_key = S\n");
  EXPECT_THAT(error({}), AllOf(HasSubstr(".swf"), HasSubstr("aws_access_key_id")));
  swf_file("");

  aws_credentials("[default]\naws_secret_access_key = S\n");
  EXPECT_THAT(error({}), AllOf(HasSubstr(".aws/credentials"), HasSubstr("[default]"), HasSubstr("aws_access_key_id")));
  aws_credentials("[dev]\naws_access_key_id = AKID\naws_secret_access_key =\n");
  EXPECT_THAT(error({{"AWS_PROFILE", "dev"}}), AllOf(HasSubstr("[dev]"), HasSubstr("aws_secret_access_key")));
}

TEST_F(ConfigTest, UnknownExplicitProfileIsAnError) {
  aws_credentials("[default]\naws_access_key_id = AKID\naws_secret_access_key = S\n");
  aws_config("[default]\nregion = eu-west-1\n");
  EXPECT_THAT(error({}, {.profile = "nope"}),
              AllOf(HasSubstr("\"nope\""), HasSubstr(".aws/credentials"), HasSubstr(".aws/config")));
  EXPECT_THAT(error({{"AWS_PROFILE", "nope"}}), HasSubstr("\"nope\""));
  // Without files at all, too.
  TempDir empty_home;
  auto config = resolve_config({.profile = "nope"}, Environment::from_map({}, empty_home.str()));
  EXPECT_FALSE(config.ok());
}

TEST_F(ConfigTest, ProfileKnownOnlyByItsRegionIsNoError) {
  aws_config("[profile dev]\nregion = eu-west-1\n");
  auto config = resolved({}, {.profile = "dev"});
  EXPECT_EQ(config.client.region, "eu-west-1");
  EXPECT_FALSE(config.client.credentials);
}

TEST_F(ConfigTest, MissingDefaultProfileIsNoError) {
  auto config = resolved({});
  EXPECT_FALSE(config.client.credentials);
  EXPECT_EQ(config.client.backend, Backend::kEmbedded);
}

TEST_F(ConfigTest, MalformedFilesAreErrorsNamingThem) {
  aws_credentials("[default]\nthis line is wrong\n");
  EXPECT_THAT(error({}), AllOf(HasSubstr(".aws/credentials"), HasSubstr("line 2")));
  aws_credentials("");
  aws_config("[default\n");
  EXPECT_THAT(error({}), AllOf(HasSubstr(".aws/config"), HasSubstr("line 1")));
  aws_config("");
  swf_file("region = x\n");
  EXPECT_THAT(error({}), AllOf(HasSubstr(".swf"), HasSubstr("line 1")));
}

// ---- Endpoint and backend --------------------------------------------------

TEST_F(ConfigTest, EndpointPrecedence) {
  Vars vars = {{"AWS_ENDPOINT_URL_SWF", "http://127.0.0.1:2"}, {"AWS_ENDPOINT_URL", "http://127.0.0.1:3"}};
  auto config = resolved(vars, {.endpoint_url = "http://127.0.0.1:1"});
  EXPECT_EQ(config.client.endpoint, "http://127.0.0.1:1");
  EXPECT_EQ(config.endpoint_source, "--endpoint-url");

  config = resolved(vars);
  EXPECT_EQ(config.client.endpoint, "http://127.0.0.1:2");
  EXPECT_EQ(config.endpoint_source, "AWS_ENDPOINT_URL_SWF");

  vars.erase("AWS_ENDPOINT_URL_SWF");
  config = resolved(vars);
  EXPECT_EQ(config.client.endpoint, "http://127.0.0.1:3");
  EXPECT_EQ(config.endpoint_source, "AWS_ENDPOINT_URL");
}

TEST_F(ConfigTest, ConfiguredEndpointIsKEndpointWithoutThrottle) {
  // Even with an AWS region and credentials.
  Vars vars = kEnvKeys;
  vars["AWS_REGION"] = "eu-west-1";
  vars["AWS_ENDPOINT_URL_SWF"] = "https://swf-proxy.example.com:8443/";
  auto config = resolved(vars);
  EXPECT_EQ(config.client.backend, Backend::kEndpoint);
  EXPECT_EQ(config.client.endpoint, "https://swf-proxy.example.com:8443/");
  EXPECT_EQ(config.client.region, "eu-west-1");
  EXPECT_FALSE(config.client.throttle);
  ASSERT_TRUE(config.client.credentials);
  EXPECT_EQ(config.client.credentials->access_key_id, "AKIDENV");
}

TEST_F(ConfigTest, ConfiguredEndpointWithoutRegionSignsForUsEast1) {
  auto config = resolved({}, {.endpoint_url = "http://localhost:4000"});
  EXPECT_EQ(config.client.backend, Backend::kEndpoint);
  EXPECT_EQ(config.client.region, "us-east-1");
  EXPECT_FALSE(config.client.credentials);
  EXPECT_FALSE(config.client.throttle);
}

TEST_F(ConfigTest, RegionAndCredentialsMeanAmazonSwf) {
  Vars vars = kEnvKeys;
  vars["AWS_REGION"] = "eu-west-1";
  auto config = resolved(vars);
  EXPECT_EQ(config.client.backend, Backend::kAws);
  EXPECT_EQ(config.client.endpoint, "https://swf.eu-west-1.amazonaws.com");
  EXPECT_EQ(config.client.region, "eu-west-1");
  EXPECT_TRUE(config.client.throttle);
  EXPECT_THAT(config.endpoint_source, HasSubstr("eu-west-1"));

  // From files only.
  aws_config("[default]\nregion = ap-northeast-1\n");
  aws_credentials("[default]\naws_access_key_id = AKID\naws_secret_access_key = S\n");
  config = resolved({});
  EXPECT_EQ(config.client.backend, Backend::kAws);
  EXPECT_EQ(config.client.endpoint, "https://swf.ap-northeast-1.amazonaws.com");
  EXPECT_TRUE(config.client.throttle);
}

TEST_F(ConfigTest, NothingConfiguredIsEmbedded) {
  auto config = resolved({});
  EXPECT_EQ(config.client.backend, Backend::kEmbedded);
  EXPECT_EQ(config.client.endpoint, "");
  EXPECT_FALSE(config.client.throttle);
  // A region alone, or credentials alone, are not enough for Amazon SWF.
  EXPECT_EQ(resolved({{"AWS_REGION", "eu-west-1"}}).client.backend, Backend::kEmbedded);
  EXPECT_EQ(resolved(kEnvKeys).client.backend, Backend::kEmbedded);
  // And without a home directory.
  auto no_home = resolve_config({}, Environment::from_map({}, ""));
  ASSERT_TRUE(no_home.ok()) << no_home.status().message();
  EXPECT_EQ(no_home->client.backend, Backend::kEmbedded);
}

TEST_F(ConfigTest, BadEndpointUrlIsAnErrorNamingItsSource) {
  for (const char* url : {"localhost:4000", "ftp://example.com", "http://", "http://exa mple.com", "127.0.0.1"}) {
    SCOPED_TRACE(url);
    EXPECT_THAT(error({}, {.endpoint_url = url}), AllOf(HasSubstr("--endpoint-url"), HasSubstr(url)));
    EXPECT_THAT(error({{"AWS_ENDPOINT_URL_SWF", url}}), HasSubstr("AWS_ENDPOINT_URL_SWF"));
    EXPECT_THAT(error({{"AWS_ENDPOINT_URL", url}}), HasSubstr("AWS_ENDPOINT_URL"));
  }
  EXPECT_EQ(resolved({}, {.endpoint_url = "HTTPS://Example.com"}).client.backend, Backend::kEndpoint);
}

// ---- Domain and retries ------------------------------------------------------

TEST_F(ConfigTest, DomainPrecedence) {
  EXPECT_EQ(resolved({{"SWF_DOMAIN", "env-domain"}}, {.domain = "flag-domain"}).domain, "flag-domain");
  EXPECT_EQ(resolved({{"SWF_DOMAIN", "env-domain"}}).domain, "env-domain");
  EXPECT_EQ(resolved({}).domain, std::nullopt);
}

TEST_F(ConfigTest, ADomainThatSwfWouldRefuseIsAnError) {
  EXPECT_THAT(error({{"SWF_DOMAIN", "prod/eu"}}), AllOf(HasSubstr("SWF_DOMAIN must be a name that SWF takes"),
                                                       HasSubstr("got \"prod/eu\": it contains '/'")));
  // --domain wins: the variable is not used (commands still check it when they start).
  EXPECT_EQ(resolved({{"SWF_DOMAIN", "prod/eu"}}, {.domain = "prod"}).domain, "prod");
}

TEST_F(ConfigTest, ConnectionRetries) {
  EXPECT_EQ(resolved({}).client.max_retries, 5);
  EXPECT_EQ(resolved({{"SWF_CONNECTION_RETRIES", "3"}}).client.max_retries, 3);
  EXPECT_EQ(resolved({{"SWF_CONNECTION_RETRIES", "0"}}).client.max_retries, 0);
  for (const char* bad : {"abc", "-1", "3x", "1.5", "101", "99999999999999999999"}) {
    SCOPED_TRACE(bad);
    EXPECT_THAT(error({{"SWF_CONNECTION_RETRIES", bad}}),
                AllOf(HasSubstr("SWF_CONNECTION_RETRIES"), HasSubstr(std::string("\"") + bad + "\"")));
  }
}

TEST_F(ConfigTest, DefaultsOfTheClientConfig) {
  auto config = resolved({}, {.endpoint_url = "http://127.0.0.1:9"});
  EXPECT_EQ(config.client.clock, nullptr);
  EXPECT_GT(config.client.poll_timeout, 60);  // SWF holds a long poll up to 60 s
  EXPECT_GT(config.client.call_timeout, 0);
  EXPECT_GT(config.client.connect_timeout, 0);
}

// ---- make_client ------------------------------------------------------------

TEST(MakeClientTest, EmbeddedSaysHowToConfigure) {
  ClientConfig config;
  config.backend = Backend::kEmbedded;
  auto client = make_client(config);
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), StatusCode::kInvalidArgument);
  const std::string& message = client.status().message();
  EXPECT_THAT(message, AllOf(HasSubstr("--endpoint-url"), HasSubstr("AWS_ENDPOINT_URL_SWF")));
  EXPECT_THAT(message, AllOf(HasSubstr("--region"), HasSubstr("AWS_REGION")));
  EXPECT_THAT(message, AllOf(HasSubstr("AWS_ACCESS_KEY_ID"), HasSubstr("AWS_SECRET_ACCESS_KEY")));

  // Only what is missing is explained.
  config.region = "eu-west-1";
  client = make_client(config);
  ASSERT_FALSE(client.ok());
  EXPECT_THAT(client.status().message(), AllOf(HasSubstr("AWS_ACCESS_KEY_ID"), Not(HasSubstr("AWS_REGION"))));
}

TEST(MakeClientTest, AmazonSwfNeedsCredentialsAndRegion) {
  ClientConfig config;
  config.backend = Backend::kAws;
  config.endpoint = "https://swf.eu-west-1.amazonaws.com";
  config.region = "eu-west-1";
  auto client = make_client(config);
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(client.status().message(),
              AllOf(HasSubstr("credentials"), HasSubstr("AWS_ACCESS_KEY_ID"), HasSubstr("AWS_PROFILE")));

  config.credentials = Credentials{"AKID", "SECRET", "", "test"};
  config.region = "";
  client = make_client(config);
  ASSERT_FALSE(client.ok());
  EXPECT_THAT(client.status().message(), AllOf(HasSubstr("region"), HasSubstr("AWS_REGION")));

  config.region = "eu-west-1";
  client = make_client(config);
  ASSERT_TRUE(client.ok()) << client.status().message();
  EXPECT_EQ((*client)->endpoint(), "https://swf.eu-west-1.amazonaws.com");
}

TEST(MakeClientTest, ConfiguredEndpoint) {
  ClientConfig config;
  config.backend = Backend::kEndpoint;
  config.endpoint = "http://127.0.0.1:4000";
  auto client = make_client(config);  // unsigned: fine for a configured endpoint
  ASSERT_TRUE(client.ok()) << client.status().message();
  EXPECT_EQ((*client)->endpoint(), "http://127.0.0.1:4000");

  config.endpoint = "127.0.0.1:4000";
  EXPECT_FALSE(make_client(config).ok());

  config.endpoint = "http://127.0.0.1:4000";
  config.credentials = Credentials{"AKID", "SECRET", "", "test"};
  client = make_client(config);  // signing needs a region
  ASSERT_FALSE(client.ok());
  EXPECT_THAT(client.status().message(), HasSubstr("region"));

  config.region = "us-east-1";
  config.max_retries = -1;
  EXPECT_FALSE(make_client(config).ok());
}

TEST_F(ConfigTest, ResolvedConfigMakesAClient) {
  auto config = resolved({{"AWS_ENDPOINT_URL_SWF", "http://127.0.0.1:4000"}});
  auto client = make_client(config.client);
  ASSERT_TRUE(client.ok()) << client.status().message();
  EXPECT_EQ((*client)->endpoint(), "http://127.0.0.1:4000");

  auto embedded = make_client(resolved({}).client);
  EXPECT_FALSE(embedded.ok());
}

}  // namespace
}  // namespace simpleflow::swf
