#pragma once
// HqStore in one SQLite file (the embedded default). The one RAII owner of its connection.
// Not thread-safe. Every method throws StorageError naming the file on SQLite failures.
#include "hq/hq_store.h"
#include "survey/response_store.h"  // StorageError

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>

namespace hailong::core {

class WalCheckpointer;

class SqliteHqStore final : public HqStore {
public:
    static constexpr int SchemaVersion = 8;
    /// Opens (creating if needed) the store at path; WAL, synchronous=NORMAL until sync().
    /// During an import, files are committed together for up to groupFor (0: each alone).
    /// Older schemas are migrated in place; a version 3 store whose batches the counting rule
    /// now holds apart has its tallies made again from its stored files (one transaction).
    explicit SqliteHqStore(const std::filesystem::path& path,
                           std::chrono::milliseconds groupFor = std::chrono::milliseconds(1000));
    ~SqliteHqStore() override;

    std::string describe() const override { return m_path.string(); }
    void trust(const KioskKeyFile& key, std::int64_t nowUtcMs) override;
    std::optional<TrustedKiosk> kiosk(const std::string& kioskId) const override;
    std::vector<KioskStatus> kiosks() const override;
    using HqStore::importBatch;
    ImportOutcome importBatch(const PreparedBatch& batch, std::int64_t nowUtcMs) override;
    void beginImport() override;
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
    /// The row data_version (schema 5): its store token and counter, which every write that
    /// may change a report raises in its own transaction (bumpDataVersion).
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

    SQLite::Database& db() { return m_db; }

private:
    template <class F>
    auto guard(const std::string& what, F&& f) const -> decltype(f()) {
        try {
            return f();
        } catch (const SQLite::Exception& e) {
            throw StorageError("headquarters database " + m_path.string() + ": " + what + ": " + e.what());
        }
    }
    class Savepoint;
    /// One transaction (or a savepoint inside an import's group), committed by done().
    class Unit;
    /// A copy of a response somewhere: in the batch being imported (not stored yet) or stored.
    struct Copy {
        const Batch* batch;
        bool clockAhead, held;
    };
    ImportOutcome importInTransaction(const PreparedBatch& batch, std::int64_t nowUtcMs);
    /// A statement of the import path, prepared once, reset for its new user.
    SQLite::Statement& reused(const char* sql);
    /// batches(kioskId, false) through a statement prepared once (an import asks for each file).
    std::vector<StoredBatch> batchesOfKiosk(const std::string& kioskId);
    /// The number of a context, numbered on first sight.
    std::int64_t contextId(const TallyContext& c);
    /// Adds tallies numbered by a batch's contexts to the day and month tables.
    void addTallies(const std::vector<TallyContext>& contexts, const Tallies& tallies);
    /// Records what headquarters learnt of a response after its batch, and moves the tallies
    /// of every copy of it: in `current` (the batch being imported, already tallied) and in the
    /// stored batches (else the mark waits for the response).
    void applyMark(const std::string& kioskId, const std::string& uuid, const ResponseMark& change,
                   const Copy* current);
    /// The marks of a kiosk: those still waiting for their response, or all.
    std::map<std::string, ResponseMark> marksOf(const std::string& kioskId, bool waitingOnly);
    /// Moves a stored batch's tallies in (held false) or out (true) of the figures.
    void moveBatch(const StoredBatch& b, bool held);
    /// Applies the counting rule to a kiosk's batches after one arrived or was decided on:
    /// statuses written, tallies moved. One note per batch that changed (but `except`).
    void settle(const std::vector<StoredBatch>& before, const std::vector<LedgerEntry>& entries,
                const std::vector<LedgerStatus>& after, std::size_t except, std::vector<std::string>& notes);
    /// Raises the data version, inside the transaction (or savepoint) of the write: the new
    /// version is seen by other connections exactly when the data it stands for is.
    void bumpDataVersion();
    /// The tallies made again from the stored files (migration from version 3).
    void rebuildFromFiles();
    /// Stores the comments of a batch (each response's once); returns how many stored sealed
    /// became readable. Inside the import's transaction (sqlite_hq_comments.cpp).
    std::int64_t putComments(const std::vector<HqComment>& comments);

    std::filesystem::path m_path;
    bool m_rebuild = false;  ///< set while opening: a version 3 store to count again (before m_db)
    mutable SQLite::Database m_db;
    std::map<std::string, std::unique_ptr<SQLite::Statement>> m_statements;  ///< by SQL (reused)
    std::map<TallyContext, std::int64_t> m_contextIds;                       ///< cache of the contexts table
    bool m_contextsLoaded = false;
    bool m_group = false;  ///< between beginImport and sync: files are savepoints of a group transaction
    std::chrono::steady_clock::time_point m_groupSince;
    std::chrono::milliseconds m_groupFor;
    /// Between beginImport and sync: the log copied into the file beside the import (its commits
    /// only append to the log), rather than on the storing thread at every COMMIT.
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};

}  // namespace hailong::core
