#pragma once
// Citizens' comments at headquarters (issue 19, schema 7): one row per response that has a
// comment, however often its batch is imported. A comment that arrived sealed (a
// `hailong-batch/2` batch imported without headquarters' key) is stored without its text and
// counted as sealed; it becomes readable when the key is given later (the same file imported
// again with the key, or `hq unseal`, which opens the stored batch files). Dossier codes are not
// kept in clear: the tallies count dossiers already.
#include "batch/batch.h"
#include "batch/batch_format.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hailong::core {

class HqStore;

struct HqComment {
    std::string kioskId;
    std::int64_t seq = 0;
    std::string uuid;
    std::string unitCode, unitName, counter;  ///< the response's context
    std::int64_t startedUtcMs = 0;
    int utcOffsetMinutes = 0;
    std::string mainAnswer;           ///< the first answer's value (the main question), "" none
    std::optional<std::string> text;  ///< nothing: sealed, not opened yet
};

/// The comments of a batch read (opened ones with their text, sealed ones without), by seq.
std::vector<HqComment> commentsOf(const Batch& batch);

struct CommentQuery {
    std::optional<std::int64_t> fromDay, toDay;  ///< local dates of the ratings (hq_tally.h: localDay)
    std::optional<std::set<std::string>> units;  ///< only these unit codes (nothing: all)
    std::size_t limit = 300;                     ///< newest first, at most this many
    std::size_t offset = 0;                      ///< after skipping this many newest (a page further on)
};

struct CommentPage {
    std::vector<HqComment> newestFirst;  ///< at most query.limit from query.offset, the readable and the sealed
    std::int64_t total = 0;              ///< every comment in scope
    std::int64_t sealed = 0;             ///< of which still sealed (no key yet)
};

/// Opens the sealed comments of the stored batch files with headquarters' keys; returns how
/// many became readable. A stored file whose sealed field does not open is skipped and named in
/// problems.
std::int64_t unsealStoredComments(HqStore& store, const BoxSecretFor& boxSecretFor,
                                  std::vector<std::string>* problems = nullptr);

/// "N góp ý đã niêm phong / N comments sealed (no key)"; "" when n is 0.
std::string sealedCommentsWords(std::int64_t n);

}  // namespace hailong::core
