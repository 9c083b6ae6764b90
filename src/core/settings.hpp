// The settings that this project reads from the environment: Python
// simpleflow's settings module, each overridable by an environment variable
// of the same name, and the variables of its own (SWF_*, SIMPLEFLOW_*,
// LOG_LEVEL). One table holds them all, with the rule each value must
// follow, so that commands check every one when they start (a bad value
// found later, in a poller, would be met again in every poller forked to
// replace it) and `simpleflow info settings` shows them.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simpleflow/status.hpp"

namespace simpleflow::internal {

// The environment variable `name` when set and non-empty, else `fallback`.
std::string setting(const char* name, const char* fallback);

// An environment variable read as an integer; `fallback` when unset. Throws
// std::invalid_argument naming the variable when it is not an integer, or,
// for a known setting, not within its range.
long long integer_setting(const char* name, long long fallback);

// An environment variable read as a boolean, as people write them, in any
// case: 1, true, yes, on are true; 0, false, no, off and "" are false;
// `fallback` when unset. Throws std::invalid_argument naming the variable and
// the value for anything else (Python's bool("False") is True: here a value
// that is not understood is an error, never a guess).
bool bool_setting(const char* name, bool fallback);
// `value` of the variable `name` read as bool_setting reads it, for values
// that come from elsewhere than the process's environment.
bool parse_bool_setting(const char* name, const std::string& value);

// SIMPLEFLOW_ENV=test: Python simpleflow's test environment, where deciders
// send at most 10 decisions per task, requests of at most 82,000 bytes, and
// keep at most 15 activities open, so that tests reach the limits quickly.
bool test_environment();

// The rule a setting's value follows.
enum class SettingKind {
  kText,              // anything
  kInteger,           // a decimal integer from `min` to `max`
  kBoolean,           // as bool_setting reads it
  kChoice,            // one of `choices`
  kChoiceAnyCase,     // one of `choices`, in any case
  kSwfDuration,       // an SWF timeout: 0 to 99999999 seconds, or NONE
  kSwfExecutionTime,  // SWF's execution timeout: 0 to 31536000 seconds (a year); NONE is refused
  kSwfName,           // a task list or domain name as SWF takes it (1 to 256 characters)
  kSwfVersion,        // a type version as SWF takes it (1 to 64 characters)
  kJsonObject,        // a JSON object
};

// One setting that this project reads. When the variable is unset or empty,
// the value is that of the setting `default_from` (when not null), else
// `default_value`.
struct KnownSetting {
  const char* name;
  const char* default_value;
  const char* default_from;
  SettingKind kind;
  const char* description;
  long long min = 0;                      // kInteger
  long long max = 0;                      // kInteger
  const char* const* choices = nullptr;   // kChoice*: ends with nullptr
};

// Every known setting, sorted by name.
std::span<const KnownSetting> known_settings();
// The known setting of that name, or null.
const KnownSetting* find_known_setting(std::string_view name);

// OK when `value` follows the setting's rule, or is empty (as unset);
// otherwise kInvalidArgument with "<NAME> must be <what is expected>, got
// "<value>"". For values that come from elsewhere than the process's
// environment (swf::Environment maps), the version by name checks the known
// setting of that name.
Status check_setting(const KnownSetting& setting, std::string_view value);
Status check_setting(std::string_view name, std::string_view value);

// Every known setting that the environment sets, checked: one error for each
// bad value, in the table's order; empty when all are good.
std::vector<Status> check_settings_in_environment();

// The value `setting` has in this process, and where it comes from: "environment",
// "default", or the name of the setting it defaults to.
struct EffectiveSetting {
  std::string value;
  std::string source;
};
// Throws std::invalid_argument naming the variable when its value does not
// follow the setting's rule.
EffectiveSetting effective_setting(const KnownSetting& setting);

}  // namespace simpleflow::internal
