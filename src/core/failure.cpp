#include "core/failure.hpp"

#include <cxxabi.h>

#include <typeinfo>

#include "simpleflow/execute.hpp"
#include "simpleflow/internal/convert.hpp"
#include "simpleflow/internal/names.hpp"
#include "simpleflow/json.hpp"

namespace simpleflow::internal {
namespace {

FailureReport make_report(const std::string& cpp_type, const std::string& message) {
  // "std::runtime_error" -> error "runtime_error", error_type "std.runtime_error",
  // as Python reports the class name and its dotted module path.
  std::string error_type = dotted(cpp_type);
  auto last_dot = error_type.rfind('.');
  std::string error = last_dot == std::string::npos ? error_type : error_type.substr(last_dot + 1);
  Json details{{"error", error}, {"error_type", error_type}, {"message", message}, {"traceback", Json::array()}};
  return {error + ": " + message, dumps(details), error, message};
}

}  // namespace

FailureReport report_failure(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const ExecutionError& x) {
    // An activity that failed in its subprocess: the error it reported there
    // is the task's details, verbatim, as Python simpleflow does.
    FailureReport report = make_report("simpleflow::ExecutionError", x.what());
    if (!x.details().empty()) report.details = x.details();
    return report;
  } catch (const std::exception& x) {
    return make_report(demangle(typeid(x).name()), x.what());
  } catch (...) {
    auto* type = abi::__cxa_current_exception_type();
    return make_report(type ? demangle(type->name()) : "unknown", "");
  }
}

}  // namespace simpleflow::internal
