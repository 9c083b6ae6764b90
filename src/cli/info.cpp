#include <iostream>

#include <CLI/Version.hpp>
#include <fmt/core.h>
#include <spdlog/version.h>

#include "cli/commands.hpp"
#include "simpleflow/registry.hpp"
#include "simpleflow/version.hpp"

namespace simpleflow::cli {

int info(const GlobalOptions& global, const std::string& topic) {
  Table table;
  if (topic == "versions") {
    table.columns = {"component", "version"};
    table.rows = {
        {"simpleflow", kVersion},
        {"nlohmann_json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR,
                                      NLOHMANN_JSON_VERSION_PATCH)},
        {"spdlog", fmt::format("{}.{}.{}", SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH)},
        {"fmt", fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100)},
        {"CLI11", CLI11_VERSION},
    };
  } else if (topic == "workflows") {
    table.columns = {"class", "name", "version", "task_list"};
    for (const auto* def : Registry::global().workflows())
      table.rows.push_back({def->class_name(), def->name(), def->version(), def->task_list()});
  } else if (topic == "activities") {
    table.columns = {"name", "version", "task_list", "retry", "raises_on_failure"};
    for (const auto* def : Registry::global().activities())
      table.rows.push_back({def->name(), def->version(), def->task_list(), def->retry(), def->raises_on_failure()});
  } else {
    return usage_error("info: unknown topic \"" + topic + "\": use versions, workflows or activities");
  }
  std::cout << render(table, global.format, global.header);
  return kExitOk;
}

}  // namespace simpleflow::cli
