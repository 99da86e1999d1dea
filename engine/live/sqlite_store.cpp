#include "engine/live/sqlite_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <limits>
#include <mutex>
#include <set>
#include <tuple>
#include <utility>

#include "engine/ports/trace_json.h"
#include "engine/state/history_keys.h"
#include "engine/state/state_json.h"

namespace dnsfailover::live {
namespace {

constexpr const char* kMoveAway = "move it away to start fresh — its state and history would be lost";
constexpr const char* kOtherFile = "or point --store at another file";

std::string notOurs(const std::string& path, const std::string& why) {
  return path + ": file is not a dnsfailover store (" + why + "); " + kMoveAway;
}

std::string readOnlyMessage(const std::string& path, const std::string& why) {
  return path + ": cannot write the store: the file or its directory is read-only (" + why +
         "); give dnsfailover write access to both " + kOtherFile;
}

std::string inUseMessage(const std::string& path) {
  return path + ": the store is in use by another running dnsfailover (it holds the write lock); stop that one " +
         kOtherFile;
}

// What a failed SQLite call means for the operator.
std::string sqliteFailure(const std::string& path, int rc, const std::string& detail, std::string_view doing) {
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: return notOurs(path, detail);
    case SQLITE_FULL:
      return path + ": disk full (" + detail + ") while trying to " + std::string(doing) +
             "; nothing of it was stored; free space on the store's filesystem";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN: return readOnlyMessage(path, detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return path + ": the store stayed locked by another process (" + detail + ") while trying to " +
             std::string(doing) + "; stop the other process " + kOtherFile;
    case SQLITE_IOERR:
      return path + ": I/O error (" + detail + ") while trying to " + std::string(doing) +
             "; check the disk and the file";
    default: return path + ": cannot " + std::string(doing) + ": " + detail;
  }
}

// The stores this process holds open for writing, by file identity. A
// second opener in the same process must be refused without open()ing the
// file: closing any descriptor of a file drops the POSIX locks SQLite holds
// on it for the whole process. The pid is part of the key so that a forked
// child, which inherits the set but not the locks' meaning, meets the flock.
using WriterKey = std::tuple<pid_t, dev_t, ino_t>;
std::mutex gWritersMutex;
std::set<WriterKey> gWriters;

// The exclusive writer lock: an open descriptor with flock(LOCK_EX). Closed
// only after the SQLite connection (member order in Impl).
class WriterLock {
 public:
  explicit WriterLock(const std::string& path) {
    const std::lock_guard<std::mutex> guard(gWritersMutex);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      if (!S_ISREG(st.st_mode)) throw StoreError(path + ": not a regular file; point --store at a file");
      if (gWriters.contains({::getpid(), st.st_dev, st.st_ino})) throw StoreError(inUseMessage(path));
    }
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      const int e = errno;
      if (e == EACCES || e == EROFS || e == EPERM) throw StoreError(readOnlyMessage(path, std::strerror(e)));
      throw StoreError(path + ": cannot open the store: " + std::strerror(e) + "; check the path " + kOtherFile);
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int e = errno;
      ::close(fd_);
      if (e == EWOULDBLOCK) throw StoreError(inUseMessage(path));
      throw StoreError(path + ": cannot lock the store: " + std::strerror(e));
    }
    ::fstat(fd_, &st);
    key_ = {::getpid(), st.st_dev, st.st_ino};
    gWriters.insert(key_);
  }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  ~WriterLock() {
    const std::lock_guard<std::mutex> guard(gWritersMutex);
    gWriters.erase(key_);
    ::close(fd_);  // releases the flock
  }

 private:
  int fd_ = -1;
  WriterKey key_{};
};

struct DbClose {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalize>;

int64_t clampToInt64(uint64_t v) {
  return v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ? std::numeric_limits<int64_t>::max()
                                                                         : static_cast<int64_t>(v);
}

}  // namespace

struct SqliteStore::Impl {
  Impl(std::string p, SqliteStoreOptions o) : path(std::move(p)), options(o) {
    assert(options.retentionEvery >= 1);
    const bool readOnly = options.mode == SqliteStoreOptions::Mode::ReadOnly;
    if (readOnly) {
      struct stat st {};
      if (::stat(path.c_str(), &st) != 0) {
        throw StoreError(path + ": cannot open the store: " + std::strerror(errno) + "; check the path");
      }
    } else {
      lock = std::make_unique<WriterLock>(path);
    }
    sqlite3* raw = nullptr;
    const int flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db.reset(raw);
    if (rc != SQLITE_OK) fail(rc, "open the store");
    sqlite3_extended_result_codes(db.get(), 1);
    sqlite3_busy_timeout(db.get(), static_cast<int>(options.busyTimeout.count()));
    if (!readOnly && sqlite3_db_readonly(db.get(), "main") == 1) {
      throw StoreError(readOnlyMessage(path, "opened read-only"));
    }

    // Read the version before writing anything: a file that is not ours,
    // or is newer than us, is left exactly as it was.
    version = readVersion();
    const int latest = static_cast<int>(options.migrations.size());
    if (version > latest) {
      throw StoreError(path + ": schema version " + std::to_string(version) +
                       " is newer than this dnsfailover understands (" + std::to_string(latest) +
                       "); upgrade dnsfailover " + kOtherFile);
    }
    if (readOnly) {
      if (version == 0) throw StoreError(path + ": not a dnsfailover store (it has no tables); check the path");
      if (version < latest) {
        throw StoreError(path + ": schema version " + std::to_string(version) + " is older than this dnsfailover's (" +
                         std::to_string(latest) + "); let the daemon open it once to migrate it");
      }
    } else {
      if (queryText("PRAGMA journal_mode=WAL", "switch the store to WAL") != "wal") {
        throw StoreError(path + ": cannot switch the store to WAL journaling; check the file system supports it");
      }
      exec(options.sync == SqliteStoreOptions::Sync::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL",
           "set synchronous");
      if (options.maxPages > 0) {
        queryText("PRAGMA max_page_count=" + std::to_string(options.maxPages), "limit the store's size");
      }
      migrate(latest);
    }

    begin = prepare("BEGIN IMMEDIATE");
    commitTx = prepare("COMMIT");
    upsertIndicator = prepare(
        "INSERT INTO indicators(name, config_key, state) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(name) DO UPDATE SET config_key = excluded.config_key, state = excluded.state");
    deleteIndicator = prepare("DELETE FROM indicators WHERE name = ?1");
    upsertScheme = prepare(
        "INSERT INTO schemes(name, config_key, state) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(name) DO UPDATE SET config_key = excluded.config_key, state = excluded.state");
    deleteScheme = prepare("DELETE FROM schemes WHERE name = ?1");
    insertEvent = prepare("INSERT INTO history(t_ms, type, scheme, indicator, json) VALUES(?1, ?2, ?3, ?4, ?5)");
    markWritten = prepare("INSERT OR IGNORE INTO meta(key, value) VALUES('written', '1')");
    retainAge = prepare("DELETE FROM history WHERE t_ms < ?1");
    retainCount = prepare("DELETE FROM history WHERE seq <= (SELECT max(seq) FROM history) - ?1");

    written = readWritten();
    Stmt newest = prepare("SELECT max(t_ms) FROM history");
    if (stepRow(newest.get(), "read the history") && sqlite3_column_type(newest.get(), 0) != SQLITE_NULL) {
      newestMs = sqlite3_column_int64(newest.get(), 0);
    }
  }

  ~Impl() {
    // Statements before the connection, the connection before the lock.
    for (Stmt* s : {&begin, &commitTx, &upsertIndicator, &deleteIndicator, &upsertScheme, &deleteScheme,
                    &insertEvent, &markWritten, &retainAge, &retainCount}) {
      s->reset();
    }
    db.reset();
  }

  [[noreturn]] void fail(int rc, std::string_view doing) const {
    const std::string detail = db ? sqlite3_errmsg(db.get()) : sqlite3_errstr(rc);
    throw StoreError(sqliteFailure(path, rc, detail, doing));
  }

  Stmt prepare(const std::string& sql) const {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db.get(), sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    Stmt stmt(raw);
    if (rc != SQLITE_OK) fail(rc, "prepare \"" + sql + "\"");
    return stmt;
  }

  void exec(const std::string& sql, std::string_view doing) const {
    const int rc = sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc, doing);
  }

  // Steps a statement that returns no rows, then resets it for the next use.
  void run(sqlite3_stmt* s, std::string_view doing) const {
    const int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) {
      const std::string detail = sqlite3_errmsg(db.get());
      sqlite3_reset(s);
      throw StoreError(sqliteFailure(path, rc, detail, doing));
    }
    sqlite3_reset(s);
  }

  // true with a row to read, false when done.
  bool stepRow(sqlite3_stmt* s, std::string_view doing) const {
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail(rc, doing);
    return false;
  }

  std::string queryText(const std::string& sql, std::string_view doing) const {
    Stmt s = prepare(sql);
    if (!stepRow(s.get(), doing)) return "";
    const unsigned char* text = sqlite3_column_text(s.get(), 0);
    return text ? reinterpret_cast<const char*>(text) : "";
  }

  void bindText(sqlite3_stmt* s, int index, std::string_view text) const {
    const int rc = sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    if (rc != SQLITE_OK) fail(rc, "bind a value");
  }
  void bindInt(sqlite3_stmt* s, int index, int64_t value) const {
    const int rc = sqlite3_bind_int64(s, index, value);
    if (rc != SQLITE_OK) fail(rc, "bind a value");
  }

  int readVersion() const {
    const std::string tables =
        queryText("SELECT count(*) FROM sqlite_master WHERE type = 'table'", "read the store's schema");
    const std::string meta =
        queryText("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'", "read the schema");
    if (meta == "0") {
      if (tables == "0") return 0;  // a new (or empty) file
      throw StoreError(notOurs(path, "it has tables but no dnsfailover meta table"));
    }
    const std::string text = queryText("SELECT value FROM meta WHERE key = 'schema_version'", "read the version");
    int v = 0;
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 6 ||
        (v = std::stoi(text)) < 1) {
      throw StoreError(notOurs(path, "meta.schema_version is \"" + text + "\", expected a positive integer"));
    }
    return v;
  }

  bool readWritten() const {
    return queryText("SELECT count(*) FROM meta WHERE key = 'written'", "read the store's state") == "1";
  }

  // All steps from `version` to `latest` and the version update in one
  // transaction (sqlite_schema.h).
  void migrate(int latest) {
    if (version == latest) return;
    exec("BEGIN IMMEDIATE", "begin the schema migration");
    try {
      for (int v = version; v < latest; ++v) {
        const SqliteMigration& step = options.migrations[static_cast<size_t>(v)];
        exec(step.sql, "migrate the schema from version " + std::to_string(v) + " to " + std::to_string(v + 1) +
                           " (" + step.what + "); the store is unchanged");
      }
      exec("INSERT INTO meta(key, value) VALUES('schema_version', '" + std::to_string(latest) +
               "') ON CONFLICT(key) DO UPDATE SET value = excluded.value",
           "record the schema version");
      exec("COMMIT", "commit the schema migration");
    } catch (...) {
      rollback();
      throw;
    }
    version = latest;
  }

  void rollback() const {
    // SQLite rolls back by itself after some errors (SQLITE_FULL may).
    if (sqlite3_get_autocommit(db.get()) == 0) sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }

  void commit(const StoreStep& step) {
    if (options.mode == SqliteStoreOptions::Mode::ReadOnly) {
      throw StoreError(path + ": the store was opened read-only; only the daemon writes it");
    }
    if (step.empty()) return;
    std::optional<int64_t> newest = newestMs;
    run(begin.get(), "begin storing a step");
    try {
      std::string text;
      for (const IndicatorState& s : step.indicators) {
        assert(!s.name.empty());
        text = indicatorStateText(s);
        bindText(upsertIndicator.get(), 1, s.name);
        bindText(upsertIndicator.get(), 2, s.configKey);
        bindText(upsertIndicator.get(), 3, text);
        run(upsertIndicator.get(), "store indicator \"" + s.name + "\"");
      }
      for (const SchemeState& s : step.schemes) {
        assert(!s.name.empty());
        text = schemeStateText(s);
        bindText(upsertScheme.get(), 1, s.name);
        bindText(upsertScheme.get(), 2, s.configKey);
        bindText(upsertScheme.get(), 3, text);
        run(upsertScheme.get(), "store scheme \"" + s.name + "\"");
      }
      for (const std::string& name : step.removedIndicators) {
        bindText(deleteIndicator.get(), 1, name);
        run(deleteIndicator.get(), "remove indicator \"" + name + "\"");
      }
      for (const std::string& name : step.removedSchemes) {
        bindText(deleteScheme.get(), 1, name);
        run(deleteScheme.get(), "remove scheme \"" + name + "\"");
      }
      for (const TraceEvent& event : step.events) {
        const HistoryKeys keys = historyKeys(event);
        text = traceEventJson(event);
        const int64_t t = event.t.time_since_epoch().count();
        bindInt(insertEvent.get(), 1, t);
        bindText(insertEvent.get(), 2, keys.type);
        bindText(insertEvent.get(), 3, keys.scheme);
        bindText(insertEvent.get(), 4, keys.indicator);
        bindText(insertEvent.get(), 5, text);
        run(insertEvent.get(), "append to the history");
        newest = newest ? std::max(*newest, t) : t;
      }
      if (!written) run(markWritten.get(), "mark the store written");
      if ((commits + 1) % options.retentionEvery == 0) {
        if (newest) {
          bindInt(retainAge.get(), 1, *newest - options.retention.maxAge.count());
          run(retainAge.get(), "drop old history");
        }
        bindInt(retainCount.get(), 1, clampToInt64(options.retention.maxEvents));
        run(retainCount.get(), "drop old history");
      }
      run(commitTx.get(), "commit a step");
    } catch (const StoreError&) {
      rollback();
      throw;
    } catch (const std::exception& e) {
      rollback();
      throw StoreError(path + ": cannot store a step: " + e.what());
    }
    written = true;
    newestMs = newest;
    ++commits;
  }

  std::optional<EngineState> load() const {
    if (!readWritten()) return std::nullopt;
    EngineState state;
    readStates("indicator", "SELECT name, state FROM indicators", parseIndicatorStateText, state.indicators);
    readStates("scheme", "SELECT name, state FROM schemes", parseSchemeStateText, state.schemes);
    return state;
  }

  // Every row of one state table, parsed from its stored form; a row that
  // does not parse names the row and the field.
  template <typename State>
  void readStates(const std::string& what, const char* sql, State (*parse)(std::string_view),
                  std::map<std::string, State>& into) const {
    Stmt s = prepare(sql);
    while (stepRow(s.get(), "read the " + what + "s")) {
      const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0));
      const unsigned char* text = sqlite3_column_text(s.get(), 1);
      try {
        State value = parse(text ? reinterpret_cast<const char*>(text) : "");
        if (value.name != name) throw StoreError("name: \"" + value.name + "\" in a row keyed \"" + name + "\"");
        into.emplace(name, std::move(value));
      } catch (const StoreError& e) {
        throw StoreError(path + ": stored " + what + " \"" + name + "\": " + e.what() + "; the store is damaged; " +
                         kMoveAway);
      }
    }
  }

  std::vector<HistoryRow> history(const HistoryQuery& query) const {
    std::string sql = "SELECT seq, json FROM history WHERE 1 = 1";
    if (!query.scheme.empty()) sql += " AND scheme = ?";
    if (!query.indicator.empty()) sql += " AND indicator = ?";
    if (query.since) sql += " AND t_ms >= ?";
    if (query.afterSeq) sql += " AND seq > ?";
    sql += " ORDER BY seq DESC LIMIT ?";
    Stmt s = prepare(sql);
    int i = 0;
    if (!query.scheme.empty()) bindText(s.get(), ++i, query.scheme);
    if (!query.indicator.empty()) bindText(s.get(), ++i, query.indicator);
    if (query.since) bindInt(s.get(), ++i, query.since->time_since_epoch().count());
    if (query.afterSeq) bindInt(s.get(), ++i, clampToInt64(*query.afterSeq));
    bindInt(s.get(), ++i, clampToInt64(query.limit));
    std::vector<HistoryRow> rows;
    while (stepRow(s.get(), "read the history")) {
      const auto seq = static_cast<uint64_t>(sqlite3_column_int64(s.get(), 0));
      const unsigned char* text = sqlite3_column_text(s.get(), 1);
      std::string error;
      std::optional<TraceEvent> event =
          parseTraceEventJson(text ? reinterpret_cast<const char*>(text) : "", &error);
      if (!event) {
        throw StoreError(path + ": history event " + std::to_string(seq) + ": " + error + "; the store is damaged");
      }
      rows.push_back({seq, std::move(*event)});
    }
    std::reverse(rows.begin(), rows.end());
    return rows;
  }

  std::string path;
  SqliteStoreOptions options;
  std::unique_ptr<WriterLock> lock;  // outlives the connection
  std::unique_ptr<sqlite3, DbClose> db;
  int version = 0;
  bool written = false;
  std::optional<int64_t> newestMs;
  uint64_t commits = 0;
  Stmt begin, commitTx, upsertIndicator, deleteIndicator, upsertScheme, deleteScheme, insertEvent, markWritten,
      retainAge, retainCount;
};

SqliteStore::SqliteStore(std::string path, SqliteStoreOptions options)
    : impl_(std::make_unique<Impl>(std::move(path), options)) {}
SqliteStore::~SqliteStore() = default;

std::optional<EngineState> SqliteStore::load() { return impl_->load(); }
void SqliteStore::commit(const StoreStep& step) { impl_->commit(step); }
std::vector<HistoryRow> SqliteStore::history(const HistoryQuery& query) { return impl_->history(query); }
const std::string& SqliteStore::path() const { return impl_->path; }
int SqliteStore::schemaVersion() const { return impl_->version; }

}  // namespace dnsfailover::live
