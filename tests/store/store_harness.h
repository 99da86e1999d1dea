#pragma once
// The two stores behind one face for the contract suite: each harness
// opens (or reopens) its store and can make the next commit fail. For the
// SQLite store a reopen closes the file and opens it again; the memory
// store is kept across "reopens", as the sim keeps it across an engine
// rebuild. The SQLite commit failure is real: a trigger aborts the insert
// of the step's first event, after its states were already written, so the
// rollback is what keeps the store whole.

#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>

#include "engine/live/sqlite_store.h"
#include "sim/memory_store.h"

namespace dnsfailover::testing {

// A fresh directory, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dnsfailover-store-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ignored);
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string readBytes(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void writeBytes(const std::string& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Runs SQL on a store file through a connection of its own (as a damaged
// disk or another tool would).
inline void rawSql(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error(file + ": cannot open");
  }
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error(file + ": " + sql + ": " + message);
}

struct Retention {
  HistoryRetention limits{};
  uint32_t every = 1;
};

class SqliteHarness {
 public:
  static constexpr bool kPersistent = true;
  Store& open(Retention retention = {}) {
    store_.reset();
    live::SqliteStoreOptions options;
    options.retention = retention.limits;
    options.retentionEvery = retention.every;
    store_ = std::make_unique<live::SqliteStore>(file_, options);
    return *store_;
  }
  void failNextCommit() {
    rawSql(file_,
           "CREATE TRIGGER IF NOT EXISTS injected_failure BEFORE INSERT ON history "
           "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
    armed_ = true;
  }
  // The trigger fails every commit with events until dropped.
  void disarm() {
    if (armed_) rawSql(file_, "DROP TRIGGER injected_failure;");
    armed_ = false;
  }
  const std::string& file() const { return file_; }

 private:
  TempDir dir_;
  std::string file_ = dir_.file("state.db");
  std::unique_ptr<live::SqliteStore> store_;
  bool armed_ = false;
};

class MemoryHarness {
 public:
  static constexpr bool kPersistent = false;
  Store& open(Retention retention = {}) {
    // One store for the whole test, as the sim keeps it; the retention of
    // the latest "open" applies, like a reopened SQLite store's.
    if (!store_) store_ = std::make_unique<sim::MemoryStore>();
    store_->setRetention(retention.limits, retention.every);
    return *store_;
  }
  void failNextCommit() { store_->failNextCommits(1); }
  void disarm() {}

 private:
  std::unique_ptr<sim::MemoryStore> store_;
};

}  // namespace dnsfailover::testing
