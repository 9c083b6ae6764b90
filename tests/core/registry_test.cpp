// The registry of activities and workflows, and the attributes registration
// resolves (Python simpleflow's decorator defaults).
#include "simpleflow/registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "simpleflow/activity.hpp"
#include "simpleflow/workflow.hpp"
#include "support/scoped_variable.hpp"

namespace registry_test {

int increment(int x) { return x + 1; }
int add(int a, int b) { return a + b; }
std::string whoami() { return simpleflow::activity_context().activity_id; }
void unregistered(int) {}

struct Sum {
  explicit Sum(std::vector<int> xs) : xs(std::move(xs)) {}
  int execute() {
    int total = 0;
    for (int x : xs) total += x;
    return total;
  }
  std::vector<int> xs;
};

class GreetWorkflow : public simpleflow::Workflow {
 public:
  std::string run(std::string who) { return "hello " + who; }
};

class PlainWorkflow : public simpleflow::Workflow {
 public:
  int run() { return 0; }
};

}  // namespace registry_test

SIMPLEFLOW_ACTIVITY(registry_test::increment);
SIMPLEFLOW_ACTIVITY(registry_test::add, {.name = "registry_test.renamed_add",
                                         .version = "2",
                                         .task_list = "math",
                                         .retry = 3,
                                         .raises_on_failure = true,
                                         .start_to_close_timeout = 10,
                                         .schedule_to_close_timeout = "NONE",
                                         .idempotent = true,
                                         .task_priority = 5,
                                         .meta = simpleflow::Json{{"binaries", simpleflow::Json::object()}},
                                         .params = {"a", {"b", 10}}});
SIMPLEFLOW_ACTIVITY(registry_test::whoami);
SIMPLEFLOW_ACTIVITY_CLASS(registry_test::Sum, (std::vector<int>), {.task_list = "sums"});
SIMPLEFLOW_WORKFLOW(registry_test::GreetWorkflow, {.name = "greet", .version = "1", .params = {"who"}});
SIMPLEFLOW_WORKFLOW(registry_test::PlainWorkflow);

namespace simpleflow {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::unique_ptr<ActivityDef> make_activity(std::string qualified_name, ActivityOptions options = {},
                                           std::size_t arity = 1) {
  return std::make_unique<ActivityDef>(
      std::move(qualified_name), std::move(options), [](const Arguments& a) -> Json { return a.args; }, arity);
}

std::unique_ptr<WorkflowDef> make_workflow(std::string class_name, WorkflowOptions options = {}) {
  return std::make_unique<WorkflowDef>(
      std::move(class_name), std::move(options), [] { return std::unique_ptr<Workflow>(); },
      [](Workflow&, const Arguments&) -> Json { return nullptr; }, [](const Arguments&) {}, 0);
}

struct TypeA {};
struct TypeB {};
struct TypeC {};

// ---- Attributes of registered activities --------------------------------------

TEST(ActivityDefaultsTest, PythonDecoratorDefaults) {
  const ActivityDef* def = Registry::global().find_activity("registry_test.increment");
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->name(), "registry_test.increment");
  EXPECT_EQ(def->qualified_name(), "registry_test.increment");
  EXPECT_EQ(def->version(), "default");
  EXPECT_EQ(def->task_list(), "default");
  EXPECT_EQ(def->retry(), 0);
  EXPECT_FALSE(def->raises_on_failure());
  EXPECT_EQ(def->start_to_close_timeout(), "300");
  EXPECT_EQ(def->schedule_to_close_timeout(), "300");
  EXPECT_EQ(def->schedule_to_start_timeout(), "300");
  EXPECT_EQ(def->heartbeat_timeout(), "300");
  EXPECT_EQ(def->idempotent(), std::nullopt);
  EXPECT_EQ(def->task_priority(), std::nullopt);
  EXPECT_EQ(def->meta(), Json::object());
  EXPECT_THAT(def->params(), IsEmpty());
  EXPECT_EQ(def->arity(), 1u);
  EXPECT_TRUE(def->validate().ok());
}

TEST(ActivityDefaultsTest, ExplicitOptions) {
  EXPECT_EQ(Registry::global().find_activity("registry_test.add"), nullptr);
  const ActivityDef* def = Registry::global().find_activity("registry_test.renamed_add");
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->qualified_name(), "registry_test.add");
  EXPECT_EQ(def->version(), "2");
  EXPECT_EQ(def->task_list(), "math");
  EXPECT_EQ(def->retry(), 3);
  EXPECT_TRUE(def->raises_on_failure());
  EXPECT_EQ(def->start_to_close_timeout(), "10");
  EXPECT_EQ(def->schedule_to_close_timeout(), "NONE");
  EXPECT_EQ(def->schedule_to_start_timeout(), "300");
  EXPECT_EQ(def->idempotent(), true);
  EXPECT_EQ(def->task_priority(), 5);
  EXPECT_EQ(dumps(def->meta()), R"({"binaries":{}})");
  ASSERT_EQ(def->params().size(), 2u);
  EXPECT_EQ(def->params()[1].default_value, Json(10));
}

TEST(ActivityLookupTest, ByFunctionAndClass) {
  const ActivityDef& by_fn =
      Registry::global().activity_for_function(reinterpret_cast<const void*>(&registry_test::increment));
  EXPECT_EQ(by_fn.name(), "registry_test.increment");
  const ActivityDef& renamed =
      Registry::global().activity_for_function(reinterpret_cast<const void*>(&registry_test::add));
  EXPECT_EQ(renamed.name(), "registry_test.renamed_add");
  const ActivityDef& by_class = Registry::global().activity_for_class(typeid(registry_test::Sum));
  EXPECT_EQ(by_class.name(), "registry_test.Sum");
  EXPECT_EQ(by_class.task_list(), "sums");
}

TEST(ActivityLookupTest, UnregisteredFunctionOrClassThrowsLogicError) {
  EXPECT_THROW(Registry::global().activity_for_function(reinterpret_cast<const void*>(&registry_test::unregistered)),
               std::logic_error);
  try {
    Registry::global().activity_for_class(typeid(TypeA));
    FAIL();
  } catch (const std::logic_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("TypeA"));
    EXPECT_THAT(e.what(), HasSubstr("SIMPLEFLOW_ACTIVITY_CLASS"));
  }
  EXPECT_THROW(Registry::global().workflow_for(typeid(TypeA)), std::logic_error);
  EXPECT_EQ(Registry::global().find_activity("registry_test.unregistered"), nullptr);
}

TEST(ActivityInvokeTest, BindsKwargsAndDefaults) {
  const ActivityDef* def = Registry::global().find_activity("registry_test.renamed_add");
  ASSERT_NE(def, nullptr);
  ActivityContext context{.name = def->name(), .activity_id = "activity-1"};
  EXPECT_EQ(def->invoke(Arguments::from_input(Json::parse(R"({"kwargs":{"a":1}})")), context), 11);
  EXPECT_EQ(def->invoke(Arguments::from_input(Json::parse("[1, 2]")), context), 3);
  try {
    def->invoke(Arguments::from_input(Json::parse(R"(["x"])")), context);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_THAT(e.what(), HasSubstr("registry_test.renamed_add: parameter 'a' expects integer"));
  }
}

TEST(ActivityInvokeTest, ContextIsSetOnlyDuringInvoke) {
  const ActivityDef* def = Registry::global().find_activity("registry_test.whoami");
  ASSERT_NE(def, nullptr);
  ActivityContext context{.name = def->name(), .activity_id = "activity-registry_test.whoami-7"};
  EXPECT_EQ(def->invoke(Arguments{}, context), "activity-registry_test.whoami-7");
  EXPECT_THROW(activity_context(), std::logic_error);
}

TEST(ActivityInvokeTest, ClassActivity) {
  const ActivityDef* def = Registry::global().find_activity("registry_test.Sum");
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->invoke(Arguments::from_input(Json::parse("[[1, 2, 3]]")), ActivityContext{}), 6);
}

TEST(GlobalRegistryTest, ListsSortedAndNoErrors) {
  std::vector<std::string> names;
  for (const ActivityDef* def : Registry::global().activities()) names.push_back(def->name());
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_THAT(names, Contains("registry_test.increment"));
  EXPECT_THAT(Registry::global().errors(), IsEmpty());
}

// ---- Workflows ----------------------------------------------------------------

TEST(WorkflowRegistryTest, FindByClassNameOrWorkflowName) {
  const WorkflowDef* by_class = Registry::global().find_workflow("registry_test.GreetWorkflow");
  ASSERT_NE(by_class, nullptr);
  EXPECT_EQ(by_class->name(), "greet");
  EXPECT_EQ(by_class->version(), "1");
  EXPECT_EQ(Registry::global().find_workflow("greet"), by_class);
  EXPECT_EQ(&Registry::global().workflow_for(typeid(registry_test::GreetWorkflow)), by_class);

  const WorkflowDef* plain = Registry::global().find_workflow("registry_test.PlainWorkflow");
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(plain->name(), "registry_test.PlainWorkflow");
  EXPECT_EQ(plain->version(), "default");
  EXPECT_EQ(plain->task_list(), "default");
  EXPECT_TRUE(plain->raises_on_failure());
  EXPECT_FALSE(plain->idempotent());
  EXPECT_EQ(Registry::global().find_workflow("registry_test.Missing"), nullptr);
}

TEST(WorkflowRegistryTest, RunBindsNamedParams) {
  const WorkflowDef* def = Registry::global().find_workflow("greet");
  ASSERT_NE(def, nullptr);
  auto workflow = def->create();
  ASSERT_NE(workflow, nullptr);
  EXPECT_EQ(def->run(*workflow, Arguments::from_input(Json::parse(R"({"kwargs":{"who":"you"}})"))), "hello you");
  EXPECT_NO_THROW(def->check_arguments(Arguments::from_input(Json::parse(R"(["me"])"))));
  EXPECT_THROW(def->check_arguments(Arguments::from_input(Json::parse("[1]"))), InvalidInput);
}

TEST(WorkflowRegistryTest, AmbiguousWorkflowNameFindsNothing) {
  Registry registry;
  const WorkflowDef& a = registry.add(typeid(TypeA), make_workflow("pkg.A", {.name = "shared"}));
  registry.add(typeid(TypeB), make_workflow("pkg.B", {.name = "shared"}));
  registry.add(typeid(TypeC), make_workflow("pkg.C", {.name = "unique"}));
  EXPECT_EQ(registry.find_workflow("pkg.A"), &a);
  EXPECT_EQ(registry.find_workflow("shared"), nullptr);
  ASSERT_NE(registry.find_workflow("unique"), nullptr);
  EXPECT_EQ(registry.find_workflow("unique")->class_name(), "pkg.C");
  std::vector<std::string> classes;
  for (const WorkflowDef* def : registry.workflows()) classes.push_back(def->class_name());
  EXPECT_THAT(classes, ElementsAre("pkg.A", "pkg.B", "pkg.C"));
  EXPECT_THAT(registry.errors(), IsEmpty());
}

TEST(WorkflowRegistryTest, DuplicateAndInvalidWorkflowsAreRecorded) {
  Registry registry;
  registry.add(typeid(TypeA), make_workflow("pkg.A"));
  registry.add(typeid(TypeB), make_workflow("pkg.A"));
  registry.add(typeid(TypeC), make_workflow("pkg.C", {.child_policy = "KILL"}));
  auto errors = registry.errors();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_THAT(errors[0], HasSubstr("workflow \"pkg.A\" is registered twice"));
  EXPECT_THAT(errors[1], HasSubstr("child_policy must be TERMINATE, REQUEST_CANCEL or ABANDON"));
}

// ---- A fresh registry ------------------------------------------------------------

TEST(RegistryTest, AddAndFind) {
  Registry registry;
  int function_tag = 0;
  const ActivityDef& def = registry.add(&function_tag, typeid(void), make_activity("pkg.fn"));
  EXPECT_EQ(registry.find_activity("pkg.fn"), &def);
  EXPECT_EQ(&registry.activity_for_function(&function_tag), &def);
  EXPECT_THROW(registry.activity_for_class(typeid(TypeA)), std::logic_error);
  EXPECT_EQ(Registry::global().find_activity("pkg.fn"), nullptr);  // the global registry is untouched
  EXPECT_THAT(registry.errors(), IsEmpty());
}

TEST(RegistryTest, DuplicateNameIsRecordedAndFirstWins) {
  Registry registry;
  const ActivityDef& first = registry.add(nullptr, typeid(void), make_activity("pkg.first"));
  registry.add(nullptr, typeid(void), make_activity("pkg.second", {.name = "pkg.first"}));
  EXPECT_EQ(registry.find_activity("pkg.first"), &first);
  EXPECT_EQ(registry.activities().size(), 1u);
  auto errors = registry.errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("activity \"pkg.first\" is registered twice (pkg.second)"));
}

TEST(RegistryTest, InvalidOptionsAreRecorded) {
  Registry registry;
  registry.add(nullptr, typeid(void), make_activity("pkg.negative_retry", {.retry = -1}));
  registry.add(nullptr, typeid(void), make_activity("pkg.params", {.params = {"a", "b"}}, 1));
  registry.add(nullptr, typeid(void), make_activity("pkg.meta", {.meta = Json::array()}));
  registry.add(nullptr, typeid(void), make_activity("pkg.version", {.version = std::string(65, 'v')}));
  auto errors = registry.errors();
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_THAT(errors[0], HasSubstr("activity \"pkg.negative_retry\": retry must not be negative"));
  EXPECT_THAT(errors[1], HasSubstr("2 params named for 1 parameters"));
  EXPECT_THAT(errors[2], HasSubstr("meta must be a JSON object"));
  EXPECT_THAT(errors[3], HasSubstr("a version has 1 to 64 characters"));
  // Still registered: the loader reports the errors.
  EXPECT_NE(registry.find_activity("pkg.negative_retry"), nullptr);
}

TEST(RegistryTest, AddErrorIsKept) {
  Registry registry;
  registry.add_error("plugin x: boom");
  EXPECT_THAT(registry.errors(), ElementsAre("plugin x: boom"));
}

// ---- Settings from the environment --------------------------------------------------

using ScopedEnv = simpleflow::testing::ScopedVariable;

TEST(ActivitySettingsTest, DefaultsComeFromEnvironment) {
  {
    ScopedEnv task_list("ACTIVITY_DEFAULT_TASK_LIST", "from-env");
    ScopedEnv version("ACTIVITY_DEFAULT_VERSION", "v-env");
    ScopedEnv timeout("ACTIVITY_DEFAULT_TIMEOUT", "60");
    ScopedEnv heartbeat("ACTIVITY_HEARTBEAT_TIMEOUT", "15");
    auto def = make_activity("pkg.fn");
    EXPECT_EQ(def->task_list(), "from-env");
    EXPECT_EQ(def->version(), "v-env");
    EXPECT_EQ(def->start_to_close_timeout(), "60");
    EXPECT_EQ(def->heartbeat_timeout(), "15");
    // Explicit options win over the environment.
    auto explicit_def = make_activity("pkg.fn", {.task_list = "explicit", .heartbeat_timeout = 5});
    EXPECT_EQ(explicit_def->task_list(), "explicit");
    EXPECT_EQ(explicit_def->heartbeat_timeout(), "5");
  }
  auto after = make_activity("pkg.fn");
  EXPECT_EQ(after->task_list(), "default");
  EXPECT_EQ(after->version(), "default");
  EXPECT_EQ(after->start_to_close_timeout(), "300");
}

TEST(ActivitySettingsTest, EmptyEnvironmentValueIsIgnored) {
  ScopedEnv task_list("ACTIVITY_DEFAULT_TASK_LIST", "");
  EXPECT_EQ(make_activity("pkg.fn")->task_list(), "default");
}

TEST(WorkflowSettingsTest, DefaultsComeFromEnvironment) {
  ScopedEnv task_list("WORKFLOW_DEFAULT_TASK_LIST", "deciders");
  EXPECT_EQ(make_workflow("pkg.W")->task_list(), "deciders");
}

}  // namespace
}  // namespace simpleflow
