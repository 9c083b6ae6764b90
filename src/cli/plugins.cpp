#include "cli/plugins.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include "simpleflow/registry.hpp"

namespace simpleflow::cli {

namespace fs = std::filesystem;

std::vector<std::string> default_plugins() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  fs::path dir = exe.parent_path().parent_path() / "lib" / "simpleflow" / "plugins";
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".so") out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> plugins_from_environment() {
  std::vector<std::string> out;
  const char* value = std::getenv("SIMPLEFLOW_PLUGINS");
  if (!value) return out;
  std::stringstream list(value);
  std::string path;
  while (std::getline(list, path, ':')) {
    if (!path.empty()) out.push_back(path);
  }
  return out;
}

Status load_plugins(const std::vector<std::string>& paths) {
  static std::set<std::string> loaded;  // by canonical path: a plugin registers once
  for (const auto& path : paths) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return NotFoundError("plugin file not found: " + path);
    std::string canonical = fs::canonical(path, ec).string();
    if (loaded.count(canonical)) continue;
    // A path without a slash would make dlopen search the library path.
    std::string open_path = canonical.empty() ? fs::absolute(path).string() : canonical;
    if (!dlopen(open_path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
      const char* why = dlerror();
      return InvalidArgumentError("cannot load plugin " + path + ": " + (why ? why : "unknown error"));
    }
    loaded.insert(canonical);
  }
  auto errors = Registry::global().errors();
  if (!errors.empty()) {
    std::string message = "invalid registrations:";
    for (const auto& e : errors) message += "\n  " + e;
    return InvalidArgumentError(message);
  }
  return OkStatus();
}

}  // namespace simpleflow::cli
