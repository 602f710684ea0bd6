#pragma once
// HqStore on PostgreSQL (issue 17), for a ministry whose headquarters is shared by several
// people and import jobs: table for table the SQLite store's (sqlite_hq_store.h), its schema
// versioned in hailong_schema and migrated in place.
//
// Several importers at once, on one database, in as many processes or machines: each batch
// is one transaction (READ COMMITTED) that first takes a transaction-level advisory lock on its
// kiosk, since every counting decision (which responses are new, forks, chains, marks) is per
// kiosk; the rows shared between kiosks (contexts, tallies) are then written in one fixed order
// (sorted by their keys, tallies at the end of the transaction), so importers never deadlock.
// A killed importer leaves nothing of the batch it was in; importing again completes it.
//
// One connection, not thread-safe: one store per importing thread. Every method throws
// PgError (a StorageError) naming the server, with PostgreSQL's message and SQLSTATE.
#include "hq/hq_store.h"
#include "hq/pg_connection.h"

#include <map>
#include <set>
#include <string>

namespace hailong::core {

class PgHqStore final : public HqStore {
public:
    /// The same tables as SqliteHqStore::SchemaVersion.
    static constexpr int SchemaVersion = 3;
    /// Connects (conninfo as PgConnection takes it) and makes or migrates the schema.
    explicit PgHqStore(const std::string& conninfo);

    void trust(const KioskKeyFile& key, std::int64_t nowUtcMs) override;
    std::optional<TrustedKiosk> kiosk(const std::string& kioskId) const override;
    std::vector<KioskStatus> kiosks() const override;
    using HqStore::importBatch;
    ImportOutcome importBatch(const PreparedBatch& batch, std::int64_t nowUtcMs) override;
    /// Until sync(), commits are asynchronous (synchronous_commit off): a crash of the server
    /// may lose the last files imported, never consistency; importing them again brings them back.
    void beginImport() override;
    /// Makes every commit so far durable, and commits synchronously again.
    void sync() override;
    void recordRefused(const RefusedFile& file) override;
    std::vector<RefusedFile> refusedFiles() const override;
    std::int64_t responseCount() const override;
    std::vector<UnitRow> importedUnits() const override;
    void replaceImportedUnits(const std::vector<UnitRow>& rows) override;
    std::vector<std::pair<std::int64_t, TallyContext>> tallyContexts(bool unitsOnly = false) const override;
    void forEachTally(TallyPeriod period, std::int64_t from, std::int64_t to,
                      const std::function<void(const TallyRowView&)>& row) const override;

    PgConnection& connection() { return m_db; }

private:
    ImportOutcome importInTransaction(const PreparedBatch& batch, std::int64_t nowUtcMs);
    /// The numbers of contexts, numbered on first sight (INSERT ... ON CONFLICT DO NOTHING in
    /// sorted order, then read back): ids[i] is the number of contexts[i].
    std::vector<std::int64_t> contextIds(const std::vector<TallyContext>& contexts);
    /// Adds tallies numbered by a batch's contexts to those the transaction will write.
    void addTallies(const std::vector<TallyContext>& contexts, const Tallies& tallies);
    /// Writes the tallies the transaction gathered, each table in key order (no deadlock).
    void flushTallies();
    /// Records what headquarters learnt of a response after its batch, and moves its tallies
    /// if the response is stored (else the mark waits for it).
    void applyMark(const std::string& kioskId, const std::string& uuid, const ResponseMark& change,
                   const PreparedBatch& current);

    mutable PgConnection m_db;
    std::map<TallyContext, std::int64_t> m_contextIds;   ///< committed contexts seen so far
    std::map<TallyContext, std::int64_t> m_newContexts;  ///< numbered in the open transaction
    Tallies m_days, m_months, m_unitMonths;              ///< of the open transaction, by context number
    std::set<std::pair<std::string, int>> m_questionnaires,
        m_newQuestionnaires;  ///< stored; stored in the open transaction
    bool m_unsynced = false;  ///< imported since the last sync()
};

}  // namespace hailong::core
