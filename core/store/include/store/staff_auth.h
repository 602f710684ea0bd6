#pragma once
// The staff (menu) PIN of the kiosk, the officers' PIN check, and the lockout of the PIN
// pad that both share (SPEC 4). PINs are stored only as argon2id hashes (libsodium
// crypto_pwhash_str: salted, slow). The lockout state lives in the database (table
// pin_pad), so restarting the program does not reset it; its timing uses the monotonic
// clock, so changing the wall clock does not shorten it.
//
// Not thread-safe. The database, clock and audit log must outlive the StaffAuth.
#include "base/clock.h"
#include "base/expected.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace hailong::core {

struct PinPolicy {
    int freeAttempts = 5;                // wrong PINs before the pad locks
    std::int64_t firstLockMs = 30'000;   // then 30 s, doubling at each further lock...
    std::int64_t maxLockMs = 3'600'000;  // ...up to one hour
    unsigned long long opsLimit = 0;     // 0 = libsodium's crypto_pwhash_OPSLIMIT_INTERACTIVE
    std::size_t memLimit = 0;            // 0 = crypto_pwhash_MEMLIMIT_INTERACTIVE
    static PinPolicy fastForTests();     // crypto_pwhash_*_MIN limits
};

/// An argon2id hash (crypto_pwhash_str format, "$argon2id$..."), salted: two hashes of one
/// PIN differ. Slow on purpose (about 0.1-0.5 s with the default policy). Throws
/// std::runtime_error if libsodium cannot start or runs out of memory.
std::string hashPin(const std::string& pin, const PinPolicy& policy);
/// True if pin is the PIN hashed in storedHash (crypto_pwhash_str_verify; the limits are
/// read from the hash). False for an empty or damaged hash. Does not throw.
[[nodiscard]] bool pinMatches(const std::string& storedHash, const std::string& pin);
/// Why a new PIN is refused; the UI says it in words from the language files (pin.*).
enum class PinProblem {
    NotDigits,  ///< something other than 0-9
    TooShort,   ///< not 4..8 digits (also a PIN longer than 8: the pad takes 8 at most)
    TooSimple,  ///< all the same digit, or a 1234-style run up or down (9 -> 0 wrapping)
    Factory,    ///< equals the factory PIN
};
/// nullopt if pin is acceptable as a new PIN.
[[nodiscard]] std::optional<PinProblem> pinProblem(const std::string& pin);

/// Accepted: the PIN is right. Wrong: it is not, and the pad stays open. Locked: the pad is
/// locked, either already (the PIN was not checked) or by this wrong PIN.
enum class PinCheck { Accepted, Wrong, Locked };

/// Lockout: after policy.freeAttempts consecutive wrong PINs the pad locks for firstLockMs;
/// each further wrong PIN after a lock ends locks it again at once for twice the previous
/// lock (at most maxLockMs). A right PIN resets the count and the interval. Attempts while
/// locked are neither checked nor counted. Audits pin_failure ("pin=staff attempt=3",
/// "pin=officer:<id> attempt=3"; never the PIN) and pin_lockout ("seconds=30").
class StaffAuth {
public:
    static constexpr const char* FactoryPin = "000000";

    /// Loads the PIN pad state; if no staff PIN hash exists yet (first start), stores the
    /// factory PIN's hash (made with policy: slow with the default one). Throws
    /// StorageError, std::invalid_argument for a policy without attempts or lock times.
    StaffAuth(KioskDatabase& db, const Clock& clock, AuditLog& audit, PinPolicy policy = {});

    /// Locked (without checking) while locked; audits failures and lockouts.
    /// Throws StorageError (the attempt is counted before the slow check).
    PinCheck checkStaffPin(const std::string& pin);
    /// An active officer's PIN (see OfficerRegistry), with the same lockout counter as the
    /// staff PIN. An unknown or deactivated officer is a wrong PIN. Throws StorageError.
    PinCheck checkOfficerPin(const std::string& officerId, const std::string& pin);
    std::int64_t lockRemainingMs() const;  ///< 0 when not locked
    int failuresBeforeLock() const;        ///< wrong PINs left until the next lock (0 while locked)
    bool mustChangePin() const;            ///< the factory PIN is still the staff PIN
    /// Refused (nothing changes) if pinProblem(newPin); audits pin_changed. Throws StorageError.
    Expected<void, PinProblem> changeStaffPin(const std::string& newPin);

    /// Forgets a lock that has run out, so that a restart does not impose it again.
    void expireLock();

private:
    PinCheck check(const std::optional<std::string>& storedHash, const std::string& pin, const std::string& who);
    void saveLockState();

    KioskDatabase& m_db;
    const Clock& m_clock;
    AuditLog& m_audit;
    PinPolicy m_policy;
    std::string m_staffHash;
    bool m_factory = true;
    int m_failures = 0;              ///< wrong PINs since the last right one
    std::int64_t m_lockMs = 0;       ///< length of the last lock, 0 if none since the last right PIN
    std::int64_t m_lockedUntil = 0;  ///< monotonic ms; 0 when not locked
};

}  // namespace hailong::core
