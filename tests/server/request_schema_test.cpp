// The server's request validator accepts what Amazon SWF accepts and refuses
// the rest with AWS's error type and wording. The hand-written table it uses
// is also compared with botocore's model of SWF (model_shapes.py), member by
// member, through the validator's answers to generated requests.
#include "server/request_schema.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "support/command.hpp"
#include "support/python_server.hpp"

namespace simpleflow::server::internal {

// Failures show the error, not its bytes.
void PrintTo(const SchemaError& error, std::ostream* os) { *os << error.type << ": " << error.message; }

namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// A smallest valid request of each operation.
const std::map<std::string, json>& minimal_requests() {
  static const std::map<std::string, json> all = [] {
    json type = {{"name", "t"}, {"version", "1"}};
    json execution = {{"workflowId", "w"}, {"runId", "r"}};
    json since = {{"oldestDate", 0}};
    std::map<std::string, json> r;
    r["CountClosedWorkflowExecutions"] = {{"domain", "d"}};
    r["CountOpenWorkflowExecutions"] = {{"domain", "d"}, {"startTimeFilter", since}};
    r["CountPendingActivityTasks"] = {{"domain", "d"}, {"taskList", {{"name", "l"}}}};
    r["CountPendingDecisionTasks"] = {{"domain", "d"}, {"taskList", {{"name", "l"}}}};
    for (const char* verb : {"Delete", "Deprecate", "Describe", "Undeprecate"}) {
      r[std::string(verb) + "ActivityType"] = {{"domain", "d"}, {"activityType", type}};
      r[std::string(verb) + "WorkflowType"] = {{"domain", "d"}, {"workflowType", type}};
    }
    r["DeprecateDomain"] = r["DescribeDomain"] = r["UndeprecateDomain"] = {{"name", "d"}};
    r["DescribeWorkflowExecution"] = {{"domain", "d"}, {"execution", execution}};
    r["GetWorkflowExecutionHistory"] = {{"domain", "d"}, {"execution", execution}};
    r["ListActivityTypes"] = {{"domain", "d"}, {"registrationStatus", "REGISTERED"}};
    r["ListWorkflowTypes"] = {{"domain", "d"}, {"registrationStatus", "DEPRECATED"}};
    r["ListClosedWorkflowExecutions"] = {{"domain", "d"}};
    r["ListOpenWorkflowExecutions"] = {{"domain", "d"}, {"startTimeFilter", since}};
    r["ListDomains"] = {{"registrationStatus", "REGISTERED"}};
    r["ListTagsForResource"] = {{"resourceArn", "arn:aws:swf:us-east-1:123456789012:/domain/d"}};
    r["PollForActivityTask"] = {{"domain", "d"}, {"taskList", {{"name", "l"}}}};
    r["PollForDecisionTask"] = {{"domain", "d"}, {"taskList", {{"name", "l"}}}};
    r["RecordActivityTaskHeartbeat"] = {{"taskToken", "tok"}};
    r["RegisterActivityType"] = {{"domain", "d"}, {"name", "a"}, {"version", "1"}};
    r["RegisterWorkflowType"] = {{"domain", "d"}, {"name", "w"}, {"version", "1"}};
    r["RegisterDomain"] = {{"name", "d"}, {"workflowExecutionRetentionPeriodInDays", "1"}};
    r["RequestCancelWorkflowExecution"] = {{"domain", "d"}, {"workflowId", "w"}};
    r["RespondActivityTaskCanceled"] = {{"taskToken", "tok"}};
    r["RespondActivityTaskCompleted"] = {{"taskToken", "tok"}};
    r["RespondActivityTaskFailed"] = {{"taskToken", "tok"}};
    r["RespondDecisionTaskCompleted"] = {{"taskToken", "tok"}};
    r["SignalWorkflowExecution"] = {{"domain", "d"}, {"workflowId", "w"}, {"signalName", "s"}};
    r["StartWorkflowExecution"] = {{"domain", "d"}, {"workflowId", "w"}, {"workflowType", type}};
    r["TagResource"] = {{"resourceArn", "arn:x"}, {"tags", json::array()}};
    r["TerminateWorkflowExecution"] = {{"domain", "d"}, {"workflowId", "w"}};
    r["UntagResource"] = {{"resourceArn", "arn:x"}, {"tagKeys", json::array()}};
    return r;
  }();
  return all;
}

// The request of `operation` with `changes` merged in (RFC 7386: null removes).
json request(const std::string& operation, const json& changes = json::object()) {
  json body = minimal_requests().at(operation);
  body.merge_patch(changes);
  return body;
}

// The message of the ValidationException `body` gets; "" when it passes or gets another error.
std::string validation_error(const std::string& operation, const json& body) {
  auto error = validate_request(operation, body);
  if (!error) return "";
  EXPECT_EQ(error->type, "ValidationException") << error->message;
  return error->message;
}

std::string one(const std::string& path, const std::string& value, const std::string& constraint) {
  return "1 validation error detected: Value " + value + " at '" + path + "' failed to satisfy constraint: " + constraint;
}

TEST(RequestSchemaTest, KnowsTheThirtyNineOperations) {
  const auto& ops = known_operations();
  EXPECT_EQ(ops.size(), 39u);
  EXPECT_TRUE(std::is_sorted(ops.begin(), ops.end()));
  for (const auto& [op, body] : minimal_requests()) EXPECT_TRUE(is_known_operation(op)) << op;
  EXPECT_EQ(minimal_requests().size(), 39u);
  EXPECT_FALSE(is_known_operation("startWorkflowExecution"));
  EXPECT_FALSE(is_known_operation("StartWorkflowExecutionInput"));
  EXPECT_FALSE(is_known_operation(""));
  EXPECT_THROW(validate_request("CreateQueue", json::object()), std::invalid_argument);
}

TEST(RequestSchemaTest, MinimalRequestsPass) {
  for (const auto& [op, body] : minimal_requests()) EXPECT_EQ(validate_request(op, body), std::nullopt) << op;
}

TEST(RequestSchemaTest, UnknownMembersAreIgnored) {
  EXPECT_EQ(validate_request("ListDomains", request("ListDomains", {{"foo", {1, "x"}}, {"Domain", 3}})), std::nullopt);
}

TEST(RequestSchemaTest, MissingRequiredMember) {
  EXPECT_EQ(validation_error("StartWorkflowExecution", request("StartWorkflowExecution", {{"domain", nullptr}})),
            one("domain", "null", "Member must not be null"));
  EXPECT_EQ(validation_error("StartWorkflowExecution",
                             request("StartWorkflowExecution", {{"workflowType", {{"version", nullptr}}}})),
            one("workflowType.version", "null", "Member must not be null"));
}

TEST(RequestSchemaTest, NullCountsAsAbsent) {
  json body = request("StartWorkflowExecution");
  body["domain"] = nullptr;
  body["input"] = nullptr;
  EXPECT_EQ(validation_error("StartWorkflowExecution", body), one("domain", "null", "Member must not be null"));
}

TEST(RequestSchemaTest, LengthLimits) {
  std::string long_name(257, 'n');
  EXPECT_EQ(validation_error("StartWorkflowExecution",
                             request("StartWorkflowExecution", {{"workflowType", {{"name", long_name}}}})),
            one("workflowType.name", "'" + long_name + "'", "Member must have length less than or equal to 256"));
  EXPECT_EQ(validation_error("DescribeDomain", {{"name", ""}}),
            one("name", "''", "Member must have length greater than or equal to 1"));
  EXPECT_EQ(validate_request("DescribeDomain", {{"name", std::string(256, 'n')}}), std::nullopt);
  // Lengths count characters, not bytes: 256 two-byte characters fit.
  std::string accents;
  for (int i = 0; i < 256; ++i) accents += "\xc3\xa9";
  EXPECT_EQ(validate_request("DescribeDomain", {{"name", accents}}), std::nullopt);
  EXPECT_THAT(validation_error("DescribeDomain", {{"name", accents + "e"}}), HasSubstr("less than or equal to 256"));
}

TEST(RequestSchemaTest, EnumValues) {
  EXPECT_EQ(validation_error("ListDomains", {{"registrationStatus", "ACTIVE"}}),
            one("registrationStatus", "'ACTIVE'", "Member must satisfy enum value set: [REGISTERED, DEPRECATED]"));
  EXPECT_THAT(validation_error("StartWorkflowExecution", request("StartWorkflowExecution", {{"childPolicy", "KILL"}})),
              HasSubstr("at 'childPolicy' failed to satisfy constraint: Member must satisfy enum value set: "
                        "[TERMINATE, REQUEST_CANCEL, ABANDON]"));
}

TEST(RequestSchemaTest, IntegerLimits) {
  const std::string op = "ListDomains";
  EXPECT_EQ(validate_request(op, request(op, {{"maximumPageSize", 1000}})), std::nullopt);
  EXPECT_EQ(validate_request(op, request(op, {{"maximumPageSize", 0}})), std::nullopt);
  EXPECT_EQ(validation_error(op, request(op, {{"maximumPageSize", 1001}})),
            one("maximumPageSize", "'1001'", "Member must have value less than or equal to 1000"));
  EXPECT_EQ(validation_error(op, request(op, {{"maximumPageSize", -1}})),
            one("maximumPageSize", "'-1'", "Member must have value greater than or equal to 0"));
}

TEST(RequestSchemaTest, WrongJsonTypesAreSerializationErrors) {
  auto serialization = [](const std::string& op, const json& body) {
    auto error = validate_request(op, body);
    EXPECT_TRUE(error.has_value()) << body.dump();
    if (!error) return std::string();
    EXPECT_EQ(error->type, "SerializationException") << error->message;
    return error->message;
  };
  EXPECT_EQ(serialization("DescribeDomain", {{"name", 5}}), "Expected a string at 'name', found 5");
  EXPECT_EQ(serialization("PollForActivityTask", request("PollForActivityTask", {{"taskList", "l"}})),
            "Expected an object at 'taskList', found a string");
  EXPECT_THAT(serialization("StartWorkflowExecution", request("StartWorkflowExecution", {{"tagList", "a"}})),
              HasSubstr("'tagList'"));
  EXPECT_THAT(serialization("StartWorkflowExecution", request("StartWorkflowExecution", {{"tagList", {"a", 1}}})),
              HasSubstr("'tagList.2.member'"));
  for (json page : {json("10"), json(2.5), json(std::int64_t{1} << 40)})
    EXPECT_THAT(serialization("ListDomains", request("ListDomains", {{"maximumPageSize", page}})),
                HasSubstr("'maximumPageSize'"));
  EXPECT_THAT(serialization("ListDomains", request("ListDomains", {{"reverseOrder", "true"}})),
              HasSubstr("Expected a boolean at 'reverseOrder'"));
  EXPECT_THAT(serialization("CountOpenWorkflowExecutions",
                            request("CountOpenWorkflowExecutions", {{"startTimeFilter", {{"latestDate", "today"}}}})),
              HasSubstr("'startTimeFilter.latestDate'"));
  EXPECT_THAT(serialization("RespondDecisionTaskCompleted",
                            request("RespondDecisionTaskCompleted",
                                    {{"decisions", {{{"decisionType", "StartTimer"},
                                                     {"startTimerDecisionAttributes", {{"startToFireTimeout", 5}}}}}}})),
              HasSubstr("'decisions.1.member.startTimerDecisionAttributes.startToFireTimeout'"));
  // The body itself.
  for (json body : {json::array(), json("x"), json(nullptr), json(1)})
    EXPECT_THAT(serialization("ListDomains", body), HasSubstr("request body"));
  // A wrong type wins over broken constraints, as Coral parses before it validates.
  EXPECT_EQ(serialization("StartWorkflowExecution", {{"input", 1}}), "Expected a string at 'input', found 1");
}

TEST(RequestSchemaTest, TimestampsAreEpochNumbers) {
  const std::string op = "CountOpenWorkflowExecutions";
  EXPECT_EQ(validate_request(op, request(op, {{"startTimeFilter", {{"oldestDate", 1.5e9}, {"latestDate", 1600000000}}}})),
            std::nullopt);
}

TEST(RequestSchemaTest, NestedDecisionAttributes) {
  json decisions = json::array({
      {{"decisionType", "StartTimer"}, {"startTimerDecisionAttributes", {{"timerId", "t"}}}},
      {{"decisionType", "ScheduleActivityTask"},
       {"scheduleActivityTaskDecisionAttributes", {{"activityType", {{"name", ""}}}, {"activityId", "a"}}}},
  });
  EXPECT_EQ(
      validation_error("RespondDecisionTaskCompleted", request("RespondDecisionTaskCompleted", {{"decisions", decisions}})),
      "3 validation errors detected: "
      "Value null at 'decisions.1.member.startTimerDecisionAttributes.startToFireTimeout' failed to satisfy "
      "constraint: Member must not be null; "
      "Value '' at 'decisions.2.member.scheduleActivityTaskDecisionAttributes.activityType.name' failed to satisfy "
      "constraint: Member must have length greater than or equal to 1; "
      "Value null at 'decisions.2.member.scheduleActivityTaskDecisionAttributes.activityType.version' failed to "
      "satisfy constraint: Member must not be null");
}

TEST(RequestSchemaTest, UnknownDecisionType) {
  json decisions = {{{"decisionType", "Sleep"}}, {{"decisionType", "CompleteWorkflowExecution"}}, nullptr};
  std::string message =
      validation_error("RespondDecisionTaskCompleted", request("RespondDecisionTaskCompleted", {{"decisions", decisions}}));
  EXPECT_THAT(message, HasSubstr("2 validation errors detected: Value 'Sleep' at 'decisions.1.member.decisionType' "
                                 "failed to satisfy constraint: Member must satisfy enum value set: "
                                 "[ScheduleActivityTask, RequestCancelActivityTask,"));
  EXPECT_THAT(message, HasSubstr("; Value null at 'decisions.3.member' failed to satisfy constraint: "
                                 "Member must not be null"));
}

TEST(RequestSchemaTest, ListLengthLimits) {
  const std::string op = "StartWorkflowExecution";
  EXPECT_EQ(validate_request(op, request(op, {{"tagList", {"a", "b", "c", "d", "e"}}})), std::nullopt);
  EXPECT_EQ(validation_error(op, request(op, {{"tagList", {"a", "b", "c", "d", "e", "f"}}})),
            one("tagList", "'[a, b, c, d, e, f]'", "Member must have length less than or equal to 5"));
  EXPECT_EQ(validation_error(op, request(op, {{"tagList", {"a", std::string(257, 't')}}})),
            one("tagList.2.member", "'" + std::string(257, 't') + "'",
                "Member must have length less than or equal to 256"));
}

TEST(RequestSchemaTest, IdentifierRules) {
  auto domain = [](const std::string& name) {
    return validation_error("RegisterDomain", request("RegisterDomain", {{"name", name}}));
  };
  for (std::string ok : {"my-domain_1.0", "arnold", "x arn", "ARN", "caf\xc3\xa9", "a b"})
    EXPECT_EQ(domain(ok), "") << ok;
  EXPECT_EQ(domain(" d"), one("name", "' d'", "Member must not start or end with whitespace"));
  EXPECT_EQ(domain("d\t"), one("name", "'d\t'", "Member must not start or end with whitespace"));
  EXPECT_EQ(domain("d\xe3\x80\x80"), one("name", "'d\xe3\x80\x80'", "Member must not start or end with whitespace"));
  for (const std::string& bad : std::vector<std::string>{"a:b", "a/b", "a|b", std::string("a\0b", 3), "a\x1f" "b",
                                                        "a\x7f" "b", "a\xc2\x85" "b", "a\xc2\x9f" "b"})
    EXPECT_EQ(domain(bad), one("name", "'" + bad + "'", "Member must not contain ':', '/', '|' or control characters"))
        << bad;
  EXPECT_EQ(domain("arn"), one("name", "'arn'", "Member must not be the literal string arn"));

  // Where the reference states the rule: created names and ids, in requests and decisions.
  EXPECT_THAT(validation_error("StartWorkflowExecution",
                               request("StartWorkflowExecution", {{"workflowId", "a/b"}, {"taskList", {{"name", "arn"}}}})),
              HasSubstr("2 validation errors detected: Value 'a/b' at 'workflowId'"));
  EXPECT_THAT(validation_error("RegisterActivityType", request("RegisterActivityType", {{"version", "1:0"}})),
              HasSubstr("at 'version'"));
  EXPECT_THAT(validation_error("PollForDecisionTask", request("PollForDecisionTask", {{"taskList", {{"name", "a|b"}}}})),
              HasSubstr("at 'taskList.name'"));
  json decisions = {
      {{"decisionType", "ScheduleActivityTask"},
       {"scheduleActivityTaskDecisionAttributes", {{"activityType", {{"name", "t"}, {"version", "1"}}}, {"activityId", "a:1"}}}},
      {{"decisionType", "StartTimer"}, {"startTimerDecisionAttributes", {{"timerId", "arn"}, {"startToFireTimeout", "5"}}}}};
  std::string message =
      validation_error("RespondDecisionTaskCompleted", request("RespondDecisionTaskCompleted", {{"decisions", decisions}}));
  EXPECT_THAT(message, HasSubstr("at 'decisions.1.member.scheduleActivityTaskDecisionAttributes.activityId'"));
  EXPECT_THAT(message, HasSubstr("at 'decisions.2.member.startTimerDecisionAttributes.timerId'"));

  // Not where names are only looked up, nor on signal names (the reference is silent).
  EXPECT_EQ(validate_request("DescribeDomain", {{"name", "a:b"}}), std::nullopt);
  EXPECT_EQ(validate_request("SignalWorkflowExecution", request("SignalWorkflowExecution", {{"signalName", "a:b"}})),
            std::nullopt);
}

TEST(RequestSchemaTest, DurationRules) {
  auto timer = [](const std::string& seconds) {
    json decisions = {{{"decisionType", "StartTimer"},
                       {"startTimerDecisionAttributes", {{"timerId", "t"}, {"startToFireTimeout", seconds}}}}};
    return validation_error("RespondDecisionTaskCompleted",
                            request("RespondDecisionTaskCompleted", {{"decisions", decisions}}));
  };
  for (std::string ok : {"0", "5", "99999999"}) EXPECT_EQ(timer(ok), "") << ok;
  const std::string path = "decisions.1.member.startTimerDecisionAttributes.startToFireTimeout";
  for (std::string bad : {"NONE", "-1", "+1", "1.5", "1s", " 1"})
    EXPECT_EQ(timer(bad), one(path, "'" + bad + "'", "Member must be a number of seconds")) << bad;
  EXPECT_EQ(timer("123456789"), one(path, "'123456789'", "Member must have length less than or equal to 8"));

  // NONE (unlimited) where the reference allows it.
  const std::string op = "StartWorkflowExecution";
  EXPECT_EQ(validate_request(op, request(op, {{"taskStartToCloseTimeout", "NONE"}})), std::nullopt);
  const std::string year = "Member must be a number of seconds from 0 to 31536000 (one year)";
  EXPECT_EQ(validation_error(op, request(op, {{"executionStartToCloseTimeout", "NONE"}})),
            one("executionStartToCloseTimeout", "'NONE'", year));
  EXPECT_EQ(validation_error(op, request(op, {{"taskStartToCloseTimeout", ""}})),
            one("taskStartToCloseTimeout", "''", "Member must be a number of seconds or NONE"));
  EXPECT_EQ(validation_error(op, request(op, {{"taskStartToCloseTimeout", "none"}})),
            one("taskStartToCloseTimeout", "'none'", "Member must be a number of seconds or NONE"));
  EXPECT_EQ(validate_request("RegisterActivityType",
                             request("RegisterActivityType", {{"defaultTaskHeartbeatTimeout", "NONE"},
                                                              {"defaultTaskScheduleToCloseTimeout", "3600"}})),
            std::nullopt);

  // An execution lasts at most a year (31,536,000 s), SWF's limit.
  EXPECT_EQ(validate_request(op, request(op, {{"executionStartToCloseTimeout", "31536000"}})), std::nullopt);
  EXPECT_EQ(validation_error(op, request(op, {{"executionStartToCloseTimeout", "31536001"}})),
            one("executionStartToCloseTimeout", "'31536001'", year));
  EXPECT_EQ(validation_error("RegisterWorkflowType",
                             request("RegisterWorkflowType", {{"defaultExecutionStartToCloseTimeout", "99999999"}})),
            one("defaultExecutionStartToCloseTimeout", "'99999999'", year));
  auto child = [](const std::string& seconds) {
    json decisions = {{{"decisionType", "StartChildWorkflowExecution"},
                       {"startChildWorkflowExecutionDecisionAttributes",
                        {{"workflowType", {{"name", "t"}, {"version", "1"}}},
                         {"workflowId", "child"},
                         {"executionStartToCloseTimeout", seconds}}}}};
    return validation_error("RespondDecisionTaskCompleted",
                            request("RespondDecisionTaskCompleted", {{"decisions", decisions}}));
  };
  for (std::string ok : {"NONE", "0", "31536000"}) EXPECT_EQ(child(ok), "") << ok;
  EXPECT_EQ(child("31536001"),
            one("decisions.1.member.startChildWorkflowExecutionDecisionAttributes.executionStartToCloseTimeout",
                "'31536001'", year + " or NONE"));

  // Retention: 0 to 90 days, or NONE.
  auto retention = [](const std::string& days) {
    return validation_error("RegisterDomain",
                            request("RegisterDomain", {{"workflowExecutionRetentionPeriodInDays", days}}));
  };
  for (std::string ok : {"0", "1", "90", "NONE"}) EXPECT_EQ(retention(ok), "") << ok;
  for (std::string bad : {"91", "-1", "abc", "7d"})
    EXPECT_EQ(retention(bad), one("workflowExecutionRetentionPeriodInDays", "'" + bad + "'",
                                  "Member must be a number of days from 0 to 90 or NONE"))
        << bad;
}

TEST(RequestSchemaTest, TaskPriorityRules) {
  const std::string op = "StartWorkflowExecution";
  for (std::string ok : {"0", "-5", "+5", "2147483647", "-2147483648"})
    EXPECT_EQ(validate_request(op, request(op, {{"taskPriority", ok}})), std::nullopt) << ok;
  for (std::string bad : {"2147483648", "-2147483649", "99999999999999999999", "1.5", "", "-", " 1", "high"})
    EXPECT_EQ(validation_error(op, request(op, {{"taskPriority", bad}})),
              one("taskPriority", "'" + bad + "'", "Member must be an integer from -2147483648 to 2147483647"))
        << bad;
}

TEST(RequestSchemaTest, SeveralErrorsAtOnce) {
  EXPECT_EQ(validation_error("StartWorkflowExecution", json::object()),
            "3 validation errors detected: "
            "Value null at 'domain' failed to satisfy constraint: Member must not be null; "
            "Value null at 'workflowId' failed to satisfy constraint: Member must not be null; "
            "Value null at 'workflowType' failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(validation_error("ListDomains", {{"registrationStatus", "X"}, {"maximumPageSize", 5000}}),
            "2 validation errors detected: "
            "Value 'X' at 'registrationStatus' failed to satisfy constraint: Member must satisfy enum value set: "
            "[REGISTERED, DEPRECATED]; "
            "Value '5000' at 'maximumPageSize' failed to satisfy constraint: Member must have value less than or "
            "equal to 1000");
}

// ---- Cross-check with botocore's model ------------------------------------

// One member of an operation's input, as model_shapes.py describes it.
struct ModelMember {
  std::string path, shape, type;
  bool required = false;
  std::optional<std::int64_t> min, max;
  std::vector<std::string> enum_values;
};

const std::map<std::string, std::vector<ModelMember>>& model() {
  static const std::map<std::string, std::vector<ModelMember>> all = [] {
    auto run = simpleflow::testing::run_command(
        {simpleflow::testing::python3(), simpleflow::testing::test_script("tests/server/model_shapes.py")});
    if (run.exit_code != 0) throw std::runtime_error("model_shapes.py failed: " + run.err);
    std::map<std::string, std::vector<ModelMember>> out;
    const json summary = json::parse(run.out);
    for (const auto& [op, members] : summary.at("operations").items()) {
      auto& list = out[op];
      for (const auto& m : members) {
        ModelMember mm{m.at("path").get<std::string>(), m.at("shape").get<std::string>(),
                       m.at("type").get<std::string>(), m.at("required").get<bool>()};
        if (m.contains("min")) mm.min = m.at("min").get<std::int64_t>();
        if (m.contains("max")) mm.max = m.at("max").get<std::int64_t>();
        if (m.contains("enum")) mm.enum_values = m.at("enum").get<std::vector<std::string>>();
        list.push_back(std::move(mm));
      }
    }
    return out;
  }();
  return all;
}

// The JSON value at a Coral path ("a.b", "list.1.member.c"), created on the way when `create`.
json* at_path(json& root, const std::string& path, bool create) {
  std::vector<std::string> parts;
  for (std::size_t start = 0, dot;; start = dot + 1) {
    dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) break;
  }
  json* node = &root;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i + 1 < parts.size() && parts[i + 1] == "member" && !parts[i].empty() &&
        std::all_of(parts[i].begin(), parts[i].end(), ::isdigit)) {
      std::size_t index = std::stoul(parts[i]) - 1;
      if (!node->is_array() || node->size() <= index) {
        if (!create) return nullptr;
        if (!node->is_array()) *node = json::array();
        while (node->size() <= index) node->push_back(nullptr);
      }
      node = &(*node)[index];
      ++i;  // "member"
    } else {
      if (!node->is_object() || !node->contains(parts[i])) {
        if (!create) return nullptr;
        if (!node->is_object()) *node = json::object();
      }
      node = &(*node)[parts[i]];
    }
  }
  return node;
}

void remove_path(json& root, const std::string& path) {
  auto dot = path.rfind('.');
  json* parent = dot == std::string::npos ? &root : at_path(root, path.substr(0, dot), false);
  ASSERT_NE(parent, nullptr) << path;
  ASSERT_TRUE(parent->is_object()) << path;
  parent->erase(path.substr(dot == std::string::npos ? 0 : dot + 1));
}

// A valid string of `length` characters for `m` (whose shape also has a
// format the validator checks beyond the model).
std::string string_of_length(const ModelMember& m, std::size_t length) {
  bool digits = m.shape.rfind("Duration", 0) == 0 || m.shape == "TaskPriority";
  return std::string(length, digits ? '1' : 'x');
}

json valid_value(const ModelMember& m) {
  if (m.type == "structure") return json::object();
  if (m.type == "list") return json::array();
  if (m.type == "integer") return m.min.value_or(0);
  if (m.type == "boolean") return true;
  if (m.type == "timestamp") return 1600000000;
  if (!m.enum_values.empty()) return m.enum_values.front();
  return string_of_length(m, std::max<std::int64_t>(m.min.value_or(1), 1));
}

// A request of `operation` with every member the model knows, nested ones too.
json full_request(const std::vector<ModelMember>& members) {
  json body = json::object();
  for (const auto& m : members) *at_path(body, m.path, true) = valid_value(m);
  return body;
}

json with(const std::vector<ModelMember>& members, const std::string& path, json value) {
  json body = full_request(members);
  *at_path(body, path, false) = std::move(value);
  return body;
}

TEST(RequestSchemaModelTest, SameOperationsAsTheModel) {
  std::vector<std::string> ops;
  for (const auto& [op, members] : model()) ops.push_back(op);
  EXPECT_EQ(ops, known_operations());
}

TEST(RequestSchemaModelTest, RequestsWithEveryMemberPass) {
  for (const auto& [op, members] : model()) {
    json body = full_request(members);
    EXPECT_EQ(validate_request(op, body), std::nullopt) << op << ": " << body.dump();
  }
}

TEST(RequestSchemaModelTest, RequiredMembersMustNotBeNullOthersMayBeLeftOut) {
  int checked = 0;
  for (const auto& [op, members] : model())
    for (const auto& m : members) {
      if (m.path.ends_with(".member")) continue;  // a list's item
      json body = full_request(members);
      remove_path(body, m.path);
      if (m.required) {
        EXPECT_EQ(validation_error(op, body), one(m.path, "null", "Member must not be null")) << op;
        ++checked;
      } else {
        EXPECT_EQ(validate_request(op, body), std::nullopt) << op << " without " << m.path;
      }
    }
  EXPECT_GT(checked, 100);
}

TEST(RequestSchemaModelTest, LengthAndValueLimits) {
  int checked = 0;
  for (const auto& [op, members] : model())
    for (const auto& m : members) {
      if (m.type == "string" && m.enum_values.empty()) {
        if (m.max) {
          std::string too_long = std::string(*m.max + 1, 'x');
          EXPECT_EQ(validation_error(op, with(members, m.path, too_long)),
                    one(m.path, "'" + too_long + "'",
                        "Member must have length less than or equal to " + std::to_string(*m.max)))
              << op;
          if (m.shape != "DurationInDays") {  // a length-8 number of days is too many days
            EXPECT_EQ(validate_request(op, with(members, m.path, string_of_length(m, *m.max))), std::nullopt)
                << op << " " << m.path;
          }
          ++checked;
        }
        if (m.min && *m.min > 0) {
          std::string too_short = std::string(*m.min - 1, 'x');
          EXPECT_EQ(validation_error(op, with(members, m.path, too_short)),
                    one(m.path, "'" + too_short + "'",
                        "Member must have length greater than or equal to " + std::to_string(*m.min)))
              << op;
          ++checked;
        }
      } else if (m.type == "list" && m.max) {
        json items = json::array();
        std::string shown = "[x";
        for (std::int64_t i = 0; i < *m.max; ++i) items.push_back("x"), shown += ", x";
        items.push_back("x");
        EXPECT_EQ(validation_error(op, with(members, m.path, items)),
                  one(m.path, "'" + shown + "]'",
                      "Member must have length less than or equal to " + std::to_string(*m.max)))
            << op << " " << m.path;
        ++checked;
      } else if (m.type == "integer") {
        if (m.max) {
          EXPECT_EQ(validation_error(op, with(members, m.path, *m.max + 1)),
                    one(m.path, "'" + std::to_string(*m.max + 1) + "'",
                        "Member must have value less than or equal to " + std::to_string(*m.max)))
              << op;
        }
        if (m.min) {
          EXPECT_EQ(validation_error(op, with(members, m.path, *m.min - 1)),
                    one(m.path, "'" + std::to_string(*m.min - 1) + "'",
                        "Member must have value greater than or equal to " + std::to_string(*m.min)))
              << op;
        }
        ++checked;
      }
    }
  EXPECT_GT(checked, 150);
}

TEST(RequestSchemaModelTest, EnumValues) {
  int checked = 0;
  for (const auto& [op, members] : model())
    for (const auto& m : members) {
      if (m.enum_values.empty()) continue;
      std::string set;
      for (const auto& e : m.enum_values) set += (set.empty() ? "" : ", ") + e;
      EXPECT_EQ(validation_error(op, with(members, m.path, "NOT_A_VALUE")),
                one(m.path, "'NOT_A_VALUE'", "Member must satisfy enum value set: [" + set + "]"))
          << op;
      ++checked;
    }
  EXPECT_GT(checked, 10);
}

TEST(RequestSchemaModelTest, JsonTypes) {
  for (const auto& [op, members] : model())
    for (const auto& m : members) {
      json wrong = m.type == "string"      ? json(5)
                   : m.type == "structure" ? json("x")
                   : m.type == "list"      ? json::object()
                   : m.type == "boolean"   ? json("true")
                   : m.type == "integer"   ? json("5")
                                           : json("2020-01-01");  // timestamp
      auto error = validate_request(op, with(members, m.path, wrong));
      ASSERT_TRUE(error.has_value()) << op << " " << m.path;
      EXPECT_EQ(error->type, "SerializationException") << op << " " << m.path;
      EXPECT_THAT(error->message, HasSubstr("at '" + m.path + "'")) << op;
    }
}

}  // namespace
}  // namespace simpleflow::server::internal
