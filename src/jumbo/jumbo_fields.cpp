#include "jumbo/jumbo_fields.hpp"

#include <pthread.h>

#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "core/recently_used.hpp"
#include "core/settings.hpp"
#include "core/utf8.hpp"
#include "core/uuid.hpp"
#include "jumbo/disk_cache.hpp"
#include "jumbo/signature.hpp"

namespace simpleflow {
namespace jumbo::internal {
namespace {

using simpleflow::internal::bool_setting;
using simpleflow::internal::integer_setting;
using simpleflow::internal::setting;
using simpleflow::internal::utf8_length;

constexpr long long kDefaultMemoryCache = 64ll << 20;
constexpr long long kDefaultDiskCache = 1000ll * 1000 * 1000;
constexpr const char* kDefaultDiskCacheDir = "/tmp/simpleflow-cache";

using Text = std::shared_ptr<const std::string>;

struct TextSize {
  std::size_t operator()(const Text& text) const { return text->size(); }
};

// What the environment says, read at each call so that a process (or a
// test) that changes it is followed.
struct Settings {
  std::optional<Destination> destination;  // unset: no jumbo fields
  std::size_t memory_cache = 0;
  bool disk_cache = false;
  std::string disk_cache_dir;
  std::uint64_t disk_cache_size = 0;
};

StatusOr<Settings> read_settings() {
  Settings out;
  try {
    std::string bucket = setting("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", "");
    if (!bucket.empty()) {
      auto destination = parse_destination(bucket, kSmallestField);
      if (!destination.ok()) return destination.status();
      out.destination = std::move(*destination);
    }
    // integer_setting holds them to their ranges in the table of settings.
    long long memory = integer_setting("SIMPLEFLOW_JUMBO_FIELDS_MEMORY_CACHE", kDefaultMemoryCache);
    long long disk = integer_setting("SIMPLEFLOW_DISK_CACHE_SIZE", kDefaultDiskCache);
    out.disk_cache = bool_setting("SIMPLEFLOW_ENABLE_DISK_CACHE", false);
    out.memory_cache = static_cast<std::size_t>(memory);
    out.disk_cache_size = static_cast<std::uint64_t>(disk);
    out.disk_cache_dir = setting("SIMPLEFLOW_DISK_CACHE_DIR", kDefaultDiskCacheDir);
  } catch (const std::invalid_argument& e) {
    return InvalidArgumentError(e.what());
  }
  return out;
}

StatusOr<std::shared_ptr<BlobStore>> open_default(std::string_view scheme, const std::string& bucket) {
  if (scheme == "file") return std::shared_ptr<BlobStore>(make_directory_store(bucket));
  auto options = s3_options_from_environment(bucket);
  if (!options.ok()) return options.status();
  auto store = make_s3_store(std::move(*options));
  if (!store.ok()) return store.status();
  return std::shared_ptr<BlobStore>(std::move(*store));
}

// The process-wide state. One lock guards the stores and the memory cache:
// both are quick to use (the fetch itself runs outside the lock).
class Runtime {
 public:
  static Runtime& instance() {
    static Runtime* runtime = [] {
      auto* made = new Runtime();  // never destroyed: used until the process ends
      pthread_atfork([] { instance().mutex_.lock(); }, [] { instance().mutex_.unlock(); },
                     [] { instance().after_fork_in_child(); });
      return made;
    }();
    return *runtime;
  }

  StatusOr<std::shared_ptr<BlobStore>> store(std::string_view scheme, const std::string& bucket) {
    std::string name = std::string(scheme) + "\n" + bucket;
    BlobStoreOpener opener;
    {
      std::lock_guard lock(mutex_);
      if (auto it = stores_.find(name); it != stores_.end()) return it->second;
      opener = opener_;
    }
    auto opened = opener ? opener(scheme, bucket) : open_default(scheme, bucket);
    if (!opened.ok()) return opened.status();
    std::lock_guard lock(mutex_);
    return stores_.emplace(name, *opened).first->second;
  }

  Text remembered(const std::string& address, std::size_t capacity) {
    std::lock_guard lock(mutex_);
    resize(capacity);
    Text* found = memory_.find(address);
    return found ? *found : nullptr;
  }

  void remember(const std::string& address, Text text, std::size_t capacity) {
    std::lock_guard lock(mutex_);
    resize(capacity);
    memory_.put(address, std::move(text));
  }

  DiskCache& disk_cache(const Settings& settings) {
    std::lock_guard lock(mutex_);
    auto& cache = disk_caches_[{settings.disk_cache_dir, settings.disk_cache_size}];
    if (!cache) cache = std::make_unique<DiskCache>(settings.disk_cache_dir, settings.disk_cache_size);
    return *cache;
  }

  void set_opener(BlobStoreOpener opener) {
    std::lock_guard lock(mutex_);
    opener_ = std::move(opener);
    stores_.clear();
    memory_ = Memory(memory_.capacity());
  }

 private:
  using Memory = simpleflow::internal::RecentlyUsed<Text, TextSize>;
  using DiskCaches = std::map<std::pair<std::string, std::uint64_t>, std::unique_ptr<DiskCache>>;

  void resize(std::size_t capacity) {
    if (capacity != memory_.capacity()) memory_ = Memory(capacity);
  }

  // The child shares the parent's connections: it must neither use nor
  // close them, so the stores are left behind, never destroyed. So are the
  // disk caches, whose locks another thread of the parent may have held.
  void after_fork_in_child() {
    new std::map<std::string, std::shared_ptr<BlobStore>>(std::move(stores_));
    new DiskCaches(std::move(disk_caches_));
    stores_.clear();
    disk_caches_.clear();
    mutex_.unlock();
  }

  std::mutex mutex_;
  BlobStoreOpener opener_;
  std::map<std::string, std::shared_ptr<BlobStore>> stores_;
  Memory memory_{static_cast<std::size_t>(kDefaultMemoryCache)};
  DiskCaches disk_caches_;
};

Status wrong_length(const Signature& signature, std::size_t found) {
  return Status(StatusCode::kFailedPrecondition, "the jumbo field " + signature.address() + " holds " +
                                                     std::to_string(found) + " characters, but its signature says " +
                                                     std::to_string(signature.length));
}

}  // namespace

StatusOr<std::shared_ptr<const std::string>> fetch(std::string_view field) {
  auto settings = read_settings();
  if (!settings.ok()) return settings.status();
  auto signature = parse_signature(field);
  if (!signature.ok()) return signature.status();
  Runtime& runtime = Runtime::instance();
  const std::string address = signature->address();
  if (Text text = runtime.remembered(address, settings->memory_cache)) return text;
  DiskCache* disk = settings->disk_cache ? &runtime.disk_cache(*settings) : nullptr;
  if (disk) {
    if (auto cached = disk->get(address); cached && utf8_length(*cached) == signature->length) {
      Text text = std::make_shared<const std::string>(std::move(*cached));
      runtime.remember(address, text, settings->memory_cache);
      return text;
    }
  }
  auto store = runtime.store(signature->scheme, signature->bucket);
  if (!store.ok()) return store.status();
  auto content = (*store)->get(signature->key);
  if (!content.ok()) {
    return Status(content.status().code(),
                  "cannot read the jumbo field " + signature->text() + ": " + content.status().message());
  }
  if (std::size_t found = utf8_length(*content); found != signature->length) return wrong_length(*signature, found);
  Text text = std::make_shared<const std::string>(std::move(*content));
  if (disk) disk->put(address, *text);
  runtime.remember(address, text, settings->memory_cache);
  return text;
}

}  // namespace jumbo::internal

using jumbo::internal::Runtime;

bool is_jumbo_field(std::string_view field) { return jumbo::internal::looks_like_signature(field); }

StatusOr<std::string> encode_field(std::string text, std::size_t max_length) {
  if (text.size() <= max_length) return text;  // bytes bound characters from above
  const std::size_t length = internal::utf8_length(text);
  if (length <= max_length) return text;
  auto settings = jumbo::internal::read_settings();
  if (!settings.ok()) return settings.status();
  if (!settings->destination) return OutOfRangeError("Message too long (" + std::to_string(length) + " chars)");
  if (length > kMaxJumboFieldLength)
    return OutOfRangeError("Message too long even for a jumbo field (" + std::to_string(length) + " chars)");
  const auto signature = settings->destination->signature_for(internal::uuid4(), length);
  std::string signature_text = signature.text();
  if (signature_text.size() > max_length) {
    return InvalidArgumentError("the jumbo field signature " + signature_text + " is longer than the " +
                                std::to_string(max_length) + " characters of its field: use a shorter " +
                                "SIMPLEFLOW_JUMBO_FIELDS_BUCKET");
  }
  Runtime& runtime = Runtime::instance();
  auto store = runtime.store(signature.scheme, signature.bucket);
  if (!store.ok()) return store.status();
  if (Status put = (*store)->put(signature.key, text); !put.ok()) {
    return Status(put.code(), "cannot store a jumbo field of " + std::to_string(length) + " characters at " +
                                  signature.address() + ": " + put.message());
  }
  auto shared = std::make_shared<const std::string>(std::move(text));
  if (settings->disk_cache) runtime.disk_cache(*settings).put(signature.address(), *shared);
  runtime.remember(signature.address(), std::move(shared), settings->memory_cache);
  return signature_text;
}

StatusOr<std::string> decode_field(std::string_view field) {
  if (!is_jumbo_field(field)) return std::string(field);
  auto text = jumbo::internal::fetch(field);
  if (!text.ok()) return text.status();
  return **text;
}

Status check_jumbo_fields_configuration() {
  auto settings = jumbo::internal::read_settings();
  if (!settings.ok()) return settings.status();
  if (settings->destination && settings->destination->scheme == "s3") {
    auto options = s3_options_from_environment(settings->destination->bucket);
    if (!options.ok()) return options.status();
    auto store = make_s3_store(std::move(*options));  // checks the bucket's name, the endpoint, the region
    if (!store.ok()) return store.status();
  }
  return OkStatus();
}

void set_blob_store_opener(BlobStoreOpener opener) { Runtime::instance().set_opener(std::move(opener)); }

}  // namespace simpleflow
