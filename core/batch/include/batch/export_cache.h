#pragma once
// The export cache (schema version 4): each ended response's batch line, encoded once
// (encodeResponseTail) with its context, so large exports copy text (SPEC 8: export 1,000,000
// responses in about a second). Once headquarters' key is pinned, the kiosk caches each line with
// its personal fields already sealed for the next batch (schema 5: sealed_batch, sealed_key; the
// sealing is deterministic, seal.h), so a sealed export copies text too. A line sealed for another
// batch or key is encoded again from its row, and a line cached in clear is sealed by the writer
// as it copies it: whatever the cache holds, the batch is the same.
#include "batch/batch.h"
#include "batch/seal.h"

#include "store/kiosk_database.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::core {

/// The encoding of the cached lines; a program that changes it changes this name, and the
/// exporter then empties the cache (meta 'export_line_format').
inline constexpr const char* ExportLineFormat = "hailong-batch/1 response line 1";

/// Encodes and stores the line of every ended response in seqFirst..seqLast that has none
/// (older rows, responses closed as interrupted, rows changed since). With a sealer, the lines
/// with a comment or a dossier code are stored sealed for its batch and key. Call it inside a
/// write transaction. Returns how many lines were stored. Throws StorageError.
std::int64_t fillExportCache(KioskDatabase& db, std::int64_t seqFirst, std::int64_t seqLast,
                             const BatchSealer* sealer = nullptr);

/// For SqliteResponseStore's OnEnded: stores the line of the response that ends (in clear), in
/// the transaction that ends it.
inline void cacheExportLines(KioskDatabase& db, std::int64_t seq) { fillExportCache(db, seq, seq); }

/// The kiosk's OnEnded: as cacheExportLines, with the line sealed for the next batch once
/// headquarters' key is pinned (meta hq_box_key). Keeps the sealer of that batch and key
/// between calls (copies share it). A sealer that cannot be made leaves the line in clear: the
/// export seals it then, and the citizen's response ends all the same.
class ExportLineCache {
public:
    explicit ExportLineCache(const KioskKeys& keys) : m_keys(&keys), m_sealer(std::make_shared<Slot>()) {}
    void operator()(KioskDatabase& db, std::int64_t seq);

private:
    struct Slot {
        std::unique_ptr<BatchSealer> sealer;
    };
    const KioskKeys* m_keys;
    std::shared_ptr<Slot> m_sealer;
};

/// The id of headquarters' box key in the cache's seal_keys table, made if new (inside a write
/// transaction), or looked up only (0 if unknown) when make is false. Throws StorageError.
std::int64_t sealKeyId(KioskDatabase& db, const std::string& boxKeyHex, bool make);

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
    /// -1: the line in clear; 0: no personal field (the same in clear and sealed); N > 0:
    /// the personal fields sealed for batch N to the key of seal_keys id sealedKey.
    std::int64_t sealedBatch = -1;
    std::int64_t sealedKey = 0;
};
/// Calls f for each cached line of seqFirst..seqLast in seq order, without copying, and
/// missing(from, to) in its place for each run of responses without one (changed since the
/// cache was filled), so the caller encodes those from their rows. Throws StorageError.
void forEachCachedLine(KioskDatabase& db, std::int64_t seqFirst, std::int64_t seqLast,
                       const std::function<void(const CachedLine&)>& f,
                       const std::function<void(std::int64_t from, std::int64_t to)>& missing);

}  // namespace hailong::core
