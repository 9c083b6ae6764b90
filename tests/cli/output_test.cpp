#include "cli/output.hpp"

#include <gtest/gtest.h>

namespace simpleflow::cli {
namespace {

Table sample() {
  return Table{{"name", "time", "note"}, {{"a", 1.5, "x,y"}, {"bb", 12, "say \"hi\""}}};
}

TEST(OutputTest, Tabular) {
  EXPECT_EQ(render(sample(), Format::kTabular, false), "a   1.50  x,y\nbb  12    say \"hi\"\n");
  EXPECT_EQ(render(sample(), Format::kTabular, true),
            "name  time  note\na     1.50  x,y\nbb    12    say \"hi\"\n");
}

TEST(OutputTest, CsvQuotesAndTsv) {
  EXPECT_EQ(render(sample(), Format::kCsv, true), "name,time,note\na,1.50,\"x,y\"\nbb,12,\"say \"\"hi\"\"\"\n");
  EXPECT_EQ(render(sample(), Format::kTsv, false), "a\t1.50\tx,y\nbb\t12\tsay \"hi\"\n");
}

TEST(OutputTest, Json) {
  EXPECT_EQ(render(sample(), Format::kJson, false), "[[\"a\",1.5,\"x,y\"],[\"bb\",12,\"say \\\"hi\\\"\"]]\n");
  EXPECT_EQ(render(sample(), Format::kJson, true),
            "[{\"name\":\"a\",\"note\":\"x,y\",\"time\":1.5},{\"name\":\"bb\",\"note\":\"say \\\"hi\\\"\",\"time\":12}]\n");
  EXPECT_EQ(Json::parse(render(sample(), Format::kPrettyJson, false))[1]["name"], "bb");
}

TEST(OutputTest, HumanShowsTheFirstRowLabelled) {
  EXPECT_EQ(render(sample(), Format::kHuman, false), "name  a\ntime  1.50\nnote  x,y\n");
  EXPECT_EQ(render(Table{{"a"}, {}}, Format::kHuman, false), "");
}

TEST(OutputTest, ParseFormat) {
  EXPECT_EQ(*parse_format("prettyjson"), Format::kPrettyJson);
  EXPECT_FALSE(parse_format("JSON").ok());
}

}  // namespace
}  // namespace simpleflow::cli
