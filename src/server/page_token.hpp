// Page tokens: opaque to clients, the key of the last item of the previous
// page inside, so that a page is stable when items are added meanwhile.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "server/records.hpp"

namespace simpleflow::server::internal {

std::string encode_page_token(const Json& key);
// Throws FaultError (ValidationException) for a token this server did not make.
Json decode_page_token(const std::string& token);

// maximumPageSize of a request: 1..1000, default (absent or 0) 1000.
size_t page_size(const Json& request);

// One page of `items`, already sorted in ascending key order, following the
// request's nextPageToken, maximumPageSize and reverseOrder; sets the reply's
// nextPageToken when more follow. `key` maps an item to a JSON value that
// orders like the items.
template <class T, class KeyFn>
std::vector<const T*> page_of(const std::vector<const T*>& items, KeyFn key, const Json& request, Json& reply) {
  bool reverse = request.value("reverseOrder", false);
  size_t size = page_size(request);
  std::vector<const T*> ordered = items;
  if (reverse) std::reverse(ordered.begin(), ordered.end());
  size_t begin = 0;
  if (request.contains("nextPageToken")) {
    Json after = decode_page_token(request["nextPageToken"].get<std::string>());
    while (begin < ordered.size() && (reverse ? !(key(*ordered[begin]) < after) : !(after < key(*ordered[begin])))) ++begin;
  }
  size_t end = std::min(ordered.size(), begin + size);
  std::vector<const T*> out(ordered.begin() + static_cast<std::ptrdiff_t>(begin), ordered.begin() + static_cast<std::ptrdiff_t>(end));
  if (end < ordered.size() && !out.empty()) reply["nextPageToken"] = encode_page_token(key(*out.back()));
  return out;
}

}  // namespace simpleflow::server::internal
