#include "cli/timestamps.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>

namespace simpleflow::cli {
namespace {

// The UTC calendar time of `seconds`, and its milliseconds. SWF keeps
// milliseconds, so rounding there undoes the binary fraction's error.
std::tm utc(double seconds, int& millis) {
  long long total_ms = std::llround(seconds * 1000.0);
  long long whole = total_ms / 1000;
  long long ms = total_ms % 1000;
  if (ms < 0) {  // before 1970: floor, not truncation
    ms += 1000;
    whole -= 1;
  }
  millis = static_cast<int>(ms);
  std::time_t t = static_cast<std::time_t>(whole);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

std::string format(const std::tm& tm, const char* pattern) {
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, pattern, &tm);
  return std::string(buf, n);
}

bool digits(const std::string& s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return false;
  for (std::size_t i = at; i < at + n; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

int number(const std::string& s, std::size_t at, std::size_t n) { return std::stoi(s.substr(at, n)); }

// The offset east of UTC, in seconds, of "Z", "+HHMM" or "+HH:MM" (or "-").
std::optional<int> utc_offset(const std::string& s) {
  if (s == "Z") return 0;
  if (s.size() < 5 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  std::size_t minutes_at = s[3] == ':' ? 4 : 3;
  if (!digits(s, 1, 2) || !digits(s, minutes_at, 2) || s.size() != minutes_at + 2) return std::nullopt;
  int hours = number(s, 1, 2), minutes = number(s, minutes_at, 2);
  if (hours > 23 || minutes > 59) return std::nullopt;
  int offset = hours * 3600 + minutes * 60;
  return s[0] == '-' ? -offset : offset;
}

}  // namespace

std::string text_timestamp(double seconds) {
  int millis = 0;
  std::tm tm = utc(seconds, millis);
  std::string out = format(tm, "%Y-%m-%d %H:%M:%S");
  if (millis) {
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%03d000", millis);
    out += fraction;
  }
  return out + "+00:00";
}

std::string json_timestamp(double seconds) {
  int millis = 0;
  std::tm tm = utc(seconds, millis);
  std::string out = format(tm, "%Y-%m-%dT%H:%M:%S");
  if (millis) {
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%03d", millis);
    out += fraction;
  }
  return out + "Z";
}

Json timestamp_cell(double seconds, Format f) {
  return f == Format::kJson || f == Format::kPrettyJson ? json_timestamp(seconds) : text_timestamp(seconds);
}

std::string minute_timestamp(double seconds) {
  int millis = 0;
  return format(utc(seconds, millis), "%Y-%m-%d %H:%M");
}

StatusOr<double> parse_date(const std::string& text) {
  auto bad = [&] {
    return InvalidArgumentError("bad date \"" + text +
                                "\": use YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS, "
                                "optionally with a UTC offset (Z, +0100 or +01:00)");
  };
  if (!digits(text, 0, 4) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2) || text[7] != '-' ||
      !digits(text, 8, 2))
    return bad();
  std::tm tm{};
  tm.tm_year = number(text, 0, 4) - 1900;
  tm.tm_mon = number(text, 5, 2) - 1;
  tm.tm_mday = number(text, 8, 2);
  int offset = 0;
  if (text.size() > 10) {
    if ((text[10] != 'T' && text[10] != ' ') || !digits(text, 11, 2) || text.size() < 19 || text[13] != ':' ||
        !digits(text, 14, 2) || text[16] != ':' || !digits(text, 17, 2))
      return bad();
    tm.tm_hour = number(text, 11, 2);
    tm.tm_min = number(text, 14, 2);
    tm.tm_sec = number(text, 17, 2);
    if (text.size() > 19) {
      auto parsed = utc_offset(text.substr(19));
      if (!parsed) return bad();
      offset = *parsed;
    }
  }
  // timegm() normalizes out-of-range fields (February 30th is March 2nd):
  // a date that does not come back the same was not a date.
  std::tm check = tm;
  std::time_t t = timegm(&check);
  if (check.tm_year != tm.tm_year || check.tm_mon != tm.tm_mon || check.tm_mday != tm.tm_mday ||
      check.tm_hour != tm.tm_hour || check.tm_min != tm.tm_min || check.tm_sec != tm.tm_sec)
    return bad();
  return static_cast<double>(t) - offset;
}

}  // namespace simpleflow::cli
