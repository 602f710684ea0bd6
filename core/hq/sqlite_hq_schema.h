#pragma once
// The schema of headquarters' SQLite store, its versions and their migrations in place
// (private to sqlite_hq_store*.cpp).
#include "hq/hq_comments.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <filesystem>

namespace hailong::core {
/// Binds a comment to the 11 parameters of an INSERT INTO comments (kiosk_id, uuid, seq,
/// unit_code, unit_name, counter, started_utc_ms, utc_offset_min, day, main_answer, text),
/// without copying its text: c must outlive the statement's run.
void bindCommentRow(SQLite::Statement& add, const HqComment& c);
}  // namespace hailong::core

namespace hailong::core::hq_sqlite {

/// Opens (creating if needed) the store at path and brings its schema to the current version,
/// but for one step: a version 3 store holding a fork, an overlapping range or a chain break
/// counted them by the old rule (first come, first counted); its tallies must be made again
/// from the stored files (rebuild: true), and V4, V5 then V6 must then be executed in the same
/// transaction.
SQLite::Database open(const std::filesystem::path& path, bool& rebuild);

/// Version 4 (issue 17): batches in conflict held apart, analysts' decisions, the audit log.
extern const char* const SchemaV4;
/// Version 5: the web application's accounts, the data version (HqStore::dataVersion), the
/// program that wrote each batch.
extern const char* const SchemaV5;
/// Version 6 (issue 19): the packages made for kiosks (hq_packages), their serial.
extern const char* const SchemaV6;
/// Version 7 (issue 19): citizens' comments (hq_comments.h). (Version 6: headquarters' packages.)
extern const char* const SchemaV7;
/// Version 8: the comments indexed by unit and day (an import writes a file's side by side).
extern const char* const SchemaV8;
/// The comments of the batches stored before version 7, from their stored files (those of
/// version 2 batches stay sealed: no key here).
void backfillComments(SQLite::Database& db);

}  // namespace hailong::core::hq_sqlite
