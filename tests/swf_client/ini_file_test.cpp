// parse_ini / read_ini_file: the configparser dialect of ~/.aws/config,
// ~/.aws/credentials and ~/.swf.
#include "swf_client/ini_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "swf_client/swf_client_test_support.hpp"

namespace simpleflow::swf::internal {
namespace {

using ::testing::HasSubstr;
using swf::testing::TempDir;

IniFile parse_ok(const std::string& text) {
  auto parsed = parse_ini(text, "test.ini");
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? *parsed : IniFile{};
}

TEST(IniFileTest, SectionsAndBothSeparators) {
  IniFile file = parse_ok(
      "[default]\n"
      "region = eu-west-1\n"
      "output: json\n"
      "[profile dev]\n"
      "region=us-east-2\n");
  EXPECT_EQ(file.get("default", "region"), "eu-west-1");
  EXPECT_EQ(file.get("default", "output"), "json");
  EXPECT_EQ(file.get("profile dev", "region"), "us-east-2");
  EXPECT_TRUE(file.has_section("profile dev"));
  EXPECT_FALSE(file.has_section("dev"));
  EXPECT_EQ(file.get("profile dev", "output"), std::nullopt);
  EXPECT_EQ(file.get("missing", "region"), std::nullopt);
  EXPECT_EQ(file.sections.size(), 2u);
}

TEST(IniFileTest, KeysLowerCasedValuesTrimmedAndKeptVerbatim) {
  IniFile file = parse_ok(
      "[credentials]\n"
      "  \n"
      "AWS_Access_Key_ID   =   AKIDEXAMPLE   \n"
      "aws_secret_access_key = wJalr/K7MDENG+bPxRfiCY=EXAMPLEKEY\n"
      "endpoint_url = http://localhost:4000/a:b\n"
      "empty =\n");
  EXPECT_EQ(file.get("credentials", "aws_access_key_id"), "AKIDEXAMPLE");
  // Only the first separator splits: '=' and ':' in values are kept.
  EXPECT_EQ(file.get("credentials", "aws_secret_access_key"), "wJalr/K7MDENG+bPxRfiCY=EXAMPLEKEY");
  EXPECT_EQ(file.get("credentials", "endpoint_url"), "http://localhost:4000/a:b");
  EXPECT_EQ(file.get("credentials", "empty"), "");
}

TEST(IniFileTest, CommentsAndBlankLinesIgnored) {
  IniFile file = parse_ok(
      "# a comment\n"
      "; another\n"
      "\n"
      "[default]\n"
      "   # indented comment\n"
      "region = eu-west-1 # not an inline comment\n");
  EXPECT_EQ(file.get("default", "region"), "eu-west-1 # not an inline comment");
  EXPECT_EQ(file.sections.size(), 1u);
}

TEST(IniFileTest, CrlfLineEndings) {
  IniFile file = parse_ok("[default]\r\nregion = eu-west-1\r\naws_access_key_id = AKID\r\n");
  EXPECT_EQ(file.get("default", "region"), "eu-west-1");
  EXPECT_EQ(file.get("default", "aws_access_key_id"), "AKID");
}

TEST(IniFileTest, LastLineWithoutNewline) {
  IniFile file = parse_ok("[default]\nregion = eu-west-1");
  EXPECT_EQ(file.get("default", "region"), "eu-west-1");
}

TEST(IniFileTest, IndentedNestedValuesIgnored) {
  // botocore's nested sections: simpleflow reads none of them, but they
  // must not break the file nor leak in as keys.
  IniFile file = parse_ok(
      "[default]\n"
      "s3 =\n"
      "    addressing_style = path\n"
      "    max_concurrent_requests = 10\n"
      "region = eu-west-1\n");
  EXPECT_EQ(file.get("default", "s3"), "");
  EXPECT_EQ(file.get("default", "addressing_style"), std::nullopt);
  EXPECT_EQ(file.get("default", "max_concurrent_requests"), std::nullopt);
  EXPECT_EQ(file.get("default", "region"), "eu-west-1");
}

TEST(IniFileTest, LongSessionTokenKeptWhole) {
  std::string token;
  for (int i = 0; token.size() < 2000; ++i) token += "FwoGZXIvYXdzE" + std::to_string(i) + "/+=";
  token.resize(2000);
  IniFile file = parse_ok("[default]\naws_session_token = " + token + "\nregion = eu-west-1\n");
  ASSERT_TRUE(file.get("default", "aws_session_token"));
  EXPECT_EQ(file.get("default", "aws_session_token")->size(), 2000u);
  EXPECT_EQ(file.get("default", "aws_session_token"), token);
  EXPECT_EQ(file.get("default", "region"), "eu-west-1");
}

TEST(IniFileTest, RepeatedSectionMergesLaterValueWins) {
  IniFile file = parse_ok("[a]\nx = 1\ny = 2\n[b]\n[a]\nx = 3\n");
  EXPECT_EQ(file.get("a", "x"), "3");
  EXPECT_EQ(file.get("a", "y"), "2");
  EXPECT_TRUE(file.has_section("b"));
}

TEST(IniFileTest, EmptyTextIsAnEmptyFile) {
  IniFile file = parse_ok("");
  EXPECT_TRUE(file.sections.empty());
}

struct Malformed {
  const char* text;
  int line;
  const char* says;
};

class IniFileMalformedTest : public ::testing::TestWithParam<Malformed> {};

TEST_P(IniFileMalformedTest, ErrorNamesFileAndLine) {
  auto parsed = parse_ini(GetParam().text, "~/.aws/config");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(parsed.status().message(), HasSubstr("~/.aws/config line " + std::to_string(GetParam().line) + ": "));
  EXPECT_THAT(parsed.status().message(), HasSubstr(GetParam().says));
}

INSTANTIATE_TEST_SUITE_P(
    Lines, IniFileMalformedTest,
    ::testing::Values(Malformed{"[default]\nregion eu-west-1\n", 2, "region eu-west-1"},  // no separator
                      Malformed{"# c\n\n[default\nregion = x\n", 3, "']'"},               // unclosed header
                      Malformed{"region = eu-west-1\n", 1, "before any [section]"},
                      Malformed{"[default]\n= value\n", 2, "key = value"},  // no key
                      Malformed{"  indented = first\n[default]\n", 1, "indented"},
                      Malformed{"[default]\n  indented\n", 2, "indented"},
                      Malformed{"[a]\r\nx = 1\r\nnonsense\r\n", 3, "nonsense"}));

TEST(IniFileTest, ReadFileParsesIt) {
  TempDir dir;
  std::string path = dir.write("config", "[default]\nregion = ap-south-1\n");
  auto read = read_ini_file(path);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_TRUE(read->has_value());
  EXPECT_EQ((*read)->get("default", "region"), "ap-south-1");
}

TEST(IniFileTest, MissingFileIsNullopt) {
  TempDir dir;
  auto read = read_ini_file(dir.str() + "/no-such-file");
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_FALSE(read->has_value());
  // A missing directory too.
  read = read_ini_file(dir.str() + "/no-such-dir/config");
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_FALSE(read->has_value());
}

TEST(IniFileTest, MalformedFileErrorNamesPathAndLine) {
  TempDir dir;
  std::string path = dir.write("credentials", "[default]\naws_access_key_id = AKID\nthis is wrong\n");
  auto read = read_ini_file(path);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr(path + " line 3: "));
}

// "an error when it cannot be read": a directory where the file should be
// cannot. Today read_ini_file reads it as an empty file.
TEST(IniFileTest, DirectoryIsAnError) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "config");
  auto read = read_ini_file((dir.path() / "config").string());
  ASSERT_FALSE(read.ok()) << "a directory read as an empty INI file";
  EXPECT_THAT(read.status().message(), HasSubstr((dir.path() / "config").string()));
}

}  // namespace
}  // namespace simpleflow::swf::internal
