#include "server/page_token.hpp"

#include <openssl/evp.h>

#include "server/engine.hpp"

namespace simpleflow::server::internal {

std::string encode_page_token(const Json& key) {
  std::string text = key.dump();
  std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

Json decode_page_token(const std::string& token) {
  std::string out(3 * (token.size() / 4) + 3, '\0');
  int n = token.size() % 4 == 0 && !token.empty()
              ? EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(token.data()), static_cast<int>(token.size()))
              : -1;
  if (n < 0) validation("Invalid nextPageToken");
  out.resize(static_cast<size_t>(n));
  while (!out.empty() && out.back() == '\0') out.pop_back();  // EVP_DecodeBlock keeps the padding's zeros
  Json key = Json::parse(out, nullptr, false);
  if (key.is_discarded()) validation("Invalid nextPageToken");
  return key;
}

size_t page_size(const Json& request) {
  int64_t size = request.value("maximumPageSize", int64_t{0});
  if (size < 0 || size > 1000) validation("maximumPageSize must be between 1 and 1000");
  return size == 0 ? 1000 : static_cast<size_t>(size);
}

}  // namespace simpleflow::server::internal
