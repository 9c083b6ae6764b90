#include "http/curl_pool.hpp"

#include <random>

namespace simpleflow::http::internal {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlHandle::CurlHandle() : curl_(curl_easy_init()) {}

CurlHandle::~CurlHandle() { curl_easy_cleanup(curl_); }

void CurlHandle::reset() {
  curl_easy_reset(curl_);
  body.clear();
  headers.clear();
  error_buffer[0] = '\0';
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl_, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_buffer);
}

std::optional<std::string> CurlHandle::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return value;
  return std::nullopt;
}

std::size_t CurlHandle::on_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<CurlHandle*>(user)->body.append(data, size * count);
  return size * count;
}

std::size_t CurlHandle::on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* handle = static_cast<CurlHandle*>(user);
  std::string_view line(data, size * count);
  // Each response (a 100 Continue, then the real one) starts with its status
  // line: keep only the last response's headers.
  if (line.substr(0, 5) == "HTTP/") {
    handle->headers.clear();
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    handle->headers.emplace_back(lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  return size * count;
}

CurlPool::Lease CurlPool::take() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto handle = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(handle));
    }
  }
  return Lease(*this, std::make_unique<CurlHandle>());
}

void CurlPool::give_back(std::unique_ptr<CurlHandle> handle) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(handle));
}

double unit_random() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

}  // namespace simpleflow::http::internal
