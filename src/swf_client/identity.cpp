// The identity that deciders and workers send with their polls.
#include <pwd.h>
#include <unistd.h>

#include <climits>

#include "core/settings.hpp"
#include "simpleflow/swf/config.hpp"

namespace simpleflow::swf {
namespace {

constexpr std::size_t kMaxIdentity = 256;  // SWF's limit on `identity`

// As Python's getpass.getuser(): the login variables, then the password database.
std::optional<std::string> user_name(const Environment& env) {
  for (const char* name : {"LOGNAME", "USER", "LNAME", "USERNAME"})
    if (auto value = env.get(name)) return value;
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) return std::string(pw->pw_name);
  return std::nullopt;
}

std::optional<std::string> executable() {
  char path[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path);
  if (n <= 0) return std::nullopt;
  return std::string(path, static_cast<std::size_t>(n));
}

}  // namespace

StatusOr<std::string> swf_identity(const Environment& env) {
  Json identity = Json::object();
  if (auto user = user_name(env)) identity["user"] = *user;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) identity["hostname"] = std::string(host);
  identity["pid"] = static_cast<long long>(getpid());
  if (auto exe = executable()) identity["exe"] = *exe;

  if (auto extra = env.get("SIMPLEFLOW_IDENTITY")) {
    if (Status s = simpleflow::internal::check_setting("SIMPLEFLOW_IDENTITY", *extra); !s.ok()) return s;
    Json parsed = Json::parse(*extra);
    for (auto& [key, value] : parsed.items()) {
      if (value.is_null()) {
        identity.erase(key);
      } else {
        identity[key] = value;
      }
    }
  }
  std::string text = dumps(identity);
  // As Python simpleflow cuts identities: 252 characters and " ...".
  if (text.size() > kMaxIdentity) text = text.substr(0, kMaxIdentity - 4) + " ...";
  return text;
}

}  // namespace simpleflow::swf
