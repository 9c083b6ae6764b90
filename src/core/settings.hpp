// Python simpleflow's settings that code reads at run time, each overridable
// by an environment variable of the same name.
#pragma once

#include <string>

namespace simpleflow::internal {

// The environment variable `name` when set and non-empty, else `fallback`.
std::string setting(const char* name, const char* fallback);

// An environment variable read as an integer; `fallback` when unset. Throws
// std::invalid_argument naming the variable when it is not an integer.
long long integer_setting(const char* name, long long fallback);

// SIMPLEFLOW_ENV=test: Python simpleflow's test environment, where deciders
// send at most 10 decisions per task, requests of at most 82,000 bytes, and
// keep at most 15 activities open, so that tests reach the limits quickly.
bool test_environment();

}  // namespace simpleflow::internal
