// Runs every conformance case of cases/: a JSON file with an SWF decision task
// (history in) and the decisions that Python simpleflow answers (out). Format:
//
//   {"description": "...", "workflow": "tests.conformance.InputWorkflow",
//    "options": {"max_decisions": 10, ...},             // optional ReplayOptions
//    "task": {...PollForDecisionTask response...},
//    "expect": {...Decisions::to_json()...}}             // or:
//    "expect_error": {"code": "InvalidArgument", "contains": ["..."]}
//
// Each file is one test, named after the file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "simpleflow/replay.hpp"
#include "simpleflow/simpleflow.hpp"

namespace sftest::conformance {
namespace {

namespace fs = std::filesystem;
using simpleflow::Json;

const fs::path kCasesDir = SIMPLEFLOW_CONFORMANCE_CASES_DIR;

// The case files' names (ctest shows the parameter after the test's name).
std::vector<std::string> case_files() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(kCasesDir))
    if (entry.path().extension() == ".json") out.push_back(entry.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string case_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

const char* code_name(simpleflow::StatusCode code) {
  switch (code) {
    case simpleflow::StatusCode::kOk: return "Ok";
    case simpleflow::StatusCode::kInvalidArgument: return "InvalidArgument";
    case simpleflow::StatusCode::kNotFound: return "NotFound";
    case simpleflow::StatusCode::kAlreadyExists: return "AlreadyExists";
    case simpleflow::StatusCode::kFailedPrecondition: return "FailedPrecondition";
    case simpleflow::StatusCode::kInternal: return "Internal";
    case simpleflow::StatusCode::kUnavailable: return "Unavailable";
    case simpleflow::StatusCode::kOutOfRange: return "OutOfRange";
  }
  return "?";
}

simpleflow::ReplayOptions read_options(const Json& json) {
  simpleflow::ReplayOptions options;
  for (const auto& [key, value] : json.items()) {
    if (key == "max_decisions") options.max_decisions = value.get<std::size_t>();
    else if (key == "max_request_size") options.max_request_size = value.get<std::size_t>();
    else if (key == "max_open_activity_count") options.max_open_activity_count = value.get<int>();
    else ADD_FAILURE() << "unknown option " << key;
  }
  return options;
}

class ConformanceCase : public ::testing::TestWithParam<std::string> {};

TEST_P(ConformanceCase, Replays) {
  std::ifstream file(kCasesDir / GetParam());
  ASSERT_TRUE(file) << "cannot read " << GetParam();
  Json spec = Json::parse(file);
  for (const auto& [key, value] : spec.items()) {
    static const std::vector<std::string> known = {"description", "workflow", "options", "task", "expect",
                                                   "expect_error"};
    ASSERT_NE(std::find(known.begin(), known.end(), key), known.end()) << "unknown key " << key;
  }
  ASSERT_TRUE(spec.contains("description") && spec.contains("workflow") && spec.contains("task"));
  ASSERT_NE(spec.contains("expect"), spec.contains("expect_error")) << "give expect or expect_error";
  SCOPED_TRACE(spec["description"].get<std::string>());

  const auto* def = simpleflow::Registry::global().find_workflow(spec["workflow"].get<std::string>());
  ASSERT_NE(def, nullptr) << "no workflow " << spec["workflow"];
  auto options = read_options(spec.value("options", Json::object()));

  simpleflow::Status status;
  Json actual;
  auto task = simpleflow::DecisionTask::from_json(spec["task"]);
  if (task.ok()) {
    auto decisions = simpleflow::replay(*def, *task, options);
    if (decisions.ok()) actual = decisions->to_json();
    else status = decisions.status();
  } else {
    status = task.status();
  }

  if (spec.contains("expect")) {
    ASSERT_TRUE(status.ok()) << code_name(status.code()) << ": " << status.message();
    const Json& expected = spec["expect"];
    EXPECT_TRUE(actual == expected) << "expected:\n"
                                    << expected.dump(2) << "\nactual:\n"
                                    << actual.dump(2) << "\ndifference (JSON patch from expected):\n"
                                    << Json::diff(expected, actual).dump(2);
  } else {
    const Json& error = spec["expect_error"];
    ASSERT_FALSE(status.ok()) << "expected an error, got:\n" << actual.dump(2);
    EXPECT_EQ(code_name(status.code()), error.at("code").get<std::string>()) << status.message();
    for (const auto& part : error.value("contains", Json::array()))
      EXPECT_THAT(status.message(), ::testing::HasSubstr(part.get<std::string>()));
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ConformanceCase, ::testing::ValuesIn(case_files()), case_name);

TEST(ConformanceRegistry, HasNoErrors) {
  EXPECT_THAT(simpleflow::Registry::global().errors(), ::testing::IsEmpty());
}

}  // namespace
}  // namespace sftest::conformance
