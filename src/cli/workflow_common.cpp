#include "cli/workflow_common.hpp"

#include <cctype>
#include <iostream>

#include "simpleflow/errors.hpp"
#include "simpleflow/swf/querysets.hpp"

namespace simpleflow::cli {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The run id of the latest execution with `workflow_id` of that status, if
// any. SWF lists newest first; the search goes back to the epoch, since the
// latest run is wanted however old it is.
std::optional<std::string> latest_run(const swf::Domain& domain, const std::string& workflow_id, bool closed) {
  swf::ListExecutionsRequest request;
  request.filters.domain = domain.name();
  request.filters.start_time = swf::TimeFilter{0, std::nullopt};
  request.filters.workflow_id = workflow_id;
  request.page.maximum_page_size = 1;
  auto& client = *domain.client();
  swf::ExecutionInfos page = swf::value_or_throw(closed ? client.list_closed_workflow_executions(request)
                                                        : client.list_open_workflow_executions(request));
  if (page.executions.empty()) return std::nullopt;
  return page.executions.front().execution.run_id;
}

[[noreturn]] void not_found(const swf::Domain& domain, const std::string& what) {
  // SWF answers UnknownResourceFault for an unknown domain too: say which.
  if (!domain.exists()) throw CommandError(kExitFailed, "unknown domain \"" + domain.name() + "\"");
  throw CommandError(kExitFailed, what + " in domain \"" + domain.name() + "\"");
}

}  // namespace

int run_guarded(const std::function<int()>& command) {
  try {
    return command();
  } catch (const CommandError& e) {
    std::cerr << "simpleflow: error: " << e.what() << std::endl;
    return e.exit_code();
  } catch (const std::invalid_argument& e) {
    return usage_error(e.what());
  } catch (const swf::SwfError& e) {
    std::cerr << "simpleflow: error: " << e.what() << std::endl;
    return kExitFailed;
  } catch (const InvalidInput& e) {
    std::cerr << "simpleflow: error: unreadable history: " << e.what() << std::endl;
    return kExitFailed;
  }
}

std::string decode_run_id(const std::string& run_id) {
  if (run_id.find('%') == std::string::npos) return run_id;
  std::string out;
  for (std::size_t i = 0; i < run_id.size(); ++i) {
    int high = -1, low = -1;
    if (run_id[i] == '%' && i + 2 < run_id.size()) {
      high = hex_value(run_id[i + 1]);
      low = hex_value(run_id[i + 2]);
    }
    if (high >= 0 && low >= 0) {
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += run_id[i];  // a '%' not followed by two hex digits stays, as Python's unquote() keeps it
    }
  }
  return out;
}

swf::Domain connect_domain(const SwfOptions& options, const std::optional<std::string>& name) {
  SwfOptions with_domain = options;
  if (name) with_domain.overrides.domain = name;
  auto connection = connect_to_swf(with_domain);
  if (!connection.ok()) throw CommandError(kExitUsage, connection.status().message());
  if (!connection->config.domain || connection->config.domain->empty())
    throw CommandError(kExitUsage, "no SWF domain: give --domain or set SWF_DOMAIN");
  return swf::Domain(connection->client, *connection->config.domain);
}

swf::WorkflowExecution find_execution(const swf::Domain& domain, const std::string& workflow_id,
                                      const std::optional<std::string>& run_id) {
  swf::WorkflowExecutionQuerySet executions(domain);
  if (run_id) {
    try {
      return executions.get(workflow_id, *run_id);
    } catch (const swf::DoesNotExistError&) {
      not_found(domain, "no execution \"" + workflow_id + "\" with run id \"" + *run_id + "\"");
    }
  }
  std::optional<std::string> found;
  try {
    found = latest_run(domain, workflow_id, /*closed=*/false);
    if (!found) found = latest_run(domain, workflow_id, /*closed=*/true);
  } catch (const swf::DoesNotExistError&) {
    not_found(domain, "no execution with workflow id \"" + workflow_id + "\"");
  }
  if (!found) not_found(domain, "no execution with workflow id \"" + workflow_id + "\"");
  return executions.get(workflow_id, *found);
}

swf::Event first_event(const swf::WorkflowExecution& execution) {
  swf::GetHistoryRequest request{.domain = execution.domain().name(),
                                 .execution = {execution.workflow_id(), execution.run_id()}};
  request.page.maximum_page_size = 1;
  swf::HistoryPage page = swf::value_or_throw(execution.domain().client()->get_workflow_execution_history(request));
  if (page.events.empty()) throw InvalidInput("the history of " + describe(execution) + " is empty");
  return swf::Event::from_json(page.events.front());
}

swf::WorkflowExecution find_execution(const ExecutionArgs& args) {
  swf::Domain domain = connect_domain(args.swf, args.domain);
  std::optional<std::string> run_id;
  if (args.run_id) run_id = decode_run_id(*args.run_id);
  return find_execution(domain, args.workflow_id, run_id);
}

int print_table(const Table& table, const GlobalOptions& global) {
  std::cout << render(table, global.format, global.header) << std::flush;
  return kExitOk;
}

std::string describe(const swf::WorkflowExecution& execution) {
  return execution.workflow_id() + " " + execution.run_id();
}

}  // namespace simpleflow::cli
