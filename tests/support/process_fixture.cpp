#include "support/process_fixture.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace simpleflow::testing {

std::string process_plugin() {
  const char* value = std::getenv("SIMPLEFLOW_TEST_PROCESS_PLUGIN");
  return value && *value ? value : SIMPLEFLOW_TEST_PROCESS_PLUGIN;
}

void ProcessFixture::SetUp() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  dir_ = std::filesystem::temp_directory_path() /
         ("simpleflow-" + std::string(info->name()) + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  server::ServerOptions options;
  options.data_dir = (dir_ / "server").string();
  options.fsync = false;
  server_ = server::Server::start(options).value();
  client_ = swf::make_client({.endpoint = server_->endpoint(), .region = "us-east-1"}).value();
  swf::DomainQuerySet(client_).get_or_create(domain_);
}

void ProcessFixture::TearDown() {
  if (HasFailure()) std::cerr << logs();
  processes_.clear();
  server_.reset();
  std::filesystem::remove_all(dir_);
}

CommandOptions ProcessFixture::cli_env() const {
  return {.env = {{"AWS_ENDPOINT_URL_SWF", server_->endpoint()},
                  {"SWF_DOMAIN", domain_},
                  {"HOME", dir_.string()},
                  {"LOG_LEVEL", "INFO"}},
          .unset_env = {"AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
                        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONFIG_FILE",
                        "AWS_SHARED_CREDENTIALS_FILE", "XDG_DATA_HOME"}};
}

CommandResult ProcessFixture::cli(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{"--plugin", process_plugin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return simpleflow(argv, cli_env());
}

BoundedRun ProcessFixture::cli_for(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                                   double seconds) {
  std::vector<std::string> argv{"--plugin", process_plugin()};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandOptions options = cli_env();
  for (const auto& [name, value] : env) options.env[name] = value;
  return run_for(argv, options, path("bounded-" + std::to_string(++bounded_runs_) + ".log"), seconds);
}

Background& ProcessFixture::background(const std::string& name, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"--plugin", process_plugin()};
  argv.insert(argv.end(), args.begin(), args.end());
  processes_.emplace_back(name, std::make_unique<Background>(argv, cli_env(), path(name + ".log")));
  return *processes_.back().second;
}

swf::ExecutionRef ProcessFixture::start(const std::string& workflow, const std::string& input,
                                        const std::vector<std::string>& extra) {
  std::vector<std::string> args{"workflow.start", workflow, "--input", input};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto space = r.out.find(' ');
  if (space == std::string::npos) return {};
  return {r.out.substr(0, space), r.out.substr(space + 1, r.out.find('\n') - space - 1)};
}

std::string ProcessFixture::wait_closed(const swf::ExecutionRef& execution, double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    auto detail = client_->describe_workflow_execution(domain_, execution);
    if (detail.ok() && detail->info.execution_status == "CLOSED") return detail->info.close_status;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "";
}

std::vector<Json> ProcessFixture::history(const swf::ExecutionRef& execution) const {
  std::vector<Json> events;
  try {
    swf::WorkflowExecution(swf::Domain(client_, domain_), execution.workflow_id, execution.run_id)
        .history_events([&](const std::vector<Json>& page) { events.insert(events.end(), page.begin(), page.end()); });
  } catch (const swf::SwfError& e) {
    ADD_FAILURE() << "cannot read the history of " << execution.workflow_id << ": " << e.what();
  }
  return events;
}

std::vector<Json> ProcessFixture::events_of(const swf::ExecutionRef& execution, const std::string& type) const {
  std::vector<Json> out;
  for (auto& e : history(execution))
    if (e.value("eventType", "") == type) out.push_back(e);
  return out;
}

std::string ProcessFixture::logs() const {
  std::string out;
  for (const auto& [name, process] : processes_) out += "---- " + name + " ----\n" + process->log();
  return out;
}

}  // namespace simpleflow::testing
