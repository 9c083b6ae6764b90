// Reading the INI files that AWS tools and Python simpleflow use:
// ~/.aws/credentials, ~/.aws/config and ~/.swf.
//
// The dialect of Python's configparser as botocore uses it: `[section]`,
// `key = value` or `key: value`, comments on their own line (# or ;), no
// inline comments, indented lines continue the previous key (botocore's
// nested sections such as `s3 =` then `  addressing_style = path`, which
// simpleflow does not read). Keys are lower-cased; values are trimmed. Lines
// may be of any length (session tokens are long).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "simpleflow/status.hpp"

namespace simpleflow::swf::internal {

struct IniFile {
  std::map<std::string, std::map<std::string, std::string>> sections;

  // The value of `key` in `section`, if both exist.
  std::optional<std::string> get(const std::string& section, const std::string& key) const;
  bool has_section(const std::string& section) const { return sections.count(section) > 0; }
};

// Parses `text`; `name` names the file in errors ("~/.aws/config line 3: ...").
StatusOr<IniFile> parse_ini(std::string_view text, const std::string& name);

// Reads and parses the file at `path`: nullopt when it does not exist, an
// error when it cannot be read or parsed.
StatusOr<std::optional<IniFile>> read_ini_file(const std::string& path);

}  // namespace simpleflow::swf::internal
