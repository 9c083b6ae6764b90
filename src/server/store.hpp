// The server's durable state in SQLite (WAL): domains, types, executions and
// their events. The engine keeps everything it needs in memory and writes
// each change here, in batches, before it answers the call that made it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "server/records.hpp"
#include "simpleflow/status.hpp"

namespace simpleflow::server::internal {

// One transaction's worth of writes. Later writes of the same row win.
struct WriteBatch {
  std::vector<DomainRecord> domains;
  std::vector<TypeRecord> types;
  std::vector<TypeRecord> deleted_types;
  std::vector<Json> executions;  // execution_document()s
  struct Event {
    std::string run_id;
    int64_t event_id;
    std::string json;
  };
  std::vector<Event> events;
  std::vector<std::string> deleted_runs;  // with their events
  bool empty() const {
    return domains.empty() && types.empty() && deleted_types.empty() && executions.empty() && events.empty() &&
           deleted_runs.empty();
  }
};

// Everything the store holds but the events of closed executions.
struct LoadedState {
  std::vector<DomainRecord> domains;
  std::vector<TypeRecord> types;
  std::vector<Execution> executions;  // open ones with their events
};

enum class SyncMode {
  kFull,    // fsync on every commit: survives a power cut
  kNormal,  // survives a killed process, not a power cut
};

// Where the engine keeps its state. Not thread-safe: the engine's committer
// thread writes, and reads of closed histories go through a second Store
// opened on the same directory. An interface so that tests can make writes
// fail as a full disk does.
class Store {
 public:
  // Opens or creates `data_dir`/simpleflow.db (SQLite, WAL). Fails with a
  // message naming the path when the directory cannot be created or the file
  // is not ours.
  static StatusOr<std::unique_ptr<Store>> open(const std::string& data_dir, SyncMode sync);
  virtual ~Store() = default;

  virtual StatusOr<LoadedState> load() = 0;
  // Applies the batch in one transaction; nothing of it is kept on failure.
  // Failures an operator can fix (disk full, read-only file system,
  // permissions, I/O errors) are kUnavailable: writing again may work. A
  // damaged file is kInternal.
  virtual Status commit(const WriteBatch& batch) = 0;
  // A small write in a transaction of its own: whether the store takes
  // writes again after a failed commit. Errors as commit()'s.
  virtual Status probe() = 0;
  // Events of a run with ids in [first, last], in order, as JSON text.
  virtual StatusOr<std::vector<std::string>> events(const std::string& run_id, int64_t first, int64_t last) = 0;

  virtual const std::string& path() const = 0;
};

}  // namespace simpleflow::server::internal
