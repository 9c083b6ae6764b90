// Markers in the local executor: record_marker, list_markers, get_event_details.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "local/local_test_support.hpp"
#include "simpleflow/simpleflow.hpp"

namespace sftest::local_markers {

using simpleflow::Json;
using ::testing::HasSubstr;

Json to_json(const std::vector<simpleflow::Marker>& markers) {
  Json out = Json::array();
  for (const auto& m : markers) out.push_back(Json{{"name", m.name}, {"details", m.details}});
  return out;
}

class MarkersWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Json out{{"before", to_json(list_markers(true))}};
    auto first = submit(record_marker("step", Json{{"n", 1}}));
    submit(record_marker("flag"));
    submit(record_marker("step", Json{{"n", 2}}));
    out["first_result"] = first.result();
    out["first_finished"] = first.finished();
    out["last"] = to_json(list_markers(false));
    out["all"] = to_json(list_markers(true));
    out["details"] = get_event_details("marker", "step");
    out["missing"] = get_event_details("marker", "unknown");
    try {
      get_event_details("bogus", "step");
      out["bogus"] = "no exception";
    } catch (const std::invalid_argument& e) {
      out["bogus"] = e.what();
    }
    return out;
  }
};

}  // namespace sftest::local_markers

SIMPLEFLOW_WORKFLOW(sftest::local_markers::MarkersWorkflow);

namespace sftest::local_markers {
namespace {

class LocalMarkersTest : public LocalTest {
 protected:
  void SetUp() override { result_ = Run<MarkersWorkflow>(); }
  Json result_;
};

TEST_F(LocalMarkersTest, RecordMarkerFinishesWithItsDetails) {
  EXPECT_EQ(result_["before"], Json::array());
  EXPECT_EQ(result_["first_finished"], true);
  EXPECT_EQ(result_["first_result"], (Json{{"n", 1}}));
}

TEST_F(LocalMarkersTest, ListMarkersKeepsTheLastOfEachName) {
  EXPECT_EQ(result_["last"], Json::parse(R"([{"name":"step","details":{"n":2}},
                                             {"name":"flag","details":null}])"));
}

TEST_F(LocalMarkersTest, ListMarkersAllKeepsEveryMarker) {
  EXPECT_EQ(result_["all"], Json::parse(R"([{"name":"step","details":{"n":1}},
                                            {"name":"flag","details":null},
                                            {"name":"step","details":{"n":2}}])"));
}

TEST_F(LocalMarkersTest, GetEventDetailsGivesTheLastMarker) {
  EXPECT_EQ(result_["details"]["name"], "step");
  EXPECT_EQ(result_["details"]["details"], (Json{{"n", 2}}));
  EXPECT_TRUE(result_["missing"].is_null());
}

TEST_F(LocalMarkersTest, GetEventDetailsOfAnUnknownKindThrowsInvalidArgument) {
  EXPECT_THAT(result_["bogus"].get<std::string>(), HasSubstr("bogus"));
}

TEST_F(LocalMarkersTest, MarkersAreRecordedInTheHistory) {
  auto recorded = event_attributes(history(), "MarkerRecorded");
  ASSERT_EQ(recorded.size(), 3u);
  EXPECT_EQ(recorded[0]["markerName"], "step");
  EXPECT_EQ(recorded[0]["details"], R"({"n":1})");
  EXPECT_EQ(recorded[1]["markerName"], "flag");
  EXPECT_FALSE(recorded[1].contains("details"));
  EXPECT_EQ(result_["details"]["event_id"], history().filter("MarkerRecorded")[2]["eventId"]);
}

}  // namespace
}  // namespace sftest::local_markers
