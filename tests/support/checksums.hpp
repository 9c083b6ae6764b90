// Checksums computed the plain way, to check the library's ids against.
#pragma once

#include <string>

namespace simpleflow::testing {

// zlib's adler32 of `text` as lowercase hex: what child workflow ids carry.
std::string adler32_hex(const std::string& text);

}  // namespace simpleflow::testing
