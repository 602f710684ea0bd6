#pragma once
// What the headquarters commands share: their store, and dates given on the command line.
#include "hq/hq_store.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace hailong::cli {

/// Opens the headquarters database: a postgresql:// (or postgres://) URI is a PostgreSQL
/// database (libpq: PGHOST, PGDATABASE, PGUSER, ~/.pgpass fill in what it leaves out); anything
/// else is an SQLite file (its folder made if needed). Throws StorageError.
std::unique_ptr<core::HqStore> openHqStore(const std::filesystem::path& db);

/// Headquarters' secret keys' folder: $HAILONG_HQ_KEYS, else DATA_DIR/hq-keys (hq_key_command.cpp).
std::filesystem::path defaultHqKeysDir();

/// The help of every --db option.
inline constexpr const char* DbHelp =
    "The headquarters database: an SQLite file, or a PostgreSQL database as postgresql://USER@HOST/DBNAME (a libpq "
    "URI; PGHOST, PGDATABASE, PGUSER and ~/.pgpass fill in what it leaves out)";

/// "2026-12-06" or "today" (the local date) as a day number; throws std::runtime_error naming
/// the option otherwise.
std::int64_t dayOption(const std::string& option, const std::string& value);

}  // namespace hailong::cli
