#pragma once
// Who may use headquarters in the browser (SPEC 7, issue 18): roles, passwords hashed with
// argon2id (libsodium), sign-in throttling after failures, and sessions that expire. Pure
// logic: the accounts themselves are in the headquarters store (HqStore::accounts); the web
// server keeps the sessions and the throttle in memory (a restart signs everyone out).
#include "base/clock.h"
#include "base/text.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace hailong::core {

enum class Role { Admin, Analyst, Viewer };
std::optional<Role> roleFromName(std::string_view name);  ///< "admin", "analyst", "viewer"
std::string_view roleName(Role role);
Text roleWords(Role role);  ///< "Quản trị" / "Administrator", ...
/// Admins and analysts upload; viewers only read. Admins manage accounts and read the audit log.
inline bool mayUpload(Role r) { return r != Role::Viewer; }

/// 1-64 characters of a-z, 0-9, '.', '_', '-', starting with a letter or digit.
bool validAccountName(std::string_view name);
/// Why a new password is refused (fewer than 10 characters, more than 256 bytes, the account's
/// name in it), or nothing.
std::optional<Text> passwordProblem(std::string_view password, std::string_view accountName);

/// argon2id (crypto_pwhash_str_alg, libsodium's interactive limits: 64 MiB, 2 passes), salted;
/// at most two hashed at once in the process, so fifty sign-ins at once do not take 3 GB.
std::string hashPassword(std::string_view password);
/// Checked in constant time against a hash made by hashPassword; false for a malformed hash.
bool passwordMatches(const std::string& hash, std::string_view password);
/// 32 random bytes (libsodium) as 43 characters of base64url: session ids, form tokens.
std::string randomToken();
/// True if a and b are equal, in time that depends on their lengths only.
bool sameToken(std::string_view a, std::string_view b);

/// Failed sign-ins, per account name and per client address. Four failures cost nothing; from
/// the fifth, every further attempt must wait 5 s, then 10, 20, ... up to 15 minutes (per
/// address: from the twentieth failure). A success forgets the name's failures; failures are
/// forgotten after 15 minutes without one. Thread-safe.
class SignInThrottle {
public:
    explicit SignInThrottle(const Clock& clock) : m_clock(clock) {}
    /// Milliseconds before this name from this address may try again (0: now). An attempt made
    /// sooner is refused without checking the password.
    std::int64_t waitMs(const std::string& name, const std::string& address) const;
    void failed(const std::string& name, const std::string& address);
    void succeeded(const std::string& name);

private:
    struct Failures {
        int count = 0;
        std::int64_t lastMs = 0;
    };
    std::int64_t waitOf(const std::map<std::string, Failures>& table, const std::string& key, int freeFailures) const;

    const Clock& m_clock;
    mutable std::mutex m_mutex;
    std::map<std::string, Failures> m_byName, m_byAddress;
};

struct Session {
    std::string id;    ///< the cookie's value (randomToken)
    std::string csrf;  ///< the token every form of this session carries (randomToken)
    std::string account;
    /// The account's password change time when the session started: a session of a password
    /// changed since (on the server or with `hailong hq user password`) is ended.
    std::int64_t passwordChangedUtcMs = 0;
    std::int64_t startedMs = 0, lastSeenMs = 0;  ///< Clock::monoMs
};

/// The signed-in sessions. A session ends when signed out, after `idleMs` without a request, or
/// `maxMs` after it started, whichever comes first. Thread-safe.
class Sessions {
public:
    Sessions(const Clock& clock, std::int64_t idleMs, std::int64_t maxMs)
        : m_clock(clock), m_idleMs(idleMs), m_maxMs(maxMs) {}
    Session start(const std::string& account, std::int64_t passwordChangedUtcMs = 0);
    /// The live session of this id, its last request now; nothing if unknown or expired.
    std::optional<Session> find(const std::string& id);
    void end(const std::string& id);
    /// Signs an account out everywhere (removed, disabled, its password changed).
    void endAllOf(const std::string& account);
    std::size_t count() const;

private:
    const Clock& m_clock;
    const std::int64_t m_idleMs, m_maxMs;
    mutable std::mutex m_mutex;
    std::map<std::string, Session, std::less<>> m_byId;
};

}  // namespace hailong::core
