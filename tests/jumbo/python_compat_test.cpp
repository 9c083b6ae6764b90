// Jumbo fields between this project and Python simpleflow, through a real S3
// (moto, with authentication): a signature this project writes is read by
// Python's rules (tests/jumbo/python_format.py, boto3), and a signature and
// object made by Python's rules are read here. Characters beyond ASCII check
// that both count lengths in characters and store UTF-8.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "simpleflow/jumbo_fields.hpp"
#include "simpleflow/json.hpp"
#include "support/command.hpp"
#include "support/s3_servers.hpp"
#include "support/scoped_variable.hpp"

namespace simpleflow {
namespace {

using ::testing::MatchesRegex;
using testing::CommandOptions;
using testing::ScopedVariable;

constexpr const char* kBucket = "python-compat";

class PythonCompatTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = testing::start_moto_s3(kBucket).release(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    for (const auto& [name, value] : server_->environment()) variables_.emplace_back(std::make_unique<ScopedVariable>(name.c_str(), value));
    set_blob_store_opener(nullptr);  // S3 stores opened afresh, from these variables
  }
  void TearDown() override { set_blob_store_opener(nullptr); }

  // python_format.py with the server's endpoint and key.
  testing::CommandResult python(const std::vector<std::string>& args, const std::string& stdin_text = "") {
    std::vector<std::string> argv{testing::python3(), testing::test_script("tests/jumbo/python_format.py")};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandOptions options{.env = server_->environment(), .stdin_text = stdin_text};
    return testing::run_command(argv, options);
  }

  static testing::S3Server* server_;
  std::vector<std::unique_ptr<ScopedVariable>> variables_;
};

testing::S3Server* PythonCompatTest::server_ = nullptr;

// 40,000 characters of JSON, with escapes as Python's json.dumps writes them,
// and a raw text with two-byte characters.
const std::string kJsonText = dumps(Json{{"payload", std::string(40000, 'p')}, {"name", "caf\xc3\xa9"}});
const std::string kRawText = std::string(20000, 'x') + std::string("\xc3\xa9\xe2\x82\xac") + std::string(20000, 'y');

TEST_F(PythonCompatTest, PythonReadsTheSignaturesThisProjectWrites) {
  ScopedVariable bucket("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", std::string(kBucket) + "/from/cpp");
  for (const std::string& text : {kJsonText, kRawText}) {
    auto signature = encode_field(text, 32768);
    ASSERT_TRUE(signature.ok()) << signature.status().message();
    EXPECT_THAT(*signature, MatchesRegex("simpleflow\\+s3://python-compat/from/cpp/[0-9a-f-]{36} [0-9]+"));
    auto r = python({"read", *signature});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Json read = Json::parse(r.out);
    EXPECT_EQ(read["text"].get<std::string>(), text);
    // Python's len() of the text is the signature's second word.
    EXPECT_EQ(read["size_word"].get<std::string>(), std::to_string(read["length"].get<long long>()));
  }
  EXPECT_NE(kRawText.size(), 40002u);  // bytes are not characters here
}

TEST_F(PythonCompatTest, ThisProjectReadsTheSignaturesPythonWrites) {
  for (const std::string& text : {kJsonText, kRawText}) {
    auto r = python({"write", std::string(kBucket) + "/from/python/"}, text);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string signature = r.out.substr(0, r.out.find('\n'));
    EXPECT_THAT(signature, MatchesRegex("simpleflow\\+s3://python-compat/from/python/[0-9a-f-]{36} [0-9]+"));
    ASSERT_TRUE(is_jumbo_field(signature));
    auto decoded = decode_field(signature);
    ASSERT_TRUE(decoded.ok()) << decoded.status().message();
    EXPECT_EQ(*decoded, text);
  }
}

TEST_F(PythonCompatTest, AHandMadeSignatureOfAMissingObjectIsAClearError) {
  auto decoded = decode_field("simpleflow+s3://python-compat/none/5d7191af-0000-4000-8000-cdd39a31ba61 12");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(decoded.status().message(), ::testing::HasSubstr("simpleflow+s3://python-compat/none/"));
}

}  // namespace
}  // namespace simpleflow
