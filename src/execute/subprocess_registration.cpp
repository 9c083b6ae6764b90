#include "execute/subprocess_registration.hpp"

#include <dlfcn.h>
#include <link.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "simpleflow/execute.hpp"

namespace simpleflow::internal {
namespace {

struct InnerDefinitions {
  std::mutex mu;
  std::map<std::string, std::unique_ptr<ActivityDef>, std::less<>> by_name;
};

InnerDefinitions& inner_definitions() {
  static auto* definitions = new InnerDefinitions();  // never destroyed, as the registry
  return *definitions;
}

const link_map* library_of(const void* address) {
  Dl_info info;
  link_map* map = nullptr;
  if (!::dladdr1(address, &info, reinterpret_cast<void**>(&map), RTLD_DL_LINKMAP)) return nullptr;
  return map;
}

}  // namespace

const ActivityDef* find_subprocess_inner(std::string_view name) {
  auto& definitions = inner_definitions();
  std::lock_guard lock(definitions.mu);
  auto it = definitions.by_name.find(name);
  return it == definitions.by_name.end() ? nullptr : it->second.get();
}

std::optional<std::string> library_holding(const void* address) {
  const link_map* map = library_of(address);
  // The main program's entry has an empty name.
  if (!map || !map->l_name || !*map->l_name) return std::nullopt;
  if (map == library_of(reinterpret_cast<const void*>(&library_holding))) return std::nullopt;
  std::error_code ec;
  auto canonical = std::filesystem::canonical(map->l_name, ec);
  return ec ? std::string(map->l_name) : canonical.string();
}

const ActivityDef& add_subprocess_activity(const void* function, std::type_index class_type, const void* anchor,
                                           std::string qualified_name, SubprocessActivityOptions options,
                                           ActivityDef::Invoker inner, std::size_t arity) {
  auto inner_def = std::make_unique<ActivityDef>(qualified_name, options.activity, std::move(inner), arity);
  std::string name = inner_def->name();
  {
    auto& definitions = inner_definitions();
    std::lock_guard lock(definitions.mu);
    definitions.by_name.emplace(name, std::move(inner_def));  // a duplicate name is reported by the registry
  }
  auto start_subprocess = [name, subprocess = std::move(options.subprocess), anchor](const Arguments& arguments) {
    SubprocessOptions with_plugin = subprocess;
    // Looked up at the call, not at registration: a plugin's path is known
    // once it is loaded.
    if (auto library = library_holding(anchor);
        library && std::find(with_plugin.plugins.begin(), with_plugin.plugins.end(), *library) == with_plugin.plugins.end())
      with_plugin.plugins.push_back(*library);
    return run_in_subprocess(name, arguments, with_plugin, Json(activity_context()));
  };
  return add_activity(function, class_type,
                      std::make_unique<ActivityDef>(std::move(qualified_name), std::move(options.activity),
                                                    std::move(start_subprocess), arity));
}

}  // namespace simpleflow::internal
