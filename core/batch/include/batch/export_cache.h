#pragma once
// The export cache (schema version 4): each ended response's batch line, encoded once
// (encodeResponseTail) with its context, so large exports copy text (SPEC 8: export 1,000,000
// responses in about a second). The lines are kept in clear (version 1): once headquarters' key is
// pinned the writer seals the personal fields of each line as it copies it (seal.h), so a line
// cached before the key was pinned is sealed at export all the same.
#include "batch/batch.h"

#include "store/kiosk_database.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::core {

/// The encoding of the cached lines; a program that changes it changes this name, and the
/// exporter then empties the cache (meta 'export_line_format').
inline constexpr const char* ExportLineFormat = "hailong-batch/1 response line 1";

/// Encodes and stores the line of every ended response in seqFirst..seqLast that has none
/// (older rows, responses closed as interrupted, rows changed since). Call it inside a write
/// transaction. Returns how many lines were stored. Throws StorageError.
std::int64_t fillExportCache(KioskDatabase& db, std::int64_t seqFirst, std::int64_t seqLast);

/// For SqliteResponseStore's OnEnded: stores the line of the response that ends, in the
/// transaction that ends it.
inline void cacheExportLines(KioskDatabase& db, std::int64_t seq) { fillExportCache(db, seq, seq); }

/// A context of the cache, owned (contexts table).
struct CachedContext {
    std::string unitCode, unitName, unitLevel, counter, bootId;
    int utcOffsetMinutes = 0;
    std::string questionnaireId;
    int questionnaireVersion = 0;
};
/// Every context of the cache by id. Throws StorageError.
std::map<std::int64_t, CachedContext> cachedContexts(KioskDatabase& db);

/// The values of each answer pattern by id (count 1 each: multiply by the responses).
std::map<std::int64_t, std::vector<AnswerCount>> cachedPatterns(KioskDatabase& db);

/// One cached response line.
struct CachedLine {
    std::int64_t seq = 0;
    std::int64_t contextId = 0;
    std::int64_t patternId = 0;
    std::int64_t startedUtcMs = 0;
    std::int64_t lastUtcMs = 0;  ///< the later of start and end
    std::string_view tail;       ///< valid during the call only
};
/// Calls f for each cached line of seqFirst..seqLast in seq order, without copying, and
/// missing(from, to) in its place for each run of responses without one (changed since the
/// cache was filled), so the caller encodes those from their rows. Throws StorageError.
void forEachCachedLine(KioskDatabase& db, std::int64_t seqFirst, std::int64_t seqLast,
                       const std::function<void(const CachedLine&)>& f,
                       const std::function<void(std::int64_t from, std::int64_t to)>& missing);

}  // namespace hailong::core
