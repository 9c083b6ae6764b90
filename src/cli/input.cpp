#include "cli/input.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace simpleflow::cli {

StatusOr<Json> read_input(const std::optional<std::string>& input, const std::optional<std::string>& input_file) {
  if (input && input_file) return InvalidArgumentError("give --input or --input-file, not both");
  std::string text;
  std::string source;
  if (input) {
    text = *input;
    source = "--input";
  } else if (input_file) {
    source = "--input-file " + *input_file;
    if (*input_file == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      std::ifstream file(*input_file, std::ios::binary);
      if (!file) return NotFoundError("--input-file: cannot read \"" + *input_file + "\"");
      std::ostringstream buffer;
      buffer << file.rdbuf();
      text = buffer.str();
    }
  } else {
    return Json::object();
  }
  auto parsed = parse_json(text);
  if (!parsed.ok()) return InvalidArgumentError(source + ": " + parsed.status().message());
  return parsed;
}

}  // namespace simpleflow::cli
