#include "core/settings.hpp"

#include <cstdlib>
#include <stdexcept>

namespace simpleflow::internal {

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

bool test_environment() { return setting("SIMPLEFLOW_ENV", "") == "test"; }

}  // namespace simpleflow::internal
