// `info [TOPICS]`: what this build, its plugins, its settings and its
// environment hold. TOPICS is comma-separated, as in Python simpleflow.
#include <algorithm>
#include <cctype>
#include <iostream>
#include <string_view>

#include <sys/utsname.h>

#include <CLI/Version.hpp>
#include <fmt/core.h>
#include <spdlog/version.h>

#include "cli/commands.hpp"
#include "core/settings.hpp"
#include "simpleflow/registry.hpp"
#include "simpleflow/version.hpp"

extern char** environ;

namespace simpleflow::cli {
namespace {

// Python prints its compiler and platform; these are ours.
std::string compiler() {
#if defined(__clang__)
  return std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  return std::string("GCC ") + __VERSION__;
#else
  return "unknown";
#endif
}

std::string platform() {
  struct utsname name {};
  if (uname(&name) != 0) return "unknown";
  return fmt::format("{}-{}-{}", name.sysname, name.release, name.machine);
}

Table versions_table() {
  return {{"component", "version"},
          {
              {"simpleflow", kVersion},
              {"nlohmann_json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR, NLOHMANN_JSON_VERSION_MINOR,
                                            NLOHMANN_JSON_VERSION_PATCH)},
              {"spdlog", fmt::format("{}.{}.{}", SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH)},
              {"fmt", fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100)},
              {"CLI11", CLI11_VERSION},
              {"compiler", compiler()},
              {"platform", platform()},
          }};
}

Table workflows_table() {
  Table table{{"class", "name", "version", "task_list"}, {}};
  for (const auto* def : Registry::global().workflows())
    table.rows.push_back({def->class_name(), def->name(), def->version(), def->task_list()});
  return table;
}

Table activities_table() {
  Table table{{"name", "version", "task_list", "retry", "raises_on_failure"}, {}};
  for (const auto* def : Registry::global().activities())
    table.rows.push_back({def->name(), def->version(), def->task_list(), def->retry(), def->raises_on_failure()});
  return table;
}

// Throws std::invalid_argument naming a variable whose value does not follow
// its setting's rule (info checks them all before).
Table settings_table() {
  Table table{{"name", "value", "source", "description"}, {}};
  for (const auto& known : internal::known_settings()) {
    auto effective = internal::effective_setting(known);
    table.rows.push_back({known.name, effective.value, effective.source, known.description});
  }
  return table;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Keys that hold credentials. Python redacts SECRET only, which prints
// session tokens; TOKEN and PASSWORD are redacted too.
bool is_secret(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (const char* word : {"SECRET", "TOKEN", "PASSWORD"})
    if (name.find(word) != std::string::npos) return true;
  return false;
}

// The variables that configure simpleflow and AWS access, sorted by name.
Table environment_table() {
  Table table{{"name", "value"}, {}};
  std::vector<std::pair<std::string, std::string>> variables;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    auto equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    std::string name(text.substr(0, equals));
    if (!starts_with(name, "AWS") && !starts_with(name, "SIMPLEFLOW") && !starts_with(name, "SWF_")) continue;
    variables.emplace_back(name, is_secret(name) ? "<redacted>" : std::string(text.substr(equals + 1)));
  }
  std::sort(variables.begin(), variables.end());
  for (auto& [name, value] : variables) table.rows.push_back({name, value});
  return table;
}

struct Topic {
  const char* name;
  const char* title;
  Table (*table)();
};
constexpr Topic kTopics[] = {
    {"versions", "Versions", versions_table},
    {"settings", "Settings", settings_table},
    {"environment", "Environment AWS* SIMPLEFLOW* SWF_*", environment_table},
    {"workflows", "Workflows", workflows_table},
    {"activities", "Activities", activities_table},
};

const Topic* find_topic(std::string_view name) {
  for (const auto& topic : kTopics)
    if (name == topic.name) return &topic;
  return nullptr;
}

// Several topics: a "# Title" line before each table and an empty line after
// it, as Python prints its sections; in JSON, one object keyed by topic.
std::string render_topics(const std::vector<const Topic*>& topics, const GlobalOptions& global) {
  if (topics.size() == 1) return render(topics.front()->table(), global.format, global.header);
  if (global.format == Format::kJson || global.format == Format::kPrettyJson) {
    Json out = Json::object();
    for (const Topic* topic : topics)
      out[topic->name] = parse_json(render(topic->table(), global.format, global.header)).value();
    return (global.format == Format::kPrettyJson ? out.dump(4) : dumps(out)) + "\n";
  }
  std::string out;
  for (const Topic* topic : topics)
    out += std::string("# ") + topic->title + "\n" + render(topic->table(), global.format, global.header) + "\n";
  return out;
}

}  // namespace

int info(const GlobalOptions& global, const std::string& topic_list) {
  std::vector<const Topic*> topics;
  std::string_view rest = topic_list;
  for (;;) {
    auto comma = rest.find(',');
    std::string_view name = rest.substr(0, comma);
    const Topic* topic = find_topic(name);
    if (!topic)
      return usage_error("info: unknown topic \"" + std::string(name) +
                         "\": use versions, settings, environment, workflows or activities, separated by commas");
    topics.push_back(topic);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (std::find(topics.begin(), topics.end(), find_topic("settings")) != topics.end())
    if (int code = check_settings(); code != kExitOk) return code;
  std::string out;
  try {
    out = render_topics(topics, global);
  } catch (const std::invalid_argument& e) {
    return usage_error(e.what());
  }
  std::cout << out;
  return kExitOk;
}

}  // namespace simpleflow::cli
