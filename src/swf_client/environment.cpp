#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "simpleflow/swf/config.hpp"

namespace simpleflow::swf {

Environment Environment::process() {
  Environment env;
  env.lookup_ = [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (!value || !*value) return std::nullopt;
    return std::string(value);
  };
  if (const char* home = std::getenv("HOME"); home && *home) {
    env.home_ = home;
  } else if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_dir) {
    env.home_ = pw->pw_dir;
  }
  return env;
}

Environment Environment::from_map(std::map<std::string, std::string> variables, std::string home) {
  Environment env;
  env.lookup_ = [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    auto it = variables.find(name);
    if (it == variables.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  env.home_ = std::move(home);
  return env;
}

std::optional<std::string> Environment::get(const std::string& name) const { return lookup_(name); }

}  // namespace simpleflow::swf
