// workflow.history: an execution's history as JSON, as SWF sends it (events),
// event by event as Python's event objects (raw), or parsed into tasks
// (cooked).
#include <algorithm>
#include <cctype>
#include <iostream>

#include "cli/cooked_history.hpp"
#include "cli/workflow_actions.hpp"
#include "cli/workflow_common.hpp"

namespace simpleflow::cli {
namespace {

// A boolean as click reads one; "" (the option without a value) is true.
std::optional<bool> parse_bool(std::string word) {
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* yes : {"", "1", "true", "t", "yes", "y", "on"})
    if (word == yes) return true;
  for (const char* no : {"0", "false", "f", "no", "n", "off"})
    if (word == no) return false;
  return std::nullopt;
}

}  // namespace

int workflow_history(const GlobalOptions& global, const HistoryArgs& args) {
  // Python prints the history only in this mode; other formats are tables.
  bool pretty = global.format == Format::kPrettyJson;
  if (!pretty && !(global.format == Format::kJson && global.header))
    return usage_error("workflow.history prints JSON only: add --format json --header, or --format prettyjson");
  const std::string& of = args.output_format;
  if (of != "events" && of != "raw" && of != "cooked")
    return usage_error("invalid --output-format \"" + of + "\": use events, raw or cooked");
  bool reverse = false;
  if (args.reverse_order) {
    auto parsed = parse_bool(*args.reverse_order);
    if (!parsed) return usage_error("invalid --reverse-order \"" + *args.reverse_order + "\": use true or false");
    reverse = *parsed;
  }

  return run_guarded([&] {
    swf::Domain domain = connect_domain(args.swf, std::nullopt);
    std::optional<std::string> run_id;
    if (args.run_id) run_id = decode_run_id(*args.run_id);
    swf::WorkflowExecution execution = find_execution(domain, args.workflow_id, run_id);

    Json out = Json::array();
    if (of == "events") {
      execution.history_events(
          [&](const std::vector<Json>& page) {
            for (const auto& event : page) out.push_back(api_event(event));
          },
          reverse);
    } else if (of == "raw") {
      // Every event: Python stops at the first 10, a leftover of debugging.
      for (const auto& event : execution.history()) out.push_back(raw_event(event));
      if (reverse) std::reverse(out.begin(), out.end());
    } else {
      // Tasks are parsed oldest event first; --reverse-order does not apply.
      out = CookedHistory::parse(execution.history()).to_json();
    }
    std::cout << (pretty ? out.dump(4) : dumps(out)) << std::endl;
    return kExitOk;
  });
}

}  // namespace simpleflow::cli
