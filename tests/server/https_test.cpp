// `simpleflow server --tls-cert --tls-key`: HTTPS on the server's one port,
// verified by clients against a test CA (the project's client, through
// AWS_CA_BUNDLE as AWS tools read it); plain HTTP to it gets a clear answer,
// and a certificate that does not fit is refused at start.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>

#include "simpleflow/swf/client.hpp"
#include "simpleflow/swf/config.hpp"
#include "support/command.hpp"
#include "support/python_server.hpp"
#include "support/raw_http.hpp"
#include "support/test_certificates.hpp"
#include "support/test_directory.hpp"

namespace simpleflow::server {
namespace {

using testing::ChildServer;

class HttpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_directory("https");
    certificates_ = testing::make_test_certificates((dir_ / "tls").string());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> command(const std::string& certificate, const std::string& key) {
    return {testing::simpleflow_binary(), "server",    "--listen",  "127.0.0.1:0", "--data-dir", (dir_ / "data").string(),
            "--tls-cert",                 certificate, "--tls-key", key};
  }
  static std::string https(const ChildServer& server) { return "https://127.0.0.1:" + std::to_string(server.port()); }

  std::filesystem::path dir_;
  testing::TestCertificates certificates_;
};

TEST_F(HttpsTest, ClientsThatTrustTheCaTalkToIt) {
  ChildServer server(command(certificates_.certificate, certificates_.key));
  auto trusting = swf::make_client({.endpoint = https(server), .max_retries = 0, .ca_bundle = certificates_.ca}).value();
  auto registered = trusting->call("RegisterDomain", {{"name", "d"}, {"workflowExecutionRetentionPeriodInDays", "1"}});
  ASSERT_TRUE(registered.ok()) << registered.error().describe();
  auto described = trusting->call("DescribeDomain", {{"name", "d"}});
  ASSERT_TRUE(described.ok()) << described.error().describe();
  EXPECT_EQ((*described)["domainInfo"]["name"], "d");

  // Without the CA, the certificate is not trusted.
  auto doubting = swf::make_client({.endpoint = https(server), .max_retries = 0}).value();
  auto refused = doubting->call("DescribeDomain", {{"name", "d"}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, swf::ErrorKind::kNetwork) << refused.error().describe();
}

TEST_F(HttpsTest, TheCommandLineReadsAwsCaBundle) {
  ChildServer server(command(certificates_.certificate, certificates_.key));
  auto client = swf::make_client({.endpoint = https(server), .max_retries = 0, .ca_bundle = certificates_.ca}).value();
  ASSERT_TRUE(client->call("RegisterDomain", {{"name", "d"}, {"workflowExecutionRetentionPeriodInDays", "1"}}).ok());
  auto listed = testing::simpleflow({"workflow.list", "d", "--endpoint-url", https(server)},
                                    {.env = {{"AWS_CA_BUNDLE", certificates_.ca}}});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  auto missing = testing::simpleflow({"workflow.list", "d", "--endpoint-url", https(server)},
                                     {.env = {{"AWS_CA_BUNDLE", (dir_ / "no-such.pem").string()}}});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_NE(missing.err.find("AWS_CA_BUNDLE"), std::string::npos) << missing.err;
  auto directory = testing::simpleflow({"workflow.list", "d", "--endpoint-url", https(server)},
                                       {.env = {{"AWS_CA_BUNDLE", dir_.string()}}});
  EXPECT_EQ(directory.exit_code, 2) << directory.err;
  EXPECT_NE(directory.err.find("not a file"), std::string::npos) << directory.err;
}

TEST_F(HttpsTest, PlainHttpToTheTlsPortGetsAClearAnswer) {
  ChildServer server(command(certificates_.certificate, certificates_.key));
  testing::RawConnection plain(server.port());
  plain.send(testing::swf_request("ListDomains", R"({"registrationStatus":"REGISTERED"})"));
  auto answer = plain.read_response();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 400);
  EXPECT_NE(answer->body.find("speaks HTTPS only"), std::string::npos) << answer->body;
  EXPECT_TRUE(plain.closed_by_server());
}

TEST_F(HttpsTest, ACertificateThatDoesNotFitIsRefusedAtStart) {
  testing::TestCertificates other = testing::make_test_certificates((dir_ / "other").string());
  auto mismatched = testing::run_command(command(certificates_.certificate, other.key));
  EXPECT_EQ(mismatched.exit_code, 2);
  EXPECT_NE(mismatched.err.find("is not the key of the certificate"), std::string::npos) << mismatched.err;

  std::string encrypted_key = (dir_ / "encrypted.key").string();
  auto encrypted = testing::run_command(
      {"openssl", "pkey", "-in", certificates_.key, "-aes256", "-passout", "pass:secret", "-out", encrypted_key});
  ASSERT_EQ(encrypted.exit_code, 0) << encrypted.err;
  auto with_passphrase = testing::run_command(command(certificates_.certificate, encrypted_key));
  EXPECT_EQ(with_passphrase.exit_code, 2);
  EXPECT_NE(with_passphrase.err.find("is encrypted"), std::string::npos) << with_passphrase.err;

  auto not_pem = testing::run_command(command(certificates_.ca + ".missing", certificates_.key));
  EXPECT_EQ(not_pem.exit_code, 2);
  EXPECT_NE(not_pem.err.find("--tls-cert"), std::string::npos) << not_pem.err;

  std::vector<std::string> alone{testing::simpleflow_binary(), "server", "--listen", "127.0.0.1:0", "--data-dir",
                                 (dir_ / "data").string(), "--tls-cert", certificates_.certificate};
  auto without_key = testing::run_command(alone);
  EXPECT_EQ(without_key.exit_code, 2);
  EXPECT_NE(without_key.err.find("TLS needs both a certificate (--tls-cert) and its private key (--tls-key)"),
            std::string::npos)
      << without_key.err;
}

}  // namespace
}  // namespace simpleflow::server
