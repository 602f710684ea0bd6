#pragma once
// Where responses go. The survey flow only knows this interface; the kiosk uses the
// SQLite store, tests may also use the in-memory one (STYLE 2.9: one contract suite
// runs against both).
//
// Every mutating call is durable when it returns (for SQLite: its own committed
// transaction, WAL + synchronous=FULL). Errors are thrown as StorageError; a failed
// call changes nothing. Both stores throw in the same cases: an unknown uuid, a
// duplicate uuid at begin(), an invalid answer (see validateAnswer), finishing a
// response twice, and any storage failure.
#include "survey/response.h"

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hailong::core {

class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Throws StorageError unless the answer can be stored: a question id, at least one
/// value (an empty multi-select is removeAnswer, not an answer), no empty and no
/// repeated value.
void validateAnswer(const Answer& a);
/// Checks a response about to be begun (id, answers valid, no question twice) and
/// returns its last activity in monotonic ms. Throws StorageError. Shared by the stores.
std::int64_t validateNewResponse(const Response& r);
/// The monotonic time of an answer given at answeredUtcMs in a response started at
/// (startedUtcMs, startedMonoMs): stores have no clock of their own.
std::int64_t activityMonoMs(std::int64_t startedUtcMs, std::int64_t startedMonoMs, std::int64_t answeredUtcMs);

/// A short summary of a past rating, for misuse detection.
struct RatingSummary {
    std::int64_t seq = 0;
    std::string uuid;
    std::string value;  ///< the main answer
    std::int64_t startedMonoMs = 0;
    std::int64_t lastActivityMonoMs = 0;  ///< end, or last answer while in progress
    std::string bootId;
};

class ResponseStore {
public:
    virtual ~ResponseStore() = default;

    /// The kiosk's id (created at first start) stamped on every response.
    virtual std::string kioskId() const = 0;

    /// Stores a new response holding its first answer (the vote) and returns its
    /// sequence number. r.kioskId and r.seq are set by the store. In the same
    /// transaction, the earlier responses listed in alsoFlagBurst get misuse::Burst
    /// (the new rating completed a burst they belong to): all or nothing.
    /// Supersede rule (SPEC 3, one rating per dossier per kiosk): the store sets
    /// r.supersedesUuid to the uuid of the most recent earlier response with the same
    /// non-empty dossierCode, or to '' (whatever the caller put there). Both are kept.
    /// r is changed only when the call succeeds.
    virtual std::int64_t begin(Response& r, const std::vector<std::string>& alsoFlagBurst) = 0;
    std::int64_t begin(Response& r) { return begin(r, {}); }
    /// Sets (replaces) the answer to a.questionId of response uuid. A question answered
    /// before keeps its place in Response::answers; a new one goes last. Also moves the
    /// response's last activity to startedMonoMs + (a.answeredUtcMs - startedUtcMs):
    /// the store has no clock, and within one response the two clocks run together.
    virtual void saveAnswer(const std::string& uuid, const Answer& a) = 0;
    /// Removes the answer to questionId (the citizen went back and skipped it).
    /// Removing an answer that was never given does nothing.
    virtual void removeAnswer(const std::string& uuid, const std::string& questionId) = 0;
    /// Sets (replaces) the citizen's free-text comment.
    virtual void setComment(const std::string& uuid, const std::string& comment) = 0;
    /// Records the language the citizen is using.
    virtual void setLanguage(const std::string& uuid, Language lang) = 0;
    /// Records the procedure the citizen picked (when the officer had not set one).
    virtual void setProcedure(const std::string& uuid, const std::string& procedureCode) = 0;
    /// Adds misuse flags (bitwise or) to a response.
    virtual void addMisuseFlags(const std::string& uuid, std::uint32_t flags) = 0;
    /// Ends a response. Ending an already ended response, or "ending" it as InProgress,
    /// is an error. Its last activity becomes endedMonoMs.
    virtual void finish(const std::string& uuid, EndReason why, std::int64_t endedUtcMs, std::int64_t endedMonoMs) = 0;

    /// One response with its answers, or nothing.
    virtual std::optional<Response> find(const std::string& uuid) const = 0;
    /// All responses in sequence order (tests, small exports).
    virtual std::vector<Response> all() const = 0;
    virtual std::int64_t count() const = 0;
    /// The last n ratings, newest last, for misuse detection after a restart. value is
    /// the first value of the response's first answer (empty if it has none).
    virtual std::vector<RatingSummary> recentRatings(int n) const = 0;
    /// Marks responses left in progress (by a crash or quit) as Interrupted, ended at
    /// nowUtcMs; endedMonoMs stays 0 (the boot may have changed). Returns how many.
    virtual int closeInterrupted(std::int64_t nowUtcMs) = 0;
};

/// A store in memory, for tests and screenshot mode.
class InMemoryResponseStore final : public ResponseStore {
public:
    explicit InMemoryResponseStore(std::string kioskId = "00000000-0000-4000-8000-00000000abcd")
        : m_kioskId(std::move(kioskId)) {}
    std::string kioskId() const override { return m_kioskId; }
    using ResponseStore::begin;
    std::int64_t begin(Response& r, const std::vector<std::string>& alsoFlagBurst) override;
    void saveAnswer(const std::string& uuid, const Answer& a) override;
    void removeAnswer(const std::string& uuid, const std::string& questionId) override;
    void setComment(const std::string& uuid, const std::string& comment) override;
    void setLanguage(const std::string& uuid, Language lang) override;
    void setProcedure(const std::string& uuid, const std::string& procedureCode) override;
    void addMisuseFlags(const std::string& uuid, std::uint32_t flags) override;
    void finish(const std::string& uuid, EndReason why, std::int64_t endedUtcMs, std::int64_t endedMonoMs) override;
    std::optional<Response> find(const std::string& uuid) const override;
    std::vector<Response> all() const override;
    std::int64_t count() const override { return static_cast<std::int64_t>(m_rows.size()); }
    std::vector<RatingSummary> recentRatings(int n) const override;
    int closeInterrupted(std::int64_t nowUtcMs) override;

    /// Makes every following mutating call throw StorageError and change nothing
    /// (simulates a failing disk). Reads keep working.
    void setFailing(bool failing) { m_failing = failing; }

private:
    Response& get(const std::string& uuid);
    void check() const;
    std::string m_kioskId;
    std::vector<Response> m_rows;                    ///< in seq order
    std::vector<std::int64_t> m_lastActivityMonoMs;  ///< parallel to m_rows
    bool m_failing = false;
};

}  // namespace hailong::core
