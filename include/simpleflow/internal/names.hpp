// Dotted names from C++ names: `examples::basic::increment` becomes
// `examples.basic.increment`, as Python simpleflow names things by module path.
#pragma once

#include <string>
#include <string_view>

namespace simpleflow::internal {

// Turns "a::b::c" into "a.b.c" (template arguments are kept as written).
std::string dotted(std::string_view cpp_name);

// Extracts what follows `marker` up to the next ';' or ']' in a
// __PRETTY_FUNCTION__ string.
std::string_view pretty_function_argument(std::string_view pretty, std::string_view marker);

template <auto F>
std::string dotted_name() {
  return dotted(pretty_function_argument(__PRETTY_FUNCTION__, "F = "));
}

template <class T>
std::string dotted_type_name() {
  return dotted(pretty_function_argument(__PRETTY_FUNCTION__, "T = "));
}

// Returns its argument, or a value-initialised T when there is none: lets
// registration macros take their options in braces or not at all.
template <class T>
T options_or_default() { return T{}; }
template <class T>
T options_or_default(T options) { return options; }

}  // namespace simpleflow::internal
