#include "hq/sqlite_hq_store.h"

#include "base/clock.h"
#include "batch/batch_format.h"
#include "survey/audit_entry.h"
#include "survey/response_store.h"  // StorageError

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <map>
#include <optional>

namespace hailong::core {

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

SQLite::Database open(const std::filesystem::path& path) {
    try {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, 5000);
        db.execAndGet("PRAGMA journal_mode=WAL");
        // NORMAL: a crash keeps the store consistent (each file is one transaction) and may
        // lose the last files imported, which importing again brings back; sync() makes an
        // import durable once, at its end, instead of once a file.
        db.exec("PRAGMA synchronous=NORMAL");
        db.exec("PRAGMA cache_size=-65536");
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
            db.exec(SchemaV3);
            tx.commit();
        }
        return db;
    } catch (const SQLite::Exception& e) {
        throw StorageError("headquarters database " + path.string() + ": " + e.what());
    }
}

}  // namespace

template <class F>
auto SqliteHqStore::guard(const std::string& what, F&& f) const -> decltype(f()) {
    try {
        return f();
    } catch (const SQLite::Exception& e) {
        throw StorageError("headquarters database " + m_path.string() + ": " + what + ": " + e.what());
    }
}

SQLite::Statement& SqliteHqStore::reused(const char* sql) {
    auto& q = m_statements[sql];
    if (!q) q = std::make_unique<SQLite::Statement>(m_db, sql);
    q->tryReset();  // whatever its last user left
    return *q;
}

SqliteHqStore::SqliteHqStore(const std::filesystem::path& path, std::chrono::milliseconds groupFor)
    : m_path(path), m_db(open(path)), m_groupFor(groupFor) {}

void SqliteHqStore::trust(const KioskKeyFile& key, std::int64_t nowUtcMs) {
    guard("cannot register kiosk " + key.kioskId, [&] {
        SQLite::Statement q(m_db,
                            "INSERT INTO kiosks VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kiosk_id) DO UPDATE SET "
                            "public_key = excluded.public_key, unit_code = excluded.unit_code, unit_name = "
                            "excluded.unit_name, unit_level = excluded.unit_level, counter = excluded.counter, "
                            "trusted_utc_ms = excluded.trusted_utc_ms");
        q.bind(1, key.kioskId);
        q.bind(2, key.publicKeyHex);
        q.bind(3, key.unit.code);
        q.bind(4, key.unit.name);
        q.bind(5, key.unit.level);
        q.bind(6, key.unit.counter);
        q.bind(7, nowUtcMs);
        q.exec();
    });
}

std::optional<TrustedKiosk> SqliteHqStore::kiosk(const std::string& kioskId) const {
    return guard("cannot read kiosk " + kioskId, [&]() -> std::optional<TrustedKiosk> {
        SQLite::Statement q(m_db, "SELECT public_key, unit_code, unit_name, unit_level, counter, trusted_utc_ms "
                                  "FROM kiosks WHERE kiosk_id = ?");
        q.bind(1, kioskId);
        if (!q.executeStep()) return std::nullopt;
        return TrustedKiosk{kioskId, q.getColumn(0).getString(),
                            UnitInfo{q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                                     q.getColumn(4).getString()},
                            q.getColumn(5).getInt64()};
    });
}

std::vector<KioskStatus> SqliteHqStore::kiosks() const {
    return guard("cannot list the kiosks", [&] {
        std::vector<KioskStatus> out;
        SQLite::Statement q(m_db, "SELECT k.kiosk_id, k.public_key, k.unit_code, k.unit_name, k.unit_level, k.counter, "
                                  "k.trusted_utc_ms, count(DISTINCT b.number), coalesce(max(b.number), 0), "
                                  "coalesce(max(b.seq_last), 0), coalesce(max(b.export_utc_ms), 0) "
                                  "FROM kiosks k LEFT JOIN batches b ON b.kiosk_id = k.kiosk_id "
                                  "GROUP BY k.kiosk_id ORDER BY k.unit_code, k.kiosk_id");
        SQLite::Statement numbers(m_db, "SELECT DISTINCT number FROM batches WHERE kiosk_id = ? ORDER BY number");
        SQLite::Statement count(m_db, "SELECT coalesce(sum(new_responses), 0) FROM batches WHERE kiosk_id = ?");
        while (q.executeStep()) {
            KioskStatus s;
            s.kiosk = TrustedKiosk{q.getColumn(0).getString(), q.getColumn(1).getString(),
                                   UnitInfo{q.getColumn(2).getString(), q.getColumn(3).getString(),
                                            q.getColumn(4).getString(), q.getColumn(5).getString()},
                                   q.getColumn(6).getInt64()};
            s.batches = q.getColumn(7).getInt64();
            s.lastBatch = q.getColumn(8).getInt64();
            s.lastSeq = q.getColumn(9).getInt64();
            s.lastContactUtcMs = q.getColumn(10).getInt64();
            numbers.bind(1, s.kiosk.kioskId);
            std::int64_t expected = 1;
            while (numbers.executeStep()) {
                const std::int64_t n = numbers.getColumn(0).getInt64();
                for (; expected < n; ++expected) s.missing.push_back(expected);
                expected = n + 1;
            }
            numbers.reset();
            count.bind(1, s.kiosk.kioskId);
            count.executeStep();
            s.responses = count.getColumn(0).getInt64();
            count.reset();
            out.push_back(std::move(s));
        }
        return out;
    });
}

std::int64_t SqliteHqStore::responseCount() const {
    return guard("cannot count the responses",
                 [&] { return m_db.execAndGet("SELECT coalesce(sum(new_responses), 0) FROM batches").getInt64(); });
}

std::vector<UnitRow> SqliteHqStore::importedUnits() const {
    return guard("cannot read the unit registry", [&] {
        std::vector<UnitRow> out;
        SQLite::Statement q(m_db, "SELECT code, name_vi, name_en, level, parent, valid_from, valid_to, successor, "
                                  "file, line FROM units ORDER BY file, line, code");
        while (q.executeStep()) {
            UnitRow r;
            r.code = q.getColumn(0).getString();
            r.nameVi = q.getColumn(1).getString();
            r.nameEn = q.getColumn(2).getString();
            r.level = q.getColumn(3).getString();
            r.parent = q.getColumn(4).getString();
            r.validFrom = q.getColumn(5).getInt64();
            r.validTo = q.getColumn(6).getInt64();
            r.successor = q.getColumn(7).getString();
            r.file = q.getColumn(8).getString();
            r.line = q.getColumn(9).getInt();
            out.push_back(std::move(r));
        }
        return out;
    });
}

void SqliteHqStore::replaceImportedUnits(const std::vector<UnitRow>& rows) {
    guard("cannot store the unit registry", [&] {
        const bool own = !m_group;
        std::optional<SQLite::Transaction> tx;
        if (own) tx.emplace(m_db, SQLite::TransactionBehavior::IMMEDIATE);
        m_db.exec("DELETE FROM units");
        SQLite::Statement q(m_db, "INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const UnitRow& r : rows) {
            int i = 0;
            q.bind(++i, r.code);
            q.bind(++i, r.nameVi);
            q.bind(++i, r.nameEn);
            q.bind(++i, r.level);
            q.bind(++i, r.parent);
            q.bind(++i, r.validFrom);
            q.bind(++i, r.validTo);
            q.bind(++i, r.successor);
            q.bind(++i, r.file);
            q.bind(++i, r.line);
            q.exec();
            q.reset();
        }
        if (tx) tx->commit();
    });
}

std::vector<std::pair<std::int64_t, TallyContext>> SqliteHqStore::tallyContexts(bool unitsOnly) const {
    return guard("cannot read the contexts", [&] {
        std::vector<std::pair<std::int64_t, TallyContext>> out;
        SQLite::Statement q(m_db, unitsOnly ? "SELECT id, unit_code, unit_name, unit_level, counter, officer_id, "
                                              "procedure_code, questionnaire_id, questionnaire_version FROM contexts "
                                              "WHERE officer_id = '' AND procedure_code = '' ORDER BY id"
                                            : "SELECT id, unit_code, unit_name, unit_level, counter, officer_id, "
                                              "procedure_code, questionnaire_id, questionnaire_version FROM contexts "
                                              "ORDER BY id");
        while (q.executeStep())
            out.emplace_back(q.getColumn(0).getInt64(),
                             TallyContext{q.getColumn(1).getString(), q.getColumn(2).getString(),
                                          q.getColumn(3).getString(), q.getColumn(4).getString(),
                                          q.getColumn(5).getString(), q.getColumn(6).getString(),
                                          q.getColumn(7).getString(), q.getColumn(8).getInt()});
        return out;
    });
}

void SqliteHqStore::forEachTally(TallyPeriod period, std::int64_t from, std::int64_t to,
                                 const std::function<void(const TallyRowView&)>& row) const {
    guard("cannot read the tallies", [&] {
        SQLite::Statement q(
            m_db, period == TallyPeriod::Day ? "SELECT day, context, question, scale, value, flags, n, dossiers "
                                               "FROM tallies_day WHERE day BETWEEN ? AND ?"
                  : period == TallyPeriod::Month
                      ? "SELECT month, context, question, scale, value, flags, n, dossiers FROM tallies_month "
                        "WHERE month BETWEEN ? AND ?"
                      : "SELECT month, context, question, scale, value, flags, n, dossiers FROM tallies_unit_month "
                        "WHERE month BETWEEN ? AND ?");
        q.bind(1, from);
        q.bind(2, to);
        TallyRowView v;
        const auto text = [&](int i) {
            const SQLite::Column c = q.getColumn(i);
            return std::string_view(c.getText(), static_cast<std::size_t>(c.getBytes()));
        };
        while (q.executeStep()) {
            v.period = q.getColumn(0).getInt64();
            v.context = q.getColumn(1).getInt64();
            v.question = text(2);
            v.scale = text(3);
            v.value = text(4);
            v.flags = q.getColumn(5).getInt();
            v.n = q.getColumn(6).getInt64();
            v.dossiers = q.getColumn(7).getInt64();
            row(v);
        }
    });
}

void SqliteHqStore::beginImport() {
    guard("cannot start the import", [&] {
        if (m_group) return;
        m_db.exec("BEGIN IMMEDIATE");
        m_group = true;
        m_groupSince = std::chrono::steady_clock::now();
    });
}

void SqliteHqStore::sync() {
    guard("cannot write the imported batches to disk", [&] {
        for (auto& [sql, q] : m_statements) q->tryReset();  // none left reading
        if (m_group) {
            m_group = false;
            m_db.exec("COMMIT");
        }
        m_db.execAndGet("PRAGMA wal_checkpoint(FULL)");
    });
}

void SqliteHqStore::recordRefused(const RefusedFile& file) {
    guard("cannot record the refused file " + file.fileName, [&] {
        SQLite::Statement q(
            m_db, "INSERT INTO refused_files VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET utc_ms = excluded.utc_ms");
        q.bind(1, file.fileName);
        q.bind(2, file.reason);
        q.bind(3, file.utcMs);
        q.exec();
    });
}

std::vector<RefusedFile> SqliteHqStore::refusedFiles() const {
    return guard("cannot list the refused files", [&] {
        std::vector<RefusedFile> out;
        SQLite::Statement q(m_db, "SELECT file_name, reason, utc_ms FROM refused_files ORDER BY file_name, reason");
        while (q.executeStep())
            out.push_back(
                RefusedFile{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64()});
        return out;
    });
}

std::int64_t SqliteHqStore::contextId(const TallyContext& c) {
    if (!m_contextsLoaded) {
        m_contextIds.clear();
        SQLite::Statement q(m_db, "SELECT id, unit_code, unit_name, unit_level, counter, officer_id, procedure_code, "
                                  "questionnaire_id, questionnaire_version FROM contexts");
        while (q.executeStep())
            m_contextIds[TallyContext{q.getColumn(1).getString(), q.getColumn(2).getString(),
                                      q.getColumn(3).getString(), q.getColumn(4).getString(),
                                      q.getColumn(5).getString(), q.getColumn(6).getString(),
                                      q.getColumn(7).getString(), q.getColumn(8).getInt()}] = q.getColumn(0).getInt64();
        m_contextsLoaded = true;
    }
    if (const auto it = m_contextIds.find(c); it != m_contextIds.end()) return it->second;
    SQLite::Statement add(m_db, "INSERT INTO contexts VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)");
    int i = 0;
    for (const std::string* field :
         {&c.unitCode, &c.unitName, &c.unitLevel, &c.counter, &c.officerId, &c.procedureCode, &c.questionnaireId})
        add.bind(++i, *field);
    add.bind(++i, c.questionnaireVersion);
    add.exec();
    return m_contextIds[c] = m_db.getLastInsertRowid();
}

void SqliteHqStore::addTallies(const std::vector<TallyContext>& contexts, const Tallies& tallies) {
    // Months keep the whole context; days only the unit's (no officer, no procedure): a day of a
    // kiosk has a few ratings of each, and a row a rating would cost as much as storing them.
    std::vector<std::int64_t> full, unit;
    full.reserve(contexts.size());
    unit.reserve(contexts.size());
    for (const TallyContext& c : contexts) {
        full.push_back(contextId(c));
        TallyContext u = c;
        u.officerId.clear();
        u.procedureCode.clear();
        unit.push_back(contextId(u));
    }
    Tallies days, months, unitMonths;  // context: the number in the contexts table
    for (const auto& [key, n] : tallies) {
        TallyKey d = key;
        d.context = static_cast<std::size_t>(unit.at(key.context));
        days[d] += n;
        TallyKey m = key;
        m.context = static_cast<std::size_t>(full.at(key.context));
        m.day = monthOfDay(key.day);
        months[m] += n;
        d.day = m.day;
        unitMonths[d] += n;
    }
    const auto upsert = [&](const char* sql, const Tallies& rows) {
        SQLite::Statement& q = reused(sql);
        for (const auto& [key, n] : rows) {
            if (n.n == 0 && n.dossiers == 0) continue;
            q.bind(1, key.day);
            q.bind(2, static_cast<std::int64_t>(key.context));
            q.bind(3, key.question);
            q.bind(4, key.scale);
            q.bind(5, key.value);
            q.bind(6, key.flags);
            q.bind(7, n.n);
            q.bind(8, n.dossiers);
            q.exec();
            q.reset();
        }
    };
    upsert("INSERT INTO tallies_day VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT DO UPDATE SET n = n + excluded.n, dossiers = dossiers + excluded.dossiers",
           days);
    upsert("INSERT INTO tallies_month VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT DO UPDATE SET n = n + excluded.n, dossiers = dossiers + excluded.dossiers",
           months);
    upsert("INSERT INTO tallies_unit_month VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT DO UPDATE SET n = n + excluded.n, dossiers = dossiers + excluded.dossiers",
           unitMonths);
}

void SqliteHqStore::applyMark(const std::string& kioskId, const std::string& uuid, const ResponseMark& change,
                              const PreparedBatch& current) {
    SQLite::Statement get(m_db, "SELECT superseded, misuse_flags, applied FROM marks WHERE kiosk_id = ? AND uuid = ?");
    get.bind(1, kioskId);
    get.bind(2, uuid);
    ResponseMark old;
    bool exists = false, applied = false;
    if (get.executeStep()) {
        exists = true;
        old.superseded = get.getColumn(0).getInt() != 0;
        old.misuseFlags = static_cast<std::uint32_t>(get.getColumn(1).getInt64());
        applied = get.getColumn(2).getInt() != 0;
    }
    const ResponseMark now{old.superseded || change.superseded, old.misuseFlags | change.misuseFlags};
    if (exists && now == old) return;

    // The response itself: in this batch, else in the kiosk's stored files, newest first.
    const auto adjust = [&](const Batch& batch, bool clockAhead) {
        for (const Response& r : batch.responses) {
            if (r.uuid != uuid) continue;
            BatchTally t(batch.header, clockAhead);
            if (!exists || applied) t.add(r, old, -1);
            t.add(r, now, +1);
            addTallies(t.contexts(), t.take());
            return true;
        }
        return false;
    };
    bool found = adjust(current.batch, current.clockAhead);
    if (!found) {
        SQLite::Statement files(m_db, "SELECT f.bytes, b.clock_ahead, b.file_name FROM batch_files f JOIN batches b "
                                      "USING (kiosk_id, number, digest) WHERE f.kiosk_id = ? ORDER BY f.number DESC");
        files.bind(1, kioskId);
        while (!found && files.executeStep()) {
            const SQLite::Column bytes = files.getColumn(0);
            const std::string_view file(static_cast<const char*>(bytes.getBlob()),
                                        static_cast<std::size_t>(bytes.getBytes()));
            const auto stored = readBatch(file, files.getColumn(2).getString());
            if (stored) found = adjust(*stored, files.getColumn(1).getInt() != 0);
        }
    }
    SQLite::Statement put(
        m_db, "INSERT INTO marks VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
              "superseded = excluded.superseded, misuse_flags = excluded.misuse_flags, applied = excluded.applied");
    put.bind(1, kioskId);
    put.bind(2, uuid);
    put.bind(3, now.superseded ? 1 : 0);
    put.bind(4, static_cast<std::int64_t>(now.misuseFlags));
    put.bind(5, found ? 1 : 0);
    put.exec();
}

ImportOutcome SqliteHqStore::importBatch(const PreparedBatch& p, std::int64_t nowUtcMs) {
    return guard("cannot import " + p.fileName, [&] {
        struct Done {  // no statement left reading after a file
            SqliteHqStore& store;
            ~Done() {
                for (auto& [sql, q] : store.m_statements) q->tryReset();
            }
        } done{*this};
        try {
            return importInTransaction(p, nowUtcMs);
        } catch (...) {
            m_contextsLoaded = false;  // contexts numbered in the rolled-back transaction are gone
            throw;
        }
    });
}

/// SAVEPOINT ... RELEASE, or ROLLBACK TO when left early (statements prepared once).
class SqliteHqStore::Savepoint {
public:
    explicit Savepoint(SqliteHqStore& store) : m_store(store) { m_store.reused("SAVEPOINT batch").exec(); }
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    ~Savepoint() {
        if (m_released) return;
        SQLite::Statement& back = m_store.reused("ROLLBACK TO batch");
        back.tryExecuteStep();
        SQLite::Statement& drop = m_store.reused("RELEASE batch");
        drop.tryExecuteStep();
    }
    void release() {
        m_store.reused("RELEASE batch").exec();
        m_released = true;
    }

private:
    SqliteHqStore& m_store;
    bool m_released = false;
};

ImportOutcome SqliteHqStore::importInTransaction(const PreparedBatch& p, std::int64_t nowUtcMs) {
    const Batch& batch = p.batch;
    const BatchHeader& h = batch.header;
    ImportOutcome out;
    // One file, all or nothing: its own transaction, or a savepoint inside an import's group.
    std::optional<SQLite::Transaction> tx;
    std::optional<Savepoint> savepoint;
    if (m_group) savepoint.emplace(*this);
    else tx.emplace(m_db, SQLite::TransactionBehavior::IMMEDIATE);
    const std::string n = std::to_string(h.number);
    {
        SQLite::Statement& same = reused("SELECT digest, file_name FROM batches WHERE kiosk_id = ? AND number = ?");
        same.bind(1, h.kioskId);
        same.bind(2, h.number);
        std::string other;
        while (same.executeStep()) {
            if (same.getColumn(0).getString() == batch.digestHex) {
                out.alreadyImported = true;
                out.knownResponses = h.responseCount;
                return out;  // a copy of a batch already imported: nothing to do
            }
            other = same.getColumn(1).getString();
        }
        if (!other.empty())
            out.notes.push_back("batch " + n + " of kiosk " + h.kioskId + " was imported before with other content (" +
                                other + "): a fork or a replay; its responses are counted once");
    }
    {  // the chain, both ways
        SQLite::Statement& neighbour = reused("SELECT number, digest, previous_digest, file_name FROM batches "
                                              "WHERE kiosk_id = ? AND number IN (?, ?)");
        neighbour.bind(1, h.kioskId);
        neighbour.bind(2, h.number - 1);
        neighbour.bind(3, h.number + 1);
        while (neighbour.executeStep()) {
            const std::int64_t other = neighbour.getColumn(0).getInt64();
            if (other == h.number - 1 && neighbour.getColumn(1).getString() != h.previousDigestHex)
                out.notes.push_back("chain broken: batch " + n + " does not follow batch " + std::to_string(other) +
                                    " (" + neighbour.getColumn(3).getString() + ")");
            if (other == h.number + 1 && neighbour.getColumn(2).getString() != batch.digestHex)
                out.notes.push_back("chain broken: batch " + std::to_string(other) + " (" +
                                    neighbour.getColumn(3).getString() + ") does not follow batch " + n);
        }
    }
    if (p.clockAhead)
        out.notes.push_back("the kiosk's clock was ahead at export (dated " + formatLocalIso(h.exportUtcMs, 0) +
                            "): its responses are marked clock-suspect");

    // Which responses are new: a response is known by its kiosk and sequence number, and the
    // batches already imported say which numbers arrived. Marks waiting for a response apply.
    std::vector<std::pair<std::int64_t, std::int64_t>> received;
    {
        SQLite::Statement& q = reused(
            "SELECT seq_first, seq_last FROM batches WHERE kiosk_id = ? AND seq_first <= ? AND seq_last >= ?");
        q.bind(1, h.kioskId);
        q.bind(2, h.seqLast);
        q.bind(3, h.seqFirst);
        while (q.executeStep()) received.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
    }
    std::map<std::string, ResponseMark> waiting;
    {
        SQLite::Statement& q = reused(
            "SELECT uuid, superseded, misuse_flags FROM marks WHERE kiosk_id = ? AND applied = 0");
        q.bind(1, h.kioskId);
        while (q.executeStep())
            waiting[q.getColumn(0).getString()] = ResponseMark{q.getColumn(1).getInt() != 0,
                                                               static_cast<std::uint32_t>(q.getColumn(2).getInt64())};
    }
    const auto known = [&](std::int64_t seq) {
        return std::any_of(received.begin(), received.end(),
                           [&](const auto& r) { return r.first <= seq && seq <= r.second; });
    };
    std::vector<const Response*> fresh;  // the new responses
    fresh.reserve(batch.responses.size());
    bool marked = false;
    for (const Response& r : batch.responses) {
        if (!received.empty() && known(r.seq)) continue;
        fresh.push_back(&r);
        marked = marked || (!waiting.empty() && waiting.count(r.uuid));
    }
    out.newResponses = static_cast<std::int64_t>(fresh.size());
    out.knownResponses = h.responseCount - out.newResponses;
    if (fresh.size() == batch.responses.size() && !marked) {  // the usual case: counted already
        out.clockSuspect = p.clockSuspect;
        addTallies(p.contexts, p.tallies);
    } else {
        BatchTally t(h, p.clockAhead);
        SQLite::Statement applied(m_db, "UPDATE marks SET applied = 1 WHERE kiosk_id = ? AND uuid = ?");
        for (const Response* r : fresh) {
            ResponseMark m{p.supersededWithin.count(r->uuid) > 0, 0};
            if (const auto w = waiting.find(r->uuid); w != waiting.end()) {
                m = ResponseMark{m.superseded || w->second.superseded, w->second.misuseFlags};
                applied.bind(1, h.kioskId);
                applied.bind(2, r->uuid);
                applied.exec();
                applied.reset();
            }
            t.add(*r, m, +1);
            out.clockSuspect += t.clockSuspect(*r);
        }
        addTallies(t.contexts(), t.take());
    }

    SQLite::Statement& addBatch = reused("INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int i = 0;
    addBatch.bind(++i, h.kioskId);
    addBatch.bind(++i, h.number);
    addBatch.bind(++i, batch.digestHex);
    addBatch.bind(++i, h.previousDigestHex);
    addBatch.bind(++i, h.seqFirst);
    addBatch.bind(++i, h.seqLast);
    addBatch.bind(++i, out.newResponses);
    addBatch.bind(++i, h.exportUtcMs);
    addBatch.bind(++i, p.clockAhead ? 1 : 0);
    addBatch.bind(++i, p.fileName);
    addBatch.bind(++i, nowUtcMs);
    addBatch.exec();
    if (!p.bytes.empty()) {
        SQLite::Statement& addFile = reused("INSERT INTO batch_files VALUES (?, ?, ?, ?)");
        addFile.bind(1, h.kioskId);
        addFile.bind(2, h.number);
        addFile.bind(3, batch.digestHex);
        addFile.bindNoCopy(4, p.bytes.data(), static_cast<int>(p.bytes.size()));
        addFile.exec();
    }

    // Ratings replaced by a later rating of the same dossier: in this batch (counted so
    // above; remembered for later marks), or in an earlier one (its tallies move now).
    if (!p.supersededWithin.empty()) {
        SQLite::Statement within(m_db, "INSERT OR IGNORE INTO marks VALUES (?, ?, 1, 0, 1)");
        for (const Response* r : fresh) {
            if (!p.supersededWithin.count(r->uuid)) continue;
            within.bind(1, h.kioskId);
            within.bind(2, r->uuid);
            within.exec();
            within.reset();
        }
    }
    for (const Response* r : fresh)
        if (!r->supersedesUuid.empty() && !p.supersededWithin.count(r->supersedesUuid))
            applyMark(h.kioskId, r->supersedesUuid, ResponseMark{true, 0}, p);

    SQLite::Statement& addAudit = reused("INSERT OR IGNORE INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const AuditEntry& e : batch.audit) {
        addAudit.bind(1, h.kioskId);
        addAudit.bind(2, e.id);
        addAudit.bind(3, e.utcMs);
        addAudit.bind(4, e.utcOffsetMinutes);
        addAudit.bind(5, e.monoMs);
        addAudit.bind(6, e.bootId);
        addAudit.bind(7, e.event);
        addAudit.bind(8, e.detail);
        const bool added = addAudit.exec() == 1;
        addAudit.reset();
        if (added && e.event == audit::MisuseFlagAdded) {  // "uuid=<uuid> flags=<bits>"
            const auto u = e.detail.find("uuid="), f = e.detail.find(" flags=");
            const std::string bits = f == std::string::npos ? "" : e.detail.substr(f + 7);
            if (u == 0 && !bits.empty() && bits.size() <= 10 &&
                bits.find_first_not_of("0123456789") == std::string::npos)
                applyMark(h.kioskId, e.detail.substr(5, f - 5),
                          ResponseMark{false, static_cast<std::uint32_t>(std::stoull(bits))}, p);
        }
    }
    SQLite::Statement& addQuestionnaire = reused("INSERT OR IGNORE INTO questionnaires VALUES (?, ?, ?)");
    for (const QuestionnaireDef& q : h.questionnaires) {
        addQuestionnaire.bind(1, q.id);
        addQuestionnaire.bind(2, q.version);
        addQuestionnaire.bind(3, q.source);
        addQuestionnaire.exec();
        addQuestionnaire.reset();
    }
    if (tx) {
        tx->commit();
    } else {
        savepoint->release();
        // Commit the group now and then: a crash loses at most the last second of an import.
        if (std::chrono::steady_clock::now() - m_groupSince >= m_groupFor) {
            for (auto& [sql, q] : m_statements) q->tryReset();
            m_db.exec("COMMIT");
            m_db.exec("BEGIN IMMEDIATE");
            m_groupSince = std::chrono::steady_clock::now();
        }
    }
    return out;
}

}  // namespace hailong::core
