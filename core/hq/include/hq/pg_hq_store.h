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
    static constexpr int SchemaVersion = 8;
    /// Connects (conninfo as PgConnection takes it) and makes or migrates the schema.
    explicit PgHqStore(const std::string& conninfo);

    std::string describe() const override { return m_db.target(); }
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
    std::vector<StoredBatch> batches(const std::string& kioskId, bool heldOnly) const override;
    std::optional<std::string> decide(const std::string& kioskId, std::int64_t number, const std::string& digest,
                                      BatchDecision decision, const std::string& actor, const std::string& reason,
                                      std::int64_t nowUtcMs) override;
    std::vector<HqAuditEntry> auditLog() const override;
    void recordAudit(const HqAuditEntry& entry) override;
    std::vector<HqAccount> accounts() const override;
    std::optional<HqAccount> account(const std::string& name) const override;
    void putAccount(const HqAccount& account) override;
    bool removeAccount(const std::string& name) override;
    /// The row data_version (schema 5), raised by every write that may change a report, as the
    /// last statement of its transaction (bumpDataVersion).
    std::string dataVersion() const override;
    void forEachStoredFile(const std::function<void(const StoredFile&)>& file) const override;
    std::optional<std::string> batchFile(const std::string& kioskId, std::int64_t number,
                                         const std::string& digest) const override;
    PackageRecord recordPackage(const std::function<PackageRecord(std::int64_t serial)>& make) override;
    std::vector<PackageRecord> packages() const override;
    std::vector<UnitRow> importedUnits() const override;
    void replaceImportedUnits(const std::vector<UnitRow>& rows) override;
    std::vector<std::pair<std::int64_t, TallyContext>> tallyContexts(bool unitsOnly = false) const override;
    CommentPage comments(const CommentQuery& query) const override;
    std::int64_t openComments(const std::vector<HqComment>& opened) override;
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
    /// A copy of a response: in the batch being imported (not stored yet).
    struct Copy {
        const Batch* batch;
        bool clockAhead, held;
    };
    /// As SqliteHqStore's (sqlite_hq_import.cpp): marks on every copy of a response, a
    /// kiosk's marks, a stored batch moved in or out of the figures, the rule applied again.
    void applyMark(const std::string& kioskId, const std::string& uuid, const ResponseMark& change,
                   const Copy* current);
    std::map<std::string, ResponseMark> marksOf(const std::string& kioskId, bool waitingOnly);
    void moveBatch(const StoredBatch& b, bool held);
    void settle(const std::vector<StoredBatch>& before, const std::vector<LedgerEntry>& entries,
                const std::vector<LedgerStatus>& after, std::vector<std::string>& notes);
    /// Raises the data version: the last statement before a commit. Every writer of figures
    /// takes this one row's lock, so it is taken last, holding no other lock anyone waits for
    /// with it (no deadlock), and only for the commit itself (importers barely wait).
    void bumpDataVersion();
    /// A stored batch file's bytes ("" if it was stored without them).
    std::string storedFile(const std::string& kioskId, std::int64_t number, const std::string& digest) const;
    /// After a commit: what the transaction numbered is known; after a rollback: forgotten.
    void keepTransaction();
    void forgetTransaction();

    mutable PgConnection m_db;
    std::map<TallyContext, std::int64_t> m_contextIds;   ///< committed contexts seen so far
    std::map<TallyContext, std::int64_t> m_newContexts;  ///< numbered in the open transaction
    Tallies m_days, m_months, m_unitMonths;              ///< of the open transaction, by context number
    std::set<std::pair<std::string, int>> m_questionnaires,
        m_newQuestionnaires;  ///< stored; stored in the open transaction
    bool m_unsynced = false;  ///< imported since the last sync()
};

}  // namespace hailong::core
