// What the HTTP clients (SWF, S3) share over libcurl: one global init, easy
// handles that keep their connection between requests, a pool of them, and
// the random numbers of retry jitter.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace simpleflow::http::internal {

// curl_global_init, once per process: it is not thread-safe, so clients call
// this in their constructor rather than libcurl doing it lazily per handle.
void global_init();

// A curl easy handle and the response it received. Reusing a handle reuses
// its connection (and its TLS session), which is why handles are pooled.
class CurlHandle {
 public:
  CurlHandle();
  ~CurlHandle();
  CurlHandle(const CurlHandle&) = delete;
  CurlHandle& operator=(const CurlHandle&) = delete;

  CURL* get() const { return curl_; }

  // Clears every option (curl_easy_reset keeps the connection) and the last
  // response, then points the body, header and error outputs here.
  void reset();

  // The value of response header `lower_name` (lower case), trimmed.
  std::optional<std::string> header(std::string_view lower_name) const;

  std::string body;
  // The final response's headers, names lower-cased, values trimmed, in the
  // order received (interim responses such as 100 Continue are dropped).
  std::vector<std::pair<std::string, std::string>> headers;
  char error_buffer[CURL_ERROR_SIZE] = {};

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user);
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user);

  CURL* curl_;
};

// Idle handles, for concurrent requests to each have their own connection
// and for each connection to be reused by a later request. Thread-safe.
class CurlPool {
 public:
  // A handle taken from the pool, given back when the lease ends.
  class Lease {
   public:
    Lease(CurlPool& pool, std::unique_ptr<CurlHandle> handle) : pool_(&pool), handle_(std::move(handle)) {}
    ~Lease() {
      if (handle_) pool_->give_back(std::move(handle_));
    }
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    CurlHandle& operator*() const { return *handle_; }
    CurlHandle* operator->() const { return handle_.get(); }

   private:
    CurlPool* pool_;
    std::unique_ptr<CurlHandle> handle_;
  };

  // An idle handle, else a new one.
  Lease take();

 private:
  void give_back(std::unique_ptr<CurlHandle> handle);

  std::mutex mutex_;
  std::vector<std::unique_ptr<CurlHandle>> idle_;
};

// A curl_slist of request headers, freed with it.
class HeaderList {
 public:
  HeaderList() = default;
  ~HeaderList() { curl_slist_free_all(list_); }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;

  // "Name: value"; "Name:" removes a header curl would add.
  void add(const std::string& header) { list_ = curl_slist_append(list_, header.c_str()); }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// A uniform random number in [0, 1), for retry jitter. Thread-safe (one
// generator per thread).
double unit_random();

}  // namespace simpleflow::http::internal
