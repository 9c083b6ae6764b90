// Python's str() and repr() of JSON values, for command lines that must read
// as Python simpleflow writes them (execute.program's arguments).
#pragma once

#include <string>

#include "simpleflow/json.hpp"

namespace simpleflow::internal {

// str(): a string as it is; otherwise repr().
std::string python_str(const Json& value);

// repr(): 'text' (or "text" when it holds a ' and no "), 1, 2.5, True, None,
// [1, 'a'], {'k': 2}. Escapes in strings follow Python's for control
// characters, C1 controls, Unicode separators and format characters, private
// use and surrogate code points; other non-ASCII characters are kept as they
// are (Python also escapes unassigned code points, which this does not know).
std::string python_repr(const Json& value);

}  // namespace simpleflow::internal
