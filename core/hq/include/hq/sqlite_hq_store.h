#pragma once
// HqStore in one SQLite file (the embedded default). The one RAII owner of its connection.
// Not thread-safe. Every method throws StorageError naming the file on SQLite failures.
#include "hq/hq_store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>

namespace hailong::core {

class SqliteHqStore final : public HqStore {
public:
    static constexpr int SchemaVersion = 3;
    /// Opens (creating if needed) the store at path; WAL, synchronous=NORMAL until sync().
    /// During an import, files are committed together for up to groupFor (0: each alone).
    explicit SqliteHqStore(const std::filesystem::path& path,
                           std::chrono::milliseconds groupFor = std::chrono::milliseconds(1000));

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
    std::vector<UnitRow> importedUnits() const override;
    void replaceImportedUnits(const std::vector<UnitRow>& rows) override;
    std::vector<std::pair<std::int64_t, TallyContext>> tallyContexts(bool unitsOnly = false) const override;
    void forEachTally(TallyPeriod period, std::int64_t from, std::int64_t to,
                      const std::function<void(const TallyRowView&)>& row) const override;

    SQLite::Database& db() { return m_db; }

private:
    template <class F>
    auto guard(const std::string& what, F&& f) const -> decltype(f());
    class Savepoint;
    ImportOutcome importInTransaction(const PreparedBatch& batch, std::int64_t nowUtcMs);
    /// A statement of the import path, prepared once, reset for its new user.
    SQLite::Statement& reused(const char* sql);
    /// The number of a context, numbered on first sight.
    std::int64_t contextId(const TallyContext& c);
    /// Adds tallies numbered by a batch's contexts to the day and month tables.
    void addTallies(const std::vector<TallyContext>& contexts, const Tallies& tallies);
    /// Records what headquarters learnt of a response after its batch, and moves its tallies
    /// if the response is stored (else the mark waits for it).
    void applyMark(const std::string& kioskId, const std::string& uuid, const ResponseMark& change,
                   const PreparedBatch& current);

    std::filesystem::path m_path;
    mutable SQLite::Database m_db;
    std::map<std::string, std::unique_ptr<SQLite::Statement>> m_statements;  ///< by SQL (reused)
    std::map<TallyContext, std::int64_t> m_contextIds;                       ///< cache of the contexts table
    bool m_contextsLoaded = false;
    bool m_group = false;  ///< between beginImport and sync: files are savepoints of a group transaction
    std::chrono::steady_clock::time_point m_groupSince;
    std::chrono::milliseconds m_groupFor;
};

}  // namespace hailong::core
