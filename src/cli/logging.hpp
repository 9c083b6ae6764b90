// The CLI's logging: spdlog to standard error, level from LOG_LEVEL.
#pragma once

#include <string>

#include "simpleflow/status.hpp"

namespace simpleflow::cli {

// Sets the default logger up: format "<ISO date> <LEVEL> [process=simpleflow,
// pid=<pid>]: <message>" on stderr, level `level` (DEBUG, INFO, WARNING,
// ERROR, CRITICAL or OFF, any case; empty means INFO).
Status setup_logging(const std::string& level);

// Names this process in log lines: "[process=<name>, pid=...]".
void set_process_name(const std::string& name);

}  // namespace simpleflow::cli
