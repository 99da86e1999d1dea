#pragma once
// The SQLite store's schema and how it migrates.
//
// The version lives in the store itself (meta table, key "schema_version";
// a file without tables is version 0, a new store). This binary knows the
// steps in sqliteMigrations(): step i takes a store at version i to i + 1.
// At open (read-write), every step from the store's version to the newest
// runs in ONE transaction together with the version update, so a store is
// always at exactly one known version: a failed step leaves it as it was.
//
// A store whose version is newer than the newest step is refused: an older
// binary cannot know what the newer fields mean, and rewriting them would
// lose data. A read-only opener (dnsfailover history) never migrates; it
// refuses an older store and asks for one read-write open to migrate it.
//
// Changing the stored form: append a step, never edit a released one.
// A step may create or alter tables and rewrite JSON blobs with SQL
// (json_set/json_remove); a new field in IndicatorState/SchemeState gets
// its default written into every existing blob by its step, because the
// reader (engine/state/state_json.h) rejects missing and unknown fields.
//
// Version 1:
//   meta(key TEXT PRIMARY KEY, value TEXT)            schema_version, written
//   indicators(name TEXT PRIMARY KEY, config_key TEXT, state TEXT)   JSON blob
//   schemes(name TEXT PRIMARY KEY, config_key TEXT, state TEXT)      JSON blob
//   history(seq INTEGER PRIMARY KEY AUTOINCREMENT, t_ms, type, scheme,
//           indicator, json)   AUTOINCREMENT: a seq is never reused, even
//                              after retention deleted the newest rows
//   indexes history(scheme, seq), history(indicator, seq), history(t_ms)

#include <span>

namespace dnsfailover::live {

struct SqliteMigration {
  const char* what;  // for the error if it fails: "create the version 1 tables"
  const char* sql;   // one or more statements
};

// The steps this binary knows; size() is the version it writes.
std::span<const SqliteMigration> sqliteMigrations();

}  // namespace dnsfailover::live
