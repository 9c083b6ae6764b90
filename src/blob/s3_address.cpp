#include "blob/s3_address.hpp"

#include "aws/sigv4.hpp"

namespace simpleflow::blob::internal {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool looks_like_ip_address(std::string_view name) {
  int dots = 0;
  for (char c : name) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

}  // namespace

StatusOr<Endpoint> parse_endpoint(std::string_view url, std::string_view source) {
  auto invalid = [&] {
    return InvalidArgumentError(std::string(source) + " must be a URL such as https://s3.example.com or " +
                                "http://127.0.0.1:9000, got \"" + std::string(url) + "\"");
  };
  Endpoint out;
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return invalid();
  out.scheme = std::string(url.substr(0, scheme_end));
  if (out.scheme != "http" && out.scheme != "https") return invalid();
  std::string_view rest = url.substr(scheme_end + 3);
  if (rest.find_first_of("?#@ ") != std::string_view::npos) return invalid();
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    out.base_path = std::string(path);
  }
  if (authority.empty()) return invalid();
  std::string_view host = authority;
  std::string_view port;
  if (auto bracket = authority.find(']'); authority.front() == '[') {  // IPv6: [::1]:9000
    if (bracket == std::string_view::npos) return invalid();
    host = authority.substr(0, bracket + 1);
    std::string_view after = authority.substr(bracket + 1);
    if (!after.empty() && after.front() != ':') return invalid();
    if (!after.empty()) port = after.substr(1);
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || (authority.find(':') != std::string_view::npos && port.empty())) return invalid();
  for (char c : port)
    if (c < '0' || c > '9') return invalid();
  out.host = std::string(host);
  const bool default_port = port.empty() || (out.scheme == "http" && port == "80") ||
                            (out.scheme == "https" && port == "443");
  out.authority = default_port ? out.host : out.host + ":" + std::string(port);
  return out;
}

std::string aws_endpoint(std::string_view region) {
  const bool china = region.substr(0, 3) == "cn-";
  return "https://s3." + std::string(region) + (china ? ".amazonaws.com.cn" : ".amazonaws.com");
}

bool is_aws(const Endpoint& endpoint) {
  return ends_with(endpoint.host, ".amazonaws.com") || ends_with(endpoint.host, ".amazonaws.com.cn");
}

Status check_bucket_name(std::string_view bucket, bool relaxed) {
  auto invalid = [&](const char* why) {
    return InvalidArgumentError("\"" + std::string(bucket) + "\" is not a valid S3 bucket name: " + why);
  };
  if (bucket.size() < 3 || bucket.size() > 63) return invalid("it must have 3 to 63 characters");
  for (char c : bucket) {
    if (lower_or_digit(c) || c == '.' || c == '-') continue;
    if (relaxed && ((c >= 'A' && c <= 'Z') || c == '_')) continue;
    return invalid(relaxed ? "only letters, digits, '.', '-' and '_' are allowed"
                           : "only lower-case letters, digits, '.' and '-' are allowed");
  }
  auto alnum = [&](char c) { return lower_or_digit(c) || (relaxed && c >= 'A' && c <= 'Z'); };
  if (!alnum(bucket.front()) || !alnum(bucket.back())) return invalid("it must begin and end with a letter or digit");
  if (bucket.find("..") != std::string_view::npos) return invalid("it must not contain \"..\"");
  if (looks_like_ip_address(bucket)) return invalid("it must not look like an IP address");
  return OkStatus();
}

bool usable_as_host_label(std::string_view bucket) {
  return check_bucket_name(bucket, false).ok() && bucket.find('.') == std::string_view::npos;
}

S3Addressing resolve_addressing(S3Addressing requested, const Endpoint& endpoint, std::string_view bucket) {
  if (requested != S3Addressing::kAuto) return requested;
  return is_aws(endpoint) && usable_as_host_label(bucket) ? S3Addressing::kVirtualHost : S3Addressing::kPath;
}

ObjectAddress object_address(const Endpoint& endpoint, S3Addressing addressing, std::string_view bucket,
                             std::string_view key) {
  const std::string encoded_key = aws::internal::uri_encode(key, "/");
  ObjectAddress out;
  if (addressing == S3Addressing::kVirtualHost) {
    out.host = std::string(bucket) + "." + endpoint.authority;
    out.path = endpoint.base_path + "/" + encoded_key;
  } else {
    out.host = endpoint.authority;
    out.path = endpoint.base_path + "/" + aws::internal::uri_encode(bucket) + "/" + encoded_key;
  }
  out.url = endpoint.scheme + "://" + out.host + out.path;
  return out;
}

}  // namespace simpleflow::blob::internal
