// Jumbo fields: SWF fields longer than SWF accepts, kept in a BlobStore and
// replaced by a signature, as Python simpleflow does (docs/jumbo-fields.md):
//
//   simpleflow+s3://jumbo-bucket/with/optional/prefix/5d7191af-...-cdd39a31ba61 5242880
//   simpleflow+file:///var/lib/simpleflow/jumbo/5d7191af-...-cdd39a31ba61 40000   (ours)
//
// The second word is the length of the text in characters. Deciders, workers
// and the command line encode and decode every field through this, so
// workflow and activity code sees no signature (but in
// ActivityContext::input, the raw field, as Python gives it; and the
// workflow.* commands show fields as SWF holds them). Configuration comes
// from the environment:
//   SIMPLEFLOW_JUMBO_FIELDS_BUCKET   bucket[/prefix], or file:///directory;
//                                    unset: no jumbo fields
//   SIMPLEFLOW_JUMBO_FIELDS_MEMORY_CACHE  bytes of fetched fields kept in
//                                    each process (default 64 MiB, 0: none)
//   SIMPLEFLOW_ENABLE_DISK_CACHE     boolean: also keep them on disk, shared
//                                    by the processes of a machine
//   SIMPLEFLOW_DISK_CACHE_DIR        default /tmp/simpleflow-cache
//   SIMPLEFLOW_DISK_CACHE_SIZE       bytes, default 1 GB; least recently used
//                                    fields go first
// and, for S3, what s3_options_from_environment() reads.
//
// All functions are thread-safe, and safe in a child after fork().
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "simpleflow/blob_store.hpp"
#include "simpleflow/status.hpp"

namespace simpleflow {

// Python simpleflow's limit on a jumbo field: 5 MiB of characters.
inline constexpr std::size_t kMaxJumboFieldLength = 5 * 1024 * 1024;

// True when `field` is a jumbo field signature, of either scheme.
bool is_jumbo_field(std::string_view field);

// `text` as it goes into a SWF field of at most `max_length` characters:
// itself when it fits, else stored as a jumbo field and replaced by its
// signature. Errors: kOutOfRange "Message too long (<n> chars)" when jumbo
// fields are off or `text` is longer than 5 MiB; kInvalidArgument for a bad
// configuration; the store's error when it cannot be written.
StatusOr<std::string> encode_field(std::string text, std::size_t max_length);

// The text a field stands for: a jumbo field fetched (through the caches),
// checked against the length its signature gives; any other field as it is.
// Errors: kInvalidArgument for a malformed signature, the store's error
// (kNotFound, kUnavailable, kFailedPrecondition) naming the signature.
StatusOr<std::string> decode_field(std::string_view field);

// Checks the environment's jumbo field configuration: that the bucket or
// directory is well formed and short enough for a signature to fit the
// smallest field jumbo fields are used in (a reason, 256 characters), that
// the S3 settings and cache settings read. Commands call it at start so that
// a bad setting stops them with a clear message instead of failing tasks.
Status check_jumbo_fields_configuration();

// Opens the store for a signature's scheme ("s3", "file") and bucket (or
// directory). The default opens S3 with s3_options_from_environment() and
// directories with make_directory_store().
using BlobStoreOpener =
    std::function<StatusOr<std::shared_ptr<BlobStore>>(std::string_view scheme, const std::string& bucket)>;

// Replaces how stores are opened (nullptr: the default), for stores of your
// own or tests; forgets the stores and the memory cache in use.
void set_blob_store_opener(BlobStoreOpener opener);

}  // namespace simpleflow
