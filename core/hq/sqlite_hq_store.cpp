#include "hq/sqlite_hq_store.h"

#include "sqlite_hq_schema.h"
#include "hq/wal_checkpointer.h"

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

SQLite::Statement& SqliteHqStore::reused(const char* sql) {
    auto& q = m_statements[sql];
    if (!q) q = std::make_unique<SQLite::Statement>(m_db, sql);
    q->tryReset();  // whatever its last user left
    return *q;
}

SqliteHqStore::SqliteHqStore(const std::filesystem::path& path, std::chrono::milliseconds groupFor)
    : m_path(path), m_db(hq_sqlite::open(path, m_rebuild)), m_groupFor(groupFor) {
    if (m_rebuild) rebuildFromFiles();
}

SqliteHqStore::~SqliteHqStore() = default;

void SqliteHqStore::trust(const KioskKeyFile& key, std::int64_t nowUtcMs) {
    guard("cannot register kiosk " + key.kioskId, [&] {
        std::optional<SQLite::Transaction> tx;
        if (!m_group) tx.emplace(m_db, SQLite::TransactionBehavior::IMMEDIATE);
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
        bumpDataVersion();  // a kiosk's unit: where data quality names it
        if (tx) tx->commit();
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
        // latest: each kiosk's latest batch (the highest number; of its forks, the latest
        // imported), at most one row a kiosk, so joining it multiplies no row of b.
        SQLite::Statement q(m_db, "WITH latest AS (SELECT kiosk_id, export_utc_ms - imported_utc_ms AS ahead, program "
                                  "FROM (SELECT kiosk_id, export_utc_ms, imported_utc_ms, program, row_number() OVER "
                                  "(PARTITION BY kiosk_id ORDER BY number DESC, imported_utc_ms DESC, digest DESC) "
                                  "AS r FROM batches) WHERE r = 1) "
                                  "SELECT k.kiosk_id, k.public_key, k.unit_code, k.unit_name, k.unit_level, k.counter, "
                                  "k.trusted_utc_ms, count(DISTINCT b.number), coalesce(max(b.number), 0), "
                                  "coalesce(max(b.seq_last), 0), coalesce(max(b.export_utc_ms), 0), "
                                  "coalesce(sum(b.new_responses) FILTER (WHERE b.counted), 0), "
                                  "count(b.number) FILTER (WHERE NOT b.counted), "
                                  "coalesce(sum(b.new_responses) FILTER (WHERE NOT b.counted), 0), "
                                  "coalesce(max(l.ahead), 0), coalesce(max(l.program), '') "
                                  "FROM kiosks k LEFT JOIN batches b ON b.kiosk_id = k.kiosk_id "
                                  "LEFT JOIN latest l ON l.kiosk_id = k.kiosk_id "
                                  "GROUP BY k.kiosk_id ORDER BY k.unit_code, k.kiosk_id");
        SQLite::Statement numbers(m_db, "SELECT DISTINCT number FROM batches WHERE kiosk_id = ? ORDER BY number");
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
            s.responses = q.getColumn(11).getInt64();
            s.heldBatches = q.getColumn(12).getInt64();
            s.heldResponses = q.getColumn(13).getInt64();
            s.clockAheadMs = std::max<std::int64_t>(q.getColumn(14).getInt64(), 0);
            s.program = q.getColumn(15).getString();
            numbers.bind(1, s.kiosk.kioskId);
            std::int64_t expected = 1;
            while (numbers.executeStep()) {
                const std::int64_t n = numbers.getColumn(0).getInt64();
                for (; expected < n; ++expected) s.missing.push_back(expected);
                expected = n + 1;
            }
            numbers.reset();
            out.push_back(std::move(s));
        }
        return out;
    });
}

std::int64_t SqliteHqStore::responseCount() const {
    return guard("cannot count the responses", [&] {
        return m_db.execAndGet("SELECT coalesce(sum(new_responses), 0) FROM batches WHERE counted").getInt64();
    });
}

namespace {

constexpr const char* BatchesSql =
    "SELECT b.kiosk_id, b.number, b.digest, b.previous_digest, b.seq_first, b.seq_last, coalesce(d.decision, ''), "
    "b.conflicts, b.counted, b.new_responses, b.file_name, b.imported_utc_ms FROM batches b LEFT JOIN decisions d "
    "USING (kiosk_id, number, digest) WHERE (?1 = '' OR b.kiosk_id = ?1) AND (?2 = 0 OR NOT b.counted) "
    "ORDER BY b.kiosk_id, b.number, b.digest";

std::vector<StoredBatch> readBatches(SQLite::Statement& q, const std::string& kioskId, bool heldOnly) {
    std::vector<StoredBatch> out;
    q.bind(1, kioskId);
    q.bind(2, heldOnly ? 1 : 0);
    while (q.executeStep()) {
        StoredBatch b;
        b.kioskId = q.getColumn(0).getString();
        b.entry = LedgerEntry{
            q.getColumn(1).getInt64(),  q.getColumn(2).getString(),
            q.getColumn(3).getString(), q.getColumn(4).getInt64(),
            q.getColumn(5).getInt64(),  decisionFromName(q.getColumn(6).getString()).value_or(BatchDecision::None)};
        b.status = LedgerStatus{q.getColumn(7).getInt(), q.getColumn(8).getInt() != 0};
        b.responses = q.getColumn(9).getInt64();
        b.fileName = q.getColumn(10).getString();
        b.importedUtcMs = q.getColumn(11).getInt64();
        out.push_back(std::move(b));
    }
    q.reset();
    return out;
}

}  // namespace

std::vector<StoredBatch> SqliteHqStore::batches(const std::string& kioskId, bool heldOnly) const {
    return guard("cannot list the batches", [&] {
        SQLite::Statement q(m_db, BatchesSql);
        return readBatches(q, kioskId, heldOnly);
    });
}

std::vector<StoredBatch> SqliteHqStore::batchesOfKiosk(const std::string& kioskId) {
    return readBatches(reused(BatchesSql), kioskId, false);  // prepared once an import (a file each)
}

std::vector<HqAuditEntry> SqliteHqStore::auditLog() const {
    return guard("cannot read the audit log", [&] {
        std::vector<HqAuditEntry> out;
        SQLite::Statement q(m_db, "SELECT utc_ms, actor, action, detail FROM hq_audit ORDER BY id");
        while (q.executeStep())
            out.push_back(HqAuditEntry{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                                       q.getColumn(2).getString(), q.getColumn(3).getString()});
        return out;
    });
}

void SqliteHqStore::recordAudit(const HqAuditEntry& entry) {
    guard("cannot write the audit log", [&] {
        SQLite::Statement q(m_db, "INSERT INTO hq_audit (utc_ms, actor, action, detail) VALUES (?, ?, ?, ?)");
        q.bind(1, entry.utcMs);
        q.bind(2, entry.actor);
        q.bind(3, entry.action);
        q.bind(4, entry.detail);
        q.exec();
    });
}

// [SECTION] Accounts, the data version -------------------------------------------------------

namespace {

constexpr const char* AccountColumns = "name, role, unit, password_hash, display_name, created_utc_ms, "
                                       "password_changed_utc_ms, disabled";

HqAccount accountAt(const SQLite::Statement& q) {
    return HqAccount{q.getColumn(0).getString(), q.getColumn(1).getString(),  q.getColumn(2).getString(),
                     q.getColumn(3).getString(), q.getColumn(4).getString(),  q.getColumn(5).getInt64(),
                     q.getColumn(6).getInt64(),  q.getColumn(7).getInt() != 0};
}

}  // namespace

std::vector<HqAccount> SqliteHqStore::accounts() const {
    return guard("cannot list the accounts", [&] {
        std::vector<HqAccount> out;
        SQLite::Statement q(m_db, std::string("SELECT ") + AccountColumns + " FROM hq_accounts ORDER BY name");
        while (q.executeStep()) out.push_back(accountAt(q));
        return out;
    });
}

std::optional<HqAccount> SqliteHqStore::account(const std::string& name) const {
    return guard("cannot read the account " + name, [&]() -> std::optional<HqAccount> {
        SQLite::Statement q(m_db, std::string("SELECT ") + AccountColumns + " FROM hq_accounts WHERE name = ?");
        q.bind(1, name);
        if (!q.executeStep()) return std::nullopt;
        return accountAt(q);
    });
}

void SqliteHqStore::putAccount(const HqAccount& a) {
    guard("cannot store the account " + a.name, [&] {
        // One statement: its own transaction (or a part of an import's group, which commits it).
        SQLite::Statement q(m_db, "INSERT INTO hq_accounts VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO "
                                  "UPDATE SET role = excluded.role, unit = excluded.unit, password_hash = "
                                  "excluded.password_hash, display_name = excluded.display_name, created_utc_ms = "
                                  "excluded.created_utc_ms, password_changed_utc_ms = "
                                  "excluded.password_changed_utc_ms, disabled = excluded.disabled");
        int i = 0;
        for (const std::string* field : {&a.name, &a.role, &a.unit, &a.passwordHash, &a.displayName})
            q.bind(++i, *field);
        q.bind(++i, a.createdUtcMs);
        q.bind(++i, a.passwordChangedUtcMs);
        q.bind(++i, a.disabled ? 1 : 0);
        q.exec();
    });
}

bool SqliteHqStore::removeAccount(const std::string& name) {
    return guard("cannot remove the account " + name, [&] {
        SQLite::Statement q(m_db, "DELETE FROM hq_accounts WHERE name = ?");
        q.bind(1, name);
        return q.exec() > 0;
    });
}

// Why a counter kept in the store rather than PRAGMA data_version with sqlite3_total_changes:
// those change with every write of any connection, accounts and sign-ins in the audit log too
// (each would empty a cache of figures), and total_changes is this connection's alone. The row
// is raised in the transaction (or savepoint) of each write that may change a report (import,
// decide, replaceImportedUnits, recordRefused, trust): whichever connection or process commits
// it, a reader sees the new version exactly when it sees the new data, and a write rolled back
// takes its raise with it. One row read by its key: a few microseconds.
std::string SqliteHqStore::dataVersion() const {
    return guard("cannot read the data version", [&] {
        SQLite::Statement q(m_db, "SELECT store || ':' || version FROM data_version WHERE id = 1");
        if (!q.executeStep()) throw StorageError("headquarters database " + m_path.string() + ": no data version");
        return q.getColumn(0).getString();
    });
}

void SqliteHqStore::bumpDataVersion() { reused("UPDATE data_version SET version = version + 1 WHERE id = 1").exec(); }

void SqliteHqStore::forEachStoredFile(const std::function<void(const StoredFile&)>& file) const {
    guard("cannot read the stored batch files", [&] {
        SQLite::Statement q(m_db, "SELECT f.kiosk_id, b.file_name, b.imported_utc_ms, f.bytes FROM batch_files f "
                                  "JOIN batches b USING (kiosk_id, number, digest) ORDER BY f.rowid");
        while (q.executeStep()) {
            const SQLite::Column bytes = q.getColumn(3);
            file(StoredFile{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64(),
                            std::string_view(static_cast<const char*>(bytes.getBlob()),
                                             static_cast<std::size_t>(bytes.getBytes()))});
        }
    });
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
        bumpDataVersion();
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
        m_db.exec("PRAGMA wal_autocheckpoint=0");  // the checkpointer's work until sync()
        m_checkpointer = std::make_unique<WalCheckpointer>(m_path);
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
        m_checkpointer.reset();  // its checkpoint, if one runs, ends first
        m_db.exec("PRAGMA wal_autocheckpoint=1000");
        m_db.execAndGet("PRAGMA wal_checkpoint(FULL)");
    });
}

void SqliteHqStore::recordRefused(const RefusedFile& file) {
    guard("cannot record the refused file " + file.fileName, [&] {
        std::optional<SQLite::Transaction> tx;
        if (!m_group) tx.emplace(m_db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement q(
            m_db, "INSERT INTO refused_files VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET utc_ms = excluded.utc_ms");
        q.bind(1, file.fileName);
        q.bind(2, file.reason);
        q.bind(3, file.utcMs);
        q.exec();
        bumpDataVersion();
        if (tx) tx->commit();
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
    // Prepared once: a first import of a thousand kiosks meets some 16,000 new contexts.
    SQLite::Statement& add = reused("INSERT INTO contexts VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)");
    int i = 0;
    for (const std::string* field :
         {&c.unitCode, &c.unitName, &c.unitLevel, &c.counter, &c.officerId, &c.procedureCode, &c.questionnaireId})
        add.bindNoCopy(++i, *field);
    add.bind(++i, c.questionnaireVersion);
    add.exec();
    add.reset();
    add.clearBindings();  // bound without a copy
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
            q.bindNoCopy(3, key.question);  // rows outlives the statement's run (bindings cleared below)
            q.bindNoCopy(4, key.scale);
            q.bindNoCopy(5, key.value);
            q.bind(6, key.flags);
            q.bind(7, n.n);
            q.bind(8, n.dossiers);
            q.exec();
            q.reset();
        }
        q.clearBindings();
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

}  // namespace hailong::core
