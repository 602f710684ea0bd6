#pragma once
// HqStore in one SQLite file (the embedded default). The one RAII owner of its connection.
// Not thread-safe. Every method throws StorageError naming the file on SQLite failures.
#include "hq_store.h"

#include <SQLiteCpp/Database.h>

#include <filesystem>

namespace hailong::core {

class SqliteHqStore final : public HqStore {
public:
    static constexpr int SchemaVersion = 1;
    /// Opens (creating if needed) the store at path; WAL, synchronous=FULL.
    explicit SqliteHqStore(const std::filesystem::path& path);

    void trust(const KioskKeyFile& key, std::int64_t nowUtcMs) override;
    std::optional<TrustedKiosk> kiosk(const std::string& kioskId) const override;
    std::vector<KioskStatus> kiosks() const override;
    ImportOutcome importBatch(const Batch& batch, const std::string& fileName, std::int64_t nowUtcMs) override;
    std::int64_t responseCount() const override;

    SQLite::Database& db() { return m_db; }

private:
    template <class F>
    auto guard(const std::string& what, F&& f) const -> decltype(f());
    std::filesystem::path m_path;
    mutable SQLite::Database m_db;
};

} // namespace hailong::core
