// A BlobStore of files in one directory: the store of jumbo fields on one
// machine (standalone's default, under its data directory).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "core/uuid.hpp"
#include "simpleflow/blob_store.hpp"

namespace simpleflow {
namespace {

namespace fs = std::filesystem;

std::string error_text(int error) { return std::strerror(error); }

// Keys are relative paths of plain segments: nothing may leave the directory.
Status check_key(const std::string& key) {
  bool ok = !key.empty() && key.front() != '/' && key.back() != '/' && key.find('\0') == std::string::npos;
  for (std::size_t start = 0; ok && start <= key.size();) {
    std::size_t end = key.find('/', start);
    if (end == std::string::npos) end = key.size();
    std::string_view segment(key.data() + start, end - start);
    ok = !segment.empty() && segment != "." && segment != "..";
    start = end + 1;
  }
  return ok ? OkStatus() : InvalidArgumentError("\"" + key + "\" is not a key of a directory store");
}

// Writes all of `data`, retrying short writes and EINTR.
bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void sync_directory(const fs::path& directory) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

class DirectoryStore final : public BlobStore {
 public:
  explicit DirectoryStore(std::string directory) : directory_(std::move(directory)) {}

  Status put(const std::string& key, std::string_view content) override {
    if (Status s = check_key(key); !s.ok()) return s;
    const fs::path path = fs::path(directory_) / key;
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    if (error) return unavailable("cannot create " + path.parent_path().string(), error.message());
    // A reader in another process sees the whole object or none: write a
    // temporary file, make it durable, then rename it into place.
    const fs::path temporary = path.string() + ".tmp-" + internal::uuid4();
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return unavailable("cannot create " + temporary.string(), error_text(errno));
    bool written = write_all(fd, content) && ::fsync(fd) == 0;
    int saved = errno;
    ::close(fd);
    if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
      if (written) saved = errno;
      ::unlink(temporary.c_str());
      return unavailable("cannot write " + path.string(), error_text(saved));
    }
    sync_directory(path.parent_path());
    return OkStatus();
  }

  StatusOr<std::string> get(const std::string& key) override {
    if (Status s = check_key(key); !s.ok()) return s;
    const std::string path = describe(key);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return missing_or_unavailable(path, errno);
    std::string content;
    struct stat info {};
    if (::fstat(fd, &info) == 0) content.reserve(static_cast<std::size_t>(info.st_size));
    char buffer[1 << 16];
    for (;;) {
      ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int saved = errno;
        ::close(fd);
        return unavailable("cannot read " + path, error_text(saved));
      }
      if (n == 0) break;
      content.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return content;
  }

  StatusOr<std::uint64_t> size(const std::string& key) override {
    if (Status s = check_key(key); !s.ok()) return s;
    const std::string path = describe(key);
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return missing_or_unavailable(path, errno);
    return static_cast<std::uint64_t>(info.st_size);
  }

  std::string describe(const std::string& key) const override { return (fs::path(directory_) / key).string(); }

 private:
  static Status unavailable(const std::string& what, const std::string& why) {
    return UnavailableError(what + ": " + why);
  }
  static Status missing_or_unavailable(const std::string& path, int error) {
    if (error == ENOENT || error == ENOTDIR) return NotFoundError("no object at " + path + " (no such file)");
    if (error == EACCES) return Status(StatusCode::kFailedPrecondition, "cannot read " + path + ": " + error_text(error));
    return unavailable("cannot read " + path, error_text(error));
  }

  const std::string directory_;
};

}  // namespace

std::unique_ptr<BlobStore> make_directory_store(std::string directory) {
  return std::make_unique<DirectoryStore>(std::move(directory));
}

}  // namespace simpleflow
