// Printing tables in the formats of Python simpleflow's --format option.
#pragma once

#include <string>
#include <vector>

#include "simpleflow/json.hpp"
#include "simpleflow/status.hpp"

namespace simpleflow::cli {

enum class Format { kTabular, kCsv, kTsv, kHuman, kJson, kPrettyJson };

// "tabular", "csv", "tsv", "human", "json" or "prettyjson".
StatusOr<Format> parse_format(const std::string& name);
const std::vector<std::string>& format_names();

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<Json>> rows;
};

// Renders `table`, ending with a newline when not empty:
// - tabular: aligned columns, floats with two decimals, header when asked;
// - csv, tsv: one line per row (RFC 4180 quoting for csv), header when asked;
// - human: "column value" lines for the first row (always labelled);
// - json: an array of objects with the header, of arrays without;
// - prettyjson: json with the header, indented.
std::string render(const Table& table, Format format, bool header);

}  // namespace simpleflow::cli
