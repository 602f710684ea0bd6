#pragma once
// The audit log (SPEC 4, 5): staff actions and clock events, one row each in the kiosk
// database, exported with the batches. Each entry carries the wall clock with its UTC
// offset, the monotonic clock and the boot id, so headquarters can correct a wrong date.
//
// Never write a comment, a dossier code or a PIN into an entry.
// Not thread-safe (like KioskDatabase); the database and the clock must outlive the log.
#include "base/clock.h"
#include "store/kiosk_database.h"
#include "survey/audit_entry.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hailong::core {

class AuditLog {  // one committed row per record(); never holds comments or dossier codes
public:
    AuditLog(KioskDatabase& db, const Clock& clock);

    /// Appends one entry stamped with the clock's wall time, offset, monotonic time and
    /// boot id, durable when it returns (its own transaction: do not call it inside one).
    /// Throws StorageError if it cannot be written, or if event is empty.
    void record(const std::string& event, const std::string& detail);
    /// Up to limit entries with id > afterId, oldest first (limit <= 0: none).
    /// Throws StorageError.
    std::vector<AuditEntry> since(std::int64_t afterId, int limit = 1000) const;
    /// The entry written last (highest id), if any. Throws StorageError.
    std::optional<AuditEntry> latest() const;

    /// The clock that stamps the entries (OfficerRegistry stamps its rows with it).
    const Clock& clock() const { return m_clock; }

private:
    KioskDatabase& m_db;
    const Clock& m_clock;
};

}  // namespace hailong::core
