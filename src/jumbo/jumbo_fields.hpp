// The process's jumbo fields: the stores signatures name, the memory and
// disk caches, and the configuration read from the environment at each call
// (see include/simpleflow/jumbo_fields.hpp).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "simpleflow/jumbo_fields.hpp"

namespace simpleflow::jumbo::internal {

// SWF's shortest field that jumbo fields are used in: a failure's reason.
inline constexpr std::size_t kSmallestField = 256;

// The text `field`'s signature stands for, shared with the memory cache
// (decode_field copies it). `field` must be a jumbo field.
StatusOr<std::shared_ptr<const std::string>> fetch(std::string_view field);

}  // namespace simpleflow::jumbo::internal
