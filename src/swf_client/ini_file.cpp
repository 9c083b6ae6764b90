#include "swf_client/ini_file.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace simpleflow::swf::internal {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> IniFile::get(const std::string& section, const std::string& key) const {
  auto s = sections.find(section);
  if (s == sections.end()) return std::nullopt;
  auto k = s->second.find(key);
  if (k == s->second.end()) return std::nullopt;
  return k->second;
}

StatusOr<IniFile> parse_ini(std::string_view text, const std::string& name) {
  IniFile file;
  std::map<std::string, std::string>* section = nullptr;
  bool after_key = false;
  int number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view raw = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    auto where = [&] { return name + " line " + std::to_string(number) + ": "; };
    if (std::isspace(static_cast<unsigned char>(raw.front()))) {
      if (!after_key) return InvalidArgumentError(where() + "an indented line with no key before it");
      continue;  // a continuation or nested value, which simpleflow does not read
    }
    if (line.front() == '[') {
      if (line.back() != ']') return InvalidArgumentError(where() + "a section header must end with ']'");
      section = &file.sections[std::string(trim(line.substr(1, line.size() - 2)))];
      after_key = false;
      continue;
    }
    auto split = line.find_first_of("=:");
    if (split == std::string_view::npos || split == 0)
      return InvalidArgumentError(where() + "expected \"key = value\", got \"" + std::string(line) + "\"");
    if (!section) return InvalidArgumentError(where() + "a key before any [section]");
    (*section)[lower(trim(line.substr(0, split)))] = std::string(trim(line.substr(split + 1)));
    after_key = true;
  }
  return file;
}

StatusOr<std::optional<IniFile>> read_ini_file(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    return InvalidArgumentError("cannot read " + path + ": it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<IniFile>();
    return InvalidArgumentError("cannot read " + path + ": " + std::strerror(errno));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return InvalidArgumentError("cannot read " + path + ": " + std::strerror(errno));
  auto parsed = parse_ini(buffer.str(), path);
  if (!parsed.ok()) return parsed.status();
  return std::optional<IniFile>(std::move(parsed).value());
}

}  // namespace simpleflow::swf::internal
