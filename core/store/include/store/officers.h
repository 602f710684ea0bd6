#pragma once
// The unit's officers and the one signed in at this counter (issue 3). Every response
// carries the signed-in officer's id; the idle screen shows their name and title.
//
// PINs are stored as argon2id hashes (hashPin); checking one is StaffAuth::checkOfficerPin,
// which shares the PIN pad's lockout. Validation failures throw std::invalid_argument whose
// what() is a UI string key; storage failures throw StorageError. Not thread-safe; the
// database and audit log must outlive the registry.
#include "store/audit_log.h"
#include "store/staff_auth.h"
#include "store/kiosk_database.h"

#include <optional>
#include <string>
#include <vector>

namespace hailong::core {

struct Officer {
    std::string id;     ///< [A-Za-z0-9_-]{1,32}, chosen by the unit; stored in responses
    std::string name;   ///< 1..80 characters, e.g. "Nguyễn Thị Lan"
    std::string title;  ///< 0..80 characters, e.g. "Chuyên viên"
    bool active = true;
};

class OfficerRegistry {
public:
    OfficerRegistry(KioskDatabase& db, AuditLog& audit, PinPolicy policy = {});

    /// Sorted by name (byte order of the UTF-8 text), then id. Throws StorageError.
    std::vector<Officer> list(bool includeInactive = false) const;
    /// Active or not. Throws StorageError.
    std::optional<Officer> find(const std::string& id) const;
    /// Adds the officer, or updates the one with this id (newPin nullopt keeps the PIN).
    /// Name and title are stored without leading and trailing spaces. Throws
    /// std::invalid_argument with a UI key: "officer.bad_id", "officer.no_name",
    /// "officer.too_long" (name or title over 80 characters), "officer.needs_pin" (a new
    /// officer), or a pin.* key of pinProblem. Audits officer_changed (not the PIN); saving
    /// an officer as inactive signs them out if signed in.
    void save(const Officer& o, const std::optional<std::string>& newPin);
    /// Kept for history, hidden from sign-in (and signed out if signed in). Throws
    /// std::invalid_argument("officer.unknown") for an unknown id.
    void deactivate(const std::string& id);

    /// The officer signed in at this counter (persisted, so a restart keeps it).
    std::optional<Officer> signedIn() const;
    /// When the officer now signed in signed in (UTC ms), if anyone is.
    std::optional<std::int64_t> signedInSinceUtcMs() const;
    /// Signs in an active officer (signing out another one first, why "other_officer");
    /// the caller checks the PIN first (StaffAuth::checkOfficerPin). Audits officer_sign_in.
    /// Throws std::invalid_argument("officer.unknown") for an unknown or inactive id.
    void signIn(const std::string& id);
    /// Audits officer_sign_out with why ("officer", "closing_time", ...). Nobody signed in:
    /// does nothing.
    void signOut(const std::string& why);

private:
    KioskDatabase& m_db;
    AuditLog& m_audit;
    PinPolicy m_policy;
};

} // namespace hailong::core
