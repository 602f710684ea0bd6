#pragma once
// The unit's officers and the one signed in at this counter (issue 3). Every response
// carries the signed-in officer's id; the idle screen shows their name and title.
//
// PINs are stored as argon2id hashes (hashPin); checking one is StaffAuth::checkOfficerPin,
// which shares the PIN pad's lockout. What a person can get wrong is returned as an
// OfficerError (the staff UI says it in words from the language files, officer.* and pin.*);
// storage failures throw StorageError. Not thread-safe; the database and audit log must
// outlive the registry.
#include "base/expected.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"
#include "store/staff_auth.h"

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

/// Why an officer was not saved, deactivated or signed in.
enum class OfficerProblem {
    BadId,     ///< not [A-Za-z0-9_-]{1,32}
    NoName,    ///< the name is empty (or only spaces)
    TooLong,   ///< name or title over 80 characters
    NeedsPin,  ///< a new officer without a PIN
    BadPin,    ///< the new PIN is refused: see OfficerError::pin
    Unknown,   ///< no officer with this id (or, to sign in, not an active one)
};
struct OfficerError {
    OfficerProblem problem = OfficerProblem::Unknown;
    std::optional<PinProblem> pin;  ///< set for OfficerProblem::BadPin
    bool operator==(const OfficerError& o) const { return problem == o.problem && pin == o.pin; }
};

class OfficerRegistry {
public:
    OfficerRegistry(KioskDatabase& db, AuditLog& audit, PinPolicy policy = {});

    /// Sorted by name (byte order of the UTF-8 text), then id. Throws StorageError.
    std::vector<Officer> list(bool includeInactive = false) const;
    /// Active or not. Throws StorageError.
    std::optional<Officer> find(const std::string& id) const;
    /// Adds the officer, or updates the one with this id (newPin nullopt keeps the PIN).
    /// Name and title are stored without leading and trailing spaces. Refused (nothing
    /// saved) with BadId, NoName, TooLong, NeedsPin or BadPin. Audits officer_changed (not
    /// the PIN); saving an officer as inactive signs them out if signed in.
    Expected<void, OfficerError> save(const Officer& o, const std::optional<std::string>& newPin);
    /// Kept for history, hidden from sign-in (and signed out if signed in). Unknown for an
    /// unknown id.
    Expected<void, OfficerError> deactivate(const std::string& id);

    /// The officer signed in at this counter (persisted, so a restart keeps it).
    std::optional<Officer> signedIn() const;
    /// When the officer now signed in signed in (UTC ms), if anyone is.
    std::optional<std::int64_t> signedInSinceUtcMs() const;
    /// Signs in an active officer (signing out another one first, why "other_officer");
    /// the caller checks the PIN first (StaffAuth::checkOfficerPin). Audits officer_sign_in.
    /// Unknown for an unknown or inactive id (the one signed in stays).
    Expected<void, OfficerError> signIn(const std::string& id);
    /// Audits officer_sign_out with why ("officer", "closing_time", ...). Nobody signed in:
    /// does nothing.
    void signOut(const std::string& why);

private:
    KioskDatabase& m_db;
    AuditLog& m_audit;
    PinPolicy m_policy;
};

}  // namespace hailong::core
