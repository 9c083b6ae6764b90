#include "core/settings.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>

#include "core/swf_names.hpp"
#include "simpleflow/json.hpp"

namespace simpleflow::internal {
namespace {

constexpr long long kNoLimit = std::numeric_limits<long long>::max();
// SWF's limits: a timeout is a string of at most 8 digits; an execution lasts
// at most a year; an execution has at most 1,000 open activities.
constexpr std::size_t kMaxDurationDigits = 8;
constexpr long long kMaxExecutionSeconds = 31'536'000;
constexpr long long kMaxOpenActivities = 1000;

constexpr const char* kLogLevels[] = {"DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "OFF", nullptr};
constexpr const char* kFormats[] = {"tabular", "csv", "tsv", "human", "json", "prettyjson", nullptr};
constexpr const char* kAddressingStyles[] = {"auto", "path", "virtual", nullptr};

constexpr std::array kKnownSettings = {
    KnownSetting{"ACTIVITY_DEFAULT_TASK_LIST", "default", nullptr, SettingKind::kSwfName,
                 "task list of an activity that names none"},
    KnownSetting{"ACTIVITY_DEFAULT_TIMEOUT", "300", nullptr, SettingKind::kSwfDuration,
                 "default of the four ACTIVITY_*_TIMEOUT settings"},
    KnownSetting{"ACTIVITY_DEFAULT_VERSION", "default", nullptr, SettingKind::kSwfVersion,
                 "version of an activity that names none"},
    KnownSetting{"ACTIVITY_HEARTBEAT_TIMEOUT", "300", "ACTIVITY_DEFAULT_TIMEOUT", SettingKind::kSwfDuration,
                 "heartbeat timeout of an activity that sets none"},
    KnownSetting{"ACTIVITY_SCHEDULE_TO_CLOSE_TIMEOUT", "300", "ACTIVITY_DEFAULT_TIMEOUT", SettingKind::kSwfDuration,
                 "schedule-to-close timeout of an activity that sets none"},
    KnownSetting{"ACTIVITY_SCHEDULE_TO_START_TIMEOUT", "300", "ACTIVITY_DEFAULT_TIMEOUT", SettingKind::kSwfDuration,
                 "schedule-to-start timeout of an activity that sets none"},
    KnownSetting{"ACTIVITY_SIGTERM_WAIT_SEC", "3", nullptr, SettingKind::kInteger,
                 "seconds between SIGTERM and SIGKILL when a canceled task's processes are stopped", 0, 86400},
    KnownSetting{"ACTIVITY_START_TO_CLOSE_TIMEOUT", "300", "ACTIVITY_DEFAULT_TIMEOUT", SettingKind::kSwfDuration,
                 "start-to-close timeout of an activity that sets none"},
    KnownSetting{"LOG_LEVEL", "INFO", nullptr, SettingKind::kChoiceAnyCase,
                 "level of the logs written on standard error", 0, 0, kLogLevels},
    KnownSetting{"SIMPLEFLOW_DISK_CACHE_DIR", "/tmp/simpleflow-cache", nullptr, SettingKind::kText,
                 "directory of the disk cache of jumbo fields"},
    KnownSetting{"SIMPLEFLOW_DISK_CACHE_SIZE", "1000000000", nullptr, SettingKind::kInteger,
                 "bytes the disk cache of jumbo fields may hold", 1, kNoLimit},
    KnownSetting{"SIMPLEFLOW_ENABLE_DISK_CACHE", "false", nullptr, SettingKind::kBoolean,
                 "keep fetched jumbo fields on disk, shared by the processes of the machine"},
    KnownSetting{"SIMPLEFLOW_ENV", "", nullptr, SettingKind::kText,
                 "test: deciders send at most 10 decisions and 82,000 bytes per task and keep 15 activities open"},
    KnownSetting{"SIMPLEFLOW_FORMAT", "tabular", nullptr, SettingKind::kChoice,
                 "output format of the commands that print tables (--format)", 0, 0, kFormats},
    KnownSetting{"SIMPLEFLOW_IDENTITY", "", nullptr, SettingKind::kJsonObject,
                 "JSON object merged into the identity that deciders and workers send"},
    KnownSetting{"SIMPLEFLOW_JUMBO_FIELDS_BUCKET", "", nullptr, SettingKind::kText,
                 "bucket[/prefix] or file:///directory of jumbo fields; unset: no jumbo fields"},
    KnownSetting{"SIMPLEFLOW_JUMBO_FIELDS_MEMORY_CACHE", "67108864", nullptr, SettingKind::kInteger,
                 "bytes of fetched jumbo fields each process keeps in memory", 0, kNoLimit},
    KnownSetting{"SIMPLEFLOW_PLUGINS", "", nullptr, SettingKind::kText, "plugins to load, colon-separated"},
    KnownSetting{"SIMPLEFLOW_S3_ADDRESSING_STYLE", "auto", nullptr, SettingKind::kChoiceAnyCase,
                 "S3 addressing: auto, path or virtual", 0, 0, kAddressingStyles},
    KnownSetting{"SIMPLEFLOW_S3_HOST", "", nullptr, SettingKind::kText,
                 "S3 host when no endpoint is configured; unset: s3.<region>.amazonaws.com"},
    KnownSetting{"SIMPLEFLOW_S3_SSE", "false", nullptr, SettingKind::kBoolean,
                 "server-side encryption (AES256) of the jumbo fields stored in S3"},
    KnownSetting{"SWF_CONNECTION_RETRIES", "5", nullptr, SettingKind::kInteger,
                 "retries of a call to SWF that was throttled or failed with a 5xx or network error", 0, 100},
    KnownSetting{"SWF_DOMAIN", "", nullptr, SettingKind::kSwfName, "domain of the commands that take --domain"},
    KnownSetting{"SWF_MAX_OPEN_ACTIVITY_COUNT", "1000", nullptr, SettingKind::kInteger,
                 "activities a decider keeps open per execution, unless the workflow says", 1, kMaxOpenActivities},
    KnownSetting{"WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT", "300", nullptr, SettingKind::kSwfDuration,
                 "decision task timeout of a new workflow type and of continue-as-new"},
    KnownSetting{"WORKFLOW_DEFAULT_EXECUTION_TIME", "3600", nullptr, SettingKind::kSwfExecutionTime,
                 "execution timeout of a new workflow type"},
    KnownSetting{"WORKFLOW_DEFAULT_TASK_LIST", "default", nullptr, SettingKind::kSwfName,
                 "task list of a workflow that names none"},
    KnownSetting{"WORKFLOW_DEFAULT_VERSION", "default", nullptr, SettingKind::kSwfVersion,
                 "version of a workflow that names none"},
};

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

// A decimal integer with an optional '-' and nothing else; nullopt when the
// text is not one, or does not fit.
std::optional<long long> parse_integer(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (!all_digits(text)) return std::nullopt;
  long long value = 0;
  for (char c : text) {
    if (value > (kNoLimit - (c - '0')) / 10) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

// "a, b or c", as a choice is offered.
std::string choices_text(const char* const* choices) {
  std::string out;
  for (const char* const* c = choices; *c; ++c) out += std::string(out.empty() ? "" : c[1] ? ", " : " or ") + *c;
  return out;
}

// What a value breaks: what is expected (after "must be"), and, when that
// alone does not say it, why the value is not that (after "it").
struct Unmet {
  std::string expected;
  std::string reason;
};

std::optional<Unmet> unmet_rule(const KnownSetting& known, std::string_view value) {
  switch (known.kind) {
    case SettingKind::kText:
      return std::nullopt;
    case SettingKind::kInteger: {
      auto n = parse_integer(value);
      if (n && *n >= known.min && *n <= known.max) return std::nullopt;
      if (known.max == kNoLimit) return Unmet{"an integer of at least " + std::to_string(known.min), ""};
      return Unmet{"an integer from " + std::to_string(known.min) + " to " + std::to_string(known.max), ""};
    }
    case SettingKind::kBoolean:
      try {
        parse_bool_setting(known.name, std::string(value));
        return std::nullopt;
      } catch (const std::invalid_argument&) {
        return Unmet{"a boolean (1, true, yes, on, or 0, false, no, off)", ""};
      }
    case SettingKind::kChoice:
      for (const char* const* c = known.choices; *c; ++c)
        if (value == *c) return std::nullopt;
      return Unmet{choices_text(known.choices), ""};
    case SettingKind::kChoiceAnyCase:
      for (const char* const* c = known.choices; *c; ++c)
        if (lowercase(value) == lowercase(*c)) return std::nullopt;
      return Unmet{choices_text(known.choices) + " (in any case)", ""};
    case SettingKind::kSwfDuration:
      if (value == "NONE" || (all_digits(value) && value.size() <= kMaxDurationDigits)) return std::nullopt;
      return Unmet{"a number of seconds from 0 to 99999999, or NONE", ""};
    case SettingKind::kSwfExecutionTime:
      if (all_digits(value) && value.size() <= kMaxDurationDigits && *parse_integer(value) <= kMaxExecutionSeconds)
        return std::nullopt;
      return Unmet{"a number of seconds from 0 to " + std::to_string(kMaxExecutionSeconds) +
                       " (a year: SWF takes no NONE for an execution's timeout)",
                   ""};
    case SettingKind::kSwfName:
    case SettingKind::kSwfVersion: {
      const std::size_t max_length = known.kind == SettingKind::kSwfName ? 256 : 64;
      std::string violation = swf_name_violation(value, max_length);
      if (violation.empty()) return std::nullopt;
      return Unmet{"a name that SWF takes (1 to " + std::to_string(max_length) +
                       " characters, no ':', '/', '|', control character or whitespace at either end, not \"arn\")",
                   violation};
    }
    case SettingKind::kJsonObject:
      if (Json::parse(value, nullptr, /*allow_exceptions=*/false).is_object()) return std::nullopt;
      return Unmet{"a JSON object, such as {\"team\": \"data\"}", ""};
  }
  return std::nullopt;
}

}  // namespace

std::string setting(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : std::string(fallback);
}

long long integer_setting(const char* name, long long fallback) {
  const char* value = std::getenv(name);
  if (!value || !*value) return fallback;
  if (const KnownSetting* known = find_known_setting(name))
    if (Status s = check_setting(*known, value); !s.ok()) throw std::invalid_argument(s.message());
  auto parsed = parse_integer(value);
  if (!parsed) throw std::invalid_argument(std::string(name) + " must be an integer, got \"" + value + "\"");
  return *parsed;
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

const KnownSetting* find_known_setting(std::string_view name) {
  for (const auto& s : kKnownSettings)
    if (name == s.name) return &s;
  return nullptr;
}

Status check_setting(const KnownSetting& known, std::string_view value) {
  if (value.empty()) return OkStatus();
  auto unmet = unmet_rule(known, value);
  if (!unmet) return OkStatus();
  return InvalidArgumentError(std::string(known.name) + " must be " + unmet->expected + ", got \"" +
                              std::string(value) + "\"" + (unmet->reason.empty() ? "" : ": it " + unmet->reason));
}

Status check_setting(std::string_view name, std::string_view value) {
  const KnownSetting* known = find_known_setting(name);
  if (!known) throw std::logic_error("no known setting " + std::string(name));
  return check_setting(*known, value);
}

std::vector<Status> check_settings_in_environment() {
  std::vector<Status> errors;
  for (const auto& known : kKnownSettings) {
    const char* value = std::getenv(known.name);
    if (Status s = check_setting(known, value ? value : ""); !s.ok()) errors.push_back(std::move(s));
  }
  return errors;
}

EffectiveSetting effective_setting(const KnownSetting& known) {
  const char* value = std::getenv(known.name);
  if (Status s = check_setting(known, value ? value : ""); !s.ok()) throw std::invalid_argument(s.message());
  EffectiveSetting out;
  if (value && *value) {
    out = {value, "environment"};
  } else if (const KnownSetting* parent = known.default_from ? find_known_setting(known.default_from) : nullptr) {
    out = effective_setting(*parent);
    if (out.source == "environment") out.source = parent->name;
  } else {
    out = {known.default_value, "default"};
  }
  return out;
}

}  // namespace simpleflow::internal
