#include "aws/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <initializer_list>
#include <map>

namespace simpleflow::aws::internal {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One allocation, and none of GCC 12's false -Warray-bounds warnings on
// chains of operator+ that start from a short string.
std::string concat(std::initializer_list<std::string_view> parts) {
  std::size_t size = 0;
  for (std::string_view part : parts) size += part.size();
  std::string out;
  out.reserve(size);
  for (std::string_view part : parts) out.append(part);
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string uri_encode(std::string_view text, std::string_view also_safe) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (unreserved(c) || also_safe.find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    }
  }
  return out;
}

std::string uri_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    int high = 0, low = 0;
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && (high = hex_value(text[i + 1])) >= 0 &&
               (low = hex_value(text[i + 2])) >= 0) {
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    pairs.emplace_back(uri_encode(uri_decode(part.substr(0, eq))),
                       eq == std::string_view::npos ? "" : uri_encode(uri_decode(part.substr(eq + 1))));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) out += (out.empty() ? "" : "&") + name + "=" + value;
  return out;
}

std::string canonical_header_value(std::string_view value) {
  std::string out;
  bool space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

CanonicalHeaders canonical_headers(const Headers& headers) {
  std::map<std::string, std::string> by_name;  // sorted, as SigV4 wants
  for (const auto& [name, value] : headers) {
    auto [it, added] = by_name.try_emplace(lower(name));
    if (!added) it->second += ',';
    it->second += canonical_header_value(value);
  }
  CanonicalHeaders out;
  for (const auto& [name, value] : by_name) {
    out.block += name + ":" + value + "\n";
    out.signed_names += (out.signed_names.empty() ? "" : ";") + name;
  }
  return out;
}

std::string canonical_request(std::string_view method, std::string_view canonical_uri,
                              std::string_view canonical_query, std::string_view canonical_headers,
                              std::string_view signed_headers, std::string_view payload_hash) {
  std::string out;
  for (std::string_view part : {method, canonical_uri, canonical_query}) {
    out += part;
    out += '\n';
  }
  // The headers block ends with its own '\n', so this makes a blank line.
  out += canonical_headers;
  out += '\n';
  out += signed_headers;
  out += '\n';
  out += payload_hash;
  return out;
}

std::string credential_scope(std::string_view date, std::string_view region, std::string_view service) {
  return concat({date, "/", region, "/", service, "/aws4_request"});
}

std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service) {
  std::string key = hmac_sha256("AWS4" + std::string(secret), date);
  key = hmac_sha256(key, region);
  key = hmac_sha256(key, service);
  return hmac_sha256(key, "aws4_request");
}

std::string signature(std::string_view secret, std::string_view amz_date, std::string_view region,
                      std::string_view service, std::string_view canonical_request) {
  std::string_view date = amz_date.substr(0, 8);
  std::string string_to_sign = concat({kAlgorithm, "\n", amz_date, "\n", credential_scope(date, region, service),
                                       "\n", sha256_hex(canonical_request)});
  return hex(hmac_sha256(signing_key(secret, date, region, service), string_to_sign));
}

std::string amz_date(double seconds) {
  std::time_t t = static_cast<std::time_t>(std::floor(seconds));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

Headers sign(const RequestToSign& request, const swf::Credentials& credentials, std::string_view region,
             std::string_view service, double now) {
  const std::string date_time = amz_date(now);
  Headers added = {{"X-Amz-Date", date_time}, {"X-Amz-Content-Sha256", std::string(request.payload_hash)}};
  if (!credentials.session_token.empty()) added.emplace_back("X-Amz-Security-Token", credentials.session_token);

  Headers to_sign = added;
  to_sign.emplace_back("Host", std::string(request.host));
  if (request.headers) to_sign.insert(to_sign.end(), request.headers->begin(), request.headers->end());
  CanonicalHeaders canonical = canonical_headers(to_sign);
  std::string_view path = request.path.empty() ? std::string_view("/") : request.path;
  std::string text = canonical_request(request.method, path, canonical_query(request.query), canonical.block,
                                       canonical.signed_names, request.payload_hash);
  std::string authorization =
      concat({kAlgorithm, " Credential=", credentials.access_key_id, "/",
              credential_scope(std::string_view(date_time).substr(0, 8), region, service),
              ", SignedHeaders=", canonical.signed_names, ", Signature=",
              signature(credentials.secret_access_key, date_time, region, service, text)});
  added.emplace_back("Authorization", std::move(authorization));
  return added;
}

}  // namespace simpleflow::aws::internal
