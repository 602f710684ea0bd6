#pragma once
// What the figures of a headquarters report must be read with (SPEC 7): batches that never
// arrived, files refused at import, responses flagged as misuse or dated by a wrong kiosk clock;
// and the monthly trend of the report's period, which leaves out the months whose every rating
// bears a wrong clock. Both outputs for people show the notes: the HTML page in Vietnamese, the
// workbook in Vietnamese and English.
#include "hq/report.h"

#include "survey/questionnaire.h"  // Text

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hailong::core {

class HqStore;

struct DataQuality {
    /// One sentence each, in Vietnamese and English, in this order: a kiosk's missing batches
    /// (per kiosk), a batch held apart or set aside (per batch), a refused file (per file; its reason as the import gave it, in English), the
    /// responses flagged as misuse, the responses with a wrong kiosk clock. Empty: nothing to note.
    std::vector<Text> notes;
    /// (month "2026-01", event-based %) of every month of the report's period with ratings, in
    /// order, but those whose ratings all bear a wrong kiosk clock (their dates are not real).
    std::vector<std::pair<std::string, double>> trend;
};

/// The notes and the trend of `report`, made from `store` for report.query's period.
/// trendShown: the notes are read beside the trend (the HTML page draws it, the workbook does
/// not), so the wrong-clock note says how many months the trend leaves out.
/// Under a unit (report.query.under), the notes speak only of kiosks registered to that unit or
/// to a unit under it, in the registry as of report.query.asOfDay, else of `today` (a local
/// day, hq_tally.h: localDay; default: today by this machine's clock): missing and held
/// batches of other units' kiosks, refused files (which belong to no unit) and unit codes the
/// registry does not know are left out, so that a province's analyst reads nothing of another.
/// Not thread-safe (the store is not). Throws StorageError.
DataQuality dataQuality(const HqStore& store, const Report& report, bool trendShown,
                        std::optional<std::int64_t> today = std::nullopt);

}  // namespace hailong::core
