#include "server/sigv4_verifier.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <map>

#include "aws/sigv4.hpp"

namespace simpleflow::server::internal {
namespace {

namespace aws = simpleflow::aws::internal;

constexpr double kMaxSkew = 15 * 60;  // seconds, as AWS allows

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A header's value for signing: values of repeated headers joined by ','.
std::string canonical_value(const SignedRequest& request, const std::string& name, bool& present) {
  std::string out;
  present = false;
  for (const auto& [header, value] : request.headers) {
    if (lower(header) != name) continue;
    if (present) out += ',';
    present = true;
    out += aws::canonical_header_value(value);
  }
  return out;
}

std::optional<std::string> header(const SignedRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers)
    if (lower(key) == name) return value;
  return std::nullopt;
}

// Seconds since the epoch of an ISO 8601 basic date ("20261128T101203Z").
std::optional<double> parse_amz_date(const std::string& text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  std::tm tm{};
  for (std::size_t i : {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14})
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  tm.tm_year = std::stoi(text.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(text.substr(4, 2)) - 1;
  tm.tm_mday = std::stoi(text.substr(6, 2));
  tm.tm_hour = std::stoi(text.substr(9, 2));
  tm.tm_min = std::stoi(text.substr(11, 2));
  tm.tm_sec = std::stoi(text.substr(13, 2));
  return static_cast<double>(timegm(&tm));
}

std::vector<std::string> split(std::string_view s, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    auto at = s.find(separator, start);
    out.emplace_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

AuthFailure incomplete(std::string message) { return {"IncompleteSignatureException", std::move(message), 400}; }
AuthFailure invalid(std::string message) { return {"InvalidSignatureException", std::move(message), 403}; }
AuthFailure unrecognized() {
  return {"UnrecognizedClientException", "The security token included in the request is invalid.", 403};
}

}  // namespace

std::optional<AuthFailure> verify_sigv4(const SignedRequest& request,
                                        const std::function<std::optional<AccessKey>(std::string_view)>& find_key,
                                        double now, const SigningScope& expected_scope) {
  const std::string_view service = expected_scope.service;
  auto authorization = header(request, "authorization");
  if (!authorization) return AuthFailure{"MissingAuthenticationTokenException", "Missing Authentication Token", 403};
  std::string_view auth = trim(*authorization);
  constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
  if (auth.substr(0, kAlgorithm.size()) != kAlgorithm || auth.size() == kAlgorithm.size() ||
      auth[kAlgorithm.size()] != ' ')
    return incomplete("Unsupported AWS 'algorithm': the Authorization header must start with AWS4-HMAC-SHA256");
  std::map<std::string, std::string> parts;
  for (const auto& part : split(auth.substr(kAlgorithm.size() + 1), ',')) {
    std::string_view p = trim(part);
    auto eq = p.find('=');
    if (eq != std::string_view::npos) parts[std::string(p.substr(0, eq))] = std::string(p.substr(eq + 1));
  }
  for (const char* name : {"Credential", "SignedHeaders", "Signature"})
    if (!parts.count(name))
      return incomplete(std::string("Authorization header requires '") + name + "' parameter.");

  std::vector<std::string> scope = split(parts["Credential"], '/');
  if (scope.size() != 5 || scope[4] != "aws4_request")
    return incomplete("Credential must have the form <key>/<date>/<region>/<service>/aws4_request, got '" +
                      parts["Credential"] + "'");
  if (scope[3] != service)
    return invalid("Credential should be scoped to correct service: '" + std::string(service) + "'.");
  if (scope[2] != expected_scope.region)
    return invalid("Credential should be scoped to a valid region, not '" + scope[2] + "'. This server's region is '" +
                   std::string(expected_scope.region) + "'.");
  std::optional<AccessKey> key = find_key(scope[0]);
  if (!key) return unrecognized();

  auto amz_date = header(request, "x-amz-date");
  if (!amz_date) return incomplete("Authorization header requires existence of a 'X-Amz-Date' header.");
  std::optional<double> signed_at = parse_amz_date(std::string(trim(*amz_date)));
  if (!signed_at) return incomplete("X-Amz-Date must be a date such as 20261128T101203Z, got '" + *amz_date + "'");
  if (std::string(trim(*amz_date)).substr(0, 8) != scope[1])
    return invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
                   scope[1] + "' != '" + std::string(trim(*amz_date)).substr(0, 8) + "'");
  if (std::fabs(now - *signed_at) > kMaxSkew)
    return invalid("Signature expired or not yet valid: " + std::string(trim(*amz_date)) +
                   " is more than 15 minutes away from the server's time");

  auto token = header(request, "x-amz-security-token");
  if (key->session_token.has_value() != token.has_value() || (token && *token != *key->session_token))
    return unrecognized();

  std::vector<std::string> signed_headers = split(parts["SignedHeaders"], ';');
  if (std::find(signed_headers.begin(), signed_headers.end(), "host") == signed_headers.end())
    return invalid("'Host' must be a 'SignedHeader' in the AWS Authorization.");

  std::string canonical_headers;
  for (const auto& name : signed_headers) {
    bool present = false;
    std::string value = canonical_value(request, name, present);
    if (!present) return invalid("The header '" + name + "' is signed but not in the request.");
    canonical_headers += name + ":" + value + "\n";
  }
  // The hash of the bytes received, whatever the request says it is.
  std::string body_hash = aws::sha256_hex(request.body);
  if (auto declared = header(request, "x-amz-content-sha256")) {
    std::string value = lower(trim(*declared));
    if (value == "unsigned-payload" || value.starts_with("streaming-"))
      return invalid("X-Amz-Content-Sha256 '" + std::string(trim(*declared)) +
                     "' is not accepted: the signature must cover the request body.");
    if (value != body_hash)
      return invalid("The X-Amz-Content-Sha256 header does not match the SHA-256 of the request body.");
  }
  std::string path = request.path.empty() ? "/" : std::string(request.path);
  std::string canonical_request =
      aws::canonical_request(request.method, aws::uri_encode(path, "/"), aws::canonical_query(request.query),
                             canonical_headers, parts["SignedHeaders"], body_hash);
  // The date in the scope was checked above to be X-Amz-Date's.
  std::string expected =
      aws::signature(key->secret_access_key, trim(*amz_date), scope[2], scope[3], canonical_request);
  const std::string& given = parts["Signature"];
  if (given.size() != expected.size() || CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0)
    return invalid(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
        "Access Key and signing method.");
  return std::nullopt;
}

}  // namespace simpleflow::server::internal
