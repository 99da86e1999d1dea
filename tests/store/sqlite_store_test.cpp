// Goal: the SQLite store survives what a real file goes through: a reopen,
// garbage or damage, a newer schema, a read-only file, a second daemon, a
// full disk and migrations. Every refusal is a StoreError that names the
// file and says what to do, and leaves the file byte for byte as it was.

#include <gtest/gtest.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <filesystem>

#include "engine/live/sqlite_store.h"
#include "tests/store/store_harness.h"

namespace dnsfailover::testing {
namespace {

using live::SqliteMigration;
using live::SqliteStore;
using live::SqliteStoreOptions;

const TimePoint kT0 = *parseIsoUtc("2026-11-02T00:00:00Z");

StoreStep sampleStep(int i) {
  StoreStep step;
  IndicatorState indicator;
  indicator.name = "alpha";
  indicator.configKey = "k";
  indicator.checksRun = static_cast<uint64_t>(i);
  step.indicators = {indicator};
  TraceEvent e{kT0 + std::chrono::seconds{i}, EventType::IndicatorStatus, {}, {}};
  e.with("indicator", "alpha").with("status", "OK").with("reason", std::string(200, 'x'));
  step.events = {e};
  return step;
}

HistoryQuery everything() {
  HistoryQuery q;
  q.limit = 100000;
  return q;
}

// The message of the StoreError that `open` throws ("" when none).
template <typename F>
std::string errorOf(F&& f) {
  try {
    f();
  } catch (const StoreError& e) {
    return e.what();
  }
  return "";
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::string file = dir.file("state.db");

  void writeSome(int steps) {
    SqliteStore store(file);
    for (int i = 1; i <= steps; ++i) store.commit(sampleStep(i));
  }
};

TEST_F(SqliteStoreTest, ReopenKeepsEverything) {
  writeSome(10);
  SqliteStore store(file);
  const std::optional<EngineState> state = store.load();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->indicators.at("alpha").checksRun, 10u);
  EXPECT_EQ(store.history({}).size(), 10u);
  EXPECT_EQ(store.schemaVersion(), 1);
}

TEST_F(SqliteStoreTest, GarbageFileIsRefusedAndKept) {
  const std::string garbage = "this is a config file, not a store\n" + std::string(5000, 'g');
  writeBytes(file, garbage);
  const std::string error = errorOf([&] { SqliteStore store(file); });
  EXPECT_NE(error.find(file + ": file is not a dnsfailover store (file is not a database); move it away"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("its state and history would be lost"), std::string::npos) << error;
  EXPECT_EQ(readBytes(file), garbage);
}

TEST_F(SqliteStoreTest, OtherSqliteDatabaseIsRefused) {
  rawSql(file, "CREATE TABLE photos(id INTEGER);");
  const std::string before = readBytes(file);
  const std::string error = errorOf([&] { SqliteStore store(file); });
  EXPECT_NE(error.find(file + ": file is not a dnsfailover store (it has tables but no dnsfailover meta table)"),
            std::string::npos)
      << error;
  EXPECT_EQ(readBytes(file), before);
}

TEST_F(SqliteStoreTest, TruncatedOrDamagedStoreIsRefusedAndKept) {
  writeSome(200);  // several pages of history
  const std::string whole = readBytes(file);
  ASSERT_GT(whole.size(), 8 * 4096u);

  for (const std::string& damaged : {whole.substr(0, whole.size() / 2),
                                     whole.substr(0, 4096) + std::string(whole.size() - 4096, '\x5a')}) {
    writeBytes(file, damaged);
    const std::string error = errorOf([&] {
      SqliteStore store(file);
      store.load();
      store.history({});
    });
    EXPECT_NE(error.find(file + ": "), std::string::npos) << error;
    EXPECT_NE(error.find("move it away to start fresh"), std::string::npos) << error;
    EXPECT_EQ(readBytes(file), damaged);
  }
}

TEST_F(SqliteStoreTest, DamagedStateBlobNamesTheRowAndField) {
  writeSome(1);
  rawSql(file, "UPDATE indicators SET state = '{\"name\":\"alpha\"}' WHERE name = 'alpha';");
  const std::string error = errorOf([&] { SqliteStore(file).load(); });
  EXPECT_NE(error.find(file + ": stored indicator \"alpha\": configKey: missing; the store is damaged"),
            std::string::npos)
      << error;
}

TEST_F(SqliteStoreTest, NewerSchemaIsRefusedAndKept) {
  writeSome(1);
  rawSql(file, "UPDATE meta SET value = '3' WHERE key = 'schema_version';");
  const std::string before = readBytes(file);
  const std::string error = errorOf([&] { SqliteStore store(file); });
  EXPECT_EQ(error, file +
                       ": schema version 3 is newer than this dnsfailover understands (1); upgrade dnsfailover or "
                       "point --store at another file");
  EXPECT_EQ(readBytes(file), before);
}

// Drops the file-system privileges of this thread to an unprivileged user,
// so permission bits count even when the tests run as root.
class AsUnprivileged {
 public:
  AsUnprivileged() : root_(::geteuid() == 0) {
    if (root_) {
      ::setfsgid(65534);
      ::setfsuid(65534);
    }
  }
  ~AsUnprivileged() {
    if (root_) {
      ::setfsuid(0);
      ::setfsgid(0);
    }
  }

 private:
  bool root_;
};

TEST_F(SqliteStoreTest, ReadOnlyFileIsRefusedAndKept) {
  writeSome(3);
  const std::string before = readBytes(file);
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::others_exec |
                                               std::filesystem::perms::group_exec);
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::group_read |
                                         std::filesystem::perms::others_read);
  std::string error;
  {
    AsUnprivileged user;
    error = errorOf([&] { SqliteStore store(file); });
  }
  EXPECT_NE(error.find(file + ": cannot write the store: the file or its directory is read-only"), std::string::npos)
      << error;
  EXPECT_NE(error.find("give dnsfailover write access"), std::string::npos) << error;
  EXPECT_EQ(readBytes(file), before);
}

TEST_F(SqliteStoreTest, SecondWriterInThisProcessIsRefused) {
  SqliteStore first(file);
  first.commit(sampleStep(1));
  const std::string before = readBytes(file);
  const std::string error = errorOf([&] { SqliteStore second(file); });
  EXPECT_NE(error.find(file + ": the store is in use by another running dnsfailover"), std::string::npos) << error;
  EXPECT_EQ(readBytes(file), before);
  // The first one still works and still holds its lock.
  first.commit(sampleStep(2));
  EXPECT_EQ(first.history({}).size(), 2u);
  EXPECT_NE(errorOf([&] { SqliteStore again(file); }), "");
}

TEST_F(SqliteStoreTest, SecondWriterProcessIsRefusedButReadersAreNot) {
  SqliteStore first(file);
  first.commit(sampleStep(1));
  std::array<int, 2> pipeFds{};
  ASSERT_EQ(::pipe(pipeFds.data()), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipeFds[0]);
    std::string message = "opened";
    try {
      SqliteStore second(file);
    } catch (const StoreError& e) {
      message = e.what();
    }
    (void)!::write(pipeFds[1], message.data(), message.size());
    ::_exit(0);
  }
  ::close(pipeFds[1]);
  std::string message;
  char buf[512];
  for (ssize_t n; (n = ::read(pipeFds[0], buf, sizeof buf)) > 0;) message.append(buf, static_cast<size_t>(n));
  ::close(pipeFds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_NE(message.find(file + ": the store is in use by another running dnsfailover"), std::string::npos)
      << message;

  SqliteStore reader(file, {.mode = SqliteStoreOptions::Mode::ReadOnly});
  EXPECT_EQ(reader.history({}).size(), 1u);
  first.commit(sampleStep(2));
  EXPECT_EQ(reader.history({}).size(), 2u);
  EXPECT_EQ(reader.load()->indicators.at("alpha").checksRun, 2u);
  EXPECT_NE(errorOf([&] { reader.commit(sampleStep(3)); }).find("opened read-only"), std::string::npos);
}

TEST_F(SqliteStoreTest, ReaderWorksAfterTheWriterClosed) {
  writeSome(3);
  const std::string before = readBytes(file);
  {
    SqliteStore reader(file, {.mode = SqliteStoreOptions::Mode::ReadOnly});
    EXPECT_EQ(reader.history({}).size(), 3u);
  }
  EXPECT_EQ(readBytes(file), before);
  SqliteStore writer(file);  // and the reader left no lock behind
  writer.commit(sampleStep(4));
}

TEST_F(SqliteStoreTest, ReaderRefusesWhatIsNotAStore) {
  EXPECT_NE(errorOf([&] { SqliteStore s(file, {.mode = SqliteStoreOptions::Mode::ReadOnly}); }).find(file + ": "),
            std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(file));  // a reader never creates
}

TEST_F(SqliteStoreTest, FullDiskFailsTheStepAndKeepsTheStore) {
  int stored = 0;
  std::string error;
  {
    SqliteStore store(file, {.maxPages = 16});
    for (int i = 1; i <= 1000 && error.empty(); ++i) {
      error = errorOf([&] { store.commit(sampleStep(i)); });
      if (error.empty()) stored = i;
    }
    EXPECT_NE(error.find(file + ": disk full"), std::string::npos) << error;
    EXPECT_NE(error.find("nothing of it was stored"), std::string::npos) << error;
    ASSERT_GT(stored, 0);
    EXPECT_EQ(store.load()->indicators.at("alpha").checksRun, static_cast<uint64_t>(stored));
  }
  SqliteStore store(file);
  EXPECT_EQ(store.load()->indicators.at("alpha").checksRun, static_cast<uint64_t>(stored));
  EXPECT_EQ(store.history(everything()).size(), static_cast<size_t>(stored));
  store.commit(sampleStep(stored + 1));  // with room again, it goes on
  EXPECT_EQ(store.history(everything()).back().seq, static_cast<uint64_t>(stored + 1));
}

// A fake schema history: the real version 1, then a version 2 that adds a
// column, then a version 3 whose second statement fails.
const SqliteMigration kV2[] = {
    live::sqliteMigrations()[0],
    {"add history.site", "ALTER TABLE history ADD COLUMN site TEXT NOT NULL DEFAULT 'here';"},
};
const SqliteMigration kV3Broken[] = {
    kV2[0],
    kV2[1],
    {"a broken step", "CREATE TABLE extra(a INTEGER); INSERT INTO no_such_table VALUES(1);"},
};

TEST_F(SqliteStoreTest, MigrationsRunInOneTransactionAndNeverGoBack) {
  writeSome(2);
  {
    SqliteStore v2(file, {.migrations = kV2});
    EXPECT_EQ(v2.schemaVersion(), 2);
    EXPECT_EQ(v2.history({}).size(), 2u);
    EXPECT_EQ(v2.load()->indicators.at("alpha").checksRun, 2u);
    v2.commit(sampleStep(3));
  }
  rawSql(file, "SELECT site FROM history;");  // the new column is there

  const std::string error = errorOf([&] { SqliteStore v3(file, {.migrations = kV3Broken}); });
  EXPECT_NE(error.find(file + ": cannot migrate the schema from version 2 to 3 (a broken step); the store is unchanged"),
            std::string::npos)
      << error;
  EXPECT_THROW(rawSql(file, "SELECT * FROM extra;"), std::runtime_error);  // rolled back
  {
    SqliteStore again(file, {.migrations = kV2});
    EXPECT_EQ(again.schemaVersion(), 2);
    EXPECT_EQ(again.history({}).size(), 3u);
  }

  // This binary (version 1) refuses the migrated store.
  EXPECT_NE(errorOf([&] { SqliteStore v1(file); }).find("schema version 2 is newer than this dnsfailover understands (1)"),
            std::string::npos);
}

}  // namespace
}  // namespace dnsfailover::testing
