#pragma once
// Today's figures and storage health for the staff menu (SPEC 4, issue 3).
//
// Read-only queries over the kiosk database. The headline is the event-based figure of
// SPEC 2 (satisfied-or-very-satisfied ratings / all ratings of the main question), with
// misuse-flagged responses counted apart, never in the headline. Functions throw
// StorageError when SQLite fails. Not thread-safe (like KioskDatabase).
#include "survey/questionnaire.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hailong::core {

class KioskDatabase;

struct TodayFigures {
    /// main-question option id -> count, in the question's option order, misuse-flagged excluded
    std::vector<std::pair<std::string, std::int64_t>> counts;
    std::int64_t counted = 0;        ///< responses in the headline figure (the sum of counts)
    std::int64_t misuseFlagged = 0;  ///< answered the main question but flagged: shown apart
    std::int64_t superseded = 0;     ///< replaced by a later rating of the same dossier: shown apart
    std::int64_t satisfied = 0;      ///< numerator of the headline
    double satisfiedPercent = 0;     ///< satisfied / counted * 100, 0 when counted == 0
    std::int64_t notExported = 0;    ///< all responses (any day) not yet in an exported batch
};

/// Figures of the main question for responses started in [fromUtcMs, toUtcMs). "Satisfied" means
/// very_satisfied+satisfied (three_level), satisfied+very_satisfied (sipas5), 4-5 stars (star5), yes (yes_no).
///
/// Answers are matched by the main question's id AND scale, over every questionnaire version
/// (a new version of the same question keeps counting; an answer on another scale never mixes
/// in). A response counts once, by its first value; a value that is not one of the question's
/// options is not counted. Each response answering the main question lands in one bucket:
/// superseded (one rating per dossier: a later rating of its dossier replaced it), else
/// misuse-flagged, else counted. For the local day: localDayStartUtcMs (settings.h) to + 24 h.
TodayFigures computeFigures(KioskDatabase& db, const Questionnaire& q, std::int64_t fromUtcMs, std::int64_t toUtcMs);

/// True for the answers counted as satisfied on scale (see computeFigures); false for
/// choice and multi_select, which have no satisfied answer.
bool isSatisfied(Scale scale, const std::string& value);

struct StorageHealth {
    std::int64_t databaseBytes = 0;  ///< the database file plus its -wal and -shm files
    std::int64_t freeDiskBytes = 0;  ///< available to this user on the database's file system; -1 if unknown
    std::string lastIntegrity;       ///< PRAGMA integrity_check at open: "ok" when healthy
    std::int64_t responses = 0;      ///< all responses stored
};

/// File sizes incl. -wal, std::filesystem::space of the folder. Cheap: no integrity check is run
/// (KioskDatabase::integrityCheck() does one, and can take seconds on a large database).
StorageHealth storageHealth(KioskDatabase& db);

}  // namespace hailong::core
