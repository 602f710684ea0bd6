#pragma once
// ResponseStore on the kiosk database. Each mutating call is one committed
// transaction, durable when it returns (WAL + synchronous=FULL).
// SQLite failures are rethrown as StorageError naming the database file and the action.
// Not thread-safe (like KioskDatabase); the database must outlive the store.
#include "store/kiosk_database.h"
#include "survey/response_store.h"

#include <functional>

namespace hailong::core {

class SqliteResponseStore final : public ResponseStore {
public:
    /// Called with the sequence number of each response that ends, inside the transaction that
    /// ends it (an exception rolls the end back). The kiosk passes batch::cacheExportLines, so
    /// a response's batch line is encoded once, when it ends; the store knows nothing of it.
    using OnEnded = std::function<void(KioskDatabase&, std::int64_t seq)>;

    explicit SqliteResponseStore(KioskDatabase& db, OnEnded onEnded = {}) : m_db(db), m_onEnded(std::move(onEnded)) {}

    std::string kioskId() const override { return m_db.kioskId(); }
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
    std::int64_t count() const override;
    std::vector<RatingSummary> recentRatings(int n) const override;
    int closeInterrupted(std::int64_t nowUtcMs) override;

private:
    KioskDatabase& m_db;
    OnEnded m_onEnded;
};

/// The same as views, without copying (large exports): f gets each response as a view valid
/// only during the call. Responses must not change meanwhile (exported ones never do; hold a
/// read transaction for the others).
void forEachResponseView(KioskDatabase& db, std::int64_t seqFirst, std::int64_t seqLast,
                         const std::function<void(const ResponseView&)>& f);

/// Calls f for each response with seqFirst <= seq <= seqLast in seq order, answers included,
/// holding one response in memory at a time (exports of any size). Reads in the caller's
/// transaction if one is open (hold one for a consistent snapshot). Throws StorageError.
void forEachResponse(KioskDatabase& db, std::int64_t seqFirst, std::int64_t seqLast,
                     const std::function<void(const Response&)>& f);

}  // namespace hailong::core
