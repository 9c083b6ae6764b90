#include "cli/input.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace simpleflow::cli {

StatusOr<Json> read_json_file(const std::string& path, const std::string& option) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) return NotFoundError(option + ": cannot read \"" + path + "\"");
    std::ostringstream buffer;
    buffer << file.rdbuf();
    text = buffer.str();
  }
  auto parsed = parse_json(text);
  if (!parsed.ok()) return InvalidArgumentError(option + " " + path + ": " + parsed.status().message());
  return parsed;
}

StatusOr<Json> read_input(const std::optional<std::string>& input, const std::optional<std::string>& input_file) {
  if (input && input_file) return InvalidArgumentError("give --input or --input-file, not both");
  if (input_file) return read_json_file(*input_file, "--input-file");
  if (!input) return Json::object();
  auto parsed = parse_json(*input);
  if (!parsed.ok()) return InvalidArgumentError("--input: " + parsed.status().message());
  return parsed;
}

}  // namespace simpleflow::cli
