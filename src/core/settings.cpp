#include "core/settings.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace simpleflow::internal {
namespace {

constexpr std::array kKnownSettings = {
    KnownSetting{"ACTIVITY_DEFAULT_TASK_LIST", "default", nullptr, SettingKind::kText,
                 "task list of an activity that names none"},
    KnownSetting{"ACTIVITY_DEFAULT_TIMEOUT", "300", nullptr, SettingKind::kText,
                 "default of the four ACTIVITY_*_TIMEOUT settings"},
    KnownSetting{"ACTIVITY_DEFAULT_VERSION", "default", nullptr, SettingKind::kText,
                 "version of an activity that names none"},
    KnownSetting{"ACTIVITY_HEARTBEAT_TIMEOUT", "300", "ACTIVITY_DEFAULT_TIMEOUT", SettingKind::kText,
                 "heartbeat timeout of an activity that sets none"},
    KnownSetting{"ACTIVITY_SCHEDULE_TO_CLOSE_TIMEOUT", "300", "ACTIVITY_DEFAULT_TIMEOUT", SettingKind::kText,
                 "schedule-to-close timeout of an activity that sets none"},
    KnownSetting{"ACTIVITY_SCHEDULE_TO_START_TIMEOUT", "300", "ACTIVITY_DEFAULT_TIMEOUT", SettingKind::kText,
                 "schedule-to-start timeout of an activity that sets none"},
    KnownSetting{"ACTIVITY_SIGTERM_WAIT_SEC", "3", nullptr, SettingKind::kInteger,
                 "seconds between SIGTERM and SIGKILL when a canceled task's processes are stopped"},
    KnownSetting{"ACTIVITY_START_TO_CLOSE_TIMEOUT", "300", "ACTIVITY_DEFAULT_TIMEOUT", SettingKind::kText,
                 "start-to-close timeout of an activity that sets none"},
    KnownSetting{"SIMPLEFLOW_DISK_CACHE_DIR", "/tmp/simpleflow-cache", nullptr, SettingKind::kText,
                 "directory of the disk cache of jumbo fields"},
    KnownSetting{"SIMPLEFLOW_DISK_CACHE_SIZE", "1000000000", nullptr, SettingKind::kInteger,
                 "bytes the disk cache of jumbo fields may hold"},
    KnownSetting{"SIMPLEFLOW_ENABLE_DISK_CACHE", "false", nullptr, SettingKind::kBoolean,
                 "keep fetched jumbo fields on disk, shared by the processes of the machine"},
    KnownSetting{"SIMPLEFLOW_JUMBO_FIELDS_BUCKET", "", nullptr, SettingKind::kText,
                 "bucket[/prefix] or file:///directory of jumbo fields; unset: no jumbo fields"},
    KnownSetting{"SIMPLEFLOW_JUMBO_FIELDS_MEMORY_CACHE", "67108864", nullptr, SettingKind::kInteger,
                 "bytes of fetched jumbo fields each process keeps in memory"},
    KnownSetting{"SIMPLEFLOW_S3_ADDRESSING_STYLE", "auto", nullptr, SettingKind::kText,
                 "S3 addressing: auto, path or virtual"},
    KnownSetting{"SIMPLEFLOW_S3_HOST", "", nullptr, SettingKind::kText,
                 "S3 host when no endpoint is configured; unset: s3.<region>.amazonaws.com"},
    KnownSetting{"SIMPLEFLOW_S3_SSE", "false", nullptr, SettingKind::kBoolean,
                 "server-side encryption (AES256) of the jumbo fields stored in S3"},
    KnownSetting{"WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT", "300", nullptr, SettingKind::kText,
                 "decision task timeout of a new workflow type and of continue-as-new"},
    KnownSetting{"WORKFLOW_DEFAULT_EXECUTION_TIME", "3600", nullptr, SettingKind::kText,
                 "execution timeout of a new workflow type"},
    KnownSetting{"WORKFLOW_DEFAULT_TASK_LIST", "default", nullptr, SettingKind::kText,
                 "task list of a workflow that names none"},
    KnownSetting{"WORKFLOW_DEFAULT_VERSION", "default", nullptr, SettingKind::kText,
                 "version of a workflow that names none"},
};

const KnownSetting* find_known_setting(std::string_view name) {
  for (const auto& s : kKnownSettings)
    if (name == s.name) return &s;
  return nullptr;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::string setting(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : std::string(fallback);
}

long long integer_setting(const char* name, long long fallback) {
  const char* value = std::getenv(name);
  if (!value || !*value) return fallback;
  char* end = nullptr;
  long long parsed = std::strtoll(value, &end, 10);
  if (*end != '\0') throw std::invalid_argument(std::string(name) + " must be an integer, got \"" + value + "\"");
  return parsed;
}

bool bool_setting(const char* name, bool fallback) {
  const char* value = std::getenv(name);
  return value ? parse_bool_setting(name, value) : fallback;
}

bool parse_bool_setting(const char* name, const std::string& value) {
  const std::string word = lowercase(value);
  for (const char* yes : {"1", "true", "yes", "on"})
    if (word == yes) return true;
  for (const char* no : {"0", "false", "no", "off", ""})
    if (word == no) return false;
  throw std::invalid_argument(std::string(name) + " must be a boolean (1, true, yes, on, or 0, false, no, off), got \"" +
                              value + "\"");
}

bool test_environment() { return setting("SIMPLEFLOW_ENV", "") == "test"; }

std::span<const KnownSetting> known_settings() { return kKnownSettings; }

EffectiveSetting effective_setting(const KnownSetting& known) {
  EffectiveSetting out;
  const char* value = std::getenv(known.name);
  if (value && *value) {
    out = {value, "environment"};
  } else if (const KnownSetting* parent = known.default_from ? find_known_setting(known.default_from) : nullptr) {
    out = effective_setting(*parent);
    if (out.source == "environment") out.source = parent->name;
  } else {
    out = {known.default_value, "default"};
  }
  // Read it as its readers do, so that a bad value is reported here too.
  if (known.kind == SettingKind::kInteger) integer_setting(known.name, 0);
  if (known.kind == SettingKind::kBoolean) bool_setting(known.name, false);
  return out;
}

}  // namespace simpleflow::internal
