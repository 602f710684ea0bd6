#include "store/audit_log.h"

#include "survey/response_store.h"  // StorageError

#include <SQLiteCpp/Statement.h>

namespace hailong::core {

AuditLog::AuditLog(KioskDatabase& db, const Clock& clock) : m_db(db), m_clock(clock) {}

void AuditLog::record(const std::string& event, const std::string& detail) {
    if (event.empty()) throw StorageError("an audit entry needs an event name");
    guarded(m_db, "cannot write audit entry " + event, [&] {
        SQLite::Statement q(m_db.db(), "INSERT INTO audit_log (utc_ms, utc_offset_min, mono_ms, boot_id, "
                                       "event, detail) VALUES (?, ?, ?, ?, ?, ?)");
        q.bind(1, m_clock.wallMs());
        q.bind(2, m_clock.utcOffsetMinutes());
        q.bind(3, m_clock.monoMs());
        q.bind(4, m_clock.bootId());
        q.bind(5, event);
        q.bind(6, detail);
        q.exec();  // a single statement is its own committed transaction
    });
}

namespace {
AuditEntry entryFrom(SQLite::Statement& q) {
    AuditEntry e;
    e.id = q.getColumn(0).getInt64();
    e.utcMs = q.getColumn(1).getInt64();
    e.utcOffsetMinutes = q.getColumn(2).getInt();
    e.monoMs = q.getColumn(3).getInt64();
    e.bootId = q.getColumn(4).getString();
    e.event = q.getColumn(5).getString();
    e.detail = q.getColumn(6).getString();
    return e;
}
constexpr const char* kColumns = "SELECT id, utc_ms, utc_offset_min, mono_ms, boot_id, event, detail FROM audit_log ";
}  // namespace

std::vector<AuditEntry> AuditLog::since(std::int64_t afterId, int limit) const {
    std::vector<AuditEntry> out;
    if (limit <= 0) return out;
    guarded(m_db, "cannot read the audit log", [&] {
        SQLite::Statement q(m_db.db(), std::string(kColumns) + "WHERE id > ? ORDER BY id LIMIT ?");
        q.bind(1, afterId);
        q.bind(2, limit);
        while (q.executeStep()) out.push_back(entryFrom(q));
    });
    return out;
}

std::optional<AuditEntry> AuditLog::latest() const {
    std::optional<AuditEntry> out;
    guarded(m_db, "cannot read the audit log", [&] {
        SQLite::Statement q(m_db.db(), std::string(kColumns) + "ORDER BY id DESC LIMIT 1");
        if (q.executeStep()) out = entryFrom(q);
    });
    return out;
}

}  // namespace hailong::core
