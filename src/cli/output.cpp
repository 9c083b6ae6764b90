#include "cli/output.hpp"

#include <algorithm>
#include <cstdio>

namespace simpleflow::cli {
namespace {

std::string cell_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  if (v.is_number_float()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v.get<double>());
    return buf;
  }
  return dumps(v);
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string join_line(const std::vector<std::string>& cells, Format format) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) line += format == Format::kCsv ? "," : "\t";
    line += format == Format::kCsv ? csv_field(cells[i]) : cells[i];
  }
  return line + "\n";
}

std::string render_tabular(const std::vector<std::vector<std::string>>& lines) {
  std::vector<std::size_t> widths;
  for (const auto& line : lines) {
    widths.resize(std::max(widths.size(), line.size()));
    for (std::size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], line[i].size());
  }
  std::string out;
  for (const auto& line : lines) {
    std::string text;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (i) text += "  ";
      text += line[i];
      if (i + 1 < line.size()) text.append(widths[i] - line[i].size(), ' ');
    }
    out += text + "\n";
  }
  return out;
}

}  // namespace

const std::vector<std::string>& format_names() {
  static const std::vector<std::string> names{"tabular", "csv", "tsv", "human", "json", "prettyjson"};
  return names;
}

StatusOr<Format> parse_format(const std::string& name) {
  static const Format kFormats[] = {Format::kTabular, Format::kCsv,  Format::kTsv,
                                    Format::kHuman,   Format::kJson, Format::kPrettyJson};
  const auto& names = format_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return kFormats[i];
  }
  return InvalidArgumentError("unknown format \"" + name + "\": use tabular, csv, tsv, human, json or prettyjson");
}

std::string render(const Table& table, Format format, bool header) {
  switch (format) {
    case Format::kJson:
    case Format::kPrettyJson: {
      bool with_header = header || format == Format::kPrettyJson;
      Json out = Json::array();
      for (const auto& row : table.rows) {
        if (with_header) {
          Json object = Json::object();
          for (std::size_t i = 0; i < row.size() && i < table.columns.size(); ++i) object[table.columns[i]] = row[i];
          out.push_back(std::move(object));
        } else {
          out.push_back(Json(row));
        }
      }
      return (format == Format::kPrettyJson ? out.dump(4) : dumps(out)) + "\n";
    }
    case Format::kHuman: {
      if (table.rows.empty()) return "";
      std::vector<std::vector<std::string>> lines;
      for (std::size_t i = 0; i < table.columns.size(); ++i)
        lines.push_back({table.columns[i], i < table.rows[0].size() ? cell_text(table.rows[0][i]) : ""});
      return render_tabular(lines);
    }
    case Format::kCsv:
    case Format::kTsv: {
      std::string out;
      if (header) out += join_line(table.columns, format);
      for (const auto& row : table.rows) {
        std::vector<std::string> cells;
        for (const auto& v : row) cells.push_back(cell_text(v));
        out += join_line(cells, format);
      }
      return out;
    }
    case Format::kTabular: {
      std::vector<std::vector<std::string>> lines;
      if (header) lines.push_back(table.columns);
      for (const auto& row : table.rows) {
        std::vector<std::string> cells;
        for (const auto& v : row) cells.push_back(cell_text(v));
        lines.push_back(std::move(cells));
      }
      return render_tabular(lines);
    }
  }
  return "";
}

}  // namespace simpleflow::cli
