#include "store/kiosk_database.h"

#include "survey/response_store.h"  // StorageError

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <string>

namespace hailong::core {

// [SECTION] Schema
//
// Version 1, then the changes of each later version. The SQL comments are kept on purpose:
// SQLite stores the text of each CREATE statement in sqlite_master, so `sqlite3 kiosk.db
// .schema` shows them too. Conventions: times are integer milliseconds (UTC since the epoch,
// or monotonic since boot); optional text is '' rather than NULL; NULL only means "not ended yet".
// Names stored as text (language, scale, end_reason) are those of languageCode,
// scaleName and endReasonName: they travel in batches, so they never change.
namespace {

constexpr const char* SchemaV1 = R"sql(
-- Facts about this kiosk installation: 'kiosk_id' (a UUID made at first start, stamped
-- on every response) and 'install_utc_ms'.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Staff settings (unit, counter, idle timeout, ...), one text value per key.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Every questionnaire definition ever activated, with its exact source text, so a
-- response can always be read against the questions it answered.
CREATE TABLE questionnaires (
    id                    TEXT NOT NULL CHECK (id <> ''),
    version               INTEGER NOT NULL,
    source                TEXT NOT NULL,
    first_seen_utc_ms     INTEGER NOT NULL,
    last_activated_utc_ms INTEGER NOT NULL,
    -- Counts activations: the last good questionnaire is the highest. Not the wall clock,
    -- which an offline PC may set back by years.
    activation            INTEGER NOT NULL,
    PRIMARY KEY (id, version)
) WITHOUT ROWID;

-- One row per citizen's response. seq is the per-kiosk sequence number: AUTOINCREMENT
-- so a number is never reused, not even after the newest row was deleted.
CREATE TABLE responses (
    seq                   INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid                  TEXT UNIQUE NOT NULL CHECK (uuid <> ''),
    kiosk_id              TEXT NOT NULL,
    unit_code             TEXT NOT NULL DEFAULT '',
    unit_name             TEXT NOT NULL DEFAULT '',
    unit_level            TEXT NOT NULL DEFAULT '',
    counter               TEXT NOT NULL DEFAULT '',
    officer_id            TEXT NOT NULL DEFAULT '',
    procedure_code        TEXT NOT NULL DEFAULT '',
    dossier_code          TEXT NOT NULL DEFAULT '',
    questionnaire_id      TEXT NOT NULL,
    questionnaire_version INTEGER NOT NULL,
    language              TEXT NOT NULL CHECK (language IN ('vi', 'en')),
    comment               TEXT NOT NULL DEFAULT '',
    started_utc_ms        INTEGER NOT NULL,
    ended_utc_ms          INTEGER,              -- NULL while in progress
    utc_offset_min        INTEGER NOT NULL,
    boot_id               TEXT NOT NULL,
    started_mono_ms       INTEGER NOT NULL,
    ended_mono_ms         INTEGER,              -- NULL while in progress, and when interrupted
    end_reason            TEXT NOT NULL DEFAULT 'in_progress'
        CHECK (end_reason IN ('in_progress', 'completed', 'skipped', 'timeout', 'interrupted')),
    misuse_flags          INTEGER NOT NULL DEFAULT 0 CHECK (misuse_flags >= 0),
    last_activity_mono_ms INTEGER NOT NULL      -- end, or the last answer while in progress
);
-- Today's figures and exports by time; dossier look-ups (one rating per dossier);
-- closing responses left open by a crash.
CREATE INDEX responses_by_start ON responses (started_utc_ms);
CREATE INDEX responses_by_dossier ON responses (dossier_code) WHERE dossier_code <> '';
CREATE INDEX responses_in_progress ON responses (seq) WHERE end_reason = 'in_progress';

-- One row per value of an answer: a multi-select answer has several rows, in the order
-- value_index. position orders the questions of a response by when each was first
-- answered (a replaced answer keeps its position).
CREATE TABLE answers (
    response_seq    INTEGER NOT NULL REFERENCES responses (seq) ON DELETE CASCADE,
    question_id     TEXT NOT NULL CHECK (question_id <> ''),
    scale           TEXT NOT NULL CHECK (scale <> ''),
    value           TEXT NOT NULL CHECK (value <> ''),
    value_index     INTEGER NOT NULL CHECK (value_index >= 0),
    position        INTEGER NOT NULL CHECK (position >= 0),
    answered_utc_ms INTEGER NOT NULL,
    PRIMARY KEY (response_seq, question_id, value)
) WITHOUT ROWID;
)sql";

// Version 2 (issue 3): superseded dossier ratings, the audit log, officers, the PIN pad.
constexpr const char* SchemaV2 = R"sql(
-- The earlier response of the same dossier that this one supersedes (both are kept), or ''.
ALTER TABLE responses ADD COLUMN supersedes_uuid TEXT NOT NULL DEFAULT '';
-- Staff actions and clock jumps (SPEC 4), exported with the batches; never a comment, a
-- dossier code or a PIN. AUTOINCREMENT: an id is never reused.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    utc_ms         INTEGER NOT NULL,
    utc_offset_min INTEGER NOT NULL,
    mono_ms        INTEGER NOT NULL,
    boot_id        TEXT NOT NULL,
    event          TEXT NOT NULL CHECK (event <> ''),
    detail         TEXT NOT NULL
);
-- The unit's officers (PIN: argon2id). Deactivated ones stay for the history.
CREATE TABLE officers (
    id             TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    name           TEXT NOT NULL CHECK (name <> ''),
    title          TEXT NOT NULL DEFAULT '',
    pin_hash       TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_utc_ms INTEGER NOT NULL,
    updated_utc_ms INTEGER NOT NULL
) WITHOUT ROWID;
-- The officer signed in at this counter: no row when nobody is.
CREATE TABLE counter_officer (
    slot             INTEGER PRIMARY KEY CHECK (slot = 1),
    officer_id       TEXT NOT NULL REFERENCES officers (id),
    signed_in_utc_ms INTEGER NOT NULL
);
-- The staff PIN (argon2id) and the PIN pad's lockout (kept over restarts); one row, made by
-- StaffAuth if missing. failures: wrong PINs since the last right one; lock_ms: the last lock
-- (0: none since); locked_until_mono_ms: 0 when not locked, else monotonic in lock_boot_id.
CREATE TABLE pin_pad (
    slot                 INTEGER PRIMARY KEY CHECK (slot = 1),
    staff_pin_hash       TEXT NOT NULL,
    staff_pin_is_factory INTEGER NOT NULL CHECK (staff_pin_is_factory IN (0, 1)),
    staff_pin_utc_ms     INTEGER NOT NULL,
    failures             INTEGER NOT NULL DEFAULT 0,
    lock_ms              INTEGER NOT NULL DEFAULT 0,
    locked_until_mono_ms INTEGER NOT NULL DEFAULT 0,
    lock_boot_id         TEXT NOT NULL DEFAULT ''
);
)sql";

// Version 3 (issue 4): exported batches. Batches cover consecutive sequence ranges, so a
// response is exported exactly when its seq is at most the highest seq_last: marking a
// batch exported is one INSERT, made only after its file is durable.
constexpr const char* SchemaV3 = R"sql(
CREATE TABLE batches (
    number                INTEGER PRIMARY KEY CHECK (number >= 1),  -- 1, 2, 3 ... per kiosk
    seq_first             INTEGER NOT NULL,   -- responses seq_first..seq_last (none: seq_last = seq_first - 1)
    seq_last              INTEGER NOT NULL,
    audit_first           INTEGER NOT NULL,   -- audit_log ids audit_first..audit_last
    audit_last            INTEGER NOT NULL,
    -- What the batch header said, kept so the same batch can be written again byte for byte.
    unit_code             TEXT NOT NULL,
    unit_name             TEXT NOT NULL,
    unit_level            TEXT NOT NULL,
    counter               TEXT NOT NULL,
    export_utc_ms         INTEGER NOT NULL,
    export_utc_offset_min INTEGER NOT NULL,
    export_mono_ms        INTEGER NOT NULL,
    export_boot_id        TEXT NOT NULL,
    program               TEXT NOT NULL,
    public_key            TEXT NOT NULL,
    previous_digest       TEXT NOT NULL,      -- '' for batch 1
    digest                TEXT NOT NULL,
    file_name             TEXT NOT NULL,
    folder                TEXT NOT NULL       -- where it was written (shown as "last export")
);
)sql";

// Version 4 (issue 4): the export cache. At the end of a response its batch line is encoded
// once and kept (export_lines, with its context in `contexts`), so exporting a million
// responses copies text instead of decoding every column and answer again. A cache only: a
// missing line is encoded from the row; the triggers drop a line whenever its response or one
// of its answers changes, and a program that changes the line format empties the table.
constexpr const char* SchemaV4 = R"sql(
CREATE TABLE contexts (
    id                    INTEGER PRIMARY KEY,
    unit_code             TEXT NOT NULL,
    unit_name             TEXT NOT NULL,
    unit_level            TEXT NOT NULL,
    counter               TEXT NOT NULL,
    boot_id               TEXT NOT NULL,
    utc_offset_min        INTEGER NOT NULL,
    questionnaire_id      TEXT NOT NULL,
    questionnaire_version INTEGER NOT NULL,
    UNIQUE (unit_code, unit_name, unit_level, counter, boot_id, utc_offset_min, questionnaire_id,
            questionnaire_version)
);
-- The distinct sets of answer values (one "question<TAB>scale<TAB>value" line per value):
-- a batch's answer counts are summed from them without reading the answers table.
CREATE TABLE answer_patterns (
    id      INTEGER PRIMARY KEY,
    pattern TEXT UNIQUE NOT NULL
);
-- One row per ended response whose line is cached: a narrow table, read straight through.
-- last_utc_ms: the later of its start and end (the batch's time range).
CREATE TABLE export_lines (
    seq            INTEGER PRIMARY KEY REFERENCES responses (seq) ON DELETE CASCADE,
    context_id     INTEGER NOT NULL REFERENCES contexts (id),
    pattern_id     INTEGER NOT NULL REFERENCES answer_patterns (id),
    started_utc_ms INTEGER NOT NULL,
    last_utc_ms    INTEGER NOT NULL,
    tail           TEXT NOT NULL
);
CREATE TRIGGER responses_export_stale AFTER UPDATE ON responses BEGIN
    DELETE FROM export_lines WHERE seq = NEW.seq;
END;
CREATE TRIGGER answers_added_export_stale AFTER INSERT ON answers BEGIN
    DELETE FROM export_lines WHERE seq = NEW.response_seq;
END;
CREATE TRIGGER answers_changed_export_stale AFTER UPDATE ON answers BEGIN
    DELETE FROM export_lines WHERE seq IN (OLD.response_seq, NEW.response_seq);
END;
CREATE TRIGGER answers_removed_export_stale AFTER DELETE ON answers BEGIN
    DELETE FROM export_lines WHERE seq = OLD.response_seq;
END;
)sql";

// Version 5 (issue 19): a cached line may hold its personal fields already sealed for
// headquarters (batch/export_cache.h): sealed_batch and sealed_key are the batch and the key
// they were sealed for, NULL for a line in clear. Sealing when a response ends keeps the export a straight copy.
constexpr const char* SchemaV5 = R"sql(
CREATE TABLE seal_keys (
    id      INTEGER PRIMARY KEY,
    box_key TEXT UNIQUE NOT NULL     -- headquarters' X25519 key, 64 hex
);
ALTER TABLE export_lines ADD COLUMN sealed_batch INTEGER;
ALTER TABLE export_lines ADD COLUMN sealed_key INTEGER REFERENCES seal_keys (id);
)sql";

// The export counts the cached lines of its range twice (are they all there? were any dropped
// while the file was written?). Counted in the table, each count reads every line's page (0.16 s
// a million); in this index of their numbers alone, 0.03 s.
constexpr const char* SchemaV6 = R"sql(
CREATE INDEX export_lines_by_seq ON export_lines (seq);
)sql";

/// How long a writer waits for another connection (an export running beside the
/// kiosk) before SQLITE_BUSY.
constexpr int BusyTimeoutMs = 5000;

std::string describe(const std::filesystem::path& path, const std::string& what, const std::exception& e) {
    return "kiosk database " + path.string() + ": " + what + ": " + e.what();
}

SQLite::Database openConnection(const std::filesystem::path& path) {
    try {
        // NOMUTEX: a connection is only ever used by one thread (STYLE: one owner per handle), so
        // SQLite's per-call mutex is pure cost (large exports call it tens of millions of times).
        return SQLite::Database(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
                                BusyTimeoutMs);
    } catch (const SQLite::Exception& e) {
        throw StorageError(describe(path, "cannot open the file", e));
    }
}

int userVersion(const SQLite::Database& db) {
    SQLite::Statement q(db, "PRAGMA user_version");
    q.executeStep();
    return q.getColumn(0).getInt();
}

/// Refuses files this program must not write to, before anything is written (even
/// switching to WAL rewrites the file header): a schema from a newer program, or an
/// SQLite database of another program (tables, but no schema version of ours).
void refuseForeign(const SQLite::Database& db, const std::filesystem::path& path, int version, int supported) {
    if (version > supported)
        throw StorageError("kiosk database " + path.string() + ": database schema version " + std::to_string(version) +
                           " is newer than this program supports (" + std::to_string(supported) +
                           "); upgrade the program");
    if (version < 0)
        throw StorageError("kiosk database " + path.string() + ": invalid schema version " + std::to_string(version));
    if (version == 0) {
        SQLite::Statement tables(db, "SELECT count(*) FROM sqlite_master");
        tables.executeStep();
        if (tables.getColumn(0).getInt() != 0)
            throw StorageError("kiosk database " + path.string() +
                               ": the file is an SQLite database of another program (it has tables "
                               "but no Hài Lòng schema version)");
    }
}

}  // namespace

// [SECTION] Open and migrate

KioskDatabase::KioskDatabase(const std::filesystem::path& path, const Clock& clock, IdSource& ids)
    : KioskDatabase(path, clock, ids, true) {}

KioskDatabase::KioskDatabase(const std::filesystem::path& path, const Clock& clock, IdSource& ids, NoIntegrityCheck)
    : KioskDatabase(path, clock, ids, false) {}

KioskDatabase::KioskDatabase(const std::filesystem::path& path, const Clock& clock, IdSource& ids, bool checkIntegrity)
    : m_path(path), m_db(openConnection(path)) {
    std::string step = "cannot read it as a database";
    try {
        // The first statement that reads the file: a file that is not a database
        // fails here with "file is not a database".
        refuseForeign(m_db, path, userVersion(m_db), SchemaVersion);

        step = "cannot switch it to WAL journaling";
        const std::string mode = m_db.execAndGet("PRAGMA journal_mode=WAL").getString();
        // WAL can be refused (e.g. a file system without shared memory); an in-memory
        // database reports "memory". Anything else would silently lose durability.
        const bool inMemory = path == ":memory:";
        if (mode != "wal" && !(inMemory && mode == "memory"))
            throw StorageError("kiosk database " + path.string() +
                               ": cannot switch to WAL journaling (journal_mode is " + mode + ")");

        step = "cannot apply the connection settings";
        // FULL: with NORMAL in WAL mode, the last commits can be lost on power failure.
        m_db.exec("PRAGMA synchronous=FULL");
        m_db.exec("PRAGMA foreign_keys=ON");

        step = "cannot check its integrity";
        m_integrityAtOpen = checkIntegrity ? integrityCheck() : "not checked";

        step = "cannot migrate its schema";
        migrate(clock, ids);

        step = "cannot read the kiosk id";
        SQLite::Statement meta(m_db, "SELECT key, value FROM meta WHERE key IN ('kiosk_id', 'install_utc_ms')");
        while (meta.executeStep()) {
            const std::string key = meta.getColumn(0).getString();
            if (key == "kiosk_id") m_kioskId = meta.getColumn(1).getString();
            else m_installUtcMs = std::stoll(meta.getColumn(1).getString());
        }
        if (!isUuid(m_kioskId))
            throw StorageError("kiosk database " + path.string() + ": the kiosk id is missing or damaged (\"" +
                               m_kioskId + "\")");
    } catch (const SQLite::Exception& e) {
        throw StorageError(describe(path, step, e));
    } catch (const std::logic_error& e) {  // std::stoll on a damaged install time
        throw StorageError(describe(path, step, e));
    }
}

int KioskDatabase::schemaVersion() const {
    try {
        return userVersion(m_db);
    } catch (const SQLite::Exception& e) {
        throw StorageError(describe(m_path, "cannot read the schema version", e));
    }
}

namespace {

// Migrations are frozen once released: the tests build old versions through them.

/// Version 0 -> 1: the first schema, and the kiosk's identity. One transaction, so a
/// database is either untouched or fully at version 1 with a kiosk id.
void migrateTo1(SQLite::Database& db, const Clock& clock, IdSource& ids) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    db.exec(SchemaV1);
    SQLite::Statement meta(db, "INSERT INTO meta (key, value) VALUES (?, ?)");
    meta.bind(1, "kiosk_id");
    meta.bind(2, ids.newUuid());
    meta.exec();
    meta.reset();
    meta.bind(1, "install_utc_ms");
    meta.bind(2, std::to_string(clock.wallMs()));
    meta.exec();
    db.exec("PRAGMA user_version = 1");  // transactional: written with the schema
    tx.commit();
}

/// Version 1 -> 2, one transaction. The staff PIN row is made by StaffAuth (it knows the policy).
void migrateTo2(SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    db.exec(std::string(SchemaV2) + "PRAGMA user_version = 2;");
    tx.commit();
}

/// Version 2 -> 3, one transaction.
void migrateTo3(SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    db.exec(std::string(SchemaV3) + "PRAGMA user_version = 3;");
    tx.commit();
}

/// Version 3 -> 4, one transaction.
void migrateTo4(SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    // The lines this schema's program writes (ExportLineFormat then); a later program with
    // another encoding finds this name and empties the cache once.
    db.exec(std::string(SchemaV4) +
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('export_line_format', 'hailong-batch/1 response line 1');"
            "PRAGMA user_version = 4;");
    tx.commit();
}

/// Version 4 -> 5, one transaction.
void migrateTo5(SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    db.exec(std::string(SchemaV5) + "PRAGMA user_version = 5;");
    tx.commit();
}

/// Version 5 -> 6, one transaction.
void migrateTo6(SQLite::Database& db) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    db.exec(std::string(SchemaV6) + "PRAGMA user_version = 6;");
    tx.commit();
}

/// Fall through from the version found to target: each step is one transaction that also bumps
/// user_version, so a crash between steps resumes where it stopped. A new version N adds
/// `case N - 1: if (target >= N) migrateToN(...); [[fallthrough]];` above the last case.
void migrateSchema(SQLite::Database& db, int version, int target, const Clock& clock, IdSource& ids) {
    switch (version) {
    case 0:
        if (target >= 1) migrateTo1(db, clock, ids);
        [[fallthrough]];
    case 1:
        if (target >= 2) migrateTo2(db);
        [[fallthrough]];
    case 2:
        if (target >= 3) migrateTo3(db);
        [[fallthrough]];
    case 3:
        if (target >= 4) migrateTo4(db);
        [[fallthrough]];
    case 4:
        if (target >= 5) migrateTo5(db);
        [[fallthrough]];
    case 5:
        if (target >= 6) migrateTo6(db);
        [[fallthrough]];
    case KioskDatabase::SchemaVersion: break;
    }
}

}  // namespace

void KioskDatabase::migrate(const Clock& clock, IdSource& ids) {
    const int version = userVersion(m_db);
    refuseForeign(m_db, m_path, version, SchemaVersion);  // checked again: cheap, and local
    migrateSchema(m_db, version, SchemaVersion, clock, ids);
}

void KioskDatabase::createAtVersion(const std::filesystem::path& path, int version, const Clock& clock, IdSource& ids) {
    if (version < 1 || version > SchemaVersion)
        throw StorageError("kiosk database: no schema version " + std::to_string(version));
    SQLite::Database db = openConnection(path);
    try {
        if (userVersion(db) != 0) throw StorageError("kiosk database " + path.string() + ": not a new file");
        migrateSchema(db, 0, version, clock, ids);
    } catch (const SQLite::Exception& e) {
        throw StorageError(describe(path, "cannot create it at version " + std::to_string(version), e));
    }
}

std::string KioskDatabase::integrityCheck() {
    try {
        // One row "ok" when healthy, otherwise one row per problem found.
        SQLite::Statement q(m_db, "PRAGMA integrity_check");
        std::string result;
        while (q.executeStep()) {
            if (!result.empty()) result += '\n';
            result += q.getColumn(0).getString();
        }
        return result;
    } catch (const SQLite::Exception& e) {
        throw StorageError(describe(m_path, "cannot check its integrity", e));
    }
}

// [SECTION] Settings and questionnaires

std::optional<std::string> KioskDatabase::meta(const std::string& key) const {
    return guarded(*this, "cannot read " + key, [&]() -> std::optional<std::string> {
        SQLite::Statement q(m_db, "SELECT value FROM meta WHERE key = ?");
        q.bind(1, key);
        if (!q.executeStep()) return std::nullopt;
        return q.getColumn(0).getString();
    });
}

void KioskDatabase::setMeta(const std::string& key, const std::string& value) {
    guarded(*this, "cannot save " + key, [&] {
        SQLite::Statement q(m_db, "INSERT INTO meta (key, value) VALUES (?, ?) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        q.bind(1, key);
        q.bind(2, value);
        q.exec();
    });
}

std::optional<std::string> KioskDatabase::setting(const std::string& key) const {
    try {
        SQLite::Statement q(m_db, "SELECT value FROM settings WHERE key = ?");
        q.bind(1, key);
        if (!q.executeStep()) return std::nullopt;
        return q.getColumn(0).getString();
    } catch (const SQLite::Exception& e) {
        throw StorageError(describe(m_path, "cannot read setting " + key, e));
    }
}

void KioskDatabase::setSetting(const std::string& key, const std::string& value) {
    try {
        SQLite::Statement q(m_db, "INSERT INTO settings (key, value) VALUES (?, ?) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        q.bind(1, key);
        q.bind(2, value);
        q.exec();  // a single statement is its own transaction
    } catch (const SQLite::Exception& e) {
        throw StorageError(describe(m_path, "cannot save setting " + key, e));
    }
}

void KioskDatabase::rememberQuestionnaire(const std::string& id, int version, const std::string& source,
                                          std::int64_t nowUtcMs) {
    try {
        SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement find(m_db, "SELECT source FROM questionnaires WHERE id = ? AND version = ?");
        find.bind(1, id);
        find.bind(2, version);
        if (find.executeStep()) {
            // Two different texts under one version would make old responses ambiguous.
            if (find.getColumn(0).getString() != source)
                throw StorageError("questionnaire " + id + " version " + std::to_string(version) +
                                   " is already stored with different content; raise its version");
            SQLite::Statement touch(m_db, "UPDATE questionnaires SET last_activated_utc_ms = ?, activation = "
                                          "(SELECT max(activation) + 1 FROM questionnaires) "
                                          "WHERE id = ? AND version = ?");
            touch.bind(1, nowUtcMs);
            touch.bind(2, id);
            touch.bind(3, version);
            touch.exec();
        } else {
            SQLite::Statement add(m_db, "INSERT INTO questionnaires "
                                        "(id, version, source, first_seen_utc_ms, last_activated_utc_ms, activation) "
                                        "VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(activation), 0) + 1 "
                                        "FROM questionnaires))");
            add.bind(1, id);
            add.bind(2, version);
            add.bind(3, source);
            add.bind(4, nowUtcMs);
            add.bind(5, nowUtcMs);
            add.exec();
        }
        tx.commit();
    } catch (const SQLite::Exception& e) {
        throw StorageError(describe(m_path, "cannot remember questionnaire " + id, e));
    }
}

std::optional<std::string> KioskDatabase::questionnaireSource(const std::string& id, int version) const {
    try {
        SQLite::Statement q(m_db, "SELECT source FROM questionnaires WHERE id = ? AND version = ?");
        q.bind(1, id);
        q.bind(2, version);
        if (!q.executeStep()) return std::nullopt;
        return q.getColumn(0).getString();
    } catch (const SQLite::Exception& e) {
        throw StorageError(describe(m_path, "cannot read questionnaire " + id, e));
    }
}

std::optional<std::string> KioskDatabase::lastGoodQuestionnaire() const {
    try {
        SQLite::Statement q(m_db, "SELECT source FROM questionnaires ORDER BY activation DESC LIMIT 1");
        if (!q.executeStep()) return std::nullopt;
        return q.getColumn(0).getString();
    } catch (const SQLite::Exception& e) {
        throw StorageError(describe(m_path, "cannot read the last questionnaire", e));
    }
}

// [SECTION] Raw statements

RawStatement::RawStatement(KioskDatabase& db, const char* sql) : m_db(db.db().getHandle()) {
    const int rc = sqlite3_prepare_v2(m_db, sql, -1, &m_stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(m_stmt);
        throw SQLite::Exception(m_db, rc);
    }
}

RawStatement::~RawStatement() { sqlite3_finalize(m_stmt); }

void RawStatement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK) throw SQLite::Exception(m_db, rc);
}

bool RawStatement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw SQLite::Exception(m_db, rc);
}

std::int64_t RawStatement::integer(int column) const { return sqlite3_column_int64(m_stmt, column); }

bool RawStatement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

std::string_view RawStatement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string_view();
}

}  // namespace hailong::core
