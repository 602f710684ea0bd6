#include "store/staff_auth.h"

#include "survey/response_store.h"  // StorageError

#include <SQLiteCpp/Statement.h>
#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace hailong::core {

// [SECTION] Hashing and PIN rules

namespace {

void initSodium() {
    // Idempotent and thread-safe (RandomIds calls it too): 0 = done now, 1 = already done.
    if (sodium_init() < 0) throw std::runtime_error("cannot initialise libsodium (no entropy source?)");
}

}  // namespace

PinPolicy PinPolicy::fastForTests() {
    PinPolicy p;
    p.opsLimit = crypto_pwhash_OPSLIMIT_MIN;
    p.memLimit = crypto_pwhash_MEMLIMIT_MIN;
    return p;
}

std::string hashPin(const std::string& pin, const PinPolicy& policy) {
    initSodium();
    const unsigned long long ops = policy.opsLimit != 0 ? policy.opsLimit : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    const std::size_t mem = policy.memLimit != 0 ? policy.memLimit : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    char out[crypto_pwhash_STRBYTES];
    // argon2id named explicitly, not crypto_pwhash_ALG_DEFAULT, which a libsodium update may change.
    if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("cannot hash the PIN (out of memory?)");
    return out;
}

bool pinMatches(const std::string& storedHash, const std::string& pin) {
    if (storedHash.empty() || storedHash.size() >= crypto_pwhash_STRBYTES) return false;
    if (sodium_init() < 0) return false;
    return crypto_pwhash_str_verify(storedHash.c_str(), pin.data(), pin.size()) == 0;
}

std::optional<PinProblem> pinProblem(const std::string& pin) {
    if (!std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; })) return PinProblem::NotDigits;
    if (pin.size() < 4 || pin.size() > 8) return PinProblem::TooShort;
    if (pin == StaffAuth::FactoryPin) return PinProblem::Factory;
    // The step between neighbouring digits, modulo 10: always 0 is "1111", always 1 is
    // "1234" (or "7890"), always 9 is "4321" (or "3210987").
    const int step = (pin[1] - pin[0] + 10) % 10;
    bool same = step == 0 || step == 1 || step == 9;
    for (std::size_t i = 2; same && i < pin.size(); ++i) same = (pin[i] - pin[i - 1] + 10) % 10 == step;
    if (same) return PinProblem::TooSimple;
    return std::nullopt;
}

// [SECTION] The PIN pad

StaffAuth::StaffAuth(KioskDatabase& db, const Clock& clock, AuditLog& audit, PinPolicy policy)
    : m_db(db), m_clock(clock), m_audit(audit), m_policy(policy) {
    if (m_policy.freeAttempts < 1 || m_policy.firstLockMs <= 0 || m_policy.maxLockMs < m_policy.firstLockMs)
        throw std::invalid_argument("PinPolicy needs at least one attempt and lock times 0 < first <= max");
    guarded(m_db, "cannot read the PIN pad state", [&] {
        SQLite::Statement q(m_db.db(), "SELECT staff_pin_hash, staff_pin_is_factory, failures, lock_ms, "
                                       "locked_until_mono_ms, lock_boot_id FROM pin_pad WHERE slot = 1");
        if (!q.executeStep()) {
            // First start (or the row was lost): the factory PIN, which must be changed at first use.
            m_staffHash = hashPin(FactoryPin, m_policy);
            SQLite::Statement add(m_db.db(), "INSERT INTO pin_pad (slot, staff_pin_hash, staff_pin_is_factory, "
                                             "staff_pin_utc_ms) VALUES (1, ?, 1, ?)");
            add.bind(1, m_staffHash);
            add.bind(2, m_clock.wallMs());
            add.exec();
            return;
        }
        m_staffHash = q.getColumn(0).getString();
        m_factory = q.getColumn(1).getInt() != 0;
        m_failures = q.getColumn(2).getInt();
        m_lockMs = q.getColumn(3).getInt64();
        m_lockedUntil = q.getColumn(4).getInt64();
        const std::string lockBoot = q.getColumn(5).getString();
        q.reset();
        if (m_lockedUntil == 0) return;
        const std::int64_t interval = std::clamp(m_lockMs, m_policy.firstLockMs, m_policy.maxLockMs);
        const std::int64_t now = m_clock.monoMs();
        // A lock made in another boot: its monotonic time means nothing now, and the wall
        // clock cannot be trusted to tell how much of it is left. Restart its full interval
        // from now: a power cycle must not be a way around the lockout.
        if (lockBoot != m_clock.bootId()) m_lockedUntil = now + interval;
        else m_lockedUntil = std::min(m_lockedUntil, now + interval);  // same boot: what is left
        saveLockState();
    });
}

void StaffAuth::saveLockState() {
    guarded(m_db, "cannot save the PIN pad state", [&] {
        SQLite::Statement q(m_db.db(), "UPDATE pin_pad SET failures = ?, lock_ms = ?, locked_until_mono_ms = ?, "
                                       "lock_boot_id = ? WHERE slot = 1");
        q.bind(1, m_failures);
        q.bind(2, m_lockMs);
        q.bind(3, m_lockedUntil);
        q.bind(4, m_lockedUntil != 0 ? m_clock.bootId() : std::string());
        q.exec();
    });
}

PinCheck StaffAuth::check(const std::optional<std::string>& storedHash, const std::string& pin,
                          const std::string& who) {
    if (lockRemainingMs() > 0) return PinCheck::Locked;
    m_lockedUntil = 0;  // any lock is over
    // Counted before the slow check, so killing the program during it gives no free attempt.
    ++m_failures;
    saveLockState();
    if (storedHash && pinMatches(*storedHash, pin)) {
        // Only the unit's PIN clears the count: an officer who knows their own PIN must not
        // be able to reset it between guesses at the unit's PIN.
        if (who == "staff") {
            m_failures = 0;
            m_lockMs = 0;
        } else {
            --m_failures;  // this attempt was right: take back its count, nothing more
        }
        saveLockState();
        return PinCheck::Accepted;
    }
    m_audit.record(audit::PinFailure, "pin=" + who + " attempt=" + std::to_string(m_failures));
    if (m_lockMs > 0) m_lockMs = std::min(m_lockMs, m_policy.maxLockMs / 2) * 2;  // a further lock: doubled
    else if (m_failures >= m_policy.freeAttempts) m_lockMs = m_policy.firstLockMs;
    else return PinCheck::Wrong;
    m_lockMs = std::min(m_lockMs, m_policy.maxLockMs);
    m_lockedUntil = m_clock.monoMs() + m_lockMs;
    saveLockState();
    m_audit.record(audit::PinLockout, "seconds=" + std::to_string((m_lockMs + 999) / 1000));
    return PinCheck::Locked;
}

PinCheck StaffAuth::checkStaffPin(const std::string& pin) { return check(m_staffHash, pin, "staff"); }

PinCheck StaffAuth::checkOfficerPin(const std::string& officerId, const std::string& pin) {
    if (lockRemainingMs() > 0) return PinCheck::Locked;
    const std::optional<std::string> hash = guarded(m_db, "cannot read officer " + officerId, [&] {
        SQLite::Statement q(m_db.db(), "SELECT pin_hash FROM officers WHERE id = ? AND active = 1");
        q.bind(1, officerId);
        return q.executeStep() ? std::optional<std::string>(q.getColumn(0).getString()) : std::nullopt;
    });
    return check(hash, pin, "officer:" + officerId);
}

void StaffAuth::expireLock() {
    if (m_lockedUntil == 0 || m_clock.monoMs() < m_lockedUntil) return;
    m_lockedUntil = 0;  // the failure count and interval stay: the next wrong PIN locks longer
    saveLockState();
}

std::int64_t StaffAuth::lockRemainingMs() const {
    if (m_lockedUntil == 0) return 0;
    return std::max<std::int64_t>(0, m_lockedUntil - m_clock.monoMs());
}

int StaffAuth::failuresBeforeLock() const {
    if (lockRemainingMs() > 0) return 0;
    if (m_lockMs > 0) return 1;  // after a lock, the next wrong PIN locks again
    return std::max(1, m_policy.freeAttempts - m_failures);
}

bool StaffAuth::mustChangePin() const { return m_factory; }

Expected<void, PinProblem> StaffAuth::changeStaffPin(const std::string& newPin) {
    if (const auto problem = pinProblem(newPin)) return unexpected(*problem);
    const std::string hash = hashPin(newPin, m_policy);
    guarded(m_db, "cannot save the staff PIN", [&] {
        SQLite::Statement q(m_db.db(), "UPDATE pin_pad SET staff_pin_hash = ?, staff_pin_is_factory = 0, "
                                       "staff_pin_utc_ms = ? WHERE slot = 1");
        q.bind(1, hash);
        q.bind(2, m_clock.wallMs());
        q.exec();
    });
    m_staffHash = hash;
    m_factory = false;
    m_audit.record(audit::PinChanged, "pin=staff");
    return {};
}

}  // namespace hailong::core
