#include "swf_objects/model_support.hpp"

#include <stdexcept>

#include "core/field_limits.hpp"
#include "simpleflow/jumbo_fields.hpp"

namespace simpleflow::swf::internal {

std::string encoded_input(const Json& input, const char* what) {
  auto encoded = encode_field(dumps(input), simpleflow::internal::kMaxFieldLength);
  if (encoded.ok()) return std::move(*encoded);
  if (encoded.status().code() == StatusCode::kUnavailable) throw std::runtime_error(encoded.status().message());
  throw std::invalid_argument(std::string(what) + ": " + encoded.status().message());
}

}  // namespace simpleflow::swf::internal
