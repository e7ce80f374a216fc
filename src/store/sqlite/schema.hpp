// The SQLite schema as a list of migrations: migration i brings the store from version i
// to version i + 1. Private to the store.
#pragma once

#include <string>
#include <vector>

namespace zicht::store::sqlite {

// The columns a record has, in both `records` and the per-ingest staging table.
extern const std::string kRecordColumns;
// Their names only, comma-separated, for INSERT ... SELECT.
extern const char* const kRecordColumnNames;

const std::vector<std::string>& Migrations();

// The tables a store of schema `version` has (schema_version included): a migration that
// adds a table adds it here too. Opening a file checks its tables against these.
std::vector<std::string> TablesOfVersion(int version);

}  // namespace zicht::store::sqlite
