#include "sqlite_hq_schema.h"

#include "batch/batch_format.h"
#include "hq/batch_ledger.h"
#include "hq/hq_comments.h"
#include "hq/hq_tally.h"
#include "hq/sqlite_hq_store.h"
#include "survey/response_store.h"  // StorageError

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace hailong::core::hq_sqlite {

namespace {

// Version 1 (a development version, never released) kept every response as rows; version 2
// keeps the batch files themselves and pre-aggregated tallies.
constexpr const char* SchemaV2 = R"sql(
-- Kiosks headquarters trusts: their public key and the unit they belong to.
CREATE TABLE kiosks (
    kiosk_id      TEXT PRIMARY KEY NOT NULL,
    public_key    TEXT NOT NULL,
    unit_code     TEXT NOT NULL,
    unit_name     TEXT NOT NULL,
    unit_level    TEXT NOT NULL,
    counter       TEXT NOT NULL,
    trusted_utc_ms INTEGER NOT NULL
) WITHOUT ROWID;
-- Batches imported, one row per (kiosk, number); a copy of the same batch is not stored twice.
-- A response is known by its kiosk and sequence number: the ranges seq_first..seq_last of a
-- kiosk's batches are what headquarters has received; new_responses were new when imported.
CREATE TABLE batches (
    kiosk_id        TEXT NOT NULL REFERENCES kiosks (kiosk_id),
    number          INTEGER NOT NULL,
    digest          TEXT NOT NULL,
    previous_digest TEXT NOT NULL,
    seq_first       INTEGER NOT NULL,
    seq_last        INTEGER NOT NULL,
    new_responses   INTEGER NOT NULL,
    export_utc_ms   INTEGER NOT NULL,
    clock_ahead     INTEGER NOT NULL,
    file_name       TEXT NOT NULL,
    imported_utc_ms INTEGER NOT NULL,
    PRIMARY KEY (kiosk_id, number, digest)   -- forks (same number, other content) too
) WITHOUT ROWID;
-- The signed files themselves: every response, as the kiosk wrote it (hailong-batch/1).
CREATE TABLE batch_files (
    kiosk_id TEXT NOT NULL,
    number   INTEGER NOT NULL,
    digest   TEXT NOT NULL,
    bytes    BLOB NOT NULL,
    UNIQUE (kiosk_id, number, digest)
);
-- What responses were given under: numbered once, referred to by the tallies.
CREATE TABLE contexts (
    id                    INTEGER PRIMARY KEY,
    unit_code             TEXT NOT NULL,
    unit_name             TEXT NOT NULL,
    unit_level            TEXT NOT NULL,
    counter               TEXT NOT NULL,
    officer_id            TEXT NOT NULL,
    procedure_code        TEXT NOT NULL,
    questionnaire_id      TEXT NOT NULL,
    questionnaire_version INTEGER NOT NULL,
    UNIQUE (unit_code, unit_name, unit_level, counter, officer_id, procedure_code, questionnaire_id,
            questionnaire_version)
);
-- Pre-aggregated counts (hq_tally.h): n responses or answers. Per month and context; per local
-- day and the unit's context only (officer and procedure left empty).
CREATE TABLE tallies_day (
    day      INTEGER NOT NULL,   -- local date, days since 1970-01-01
    context  INTEGER NOT NULL,
    question TEXT NOT NULL,
    scale    TEXT NOT NULL,
    value    TEXT NOT NULL,
    flags    INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    dossiers INTEGER NOT NULL,   -- of n, linked to a dossier
    PRIMARY KEY (day, context, question, scale, value, flags)
) WITHOUT ROWID;
CREATE TABLE tallies_month (
    month    INTEGER NOT NULL,   -- year * 12 + month - 1
    context  INTEGER NOT NULL,
    question TEXT NOT NULL,
    scale    TEXT NOT NULL,
    value    TEXT NOT NULL,
    flags    INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    dossiers INTEGER NOT NULL,   -- of n, linked to a dossier
    PRIMARY KEY (month, context, question, scale, value, flags)
) WITHOUT ROWID;
-- What headquarters learnt of a response after its batch: replaced by a later rating of its
-- dossier, or flagged as misuse later. applied = 0 while its batch has not arrived yet.
CREATE TABLE marks (
    kiosk_id     TEXT NOT NULL,
    uuid         TEXT NOT NULL,
    superseded   INTEGER NOT NULL,
    misuse_flags INTEGER NOT NULL,
    applied      INTEGER NOT NULL,
    PRIMARY KEY (kiosk_id, uuid)
) WITHOUT ROWID;
CREATE TABLE questionnaires (
    id      TEXT NOT NULL,
    version INTEGER NOT NULL,
    source  TEXT NOT NULL,
    PRIMARY KEY (id, version)
) WITHOUT ROWID;
CREATE TABLE audit (
    kiosk_id       TEXT NOT NULL,
    id             INTEGER NOT NULL,
    utc_ms         INTEGER NOT NULL,
    utc_offset_min INTEGER NOT NULL,
    mono_ms        INTEGER NOT NULL,
    boot_id        TEXT NOT NULL,
    event          TEXT NOT NULL,
    detail         TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, id)
) WITHOUT ROWID;
-- Files refused at import, with why: reports list them.
CREATE TABLE refused_files (
    file_name TEXT NOT NULL,
    reason    TEXT NOT NULL,
    utc_ms    INTEGER NOT NULL,   -- the last time it was refused
    PRIMARY KEY (file_name, reason)
) WITHOUT ROWID;
PRAGMA user_version = 2;
)sql";

// Version 3 adds the unit registry (issue 16): the rows imported with `hq units import`.
constexpr const char* SchemaV3 = R"sql(
CREATE TABLE units (
    code       TEXT NOT NULL,
    name_vi    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    level      TEXT NOT NULL,      -- central | province | district | commune
    parent     TEXT NOT NULL,      -- a code, '' none
    valid_from INTEGER NOT NULL,   -- days since 1970-01-01, inclusive; -2147483648: always
    valid_to   INTEGER NOT NULL,   -- inclusive; 2147483647: open-ended
    successor  TEXT NOT NULL,
    file       TEXT NOT NULL,      -- the file it was imported from, and its line
    line       INTEGER NOT NULL,
    PRIMARY KEY (code, valid_from)
) WITHOUT ROWID;
-- The month tallies again per unit only (the context without officer and procedure, as the day
-- tallies): a report by unit, province or level over 10 million responses of 3,321 communes
-- reads a few hundred thousand rows instead of millions.
CREATE TABLE tallies_unit_month (
    month    INTEGER NOT NULL,
    context  INTEGER NOT NULL,   -- a unit context: officer_id and procedure_code empty
    question TEXT NOT NULL,
    scale    TEXT NOT NULL,
    value    TEXT NOT NULL,
    flags    INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    dossiers INTEGER NOT NULL,
    PRIMARY KEY (month, context, question, scale, value, flags)
) WITHOUT ROWID;
-- Made from the month tallies of a version 2 store (every context there has its unit context).
INSERT INTO tallies_unit_month
    SELECT t.month, u.id, t.question, t.scale, t.value, t.flags, sum(t.n), sum(t.dossiers)
    FROM tallies_month t JOIN contexts c ON c.id = t.context
    JOIN contexts u ON u.unit_code = c.unit_code AND u.unit_name = c.unit_name AND u.unit_level = c.unit_level
        AND u.counter = c.counter AND u.officer_id = '' AND u.procedure_code = ''
        AND u.questionnaire_id = c.questionnaire_id AND u.questionnaire_version = c.questionnaire_version
    GROUP BY 1, 2, 3, 4, 5, 6;
PRAGMA user_version = 3;
)sql";

/// Whether a version 3 store holds batches that the rule of version 4 holds apart.
bool anyConflict(SQLite::Database& db) {
    std::map<std::string, std::vector<LedgerEntry>> byKiosk;
    SQLite::Statement q(db, "SELECT kiosk_id, number, digest, previous_digest, seq_first, seq_last FROM batches");
    while (q.executeStep())
        byKiosk[q.getColumn(0).getString()].push_back(LedgerEntry{q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                                                                  q.getColumn(3).getString(), q.getColumn(4).getInt64(),
                                                                  q.getColumn(5).getInt64(), BatchDecision::None});
    for (const auto& [kiosk, batches] : byKiosk)
        for (const LedgerStatus& s : ledgerStatus(batches))
            if (s.conflicts != 0) return true;
    return false;
}

/// The program of each kiosk's latest batch (as kiosks() picks it), read from its stored file:
/// for a store migrated to version 5. A batch stored without its file, or whose file no longer
/// reads, keeps ''.
void backfillProgram(SQLite::Database& db) {
    std::vector<std::tuple<std::string, std::int64_t, std::string, std::string>> found;
    {
        SQLite::Statement q(db, "SELECT l.kiosk_id, l.number, l.digest, l.file_name, f.bytes FROM (SELECT kiosk_id, "
                                "number, digest, file_name, row_number() OVER (PARTITION BY kiosk_id ORDER BY "
                                "number DESC, imported_utc_ms DESC, digest DESC) AS r FROM batches) l "
                                "JOIN batch_files f USING (kiosk_id, number, digest) WHERE l.r = 1");
        while (q.executeStep()) {
            const SQLite::Column bytes = q.getColumn(4);
            const auto batch = readBatch(
                std::string_view(static_cast<const char*>(bytes.getBlob()), static_cast<std::size_t>(bytes.getBytes())),
                q.getColumn(3).getString());
            if (batch && !batch->header.program.empty())
                found.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                                   batch->header.program);
        }
    }
    SQLite::Statement update(db, "UPDATE batches SET program = ? WHERE kiosk_id = ? AND number = ? AND digest = ?");
    for (const auto& [kiosk, number, digest, program] : found) {
        update.bind(1, program);
        update.bind(2, kiosk);
        update.bind(3, number);
        update.bind(4, digest);
        update.exec();
        update.reset();
    }
}

}  // namespace

const char* const SchemaV4 = R"sql(
-- new_responses now holds every response of the batch (each batch is tallied whole: counted
-- batches never share a sequence number); counted = 0: held apart or set aside (out of the
-- figures, flag Held in the tallies); conflicts: fork 1, overlapping range 2, chain break 4.
ALTER TABLE batches ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
ALTER TABLE batches ADD COLUMN conflicts INTEGER NOT NULL DEFAULT 0;
-- Analysts' decisions on batches in conflict: count, or set-aside.
CREATE TABLE decisions (
    kiosk_id TEXT NOT NULL,
    number   INTEGER NOT NULL,
    digest   TEXT NOT NULL,
    decision TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, number, digest)
) WITHOUT ROWID;
-- Headquarters' own audit log: who did what, when.
CREATE TABLE hq_audit (
    id     INTEGER PRIMARY KEY,
    utc_ms INTEGER NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX batches_by_seq ON batches (kiosk_id, seq_first);
PRAGMA user_version = 4;
)sql";

const char* const SchemaV5 = R"sql(
-- The accounts of headquarters in the browser (hq_store.h: HqAccount).
CREATE TABLE hq_accounts (
    name                    TEXT PRIMARY KEY NOT NULL,
    role                    TEXT NOT NULL,      -- admin | analyst | viewer
    unit                    TEXT NOT NULL,      -- a registry code, '' the whole country
    password_hash           TEXT NOT NULL,      -- argon2id, crypto_pwhash_str's format
    display_name            TEXT NOT NULL,
    created_utc_ms          INTEGER NOT NULL,
    password_changed_utc_ms INTEGER NOT NULL,
    disabled                INTEGER NOT NULL
) WITHOUT ROWID;
-- What dataVersion() reads (one row): version goes up in the transaction of every write that
-- may change a report; store is random, made with the row, so that a store made again from
-- nothing never repeats the versions of the one it replaced.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    store   TEXT NOT NULL,
    version INTEGER NOT NULL
);
INSERT INTO data_version VALUES (1, lower(hex(randomblob(8))), 0);
-- The program that wrote each batch (BatchHeader::program; '' unknown): kiosks() shows that of
-- a kiosk's latest batch. A store of version 4 learns it from its kiosks' latest stored files
-- (backfillProgram); its older batches keep ''.
ALTER TABLE batches ADD COLUMN program TEXT NOT NULL DEFAULT '';
PRAGMA user_version = 5;
)sql";

const char* const SchemaV6 = R"sql(
-- The packages headquarters made for kiosks (batch/package.h; hq_store.h: PackageRecord): the
-- serial is one above the greatest here, taken in the transaction that records it.
CREATE TABLE hq_packages (
    serial      INTEGER PRIMARY KEY NOT NULL,
    target      TEXT NOT NULL,      -- "unit CA-NA" or "kiosk <id>"
    made_utc_ms INTEGER NOT NULL,
    file_name   TEXT NOT NULL,
    digest      TEXT NOT NULL,      -- blake2b-256 of the file's content, hex
    carried     TEXT NOT NULL       -- what it carried, for people
);
PRAGMA user_version = 6;
)sql";

const char* const SchemaV7 = R"sql(
-- Citizens' comments (issue 19): one row per response with a comment, however often its batch
-- is imported; text NULL while it is sealed (a hailong-batch/2 batch imported without
-- headquarters' key). day: the local date of the rating (hq_tally.h: localDay).
CREATE TABLE comments (
    kiosk_id       TEXT NOT NULL,
    uuid           TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    unit_code      TEXT NOT NULL,
    unit_name      TEXT NOT NULL,
    counter        TEXT NOT NULL,
    started_utc_ms INTEGER NOT NULL,
    utc_offset_min INTEGER NOT NULL,
    day            INTEGER NOT NULL,
    main_answer    TEXT NOT NULL,
    text           TEXT,
    PRIMARY KEY (kiosk_id, uuid)
) WITHOUT ROWID;
CREATE INDEX comments_by_day ON comments (day, started_utc_ms);
PRAGMA user_version = 7;
)sql";

const char* const SchemaV8 = R"sql(
-- Comments found by unit, then day (issue 19). A file's comments are one kiosk's: one unit and a
-- few days, so an import now writes them side by side in this index. The index by day alone put
-- each at a random place among every kiosk's comments of those days, a page copied into the
-- file's savepoint for each (0.6 s of a 1,000,000-response import with 100,000 comments).
DROP INDEX IF EXISTS comments_by_day;
CREATE INDEX comments_by_unit ON comments (unit_code, day, started_utc_ms);
PRAGMA user_version = 8;
)sql";

void backfillComments(SQLite::Database& db) {
    SQLite::Statement files(db, "SELECT f.bytes, b.file_name FROM batch_files f JOIN batches b "
                                "USING (kiosk_id, number, digest) ORDER BY f.rowid");
    SQLite::Statement add(db, "INSERT OR IGNORE INTO comments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    while (files.executeStep()) {
        const SQLite::Column bytes = files.getColumn(0);
        const auto batch = readBatch(
            std::string_view(static_cast<const char*>(bytes.getBlob()), static_cast<std::size_t>(bytes.getBytes())),
            files.getColumn(1).getString());
        if (!batch) continue;  // a file that no longer reads keeps its tallies, gives no comments
        for (const HqComment& c : commentsOf(*batch)) {
            bindCommentRow(add, c);
            add.exec();
            add.reset();
        }
    }
}

SQLite::Database open(const std::filesystem::path& path, bool& rebuild) {
    rebuild = false;
    try {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, 5000);
        db.execAndGet("PRAGMA journal_mode=WAL");
        // NORMAL: a crash keeps the store consistent (each file is one transaction) and may
        // lose the last files imported, which importing again brings back; sync() makes an
        // import durable once, at its end, instead of once a file.
        db.exec("PRAGMA synchronous=NORMAL");
        db.exec("PRAGMA cache_size=-65536");
        db.exec("PRAGMA temp_store=MEMORY");
        const int version = db.execAndGet("PRAGMA user_version").getInt();
        if (version > SqliteHqStore::SchemaVersion)
            throw StorageError("headquarters database " + path.string() + ": schema version " +
                               std::to_string(version) + " is newer than this program supports; upgrade the program");
        if (version == 1)
            throw StorageError(
                "headquarters database " + path.string() +
                " was made by a development version (schema 1): import the batch files again into a new file");
        if (version == 0 && db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() != 0)
            throw StorageError("headquarters database " + path.string() +
                               ": the file is an SQLite database of another program");
        if (version < SqliteHqStore::SchemaVersion) {  // made, or migrated in place
            SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
            if (version == 0) db.exec(SchemaV2);
            if (version < 3) db.exec(SchemaV3);
            rebuild = version == 3 && anyConflict(db);
            if (!rebuild) {
                if (version < 4) db.exec(SchemaV4);
                if (version < 5) {
                    db.exec(SchemaV5);
                    if (version >= 3) backfillProgram(db);
                }
                if (version < 6) db.exec(SchemaV6);
                if (version < 7) {
                    db.exec(SchemaV7);
                    if (version >= 2) backfillComments(db);
                }
                if (version < 8) db.exec(SchemaV8);
            }
            tx.commit();
        }
        return db;
    } catch (const SQLite::Exception& e) {
        throw StorageError("headquarters database " + path.string() + ": " + e.what());
    }
}

}  // namespace hailong::core::hq_sqlite
