// Reading a workflow input given on the command line.
#pragma once

#include <optional>
#include <string>

#include "simpleflow/json.hpp"
#include "simpleflow/status.hpp"

namespace simpleflow::cli {

// The input from --input (JSON text) or --input-file (a path, "-" for
// standard input); `{}` when neither is given. Errors name the option, and
// for malformed JSON the line and column.
// The JSON in file `path` ("-" for standard input); errors name `option`.
StatusOr<Json> read_json_file(const std::string& path, const std::string& option);

StatusOr<Json> read_input(const std::optional<std::string>& input, const std::optional<std::string>& input_file);

}  // namespace simpleflow::cli
