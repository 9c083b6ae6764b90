#include "cli/logging.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/settings.hpp"

namespace simpleflow::cli {
namespace {

// %* prints the level in capitals, as Python's logging does (INFO, WARNING).
class UpperLevelFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    static constexpr const char* kNames[] = {"TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "OFF"};
    std::string_view name = kNames[static_cast<int>(msg.level)];
    dest.append(name.data(), name.data() + name.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<UpperLevelFlag>(); }
};

}  // namespace

Status setup_logging(const std::string& level) {
  // The table of settings says which words are levels; here, what each means.
  if (Status s = internal::check_setting("LOG_LEVEL", level); !s.ok()) return s;
  std::string upper = level.empty() ? "INFO" : level;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  spdlog::level::level_enum parsed;
  if (upper == "DEBUG") parsed = spdlog::level::debug;
  else if (upper == "INFO") parsed = spdlog::level::info;
  else if (upper == "WARNING" || upper == "WARN") parsed = spdlog::level::warn;
  else if (upper == "ERROR") parsed = spdlog::level::err;
  else if (upper == "CRITICAL") parsed = spdlog::level::critical;
  else parsed = spdlog::level::off;

  auto logger = std::make_shared<spdlog::logger>("simpleflow", std::make_shared<spdlog::sinks::stderr_sink_st>());
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<UpperLevelFlag>('*').set_pattern("%Y-%m-%dT%H:%M:%S %* [process=%n, pid=%P]: %v");
  logger->set_formatter(std::move(formatter));
  logger->set_level(parsed);
  spdlog::set_default_logger(logger);
  return OkStatus();
}

void set_process_name(const std::string& name) {
  spdlog::set_default_logger(spdlog::default_logger()->clone(name));
}

}  // namespace simpleflow::cli
