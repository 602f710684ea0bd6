#pragma once
// The kiosk's duties at closing time (issue 15): the automatic export, once per closing
// time, and the officer's sign-out at the end of their shift. The kiosk calls tick() at
// every wake-up (about once a second), does what is due (the export runs on its own thread,
// the sign-out goes through OfficerRegistry) and reports back whether the export started.
//
// Not thread-safe (the UI thread's); the clock and the database must outlive it.
#include "base/clock.h"
#include "store/kiosk_database.h"
#include "survey/settings.h"

#include <cstdint>
#include <optional>
#include <string>

namespace hailong::core {

/// What tick() found due. The caller does it; more than one may be due at once.
struct DutiesDue {
    /// Start the automatic export to the export folder (ExportJob::start with
    /// ExportKind::Automatic), then call KioskDuties::autoExportStarted with its result.
    bool startAutoExport = false;
    /// Sign the officer on duty out (OfficerRegistry::signOut("closing_time")) and show it.
    bool signOfficerOut = false;
};

class KioskDuties {
public:
    /// The meta key (KioskDatabase::meta) of the start of the last automatic export, in UTC ms:
    /// kept across restarts, so a kiosk switched on after closing exports once, not again.
    static constexpr const char* LastAutoExportKey = "auto_export_utc_ms";

    /// Reads when the last automatic export started from db; none yet, or unreadable: counts
    /// from now (loadProblem() then says why, for the log). Throws StorageError.
    KioskDuties(const Clock& clock, KioskDatabase& db);

    /// What is due now. settings: those in force (autoExport, hours); officerSignedInSinceUtcMs:
    /// OfficerRegistry::signedInSinceUtcMs(); exportRunning: an export (staff's or automatic)
    /// is running, so the automatic one waits for a later tick.
    /// - the automatic export: autoExport is on and a closing time came since the last one
    ///   that started (autoExportDue); it stays due until one starts;
    /// - the sign-out: the first closing time after the officer signed in has come (even if
    ///   the kiosk was off then); it stays due until nobody is signed in.
    [[nodiscard]] DutiesDue tick(const KioskSettings& settings, std::optional<std::int64_t> officerSignedInSinceUtcMs,
                                 bool exportRunning) const;
    /// After tick() asked for the automatic export: whether it started. Only a started export
    /// counts (its time is stored at once); one refused (the job busy) stays due and is
    /// asked for again at a later tick. Throws StorageError if storing fails; the export
    /// counts in this run all the same, so it is never started twice for one closing time.
    void autoExportStarted(bool started);

    /// When the last automatic export that started did (or when counting began), UTC ms.
    std::int64_t lastAutoExportUtcMs() const { return m_lastAutoExportUtcMs; }
    /// Why the stored time was not used, if it was unreadable (for the log).
    const std::optional<std::string>& loadProblem() const { return m_loadProblem; }

private:
    const Clock& m_clock;
    KioskDatabase& m_db;
    std::int64_t m_lastAutoExportUtcMs;
    std::optional<std::string> m_loadProblem;
};

}  // namespace hailong::core
