// The text of a jumbo field signature, as Python simpleflow reads and writes
// it: "<scheme address> <length>", split on whitespace into exactly two
// words, the address being simpleflow+s3://<bucket>/<key> (Python's) or
// simpleflow+file://<directory>/<name> (ours: a store on one machine).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "simpleflow/status.hpp"

namespace simpleflow::jumbo::internal {

inline constexpr std::string_view kS3Prefix = "simpleflow+s3://";
inline constexpr std::string_view kFilePrefix = "simpleflow+file://";

struct Signature {
  std::string scheme;  // "s3" or "file"
  std::string bucket;  // the S3 bucket, or the directory (absolute, no trailing '/')
  std::string key;     // the object's key in the bucket, or the file's name in the directory
  std::size_t length = 0;  // of the text, in characters

  // "simpleflow+s3://bucket/key 1234"
  std::string text() const;
  // "s3://bucket/key" or "/directory/name", for messages.
  std::string address() const;
};

// True when `field` starts as a signature of either scheme does.
bool looks_like_signature(std::string_view field);

// The signature `field` holds. kInvalidArgument, quoting the field's start,
// when it is not two words, the address has no bucket or key, the length is
// not a number, or a file signature names anything but a file of
// simpleflow's (a UUID in an absolute directory): a history must not make a
// worker read arbitrary files.
StatusOr<Signature> parse_signature(std::string_view field);

// Where new jumbo fields go, from SIMPLEFLOW_JUMBO_FIELDS_BUCKET's value:
// "bucket", "bucket/prefix" (a trailing '/' dropped, as Python does) or
// "file:///directory".
struct Destination {
  std::string scheme;
  std::string bucket;
  std::string prefix;  // "" or "with/optional/prefix", joined to keys with '/'
  // The signature of a field stored under `name`.
  Signature signature_for(const std::string& name, std::size_t length) const;
};

// The destination, or kInvalidArgument naming SIMPLEFLOW_JUMBO_FIELDS_BUCKET
// when the value is malformed or so long that a signature would not fit
// `smallest_field` characters (SWF's 256 for a reason).
StatusOr<Destination> parse_destination(std::string_view value, std::size_t smallest_field);

// Python's limit, in characters, and the longest signature: the address, a
// UUID and the 7 digits of 5,242,880.
inline constexpr std::size_t kUuidLength = 36;
inline constexpr std::size_t kLengthDigits = 7;

}  // namespace simpleflow::jumbo::internal
