#include "replay/task_ids.hpp"

#include <openssl/evp.h>
#include <zlib.h>

#include <cstdio>

#include "replay/wire.hpp"

namespace simpleflow::internal {

std::string md5_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_md5(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::string adler32_hex(std::string_view text) {
  if (text.empty()) return "0";
  uLong sum = adler32(adler32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(text.data()),
                      static_cast<uInt>(text.size()));
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%lx", static_cast<unsigned long>(sum & 0xFFFFFFFFUL));
  return buffer;
}

std::string limit_task_id(std::string id) {
  if (id.size() <= 256 || utf8_length(id) <= 256) return id;
  return std::string(utf8_prefix(id, 223)) + "-" + md5_hex(id);
}

std::string TaskIds::suffix(std::string_view task_name, bool idempotent, const TaskArguments& arguments,
                            const std::string& custom) {
  if (!custom.empty()) return custom;
  if (idempotent) return md5_hex(dumps(arguments.get().to_input()));
  return std::to_string(next(task_name));
}

int TaskIds::next(std::string_view task_name) {
  auto it = counters_.find(task_name);
  if (it == counters_.end()) it = counters_.emplace(std::string(task_name), 0).first;
  return ++it->second;
}

}  // namespace simpleflow::internal
