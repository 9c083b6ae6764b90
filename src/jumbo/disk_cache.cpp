#include "jumbo/disk_cache.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/uuid.hpp"

namespace simpleflow::jumbo::internal {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTemporaryMark = ".tmp-";

// 64-bit FNV-1a: the file name needs a short, stable name for the address,
// not a secret one (the content is checked against the signature's length).
std::string fnv1a_hex(std::string_view text) {
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

struct CachedFile {
  fs::path path;
  std::uint64_t size;
  std::int64_t last_used_ns;
};

// The cache's files, skipping temporary ones younger than a minute (another
// process is writing them); older ones are leftovers of a crash.
std::vector<CachedFile> list_files(const std::string& directory, std::uint64_t& total) {
  std::vector<CachedFile> files;
  total = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    struct stat info {};
    if (::stat(entry.path().c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
    std::int64_t used = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
    bool temporary = entry.path().filename().string().find(kTemporaryMark) != std::string::npos;
    if (temporary && ::time(nullptr) - info.st_mtim.tv_sec < 60) continue;
    if (entry.path().filename() == ".lock") continue;
    files.push_back({entry.path(), static_cast<std::uint64_t>(info.st_size), temporary ? 0 : used});
    total += static_cast<std::uint64_t>(info.st_size);
  }
  return files;
}

}  // namespace

DiskCache::DiskCache(std::string directory, std::uint64_t max_bytes)
    : directory_((fs::path(directory) / "jumbo_fields").string()), max_bytes_(max_bytes) {}

std::string DiskCache::path_for(const std::string& address) const {
  std::string name = address.substr(address.rfind('/') + 1);
  if (name.size() > 64) name.resize(64);
  return (fs::path(directory_) / (name + "-" + fnv1a_hex(address))).string();
}

std::optional<std::string> DiskCache::get(const std::string& address) {
  const std::string path = path_for(address);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat info {};
  std::string content;
  bool whole = ::fstat(fd, &info) == 0;
  if (whole) {
    // Files are renamed into place whole and never written again: read the size fstat gives.
    content.resize(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (whole && done < content.size()) {
      ssize_t n = ::read(fd, content.data() + done, content.size() - done);
      if (n < 0 && errno == EINTR) continue;
      whole = n > 0;
      if (whole) done += static_cast<std::size_t>(n);
    }
  }
  ::futimens(fd, nullptr);  // now the most recently used
  ::close(fd);
  if (!whole) return std::nullopt;
  return content;
}

// The cache's directory, made private to this user; false when it is not
// usable, or another user's (who could plant content in it).
bool usable_directory(const std::string& directory) {
  std::error_code error;
  fs::create_directories(fs::path(directory).parent_path(), error);
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) return false;
  struct stat info {};
  return ::stat(directory.c_str(), &info) == 0 && S_ISDIR(info.st_mode) && info.st_uid == ::geteuid();
}

void DiskCache::put(const std::string& address, std::string_view content) {
  if (content.size() > max_bytes_) return;
  if (!usable_directory(directory_)) {
    spdlog::debug("disk cache: {} is not a directory of this user's; not kept", directory_);
    return;
  }
  const std::string path = path_for(address);
  const std::string temporary = path + std::string(kTemporaryMark) + simpleflow::internal::uuid4();
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();  // a full disk may only show when the file is flushed
    if (out.fail()) {
      spdlog::debug("disk cache: cannot write {}", temporary);
      ::unlink(temporary.c_str());
      return;
    }
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    spdlog::debug("disk cache: cannot rename {}: errno {}", temporary, errno);
    ::unlink(temporary.c_str());
    return;
  }
  evict_if_full(content.size());
}

void DiskCache::evict_if_full(std::uint64_t added) {
  std::lock_guard lock(mutex_);
  // Other processes add files too: count again now and then.
  constexpr int kPutsBetweenCounts = 64;
  if (estimate_ && ++puts_since_count_ < kPutsBetweenCounts) {
    *estimate_ += added;
    if (*estimate_ <= max_bytes_) return;
  }
  puts_since_count_ = 0;
  // One process evicts at a time; the others go on (they will count again
  // at their next put past the limit).
  const std::string lock_path = (fs::path(directory_) / ".lock").string();
  int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) return;
  if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd);
    return;
  }
  std::uint64_t total = 0;
  std::vector<CachedFile> files = list_files(directory_, total);
  if (total > max_bytes_) {
    std::sort(files.begin(), files.end(),
              [](const CachedFile& a, const CachedFile& b) { return a.last_used_ns < b.last_used_ns; });
    const std::uint64_t target = max_bytes_ / 10 * 9;
    for (const CachedFile& file : files) {
      if (total <= target) break;
      if (::unlink(file.path.c_str()) == 0 || errno == ENOENT) total -= std::min(total, file.size);
    }
  }
  estimate_ = total;
  ::flock(lock_fd, LOCK_UN);
  ::close(lock_fd);
}

}  // namespace simpleflow::jumbo::internal
