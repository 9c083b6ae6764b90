// A directory of its own for the running test, under the system's temporary
// directory, named after the test so that a failed run's files are found.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace simpleflow::testing {

// <tmp>/simpleflow-<prefix>-<pid>-<test name>, emptied if it exists (not
// created: the code under test may want to create it).
inline std::filesystem::path fresh_test_directory(const std::string& prefix) {
  auto path = std::filesystem::temp_directory_path() /
              ("simpleflow-" + prefix + "-" + std::to_string(getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(path);
  return path;
}

}  // namespace simpleflow::testing
