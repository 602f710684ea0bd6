#include "store/officers.h"

#include "survey/response_store.h"  // StorageError

#include <SQLiteCpp/Statement.h>

namespace hailong::core {

namespace {

constexpr std::size_t MaxTextChars = 80;

bool validId(const std::string& id) {
    if (id.empty() || id.size() > 32) return false;
    for (char c : id) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '-';
        if (!ok) return false;
    }
    return true;
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

/// Characters (code points) of UTF-8 text: the bytes that do not continue a sequence.
std::size_t charCount(const std::string& s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
    return n;
}

Unexpected<OfficerError> refused(OfficerProblem p) { return unexpected(OfficerError{p, std::nullopt}); }

constexpr const char* OfficerColumns = "id, name, title, active";

Officer readOfficer(const SQLite::Statement& q) {
    return Officer{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getInt() != 0};
}

}  // namespace

OfficerRegistry::OfficerRegistry(KioskDatabase& db, AuditLog& audit, PinPolicy policy)
    : m_db(db), m_audit(audit), m_policy(policy) {}

std::vector<Officer> OfficerRegistry::list(bool includeInactive) const {
    return guarded(m_db, "cannot read the officers", [&] {
        SQLite::Statement q(m_db.db(), std::string("SELECT ") + OfficerColumns + " FROM officers" +
                                           (includeInactive ? "" : " WHERE active = 1") + " ORDER BY name, id");
        std::vector<Officer> out;
        while (q.executeStep()) out.push_back(readOfficer(q));
        return out;
    });
}

std::optional<Officer> OfficerRegistry::find(const std::string& id) const {
    return guarded(m_db, "cannot read officer " + id, [&]() -> std::optional<Officer> {
        SQLite::Statement q(m_db.db(), std::string("SELECT ") + OfficerColumns + " FROM officers WHERE id = ?");
        q.bind(1, id);
        if (!q.executeStep()) return std::nullopt;
        return readOfficer(q);
    });
}

Expected<void, OfficerError> OfficerRegistry::save(const Officer& o, const std::optional<std::string>& newPin) {
    if (!validId(o.id)) return refused(OfficerProblem::BadId);
    const Officer clean{o.id, trimmed(o.name), trimmed(o.title), o.active};
    if (clean.name.empty()) return refused(OfficerProblem::NoName);
    if (charCount(clean.name) > MaxTextChars || charCount(clean.title) > MaxTextChars)
        return refused(OfficerProblem::TooLong);
    const std::optional<Officer> before = find(o.id);
    if (!before && !newPin) return refused(OfficerProblem::NeedsPin);
    if (newPin)
        if (const auto problem = pinProblem(*newPin)) return unexpected(OfficerError{OfficerProblem::BadPin, problem});

    std::string changed;  // for the audit entry: what changed, never the PIN itself
    const auto note = [&](bool differs, const char* what) {
        if (differs) changed += (changed.empty() ? "" : ", ") + std::string(what);
    };
    if (before) {
        note(before->name != clean.name, "name");
        note(before->title != clean.title, "title");
        note(before->active != clean.active, clean.active ? "reactivated" : "deactivated");
        note(newPin.has_value(), "pin");
        if (changed.empty()) return {};  // nothing to save
    }
    const std::string hash = newPin ? hashPin(*newPin, m_policy) : std::string();  // slow: outside SQL
    const std::int64_t now = m_audit.clock().wallMs();
    guarded(m_db, "cannot save officer " + o.id, [&] {
        SQLite::Statement q(m_db.db(), before ? "UPDATE officers SET name = ?2, title = ?3, active = ?4, "
                                                "updated_utc_ms = ?5, pin_hash = coalesce(?6, pin_hash) WHERE id = ?1"
                                              : "INSERT INTO officers (id, name, title, active, created_utc_ms, "
                                                "updated_utc_ms, pin_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)");
        q.bind(1, clean.id);
        q.bind(2, clean.name);
        q.bind(3, clean.title);
        q.bind(4, clean.active ? 1 : 0);
        q.bind(5, now);
        if (newPin) q.bind(6, hash);
        else q.bind(6);  // NULL: keep the PIN
        q.exec();
    });
    m_audit.record(audit::OfficerChanged,
                   "officer=" + clean.id + (before ? " changed: " + changed : " added: " + clean.name));
    if (!clean.active) {
        const std::optional<Officer> current = signedIn();
        if (current && current->id == clean.id) signOut("deactivated");
    }
    return {};
}

Expected<void, OfficerError> OfficerRegistry::deactivate(const std::string& id) {
    std::optional<Officer> o = find(id);
    if (!o) return refused(OfficerProblem::Unknown);
    o->active = false;
    return save(*o, std::nullopt);
}

std::optional<std::int64_t> OfficerRegistry::signedInSinceUtcMs() const {
    return guarded(m_db, "cannot read the officer signed in", [&]() -> std::optional<std::int64_t> {
        SQLite::Statement q(m_db.db(), "SELECT signed_in_utc_ms FROM counter_officer WHERE slot = 1");
        if (!q.executeStep()) return std::nullopt;
        return q.getColumn(0).getInt64();
    });
}

std::optional<Officer> OfficerRegistry::signedIn() const {
    return guarded(m_db, "cannot read the signed-in officer", [&]() -> std::optional<Officer> {
        SQLite::Statement q(m_db.db(), "SELECT o.id, o.name, o.title, o.active FROM counter_officer c "
                                       "JOIN officers o ON o.id = c.officer_id WHERE c.slot = 1");
        if (!q.executeStep()) return std::nullopt;
        return readOfficer(q);
    });
}

Expected<void, OfficerError> OfficerRegistry::signIn(const std::string& id) {
    const std::optional<Officer> o = find(id);
    if (!o || !o->active) return refused(OfficerProblem::Unknown);
    const std::optional<Officer> current = signedIn();
    if (current && current->id == id) return {};  // already signed in
    if (current) signOut("other_officer");
    guarded(m_db, "cannot sign in officer " + id, [&] {
        SQLite::Statement q(m_db.db(), "INSERT INTO counter_officer (slot, officer_id, signed_in_utc_ms) "
                                       "VALUES (1, ?, ?)");
        q.bind(1, id);
        q.bind(2, m_audit.clock().wallMs());
        q.exec();
    });
    m_audit.record(audit::OfficerSignIn, "officer=" + id);
    return {};
}

void OfficerRegistry::signOut(const std::string& why) {
    const std::optional<Officer> current = signedIn();
    if (!current) return;
    guarded(m_db, "cannot sign out officer " + current->id,
            [&] { m_db.db().exec("DELETE FROM counter_officer WHERE slot = 1"); });
    m_audit.record(audit::OfficerSignOut, "officer=" + current->id + " why=" + why);
}

}  // namespace hailong::core
