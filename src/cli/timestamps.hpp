// SWF timestamps as the workflow.* commands print and read them. SWF times
// are UTC seconds since the epoch with millisecond precision; the printed
// forms are Python simpleflow's, so that scripts reading either agree.
#pragma once

#include <string>

#include "cli/output.hpp"
#include "simpleflow/json.hpp"
#include "simpleflow/status.hpp"

namespace simpleflow::cli {

// "2026-01-02 03:04:05+00:00", with ".250000" before the offset when there
// are milliseconds: Python's str() of an aware UTC datetime, which its
// tables (tabular, csv, tsv, human) print.
std::string text_timestamp(double seconds);

// "2026-01-02T03:04:05Z", or "2026-01-02T03:04:05.250Z": what Python
// simpleflow's JSON encoder writes for a datetime.
std::string json_timestamp(double seconds);

// A table cell holding a timestamp: json_timestamp() for json and
// prettyjson, text_timestamp() for the others.
Json timestamp_cell(double seconds, Format format);

// "2026-01-02 03:04": workflow.profile's times, whatever the format.
std::string minute_timestamp(double seconds);

// The time of a --from-date or --to-date value, in seconds since the epoch:
// "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD HH:MM:SS", the two
// latter optionally followed by a UTC offset ("Z", "+0100", "+01:00").
// Times without an offset are UTC. The error says which forms are accepted.
StatusOr<double> parse_date(const std::string& text);

}  // namespace simpleflow::cli
