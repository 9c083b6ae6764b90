// Python simpleflow's settings that code reads at run time, each overridable
// by an environment variable of the same name, and the table of those this
// project reads (for `simpleflow info settings`).
#pragma once

#include <span>
#include <string>

namespace simpleflow::internal {

// The environment variable `name` when set and non-empty, else `fallback`.
std::string setting(const char* name, const char* fallback);

// An environment variable read as an integer; `fallback` when unset. Throws
// std::invalid_argument naming the variable when it is not an integer.
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

// How a setting's value is read, so that a bad one is reported.
enum class SettingKind { kText, kInteger, kBoolean };

// One setting of Python simpleflow's settings module that this project
// reads. When the variable is unset or empty, the value is that of the
// setting `default_from` (when not null), else `default_value`.
struct KnownSetting {
  const char* name;
  const char* default_value;
  const char* default_from;
  SettingKind kind;
  const char* description;
};

// Every known setting, sorted by name.
std::span<const KnownSetting> known_settings();

// The value `setting` has in this process, and where it comes from: "environment",
// "default", or the name of the setting it defaults to.
struct EffectiveSetting {
  std::string value;
  std::string source;
};
// Throws std::invalid_argument naming the variable when its value does not
// read as the setting's kind.
EffectiveSetting effective_setting(const KnownSetting& setting);

}  // namespace simpleflow::internal
