#pragma once
// The live Store (engine/ports/store.h) in one SQLite file.
//
// Durability: WAL journal with synchronous=NORMAL by default. A commit is
// in the WAL (in the kernel's page cache) when commit() returns, so it
// survives kill -9 and any crash of the process; only a power loss or a
// kernel crash can undo the last commits before a checkpoint, and even then
// the file stays consistent (an earlier step, never half of one). Losing a
// step that way is safe for the engine: every stored state is one it really
// was in, and an address whose push is not known to have landed is pushed
// again. FULL (an fsync per commit) also survives power loss but limits the
// engine to the disk's fsync rate on every check; choose it with
// SqliteStoreOptions::sync when that trade is wanted (tools/bench/store_bench
// measures both).
//
// One writer: a read-write open takes an exclusive flock on the file, so a
// second daemon on the same store is refused with a clear message instead
// of interleaving its steps. Readers (dnsfailover history) open read-only,
// take no lock and read concurrently with the daemon (WAL).
//
// Errors: every failure throws StoreError naming the file and what to do:
// not a database or damaged, schema newer than this binary, read-only file,
// disk full, in use by another daemon. Nothing is ever started fresh over a
// file that could not be read; a failed commit is rolled back whole.
//
// Retention: every `retentionEvery` commits, the commit's own transaction
// also deletes the events older than `maxAge` before the newest event and
// those beyond the newest `maxEvents`.
//
// Schema and migration: engine/live/sqlite_schema.h.

#include <memory>
#include <span>
#include <string>

#include "engine/live/sqlite_schema.h"
#include "engine/ports/store.h"

namespace dnsfailover::live {

struct SqliteStoreOptions {
  enum class Mode { ReadWrite, ReadOnly };
  enum class Sync { Normal, Full };

  Mode mode = Mode::ReadWrite;
  Sync sync = Sync::Normal;
  HistoryRetention retention{};
  uint32_t retentionEvery = 64;  // commits between retention passes (>= 1)
  Duration busyTimeout = std::chrono::seconds{5};
  // Caps the file at this many pages (0: no cap); a commit past it fails as
  // on a full disk. Tests use it to make a disk full cheaply.
  uint32_t maxPages = 0;
  // The schema steps; tests pass their own to exercise the migration runner.
  std::span<const SqliteMigration> migrations = sqliteMigrations();
};

class SqliteStore final : public Store {
 public:
  // Opens (read-write: creates) the store at `path`; throws StoreError.
  explicit SqliteStore(std::string path, SqliteStoreOptions options = {});
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  std::optional<EngineState> load() override;
  void commit(const StoreStep& step) override;
  std::vector<HistoryRow> history(const HistoryQuery& query) override;

  const std::string& path() const;
  int schemaVersion() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dnsfailover::live
