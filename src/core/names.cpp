#include "simpleflow/internal/names.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>

#include "simpleflow/internal/convert.hpp"

namespace simpleflow::internal {

std::string dotted(std::string_view cpp_name) {
  std::string out;
  out.reserve(cpp_name.size());
  int template_depth = 0;
  for (std::size_t i = 0; i < cpp_name.size(); ++i) {
    char c = cpp_name[i];
    if (c == '<') ++template_depth;
    if (c == '>') --template_depth;
    if (template_depth == 0 && c == ':' && i + 1 < cpp_name.size() && cpp_name[i + 1] == ':') {
      if (!out.empty()) out += '.';  // a leading "::" is dropped
      ++i;
      continue;
    }
    out += c;
  }
  return out;
}

std::string_view pretty_function_argument(std::string_view pretty, std::string_view marker) {
  auto start = pretty.find(marker);
  if (start == std::string_view::npos) return pretty;
  start += marker.size();
  int depth = 0;
  std::size_t end = start;
  for (; end < pretty.size(); ++end) {
    char c = pretty[end];
    if (c == '<' || c == '(') ++depth;
    if (c == '>' || c == ')') --depth;
    if (depth == 0 && (c == ';' || c == ']')) break;
  }
  return pretty.substr(start, end - start);
}

std::string demangle(const char* mangled) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> out(abi::__cxa_demangle(mangled, nullptr, nullptr, &status),
                                             std::free);
  return status == 0 && out ? std::string(out.get()) : std::string(mangled);
}

}  // namespace simpleflow::internal
