#include "jumbo/signature.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

namespace simpleflow::jumbo::internal {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Python's str.split(): words separated by runs of whitespace.
std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

bool is_uuid(std::string_view name) {
  if (name.size() != kUuidLength) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    char c = name[i];
    if (dash ? c != '-' : !std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string quoted_start(std::string_view field) {
  constexpr std::size_t kShown = 120;
  std::string shown(field.substr(0, kShown));
  return "\"" + shown + (field.size() > kShown ? "...\"" : "\"");
}

Status malformed(std::string_view field, const std::string& why) {
  return InvalidArgumentError("malformed jumbo field " + quoted_start(field) + ": " + why);
}

}  // namespace

std::string Signature::address() const { return scheme == "s3" ? "s3://" + bucket + "/" + key : bucket + "/" + key; }

std::string Signature::text() const {
  return std::string(scheme == "s3" ? kS3Prefix : kFilePrefix) + bucket + "/" + key + " " + std::to_string(length);
}

bool looks_like_signature(std::string_view field) {
  return field.substr(0, kS3Prefix.size()) == kS3Prefix || field.substr(0, kFilePrefix.size()) == kFilePrefix;
}

StatusOr<Signature> parse_signature(std::string_view field) {
  auto parts = words(field);
  if (parts.size() != 2) return malformed(field, "expected an address and a length");
  Signature out;
  std::string_view address = parts[0];
  if (address.substr(0, kS3Prefix.size()) == kS3Prefix) {
    out.scheme = "s3";
    address.remove_prefix(kS3Prefix.size());
    auto slash = address.find('/');
    if (slash == 0 || slash == std::string_view::npos || slash + 1 == address.size())
      return malformed(field, "expected simpleflow+s3://<bucket>/<key>");
    out.bucket = std::string(address.substr(0, slash));
    out.key = std::string(address.substr(slash + 1));
  } else if (address.substr(0, kFilePrefix.size()) == kFilePrefix) {
    out.scheme = "file";
    address.remove_prefix(kFilePrefix.size());
    auto slash = address.rfind('/');
    if (address.empty() || address[0] != '/' || slash == 0 || !is_uuid(address.substr(slash + 1)) ||
        address.find("/../") != std::string_view::npos || address.find("/./") != std::string_view::npos)
      return malformed(field, "expected simpleflow+file:///<directory>/<uuid>");
    out.bucket = std::string(address.substr(0, slash));
    out.key = std::string(address.substr(slash + 1));
  } else {
    return malformed(field, "unknown scheme");
  }
  std::string_view digits = parts[1];
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), out.length);
  if (error != std::errc() || end != digits.data() + digits.size()) return malformed(field, "the length is not a number");
  return out;
}

Signature Destination::signature_for(const std::string& name, std::size_t length) const {
  return Signature{scheme, bucket, prefix.empty() ? name : prefix + "/" + name, length};
}

StatusOr<Destination> parse_destination(std::string_view value, std::size_t smallest_field) {
  const std::string quoted = "SIMPLEFLOW_JUMBO_FIELDS_BUCKET=\"" + std::string(value) + "\"";
  while (!value.empty() && value.back() == '/') value.remove_suffix(1);
  Destination out;
  std::size_t fixed = 0;  // the signature's length without the location
  constexpr std::string_view kFileUrl = "file://";
  if (value.substr(0, kFileUrl.size()) == kFileUrl) {
    out.scheme = "file";
    out.bucket = std::string(value.substr(kFileUrl.size()));
    if (out.bucket.empty() || out.bucket[0] != '/' || out.bucket.find("/../") != std::string::npos ||
        out.bucket.find("/./") != std::string::npos)
      return InvalidArgumentError(quoted + ": a directory must be an absolute path, as file:///var/lib/jumbo");
    fixed = kFilePrefix.size();
  } else {
    out.scheme = "s3";
    auto slash = value.find('/');
    out.bucket = std::string(value.substr(0, slash));
    if (slash != std::string_view::npos) out.prefix = std::string(value.substr(slash + 1));
    if (out.bucket.empty() || out.bucket.find_first_of(" \t\r\n") != std::string::npos ||
        out.prefix.find_first_of(" \t\r\n") != std::string::npos || out.prefix.find("//") != std::string::npos ||
        (!out.prefix.empty() && out.prefix.front() == '/'))
      return InvalidArgumentError(quoted + ": expected bucket or bucket/prefix, without spaces or empty segments");
    fixed = kS3Prefix.size();
  }
  for (char c : value) {
    if (is_space(c)) return InvalidArgumentError(quoted + ": a jumbo field location cannot hold whitespace");
  }
  // Every signature written must read back: no "." or ".." segments, which
  // a reader refuses and an HTTP client would resolve away.
  const std::string_view path = out.scheme == "file" ? std::string_view(out.bucket) : std::string_view(out.prefix);
  for (std::size_t start = 0; start <= path.size();) {
    std::size_t end = std::min(path.find('/', start), path.size());
    std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..")
      return InvalidArgumentError(quoted + ": a jumbo field location cannot hold \".\" or \"..\" segments");
    start = end + 1;
  }
  std::size_t longest = fixed + value.size() - (out.scheme == "file" ? kFileUrl.size() : 0) + 1 + kUuidLength + 1 +
                        kLengthDigits;
  if (longest > smallest_field) {
    std::size_t allowed = value.size() - (longest - smallest_field);
    return InvalidArgumentError(quoted + " is too long: its jumbo field signatures would take up to " +
                                std::to_string(longest) + " characters, and must fit the " +
                                std::to_string(smallest_field) + " of a failure's reason; use at most " +
                                std::to_string(allowed) + " characters");
  }
  return out;
}

}  // namespace simpleflow::jumbo::internal
