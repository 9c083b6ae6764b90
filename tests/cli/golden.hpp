// Golden files: a command's expected output, kept under tests/cli/golden/.
// Run the tests with SIMPLEFLOW_UPDATE_GOLDEN=1 to write them from what the
// commands print, then review the diff.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "support/command.hpp"

namespace simpleflow::testing {

inline std::string golden_path(const std::string& name) { return source_dir() + "/tests/cli/golden/" + name; }

// Checks `actual` against the golden file `name`, or writes it when
// SIMPLEFLOW_UPDATE_GOLDEN is 1.
inline void expect_golden(const std::string& name, const std::string& actual) {
  std::string path = golden_path(name);
  const char* update = std::getenv("SIMPLEFLOW_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    ADD_FAILURE() << "no golden file " << path << ": run with SIMPLEFLOW_UPDATE_GOLDEN=1 to write it";
    return;
  }
  std::ostringstream expected;
  expected << file.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "differs from " << path
                                    << " (SIMPLEFLOW_UPDATE_GOLDEN=1 rewrites it; review the diff)";
}

}  // namespace simpleflow::testing
