#pragma once
// The kiosk's SQLite database: the one RAII owner of the connection (SQLiteCpp).
//
// Opening it applies the durability settings (WAL, synchronous=FULL), migrates the
// schema in place through PRAGMA user_version, and runs an integrity check (SPEC 5).
// Not thread-safe: use one KioskDatabase per thread. Every method throws StorageError,
// naming the file and what failed, when SQLite does.
#include "base/clock.h"
#include "base/ids.h"
#include "survey/response_store.h"  // StorageError

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace hailong::core {

class KioskDatabase;

/// Runs f, turning SQLite's exceptions into StorageError naming the database file and
/// what was being done. Any SQLite::Transaction open in f rolls back as the exception
/// leaves it, so a failed call changes nothing. Other exceptions pass through.
template <class F>
auto guarded(const KioskDatabase& db, const std::string& what, F&& f) -> decltype(f());

class KioskDatabase {
public:
    /// The schema version this build writes. Migrations run from any older version.
    static constexpr int SchemaVersion = 6;

    /// Opens (creating if needed) and migrates the database at path. On first start
    /// it creates the kiosk id (from ids) and records the install time (from clock).
    /// Throws StorageError with a clear message: unreadable file, not a database,
    /// a schema newer than this build, a failed migration.
    KioskDatabase(const std::filesystem::path& path, const Clock& clock, IdSource& ids);
    /// A second connection for work beside the kiosk's own (an export thread): the same,
    /// without the integrity check at open (integrityAtOpen() is then "not checked").
    struct NoIntegrityCheck {};
    KioskDatabase(const std::filesystem::path& path, const Clock& clock, IdSource& ids, NoIntegrityCheck);

    /// For migration tests: creates a new database file at an older schema version
    /// (1..SchemaVersion), exactly as the program of that version made it. Throws
    /// StorageError, also when the file already holds a database.
    static void createAtVersion(const std::filesystem::path& path, int version, const Clock& clock, IdSource& ids);

    KioskDatabase(const KioskDatabase&) = delete;
    KioskDatabase& operator=(const KioskDatabase&) = delete;

    SQLite::Database& db() { return m_db; }
    const std::filesystem::path& path() const { return m_path; }

    std::string kioskId() const { return m_kioskId; }
    std::int64_t installUtcMs() const { return m_installUtcMs; }
    int schemaVersion() const;  ///< PRAGMA user_version as found after migration

    /// The result of PRAGMA integrity_check at open ("ok" when healthy).
    const std::string& integrityAtOpen() const { return m_integrityAtOpen; }
    /// Runs PRAGMA integrity_check now.
    std::string integrityCheck();

    /// A fact about the installation (meta table: 'kiosk_id', 'install_utc_ms', 'public_key').
    std::optional<std::string> meta(const std::string& key) const;
    void setMeta(const std::string& key, const std::string& value);

    /// A key/value setting, or nothing.
    std::optional<std::string> setting(const std::string& key) const;
    void setSetting(const std::string& key, const std::string& value);

    /// Remembers a questionnaire definition (id, version, exact text). Refuses (throws
    /// StorageError) the same id and version with a different text: the version must
    /// be raised when the content changes.
    void rememberQuestionnaire(const std::string& id, int version, const std::string& source, std::int64_t nowUtcMs);
    /// The text stored for this id and version, if the kiosk ever used it.
    std::optional<std::string> questionnaireSource(const std::string& id, int version) const;
    /// The text of the questionnaire last successfully activated, if any.
    std::optional<std::string> lastGoodQuestionnaire() const;

private:
    KioskDatabase(const std::filesystem::path& path, const Clock& clock, IdSource& ids, bool checkIntegrity);
    void migrate(const Clock& clock, IdSource& ids);

    std::filesystem::path m_path;
    SQLite::Database m_db;
    std::string m_kioskId;
    std::int64_t m_installUtcMs = 0;
    std::string m_integrityAtOpen;
};

/// A statement through SQLite's C API, for scans of many rows where SQLiteCpp's per-column
/// objects cost more than the reading itself (exports). The one owner of its handle.
/// Errors throw SQLite::Exception (turn them into StorageError with guarded()).
class RawStatement {
public:
    RawStatement(KioskDatabase& db, const char* sql);
    ~RawStatement();
    RawStatement(const RawStatement&) = delete;
    RawStatement& operator=(const RawStatement&) = delete;
    void bind(int index, std::int64_t value);
    /// Next row: true while there is one.
    bool step();
    std::int64_t integer(int column) const;
    bool isNull(int column) const;
    /// The column's text, valid until the next step (empty for NULL).
    std::string_view text(int column) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

template <class F>
auto guarded(const KioskDatabase& db, const std::string& what, F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const SQLite::Exception& e) {
        throw StorageError("kiosk database " + db.path().string() + ": " + what + ": " + e.what());
    }
}

}  // namespace hailong::core
