#pragma once
// What the headquarters commands share: their store, and dates given on the command line.
#include "hq/sqlite_hq_store.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace hailong::cli {

/// Opens (making its folder if needed) the headquarters database. Throws StorageError.
std::unique_ptr<core::SqliteHqStore> openHqStore(const std::filesystem::path& db);

/// "2026-12-06" or "today" (the local date) as a day number; throws std::runtime_error naming
/// the option otherwise.
std::int64_t dayOption(const std::string& option, const std::string& value);

}  // namespace hailong::cli
