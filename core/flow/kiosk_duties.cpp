#include "flow/kiosk_duties.h"

#include "batch/exporter.h"

#include <stdexcept>

namespace hailong::core {

KioskDuties::KioskDuties(const Clock& clock, KioskDatabase& db)
    : m_clock(clock), m_db(db), m_lastAutoExportUtcMs(clock.wallMs()) {
    const std::optional<std::string> stored = m_db.meta(LastAutoExportKey);
    if (!stored) return;
    try {
        std::size_t used = 0;
        const long long ms = std::stoll(*stored, &used);
        if (used != stored->size()) throw std::invalid_argument("trailing characters");
        m_lastAutoExportUtcMs = ms;
    } catch (const std::logic_error&) {  // damaged: count from now (an export at the next closing time)
        m_loadProblem = std::string(LastAutoExportKey) + " unreadable (" + *stored + "), counting from now";
    }
}

DutiesDue KioskDuties::tick(const KioskSettings& settings, std::optional<std::int64_t> officerSignedInSinceUtcMs,
                            bool exportRunning) const {
    const std::int64_t now = m_clock.wallMs();
    const int offset = m_clock.utcOffsetMinutes();
    DutiesDue due;
    due.startAutoExport = settings.autoExport && !exportRunning &&
                          autoExportDue(settings.hours, m_lastAutoExportUtcMs, now, offset);
    due.signOfficerOut = officerSignedInSinceUtcMs &&
                         now >= nextClosingUtcMs(settings.hours, *officerSignedInSinceUtcMs, offset);
    return due;
}

void KioskDuties::autoExportStarted(bool started) {
    if (!started) return;  // still due: tick() asks again
    // In memory first: if storing fails, this run still does not export twice.
    m_lastAutoExportUtcMs = m_clock.wallMs();
    m_db.setMeta(LastAutoExportKey, std::to_string(m_lastAutoExportUtcMs));
}

}  // namespace hailong::core
