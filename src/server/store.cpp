#include "server/store.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <system_error>

namespace simpleflow::server::internal {
namespace {

constexpr int kSchemaVersion = 1;

const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS domains(name TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS types(domain TEXT NOT NULL, kind INTEGER NOT NULL, name TEXT NOT NULL,
  version TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY(domain, kind, name, version));
CREATE TABLE IF NOT EXISTS executions(run_id TEXT PRIMARY KEY, open INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events(run_id TEXT NOT NULL, event_id INTEGER NOT NULL, doc TEXT NOT NULL,
  PRIMARY KEY(run_id, event_id)) WITHOUT ROWID;
)sql";

// A prepared statement, finalized on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : owned_(true) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  // A statement the store keeps prepared: reset, not finalized, at the end.
  explicit Statement(sqlite3_stmt* kept) : stmt_(kept), rc_(kept ? SQLITE_OK : SQLITE_ERROR), owned_(false) {}
  ~Statement() {
    if (owned_) {
      sqlite3_finalize(stmt_);
    } else if (stmt_) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }
  bool ok() const { return rc_ == SQLITE_OK; }
  Statement& text(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& integer(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  // Runs a statement that returns no row; false on error.
  bool run() {
    int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return rc == SQLITE_DONE;
  }
  bool next_row() { return (rc_ = sqlite3_step(stmt_)) == SQLITE_ROW; }
  bool finished() const { return rc_ == SQLITE_DONE; }
  std::string column_text(int i) const {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
  }
  int64_t column_int(int i) const { return sqlite3_column_int64(stmt_, i); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
  bool owned_;
};

// The store in SQLite.
class SqliteStore : public Store {
 public:
  static StatusOr<std::unique_ptr<Store>> open(const std::string& data_dir, SyncMode sync);
  ~SqliteStore() override;

  StatusOr<LoadedState> load() override;
  Status commit(const WriteBatch& batch) override;
  Status probe() override;
  StatusOr<std::vector<std::string>> events(const std::string& run_id, int64_t first, int64_t last) override;
  const std::string& path() const override { return path_; }

 private:
  SqliteStore() = default;
  Status exec(const char* sql);
  // COMMIT, else ROLLBACK and the reason.
  Status finish_transaction();
  // The prepared statement of `sql` (a string literal), prepared once.
  sqlite3_stmt* kept(const char* sql);
  sqlite3* db_ = nullptr;
  std::map<const char*, sqlite3_stmt*> kept_;
  std::string path_;
  uint64_t probes_ = 0;
};

Status sql_error(sqlite3* db, const std::string& what) {
  return InternalError(what + ": " + sqlite3_errmsg(db));
}

// A failed write: kInternal when the file is damaged, kUnavailable for what
// may pass (a full disk, a read-only or failing file system).
Status write_error(sqlite3* db, const std::string& what, const std::string& detail) {
  int code = sqlite3_errcode(db) & 0xFF;
  std::string message = what + ": " + detail;
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_FORMAT) return InternalError(message);
  return UnavailableError(message);
}

}  // namespace

StatusOr<std::unique_ptr<Store>> Store::open(const std::string& data_dir, SyncMode sync) {
  return SqliteStore::open(data_dir, sync);
}

StatusOr<std::unique_ptr<Store>> SqliteStore::open(const std::string& data_dir, SyncMode sync) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec || !std::filesystem::is_directory(data_dir)) {
    return InvalidArgumentError("cannot use data directory '" + data_dir + "': " +
                                (ec ? ec.message() : std::string("not a directory")));
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore());
  store->path_ = (std::filesystem::path(data_dir) / "simpleflow.db").string();
  if (sqlite3_open_v2(store->path_.c_str(), &store->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    return InvalidArgumentError("cannot open " + store->path_ + ": " +
                                (store->db_ ? sqlite3_errmsg(store->db_) : "out of memory"));
  }
  sqlite3_busy_timeout(store->db_, 10000);
  Status s = store->exec("PRAGMA journal_mode=WAL");
  if (s.ok()) s = store->exec(sync == SyncMode::kFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  if (s.ok()) s = store->exec(kSchema);
  if (!s.ok()) return InvalidArgumentError(store->path_ + " is not a simpleflow server store: " + s.message());
  Statement version(store->db_, "SELECT value FROM meta WHERE key='schema_version'");
  if (version.ok() && version.next_row()) {
    if (version.column_text(0) != std::to_string(kSchemaVersion)) {
      return InvalidArgumentError(store->path_ + " has schema version " + version.column_text(0) +
                                  ", this server reads version " + std::to_string(kSchemaVersion));
    }
  } else {
    Statement insert(store->db_, "INSERT INTO meta(key, value) VALUES('schema_version', ?)");
    if (!insert.ok() || !insert.text(1, std::to_string(kSchemaVersion)).run()) {
      return sql_error(store->db_, "cannot initialize " + store->path_);
    }
  }
  return std::unique_ptr<Store>(std::move(store));
}

SqliteStore::~SqliteStore() {
  for (auto& [sql, stmt] : kept_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

sqlite3_stmt* SqliteStore::kept(const char* sql) {
  auto it = kept_.find(sql);
  if (it != kept_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) return nullptr;
  kept_[sql] = stmt;
  return stmt;
}

Status SqliteStore::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string m = message ? message : "unknown error";
    sqlite3_free(message);
    return InternalError(m);
  }
  return OkStatus();
}

StatusOr<LoadedState> SqliteStore::load() {
  LoadedState state;
  try {
    // A scan that stops on an error is an error, never a shorter state.
    Statement domains(db_, "SELECT doc FROM domains ORDER BY name");
    while (domains.next_row()) state.domains.push_back(domain_from_document(Json::parse(domains.column_text(0))));
    if (!domains.finished()) return sql_error(db_, "cannot read the domains of " + path_);
    Statement types(db_, "SELECT doc FROM types ORDER BY domain, kind, name, version");
    while (types.next_row()) state.types.push_back(type_from_document(Json::parse(types.column_text(0))));
    if (!types.finished()) return sql_error(db_, "cannot read the types of " + path_);
    Statement executions(db_, "SELECT doc FROM executions");
    while (executions.next_row()) {
      state.executions.push_back(execution_from_document(Json::parse(executions.column_text(0))));
    }
    if (!executions.finished()) return sql_error(db_, "cannot read the executions of " + path_);
    for (Execution& e : state.executions) {
      if (!e.open) continue;
      Statement q(db_, "SELECT doc FROM events WHERE run_id = ? ORDER BY event_id");
      q.text(1, e.run_id);
      while (q.next_row()) e.events.push_back(q.column_text(0));
      if (!q.finished()) return sql_error(db_, "cannot read the events of run " + e.run_id);
    }
  } catch (const std::exception& ex) {
    return InternalError(path_ + " holds a damaged record: " + ex.what());
  }
  return state;
}

Status SqliteStore::commit(const WriteBatch& batch) {
  if (batch.empty()) return OkStatus();
  Status s = exec("BEGIN IMMEDIATE");
  if (!s.ok()) return write_error(db_, "cannot write to " + path_, s.message());
  bool ok = true;
  {
    Statement domain(kept("INSERT OR REPLACE INTO domains(name, doc) VALUES(?, ?)"));
    for (const DomainRecord& d : batch.domains) ok = ok && domain.text(1, d.name).text(2, domain_document(d).dump()).run();
    Statement type(kept("INSERT OR REPLACE INTO types(domain, kind, name, version, doc) VALUES(?, ?, ?, ?, ?)"));
    for (const TypeRecord& t : batch.types) {
      std::string doc = type_document(t).dump();
      ok = ok && type.text(1, t.domain).integer(2, static_cast<int>(t.kind)).text(3, t.name).text(4, t.version).text(5, doc).run();
    }
    Statement untype(kept("DELETE FROM types WHERE domain = ? AND kind = ? AND name = ? AND version = ?"));
    for (const TypeRecord& t : batch.deleted_types) {
      ok = ok && untype.text(1, t.domain).integer(2, static_cast<int>(t.kind)).text(3, t.name).text(4, t.version).run();
    }
    Statement execution(kept("INSERT OR REPLACE INTO executions(run_id, open, doc) VALUES(?, ?, ?)"));
    for (const Json& doc : batch.executions) {
      std::string run_id = doc.at("runId").get<std::string>();
      std::string text = doc.dump();
      ok = ok && execution.text(1, run_id).integer(2, doc.at("open").get<bool>() ? 1 : 0).text(3, text).run();
    }
    Statement event(kept("INSERT INTO events(run_id, event_id, doc) VALUES(?, ?, ?)"));
    for (const WriteBatch::Event& e : batch.events) ok = ok && event.text(1, e.run_id).integer(2, e.event_id).text(3, e.json).run();
    Statement unrun(kept("DELETE FROM executions WHERE run_id = ?"));
    Statement unevents(kept("DELETE FROM events WHERE run_id = ?"));
    for (const std::string& run : batch.deleted_runs) ok = ok && unrun.text(1, run).run() && unevents.text(1, run).run();
  }
  if (!ok) {
    Status failure = write_error(db_, "cannot write to " + path_, sqlite3_errmsg(db_));
    exec("ROLLBACK");
    return failure;
  }
  return finish_transaction();
}

Status SqliteStore::finish_transaction() {
  Status s = exec("COMMIT");
  if (!s.ok()) {
    Status failure = write_error(db_, "cannot commit to " + path_, s.message());
    exec("ROLLBACK");
    return failure;
  }
  return OkStatus();
}

Status SqliteStore::probe() {
  Status s = exec("BEGIN IMMEDIATE");
  if (!s.ok()) return write_error(db_, "cannot write to " + path_, s.message());
  Statement write(kept("INSERT OR REPLACE INTO meta(key, value) VALUES('write_probe', ?)"));
  if (!write.text(1, std::to_string(++probes_)).run()) {
    Status failure = write_error(db_, "cannot write to " + path_, sqlite3_errmsg(db_));
    exec("ROLLBACK");
    return failure;
  }
  return finish_transaction();
}

StatusOr<std::vector<std::string>> SqliteStore::events(const std::string& run_id, int64_t first, int64_t last) {
  Statement q(db_, "SELECT doc FROM events WHERE run_id = ? AND event_id BETWEEN ? AND ? ORDER BY event_id");
  q.text(1, run_id).integer(2, first).integer(3, last);
  std::vector<std::string> out;
  while (q.next_row()) out.push_back(q.column_text(0));
  if (!q.finished()) return sql_error(db_, "cannot read the events of run " + run_id);
  return out;
}

}  // namespace simpleflow::server::internal
