#pragma once
// What PgHqStore's files share (pg_hq_store.cpp: reading; pg_hq_import.cpp: importing;
// pg_hq_schema.cpp: the schema). Private to core/hq.
#include "hq/hq_comments.h"
#include "hq/hq_tally.h"
#include "hq/pg_connection.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace hailong::core::pg_hq {

/// Makes or migrates the schema in place (hailong_schema holds its version); reads only, without
/// a lock, when it is up to date (a read-only standby opens it). Throws StorageError.
void migrate(PgConnection& db);

/// The lock every import and decision of a kiosk takes first: (class, hashtext(kiosk id)).
inline constexpr const char* LockKiosk = "SELECT pg_advisory_xact_lock(17, hashtext($1))";

inline std::string str(std::string_view s) { return std::string(s); }
inline std::string num(std::int64_t v) { return std::to_string(v); }

/// bytea in text format, both ways (a backslash, "x" and hex digits).
std::string byteaHex(const std::string& bytes);
std::string unhex(std::string_view text);

/// A context from 8 columns of a row, from `first`.
TallyContext contextAt(const PgResult& r, int row, int first);
/// Stores the comments of a batch, each response's once; returns how many stored sealed became
/// readable (pg_hq_comments.cpp).
std::int64_t putComments(PgConnection& db, const std::vector<HqComment>& comments);

/// The import's message, with the file's name first, as SqliteHqStore says it.
[[noreturn]] void rethrowFor(const std::string& fileName, const PgError& e);

}  // namespace hailong::core::pg_hq
