// PgHqStore: connecting, and everything but the import (pg_hq_import.cpp).
#include "hq/pg_hq_store.h"

#include "pg_hq_parts.h"

#include <algorithm>
#include <map>
#include <optional>

namespace hailong::core {

using namespace pg_hq;

PgHqStore::PgHqStore(const std::string& conninfo) : m_db(conninfo) { migrate(m_db); }

// [SECTION] Kiosks, refused files, units, contexts, tallies ----------------------------------

void PgHqStore::trust(const KioskKeyFile& key, std::int64_t nowUtcMs) {
    PgTransaction tx(m_db);
    m_db.exec(
        "INSERT INTO kiosks VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (kiosk_id) DO UPDATE SET "
        "public_key = excluded.public_key, unit_code = excluded.unit_code, unit_name = excluded.unit_name, "
        "unit_level = excluded.unit_level, counter = excluded.counter, trusted_utc_ms = excluded.trusted_utc_ms",
        {key.kioskId, key.publicKeyHex, key.unit.code, key.unit.name, key.unit.level, key.unit.counter, num(nowUtcMs)});
    bumpDataVersion();  // a kiosk's unit: where data quality names it
    tx.commit();
}

std::optional<TrustedKiosk> PgHqStore::kiosk(const std::string& kioskId) const {
    const PgResult r = m_db.execPrepared("SELECT public_key, unit_code, unit_name, unit_level, counter, trusted_utc_ms "
                                         "FROM kiosks WHERE kiosk_id = $1",
                                         {kioskId});
    if (r.rows() == 0) return std::nullopt;
    return TrustedKiosk{kioskId, str(r.text(0, 0)),
                        UnitInfo{str(r.text(0, 1)), str(r.text(0, 2)), str(r.text(0, 3)), str(r.text(0, 4))},
                        r.int64(0, 5)};
}

std::vector<KioskStatus> PgHqStore::kiosks() const {
    // COLLATE "C": in SQLite's order (bytes), whatever the database's collation.
    const PgResult r = m_db.exec(
        // latest: as SqliteHqStore's, each kiosk's latest batch, at most one row a kiosk.
        "WITH latest AS (SELECT kiosk_id, export_utc_ms - imported_utc_ms AS ahead, program FROM (SELECT kiosk_id, "
        "export_utc_ms, imported_utc_ms, program, row_number() OVER (PARTITION BY kiosk_id ORDER BY number DESC, "
        "imported_utc_ms DESC, digest COLLATE \"C\" DESC) AS r FROM batches) n WHERE r = 1) "
        "SELECT k.kiosk_id, k.public_key, k.unit_code, k.unit_name, k.unit_level, k.counter, k.trusted_utc_ms, "
        "count(DISTINCT b.number), coalesce(max(b.number), 0), coalesce(max(b.seq_last), 0), "
        "coalesce(max(b.export_utc_ms), 0), coalesce(sum(b.new_responses) FILTER (WHERE b.counted = 1), 0), "
        "count(b.number) FILTER (WHERE b.counted = 0), "
        "coalesce(sum(b.new_responses) FILTER (WHERE b.counted = 0), 0), "
        "coalesce(max(l.ahead), 0), coalesce(max(l.program), '') "
        "FROM kiosks k LEFT JOIN batches b ON b.kiosk_id = k.kiosk_id LEFT JOIN latest l ON l.kiosk_id = k.kiosk_id "
        "GROUP BY k.kiosk_id ORDER BY k.unit_code COLLATE \"C\", k.kiosk_id COLLATE \"C\"");
    const PgResult numbers = m_db.exec("SELECT DISTINCT kiosk_id, number FROM batches ORDER BY 1, 2");
    std::map<std::string, std::vector<std::int64_t>> numbersOf;
    for (int i = 0; i < numbers.rows(); ++i) numbersOf[str(numbers.text(i, 0))].push_back(numbers.int64(i, 1));
    std::vector<KioskStatus> out;
    for (int i = 0; i < r.rows(); ++i) {
        KioskStatus s;
        s.kiosk = TrustedKiosk{str(r.text(i, 0)), str(r.text(i, 1)),
                               UnitInfo{str(r.text(i, 2)), str(r.text(i, 3)), str(r.text(i, 4)), str(r.text(i, 5))},
                               r.int64(i, 6)};
        s.batches = r.int64(i, 7);
        s.lastBatch = r.int64(i, 8);
        s.lastSeq = r.int64(i, 9);
        s.lastContactUtcMs = r.int64(i, 10);
        s.responses = r.int64(i, 11);
        s.heldBatches = r.int64(i, 12);
        s.heldResponses = r.int64(i, 13);
        s.clockAheadMs = std::max<std::int64_t>(r.int64(i, 14), 0);
        s.program = str(r.text(i, 15));
        std::int64_t expected = 1;
        for (const std::int64_t n : numbersOf[s.kiosk.kioskId]) {
            for (; expected < n; ++expected) s.missing.push_back(expected);
            expected = n + 1;
        }
        out.push_back(std::move(s));
    }
    return out;
}

std::int64_t PgHqStore::responseCount() const {
    return m_db.exec("SELECT coalesce(sum(new_responses), 0) FROM batches WHERE counted = 1").int64(0, 0);
}

std::vector<StoredBatch> PgHqStore::batches(const std::string& kioskId, bool heldOnly) const {
    const PgResult r = m_db.execPrepared(
        "SELECT b.kiosk_id, b.number, b.digest, b.previous_digest, b.seq_first, b.seq_last, "
        "coalesce(d.decision, ''), b.conflicts, b.counted, b.new_responses, b.file_name, b.imported_utc_ms "
        "FROM batches b LEFT JOIN decisions d USING (kiosk_id, number, digest) "
        "WHERE ($1 = '' OR b.kiosk_id = $1) AND ($2 = 0 OR b.counted = 0) "
        "ORDER BY b.kiosk_id COLLATE \"C\", b.number, b.digest COLLATE \"C\"",
        {kioskId, heldOnly ? "1" : "0"});
    std::vector<StoredBatch> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) {
        StoredBatch b;
        b.kioskId = str(r.text(i, 0));
        b.entry = LedgerEntry{r.int64(i, 1),     str(r.text(i, 2)),
                              str(r.text(i, 3)), r.int64(i, 4),
                              r.int64(i, 5),     decisionFromName(r.text(i, 6)).value_or(BatchDecision::None)};
        b.status = LedgerStatus{static_cast<int>(r.int64(i, 7)), r.int64(i, 8) != 0};
        b.responses = r.int64(i, 9);
        b.fileName = str(r.text(i, 10));
        b.importedUtcMs = r.int64(i, 11);
        out.push_back(std::move(b));
    }
    return out;
}

std::vector<HqAuditEntry> PgHqStore::auditLog() const {
    const PgResult r = m_db.exec("SELECT utc_ms, actor, action, detail FROM hq_audit ORDER BY id");
    std::vector<HqAuditEntry> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back(HqAuditEntry{r.int64(i, 0), str(r.text(i, 1)), str(r.text(i, 2)), str(r.text(i, 3))});
    return out;
}

void PgHqStore::recordAudit(const HqAuditEntry& e) {
    m_db.exec("INSERT INTO hq_audit (utc_ms, actor, action, detail) VALUES ($1, $2, $3, $4)",
              {num(e.utcMs), e.actor, e.action, e.detail});
}

// [SECTION] Accounts, the data version -------------------------------------------------------

namespace {

constexpr const char* AccountColumns = "name, role, unit, password_hash, display_name, created_utc_ms, "
                                       "password_changed_utc_ms, disabled";

HqAccount accountAt(const PgResult& r, int i) {
    return HqAccount{str(r.text(i, 0)), str(r.text(i, 1)), str(r.text(i, 2)), str(r.text(i, 3)),
                     str(r.text(i, 4)), r.int64(i, 5),     r.int64(i, 6),     r.int64(i, 7) != 0};
}

}  // namespace

std::vector<HqAccount> PgHqStore::accounts() const {
    const PgResult r = m_db.exec(std::string("SELECT ") + AccountColumns +
                                 " FROM hq_accounts ORDER BY name COLLATE \"C\"");
    std::vector<HqAccount> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(accountAt(r, i));
    return out;
}

std::optional<HqAccount> PgHqStore::account(const std::string& name) const {
    const PgResult r = m_db.exec(std::string("SELECT ") + AccountColumns + " FROM hq_accounts WHERE name = $1", {name});
    if (r.rows() == 0) return std::nullopt;
    return accountAt(r, 0);
}

void PgHqStore::putAccount(const HqAccount& a) {
    // One statement: its own transaction.
    m_db.exec("INSERT INTO hq_accounts VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name) DO UPDATE SET "
              "role = excluded.role, unit = excluded.unit, password_hash = excluded.password_hash, display_name = "
              "excluded.display_name, created_utc_ms = excluded.created_utc_ms, password_changed_utc_ms = "
              "excluded.password_changed_utc_ms, disabled = excluded.disabled",
              {a.name, a.role, a.unit, a.passwordHash, a.displayName, num(a.createdUtcMs), num(a.passwordChangedUtcMs),
               a.disabled ? "1" : "0"});
}

bool PgHqStore::removeAccount(const std::string& name) {
    return m_db.exec("DELETE FROM hq_accounts WHERE name = $1 RETURNING 1", {name}).rows() > 0;
}

// Why a counter row: counts or greatest ids of batches, decisions, units... would miss a
// decision taken again (an update) or a registry replaced by as many units; ids from a sequence
// are handed out before their transaction commits, so a reader could see the newest id while
// the data it stands for is not yet visible, cache figures without it, and keep them after its
// commit; statistics (pg_stat_*) are neither transactional nor on a standby. The row is raised
// by the same transaction as each write that may change a report (import, decide,
// replaceImportedUnits, recordRefused, trust), so every connection, a standby's too, sees the
// new version exactly when it sees the new data, and a rollback takes the raise back. One row
// read by its key.
std::string PgHqStore::dataVersion() const {
    const PgResult r = m_db.exec("SELECT store || ':' || version FROM data_version WHERE id = 1");
    if (r.rows() == 0) throw StorageError("headquarters database " + m_db.target() + ": no data version");
    return str(r.text(0, 0));
}

void PgHqStore::bumpDataVersion() { m_db.exec("UPDATE data_version SET version = version + 1 WHERE id = 1"); }

void PgHqStore::forEachStoredFile(const std::function<void(const StoredFile&)>& file) const {
    // One file in memory at a time: the list first, then each file's bytes.
    const PgResult list = m_db.exec("SELECT f.kiosk_id, f.number, f.digest, b.file_name, b.imported_utc_ms "
                                    "FROM batch_files f JOIN batches b USING (kiosk_id, number, digest) "
                                    "ORDER BY b.imported_utc_ms, f.ctid");
    for (int i = 0; i < list.rows(); ++i) {
        const std::string bytes = storedFile(str(list.text(i, 0)), list.int64(i, 1), str(list.text(i, 2)));
        file(StoredFile{str(list.text(i, 0)), str(list.text(i, 3)), list.int64(i, 4), bytes});
    }
}

std::string PgHqStore::storedFile(const std::string& kioskId, std::int64_t number, const std::string& digest) const {
    const PgResult r = m_db.execPrepared(
        "SELECT bytes FROM batch_files WHERE kiosk_id = $1 AND number = $2 AND digest = $3",
        {kioskId, num(number), digest});
    return r.rows() == 0 ? std::string() : unhex(r.text(0, 0));
}

void PgHqStore::recordRefused(const RefusedFile& file) {
    PgTransaction tx(m_db);
    m_db.exec("INSERT INTO refused_files VALUES ($1, $2, $3) "
              "ON CONFLICT (file_name, reason) DO UPDATE SET utc_ms = excluded.utc_ms",
              {file.fileName, file.reason, num(file.utcMs)});
    bumpDataVersion();
    tx.commit();
}

std::vector<RefusedFile> PgHqStore::refusedFiles() const {
    const PgResult r = m_db.exec(
        "SELECT file_name, reason, utc_ms FROM refused_files ORDER BY file_name COLLATE \"C\", reason COLLATE \"C\"");
    std::vector<RefusedFile> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(RefusedFile{str(r.text(i, 0)), str(r.text(i, 1)), r.int64(i, 2)});
    return out;
}

std::vector<UnitRow> PgHqStore::importedUnits() const {
    const PgResult r = m_db.exec("SELECT code, name_vi, name_en, level, parent, valid_from, valid_to, successor, "
                                 "file, line FROM units ORDER BY file COLLATE \"C\", line, code COLLATE \"C\"");
    std::vector<UnitRow> out;
    for (int i = 0; i < r.rows(); ++i) {
        UnitRow u;
        u.code = str(r.text(i, 0));
        u.nameVi = str(r.text(i, 1));
        u.nameEn = str(r.text(i, 2));
        u.level = str(r.text(i, 3));
        u.parent = str(r.text(i, 4));
        u.validFrom = r.int64(i, 5);
        u.validTo = r.int64(i, 6);
        u.successor = str(r.text(i, 7));
        u.file = str(r.text(i, 8));
        u.line = static_cast<int>(r.int64(i, 9));
        out.push_back(std::move(u));
    }
    return out;
}

void PgHqStore::replaceImportedUnits(const std::vector<UnitRow>& rows) {
    PgTransaction tx(m_db);
    m_db.exec("DELETE FROM units");
    PgCopyIn copy(m_db, "COPY units FROM STDIN");
    std::string data;
    for (const UnitRow& u : rows) {
        for (const std::string* field : {&u.code, &u.nameVi, &u.nameEn, &u.level, &u.parent})
            PgCopyIn::appendField(data, std::string_view(*field));
        PgCopyIn::appendField(data, u.validFrom);
        PgCopyIn::appendField(data, u.validTo);
        PgCopyIn::appendField(data, std::string_view(u.successor));
        PgCopyIn::appendField(data, std::string_view(u.file));
        PgCopyIn::appendField(data, static_cast<std::int64_t>(u.line), true);
    }
    copy.putCopyData(data);
    copy.endCopy();
    bumpDataVersion();
    tx.commit();
}

std::vector<std::pair<std::int64_t, TallyContext>> PgHqStore::tallyContexts(bool unitsOnly) const {
    const PgResult r = m_db.exec(std::string("SELECT id, unit_code, unit_name, unit_level, counter, officer_id, "
                                             "procedure_code, questionnaire_id, questionnaire_version FROM contexts ") +
                                 (unitsOnly ? "WHERE officer_id = '' AND procedure_code = '' " : "") + "ORDER BY id");
    std::vector<std::pair<std::int64_t, TallyContext>> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.emplace_back(r.int64(i, 0), contextAt(r, i, 1));
    return out;
}

void PgHqStore::forEachTally(TallyPeriod period, std::int64_t from, std::int64_t to,
                             const std::function<void(const TallyRowView&)>& row) const {
    const PgResult r = m_db.exec(
        period == TallyPeriod::Day     ? "SELECT day, context, question, scale, value, flags, n, dossiers "
                                         "FROM tallies_day WHERE day BETWEEN $1 AND $2"
        : period == TallyPeriod::Month ? "SELECT month, context, question, scale, value, flags, n, dossiers "
                                         "FROM tallies_month WHERE month BETWEEN $1 AND $2"
                                       : "SELECT month, context, question, scale, value, flags, n, dossiers "
                                         "FROM tallies_unit_month WHERE month BETWEEN $1 AND $2",
        {num(from), num(to)});
    TallyRowView v;
    for (int i = 0; i < r.rows(); ++i) {
        v.period = r.int64(i, 0);
        v.context = r.int64(i, 1);
        v.question = r.text(i, 2);
        v.scale = r.text(i, 3);
        v.value = r.text(i, 4);
        v.flags = static_cast<int>(r.int64(i, 5));
        v.n = r.int64(i, 6);
        v.dossiers = r.int64(i, 7);
        row(v);
    }
}

void PgHqStore::beginImport() { m_db.exec("SET synchronous_commit = off"); }

void PgHqStore::sync() {
    m_db.exec("SET synchronous_commit = on");
    if (!m_unsynced) return;  // nothing committed asynchronously (and a standby stays untouched)
    // A synchronous commit flushes the WAL up to its own record, so every asynchronous commit
    // before it too; an empty transaction writes nothing, hence the (harmless) update.
    PgTransaction tx(m_db);
    m_db.exec("UPDATE hailong_schema SET migrated_utc_ms = migrated_utc_ms");
    tx.commit();
    m_unsynced = false;
}

}  // namespace hailong::core
