// `simpleflow server` whose disk fills up: what it acknowledged stays, calls
// that write get a retryable fault while reads go on, and once space is freed
// it serves writes again by itself, without a restart. The disk is a small
// tmpfs the test mounts (as root); where mounting is not allowed, the same
// failure comes from a file size limit (RLIMIT_FSIZE) that the test lowers
// and raises again with prlimit.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "simpleflow/swf/client.hpp"
#include "simpleflow/swf/config.hpp"
#include "support/command.hpp"
#include "support/python_server.hpp"

namespace simpleflow::server {
namespace {

using testing::ChildServer;
using testing::run_command;

namespace fs = std::filesystem;

// A way to fill the server's disk and free it again.
class FullDisk {
 public:
  virtual ~FullDisk() = default;
  virtual void fill(pid_t server) = 0;
  virtual void free_space(pid_t server) = 0;
};

// A tmpfs of a few megabytes, filled by a file.
class SmallFilesystem : public FullDisk {
 public:
  static std::unique_ptr<SmallFilesystem> mount(const fs::path& dir) {
    fs::create_directories(dir);
    auto mounted = run_command({"mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", dir.string()});
    if (mounted.exit_code != 0) return nullptr;
    return std::unique_ptr<SmallFilesystem>(new SmallFilesystem(dir));
  }
  ~SmallFilesystem() override { run_command({"umount", "-l", dir_.string()}); }

  void fill(pid_t) override {
    std::ofstream ballast(dir_ / "ballast", std::ios::binary);
    std::string chunk(64 * 1024, 'b');
    while (ballast.write(chunk.data(), static_cast<std::streamsize>(chunk.size())) && ballast.flush()) {
    }
  }
  void free_space(pid_t) override { fs::remove(dir_ / "ballast"); }

 private:
  explicit SmallFilesystem(fs::path dir) : dir_(std::move(dir)) {}
  fs::path dir_;
};

// RLIMIT_FSIZE: writes past the limit fail (EFBIG) as on a full disk.
class FileSizeLimit : public FullDisk {
 public:
  explicit FileSizeLimit(fs::path data_dir) : data_dir_(std::move(data_dir)) {}
  void fill(pid_t server) override {
    uintmax_t largest = 0;
    for (const auto& entry : fs::directory_iterator(data_dir_))
      if (entry.is_regular_file()) largest = std::max(largest, entry.file_size());
    set(server, std::to_string(largest));
  }
  void free_space(pid_t server) override { set(server, "unlimited"); }

 private:
  static void set(pid_t pid, const std::string& soft) {
    auto done = run_command({"prlimit", "--pid", std::to_string(pid), "--fsize=" + soft + ":unlimited"});
    ASSERT_EQ(done.exit_code, 0) << done.err;
  }
  fs::path data_dir_;
};

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("simpleflow-disk-full-" + std::to_string(getpid()));
    disk_ = SmallFilesystem::mount(root_);
    if (!disk_) {
      std::cout << "cannot mount a tmpfs here: filling the disk with RLIMIT_FSIZE instead" << std::endl;
      fs::create_directories(root_);
      disk_ = std::make_unique<FileSizeLimit>(root_ / "data");
    }
  }
  void TearDown() override {
    server_.reset();
    disk_.reset();
    fs::remove_all(root_);
  }

  void start_server() {
    server_ = std::make_unique<ChildServer>(std::vector<std::string>{testing::simpleflow_binary(), "server",
                                                                      "--listen", "127.0.0.1:0", "--data-dir",
                                                                      (root_ / "data").string(),
                                                                      "--long-poll-seconds", "1"});
    client_ = swf::make_client({.endpoint = server_->endpoint(), .max_retries = 0}).value();
  }

  swf::Result<Json> start_execution(const std::string& id) {
    return client_->call("StartWorkflowExecution", {{"domain", "d"},
                                                    {"workflowId", id},
                                                    {"workflowType", {{"name", "w"}, {"version", "1"}}},
                                                    {"taskList", {{"name", "decisions"}}},
                                                    {"input", std::string(30000, 'i')},
                                                    {"executionStartToCloseTimeout", "600"},
                                                    {"taskStartToCloseTimeout", "60"},
                                                    {"childPolicy", "TERMINATE"}});
  }
  bool exists(const std::string& id) {
    auto open = client_->call("ListOpenWorkflowExecutions",
                              {{"domain", "d"},
                               {"startTimeFilter", {{"oldestDate", 0}}},
                               {"executionFilter", {{"workflowId", id}}}});
    EXPECT_TRUE(open.ok()) << open.error().describe();
    return open.ok() && !(*open)["executionInfos"].empty();
  }
  size_t open_count() {
    auto counted = client_->call("CountOpenWorkflowExecutions", {{"domain", "d"}, {"startTimeFilter", {{"oldestDate", 0}}}});
    EXPECT_TRUE(counted.ok()) << counted.error().describe();
    return counted.ok() ? (*counted)["count"].get<size_t>() : 0;
  }

  fs::path root_;
  std::unique_ptr<FullDisk> disk_;
  std::unique_ptr<ChildServer> server_;
  std::shared_ptr<swf::SwfClient> client_;
};

TEST_F(DiskFullTest, KeepsWhatItAcknowledgedRefusesWritesAndResumesWhenSpaceIsFreed) {
  start_server();
  ASSERT_TRUE(client_->call("RegisterDomain", {{"name", "d"}, {"workflowExecutionRetentionPeriodInDays", "1"}}).ok());
  ASSERT_TRUE(client_->call("RegisterWorkflowType", {{"domain", "d"}, {"name", "w"}, {"version", "1"}}).ok());
  std::vector<std::string> acknowledged;
  for (int i = 0; i < 20; ++i) {
    std::string id = "before-" + std::to_string(i);
    ASSERT_TRUE(start_execution(id).ok());
    acknowledged.push_back(id);
  }

  disk_->fill(server_->pid());
  std::string refused;
  for (int i = 0; i < 2000 && refused.empty(); ++i) {
    std::string id = "during-" + std::to_string(i);
    auto started = start_execution(id);
    if (started.ok()) {
      acknowledged.push_back(id);
      continue;
    }
    // Retryable, and says why.
    EXPECT_EQ(started.error().code, "ServiceUnavailableException") << started.error().describe();
    EXPECT_EQ(started.error().http_status, 503);
    EXPECT_TRUE(started.error().retryable());
    EXPECT_NE(started.error().message.find("write its store"), std::string::npos) << started.error().message;
    refused = id;
  }
  ASSERT_FALSE(refused.empty()) << "the disk never filled";

  // Writes are refused while the disk is full; reads go on, and show
  // everything acknowledged and nothing refused.
  auto again = start_execution("refused-again");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().http_status, 503);
  EXPECT_TRUE(client_->call("DescribeDomain", {{"name", "d"}}).ok());
  EXPECT_EQ(open_count(), acknowledged.size());
  EXPECT_TRUE(exists(acknowledged.front()));
  EXPECT_TRUE(exists(acknowledged.back()));
  EXPECT_FALSE(exists(refused));

  disk_->free_space(server_->pid());
  bool resumed = false;
  for (int i = 0; i < 100 && !resumed; ++i) {
    resumed = start_execution(refused).ok();
    if (!resumed) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_TRUE(resumed) << "the server did not take writes again";
  acknowledged.push_back(refused);
  EXPECT_EQ(open_count(), acknowledged.size());

  // All of it is on disk: a restart finds it.
  int status = server_->stop();
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  start_server();
  EXPECT_EQ(open_count(), acknowledged.size());
  for (const std::string& id : acknowledged) EXPECT_TRUE(exists(id)) << id;
}

}  // namespace
}  // namespace simpleflow::server
