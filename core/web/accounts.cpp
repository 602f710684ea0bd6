// Roles, passwords, the sign-in throttle and sessions of the web application (accounts.h).
#include "web/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <condition_variable>
#include <stdexcept>

namespace hailong::core {

std::optional<Role> roleFromName(std::string_view name) {
    if (name == "admin") return Role::Admin;
    if (name == "analyst") return Role::Analyst;
    if (name == "viewer") return Role::Viewer;
    return std::nullopt;
}

std::string_view roleName(Role role) {
    switch (role) {
    case Role::Admin: return "admin";
    case Role::Analyst: return "analyst";
    case Role::Viewer: return "viewer";
    }
    return "viewer";
}

Text roleWords(Role role) {
    switch (role) {
    case Role::Admin: return {"Quản trị", "Administrator"};
    case Role::Analyst: return {"Phân tích", "Analyst"};
    case Role::Viewer: return {"Chỉ xem", "Viewer"};
    }
    return {"Chỉ xem", "Viewer"};
}

bool validAccountName(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    const auto lowerOrDigit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!lowerOrDigit(name.front())) return false;
    return std::all_of(name.begin(), name.end(),
                       [&](char c) { return lowerOrDigit(c) || c == '.' || c == '_' || c == '-'; });
}

std::optional<Text> passwordProblem(std::string_view password, std::string_view accountName) {
    std::size_t codePoints = 0;
    for (const char c : password) codePoints += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (codePoints < 10)
        return Text{"Mật khẩu phải có ít nhất 10 ký tự.", "The password must have at least 10 characters."};
    if (password.size() > 256) return Text{"Mật khẩu dài quá 256 byte.", "The password is longer than 256 bytes."};
    if (!accountName.empty() && password.find(accountName) != std::string_view::npos)
        return Text{"Mật khẩu không được chứa tên tài khoản.", "The password must not contain the account's name."};
    return std::nullopt;
}

namespace {
void initSodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
}

/// At most two argon2id computations at once: each takes 64 MiB.
class HashSlots {
public:
    void acquire() {
        std::unique_lock lock(m_mutex);
        m_free.wait(lock, [&] { return m_busy < 2; });
        ++m_busy;
    }
    void release() {
        {
            std::lock_guard lock(m_mutex);
            --m_busy;
        }
        m_free.notify_one();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_free;
    int m_busy = 0;
};
HashSlots& hashSlots() {
    static HashSlots slots;
    return slots;
}
struct SlotGuard {
    SlotGuard() { hashSlots().acquire(); }
    ~SlotGuard() { hashSlots().release(); }
    SlotGuard(const SlotGuard&) = delete;
    SlotGuard& operator=(const SlotGuard&) = delete;
};
}  // namespace

std::string hashPassword(std::string_view password) {
    initSodium();
    const SlotGuard slot;
    char out[crypto_pwhash_STRBYTES];
    // argon2id named explicitly, not crypto_pwhash_ALG_DEFAULT, which a libsodium update may change.
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("out of memory while hashing a password");
    return out;
}

bool passwordMatches(const std::string& hash, std::string_view password) {
    initSodium();
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES || hash.rfind("$argon2id$", 0) != 0) return false;
    const SlotGuard slot;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string randomToken() {
    initSodium();
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

bool sameToken(std::string_view a, std::string_view b) {
    if (a.size() != b.size() || a.empty()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {
constexpr std::int64_t ForgetAfterMs = 15 * 60 * 1000;
constexpr std::int64_t FirstWaitMs = 5000;
constexpr std::int64_t LongestWaitMs = 15 * 60 * 1000;
constexpr int FreeFailuresPerName = 4;
constexpr int FreeFailuresPerAddress = 19;
}  // namespace

std::int64_t SignInThrottle::waitOf(const std::map<std::string, Failures>& table, const std::string& key,
                                    int freeFailures) const {
    const auto it = table.find(key);
    if (it == table.end() || it->second.count <= freeFailures) return 0;
    const std::int64_t now = m_clock.monoMs();
    if (now - it->second.lastMs >= ForgetAfterMs) return 0;
    std::int64_t wait = FirstWaitMs;
    for (int i = freeFailures + 1; i < it->second.count && wait < LongestWaitMs; ++i) wait *= 2;
    wait = std::min(wait, LongestWaitMs);
    return std::max<std::int64_t>(0, it->second.lastMs + wait - now);
}

std::int64_t SignInThrottle::waitMs(const std::string& name, const std::string& address) const {
    std::lock_guard lock(m_mutex);
    return std::max(waitOf(m_byName, name, FreeFailuresPerName), waitOf(m_byAddress, address, FreeFailuresPerAddress));
}

void SignInThrottle::failed(const std::string& name, const std::string& address) {
    std::lock_guard lock(m_mutex);
    const std::int64_t now = m_clock.monoMs();
    for (auto* entry : {&m_byName[name], &m_byAddress[address]}) {
        if (now - entry->lastMs >= ForgetAfterMs) entry->count = 0;
        ++entry->count;
        entry->lastMs = now;
    }
    if (m_byName.size() + m_byAddress.size() > 100000) {  // a flood of names: forget the old ones
        for (auto* table : {&m_byName, &m_byAddress})
            for (auto it = table->begin(); it != table->end();)
                it = now - it->second.lastMs >= ForgetAfterMs ? table->erase(it) : std::next(it);
    }
}

void SignInThrottle::succeeded(const std::string& name) {
    std::lock_guard lock(m_mutex);
    m_byName.erase(name);
}

Session Sessions::start(const std::string& account, std::int64_t passwordChangedUtcMs) {
    Session s;
    s.passwordChangedUtcMs = passwordChangedUtcMs;
    s.id = randomToken();
    s.csrf = randomToken();
    s.account = account;
    s.startedMs = s.lastSeenMs = m_clock.monoMs();
    std::lock_guard lock(m_mutex);
    const std::int64_t now = s.startedMs;
    for (auto it = m_byId.begin(); it != m_byId.end();)  // the expired ones go now and then
        it = (now - it->second.lastSeenMs >= m_idleMs || now - it->second.startedMs >= m_maxMs) ? m_byId.erase(it)
                                                                                                : std::next(it);
    m_byId[s.id] = s;
    return s;
}

std::optional<Session> Sessions::find(const std::string& id) {
    std::lock_guard lock(m_mutex);
    const auto it = m_byId.find(id);
    if (it == m_byId.end()) return std::nullopt;
    const std::int64_t now = m_clock.monoMs();
    if (now - it->second.lastSeenMs >= m_idleMs || now - it->second.startedMs >= m_maxMs) {
        m_byId.erase(it);
        return std::nullopt;
    }
    it->second.lastSeenMs = now;
    return it->second;
}

void Sessions::end(const std::string& id) {
    std::lock_guard lock(m_mutex);
    m_byId.erase(id);
}

void Sessions::endAllOf(const std::string& account) {
    std::lock_guard lock(m_mutex);
    for (auto it = m_byId.begin(); it != m_byId.end();)
        it = it->second.account == account ? m_byId.erase(it) : std::next(it);
}

std::size_t Sessions::count() const {
    std::lock_guard lock(m_mutex);
    return m_byId.size();
}

}  // namespace hailong::core
