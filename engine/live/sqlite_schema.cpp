#include "engine/live/sqlite_schema.h"

namespace dnsfailover::live {
namespace {

constexpr SqliteMigration kMigrations[] = {
    {"create the version 1 tables",
     "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
     "CREATE TABLE indicators(name TEXT PRIMARY KEY, config_key TEXT NOT NULL, state TEXT NOT NULL);"
     "CREATE TABLE schemes(name TEXT PRIMARY KEY, config_key TEXT NOT NULL, state TEXT NOT NULL);"
     "CREATE TABLE history(seq INTEGER PRIMARY KEY AUTOINCREMENT, t_ms INTEGER NOT NULL, type TEXT NOT NULL,"
     " scheme TEXT NOT NULL, indicator TEXT NOT NULL, json TEXT NOT NULL);"
     "CREATE INDEX history_scheme ON history(scheme, seq);"
     "CREATE INDEX history_indicator ON history(indicator, seq);"
     "CREATE INDEX history_time ON history(t_ms);"},
};

}  // namespace

std::span<const SqliteMigration> sqliteMigrations() { return kMigrations; }

}  // namespace dnsfailover::live
