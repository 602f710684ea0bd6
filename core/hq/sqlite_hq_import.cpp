// SqliteHqStore: importing a batch, the counting rule (batch_ledger.h) and analysts'
// decisions, late marks on responses, and the migration that counts a version 3 store again.
#include "hq/sqlite_hq_store.h"

#include "import_rules.h"
#include "sqlite_hq_schema.h"
#include "hq/wal_checkpointer.h"

#include "base/clock.h"
#include "batch/batch_format.h"
#include "survey/audit_entry.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

namespace hailong::core {

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

/// All or nothing: its own transaction, or a savepoint inside an import's group.
class SqliteHqStore::Unit {
public:
    explicit Unit(SqliteHqStore& store) : m_store(store) {
        if (store.m_group) m_savepoint.emplace(store);
        else m_tx.emplace(store.m_db, SQLite::TransactionBehavior::IMMEDIATE);
    }
    void done() {
        if (m_tx) {
            m_tx->commit();
            return;
        }
        m_savepoint->release();
        // Commit the group now and then: a crash loses at most the last second of an import.
        if (std::chrono::steady_clock::now() - m_store.m_groupSince >= m_store.m_groupFor) {
            for (auto& [sql, q] : m_store.m_statements) q->tryReset();
            m_store.m_db.exec("COMMIT");
            m_store.m_db.exec("BEGIN IMMEDIATE");
            m_store.m_groupSince = std::chrono::steady_clock::now();
            if (m_store.m_checkpointer) m_store.m_checkpointer->kick();
        }
    }

private:
    SqliteHqStore& m_store;
    std::optional<SQLite::Transaction> m_tx;
    std::optional<Savepoint> m_savepoint;
};

namespace rules = import_rules;

std::map<std::string, ResponseMark> SqliteHqStore::marksOf(const std::string& kioskId, bool waitingOnly) {
    std::map<std::string, ResponseMark> out;
    SQLite::Statement& q = reused(
        waitingOnly ? "SELECT uuid, superseded, misuse_flags FROM marks WHERE kiosk_id = ? AND applied = 0"
                    : "SELECT uuid, superseded, misuse_flags FROM marks WHERE kiosk_id = ?");
    q.bind(1, kioskId);
    while (q.executeStep())
        out[q.getColumn(0).getString()] = ResponseMark{q.getColumn(1).getInt() != 0,
                                                       static_cast<std::uint32_t>(q.getColumn(2).getInt64())};
    return out;
}

void SqliteHqStore::moveBatch(const StoredBatch& b, bool held) {
    SQLite::Statement q(m_db, "SELECT f.bytes, b.clock_ahead FROM batch_files f JOIN batches b USING (kiosk_id, "
                              "number, digest) WHERE f.kiosk_id = ? AND f.number = ? AND f.digest = ?");
    q.bind(1, b.kioskId);
    q.bind(2, b.entry.number);
    q.bind(3, b.entry.digest);
    if (!q.executeStep() || q.getColumn(0).getBytes() == 0)
        throw StorageError("batch " + std::to_string(b.entry.number) + " of kiosk " + b.kioskId + " (" + b.fileName +
                           ") was stored without its file, so it cannot be counted again; import the batch files "
                           "again into a new database");
    const SQLite::Column bytes = q.getColumn(0);
    const auto batch = readBatch(
        std::string_view(static_cast<const char*>(bytes.getBlob()), static_cast<std::size_t>(bytes.getBytes())),
        b.fileName);
    if (!batch) throw StorageError(b.fileName + ": its stored file no longer reads: " + batch.error().reason);
    const auto [contexts, tallies] = rules::movedTallies(*batch, q.getColumn(1).getInt() != 0,
                                                         marksOf(b.kioskId, false), held);
    addTallies(contexts, tallies);
}

void SqliteHqStore::settle(const std::vector<StoredBatch>& before, const std::vector<LedgerEntry>& entries,
                           const std::vector<LedgerStatus>& after, std::size_t except,
                           std::vector<std::string>& notes) {
    SQLite::Statement& update = reused(
        "UPDATE batches SET counted = ?, conflicts = ? WHERE kiosk_id = ? AND number = ? AND digest = ?");
    for (std::size_t i = 0; i < before.size(); ++i) {
        if (i == except) continue;
        const LedgerStatus& was = before[i].status;
        const LedgerStatus& now = after[i];
        if (was.counted == now.counted && was.conflicts == now.conflicts) continue;
        update.bind(1, now.counted ? 1 : 0);
        update.bind(2, now.conflicts);
        update.bind(3, before[i].kioskId);
        update.bind(4, entries[i].number);
        update.bind(5, entries[i].digest);
        update.exec();
        update.reset();
        if (was.counted == now.counted) continue;
        moveBatch(before[i], !now.counted);
        notes.push_back(rules::movedNote(before[i], now));
    }
}

void SqliteHqStore::applyMark(const std::string& kioskId, const std::string& uuid, const ResponseMark& change,
                              const Copy* current) {
    SQLite::Statement& get = reused("SELECT superseded, misuse_flags FROM marks WHERE kiosk_id = ? AND uuid = ?");
    get.bind(1, kioskId);
    get.bind(2, uuid);
    ResponseMark old;
    bool exists = false;
    if (get.executeStep()) {
        exists = true;
        old.superseded = get.getColumn(0).getInt() != 0;
        old.misuseFlags = static_cast<std::uint32_t>(get.getColumn(1).getInt64());
    }
    get.reset();
    const ResponseMark now{old.superseded || change.superseded, old.misuseFlags | change.misuseFlags};
    if (exists && now == old) return;

    // Every copy is tallied under the stored mark (none: as the batch says): move each.
    std::optional<std::int64_t> seq;  // of the response, once a copy is found
    const auto adjust = [&](const Batch& batch, bool clockAhead, bool held) {
        if (auto copy = rules::remarked(batch, clockAhead, held, uuid, old, now)) {
            addTallies(copy->contexts, copy->tallies);
            seq = copy->seq;
        }
    };
    if (current) adjust(*current->batch, current->clockAhead, current->held);
    // The stored copies: newest first until one is found; then the batches whose range holds
    // its sequence number too (only batches in conflict share one).
    SQLite::Statement files(m_db, "SELECT f.bytes, b.clock_ahead, b.file_name, b.counted, b.seq_first, b.seq_last "
                                  "FROM batch_files f JOIN batches b USING (kiosk_id, number, digest) "
                                  "WHERE f.kiosk_id = ? ORDER BY f.number DESC, f.digest");
    files.bind(1, kioskId);
    while (files.executeStep()) {
        if (seq && !(files.getColumn(4).getInt64() <= *seq && *seq <= files.getColumn(5).getInt64())) continue;
        const SQLite::Column bytes = files.getColumn(0);
        const std::string_view file(static_cast<const char*>(bytes.getBlob()),
                                    static_cast<std::size_t>(bytes.getBytes()));
        if (const auto stored = readBatch(file, files.getColumn(2).getString()))
            adjust(*stored, files.getColumn(1).getInt() != 0, files.getColumn(3).getInt() == 0);
    }
    SQLite::Statement& put = reused(
        "INSERT INTO marks VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
        "superseded = excluded.superseded, misuse_flags = excluded.misuse_flags, applied = excluded.applied");
    put.bind(1, kioskId);
    put.bind(2, uuid);
    put.bind(3, now.superseded ? 1 : 0);
    put.bind(4, static_cast<std::int64_t>(now.misuseFlags));
    put.bind(5, seq ? 1 : 0);
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

ImportOutcome SqliteHqStore::importInTransaction(const PreparedBatch& p, std::int64_t nowUtcMs) {
    const Batch& batch = p.batch;
    const BatchHeader& h = batch.header;
    ImportOutcome out;
    Unit unit(*this);
    // The comments first, each response's once: a copy of a batch already imported, read with
    // headquarters' key this time, opens the comments it brought sealed.
    out.commentsOpened = putComments(p.comments);
    {
        SQLite::Statement& same = reused("SELECT 1 FROM batches WHERE kiosk_id = ? AND number = ? AND digest = ?");
        same.bind(1, h.kioskId);
        same.bind(2, h.number);
        same.bind(3, batch.digestHex);
        const bool known = same.executeStep();
        same.reset();
        if (known) {
            out.alreadyImported = true;
            out.knownResponses = h.responseCount;
            if (out.commentsOpened > 0) {
                bumpDataVersion();
                unit.done();
            }
            return out;  // a copy of a batch already imported: nothing else to do
        }
    }

    // The counting rule over the kiosk's batches with this one.
    const std::vector<StoredBatch> stored = batchesOfKiosk(h.kioskId);
    const std::vector<LedgerEntry> entries = rules::entriesOf(stored, &batch);
    const std::vector<LedgerStatus> status = ledgerStatus(entries);
    const LedgerStatus mine = status.back();
    const bool held = !mine.counted;
    if (held) out.notes.push_back(rules::heldNote(h, mine));
    settle(stored, entries, status, stored.size(), out.notes);
    if (p.clockAhead) out.notes.push_back(rules::clockAheadNote(h));

    // Marks waiting for these responses (or, in a batch sharing sequence numbers with others,
    // marks of responses already stored in another copy).
    const auto pending = rules::marksOn(batch, marksOf(h.kioskId, !rules::mayRepeatResponses(mine)));
    // Ratings replaced by a later one in this batch: its own tallies count them so already;
    // other copies of them move now.
    for (const std::string& uuid : p.supersededWithin) applyMark(h.kioskId, uuid, ResponseMark{true, 0}, nullptr);
    {
        const auto [contexts, tallies] = rules::arrivingTallies(p, pending, held, out.clockSuspect);
        addTallies(contexts, tallies);
    }
    SQLite::Statement& applied = reused("UPDATE marks SET applied = 1 WHERE kiosk_id = ? AND uuid = ?");
    const auto setApplied = [&](const std::string& uuid) {
        applied.bind(1, h.kioskId);
        applied.bind(2, uuid);
        applied.exec();
        applied.reset();
    };
    for (const auto& [uuid, m] : pending) setApplied(uuid);
    for (const std::string& uuid : p.supersededWithin) setApplied(uuid);
    (held ? out.heldResponses : out.newResponses) = h.responseCount;

    // Ratings replaced in an earlier batch, misuse flagged later: every copy moves.
    const Copy current{&batch, p.clockAhead, held};
    for (const Response& r : batch.responses)
        if (!r.supersedesUuid.empty() && !p.supersededWithin.count(r.supersedesUuid))
            applyMark(h.kioskId, r.supersedesUuid, ResponseMark{true, 0}, &current);
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
        addAudit.exec();
        addAudit.reset();
        // "uuid=<uuid> flags=<bits>": applied whichever copy of the entry came first (a
        // restored kiosk reuses audit ids): marks only add flags, so applying twice is harmless.
        if (const auto mark = rules::misuseMark(e))
            applyMark(h.kioskId, mark->first, ResponseMark{false, mark->second}, &current);
    }
    SQLite::Statement& addQuestionnaire = reused("INSERT OR IGNORE INTO questionnaires VALUES (?, ?, ?)");
    for (const QuestionnaireDef& q : h.questionnaires) {
        addQuestionnaire.bind(1, q.id);
        addQuestionnaire.bind(2, q.version);
        addQuestionnaire.bind(3, q.source);
        addQuestionnaire.exec();
        addQuestionnaire.reset();
    }

    // The batch itself last: the searches for stored copies above never meet it.
    SQLite::Statement& addBatch = reused("INSERT INTO batches (kiosk_id, number, digest, previous_digest, seq_first, "
                                         "seq_last, new_responses, export_utc_ms, clock_ahead, file_name, "
                                         "imported_utc_ms, counted, conflicts, program) VALUES (?, ?, ?, ?, ?, ?, "
                                         "?, ?, ?, ?, ?, ?, ?, ?)");
    int i = 0;
    addBatch.bind(++i, h.kioskId);
    addBatch.bind(++i, h.number);
    addBatch.bind(++i, batch.digestHex);
    addBatch.bind(++i, h.previousDigestHex);
    addBatch.bind(++i, h.seqFirst);
    addBatch.bind(++i, h.seqLast);
    addBatch.bind(++i, h.responseCount);
    addBatch.bind(++i, h.exportUtcMs);
    addBatch.bind(++i, p.clockAhead ? 1 : 0);
    addBatch.bind(++i, p.fileName);
    addBatch.bind(++i, nowUtcMs);
    addBatch.bind(++i, held ? 0 : 1);
    addBatch.bind(++i, mine.conflicts);
    addBatch.bind(++i, h.program);
    addBatch.exec();
    if (!p.bytes.empty()) {  // (a rebuild stores it again: the same row)
        SQLite::Statement& addFile = reused("INSERT OR IGNORE INTO batch_files VALUES (?, ?, ?, ?)");
        addFile.bind(1, h.kioskId);
        addFile.bind(2, h.number);
        addFile.bind(3, batch.digestHex);
        addFile.bindNoCopy(4, p.bytes.data(), static_cast<int>(p.bytes.size()));
        addFile.exec();
    }
    bumpDataVersion();
    unit.done();
    return out;
}

std::optional<std::string> SqliteHqStore::decide(const std::string& kioskId, std::int64_t number,
                                                 const std::string& digest, BatchDecision decision,
                                                 const std::string& actor, const std::string& reason,
                                                 std::int64_t nowUtcMs) {
    const std::string what = "cannot record the decision on batch " + std::to_string(number) + " of kiosk " + kioskId;
    return guard(what, [&]() -> std::optional<std::string> {
        Unit unit(*this);
        const std::vector<StoredBatch> stored = batchesOfKiosk(kioskId);
        std::vector<LedgerEntry> entries = rules::entriesOf(stored);
        const auto it = std::find_if(entries.begin(), entries.end(),
                                     [&](const LedgerEntry& e) { return e.number == number && e.digest == digest; });
        if (it == entries.end()) return rules::noSuchBatch(kioskId, number, digest);
        if (decision == BatchDecision::Count)
            if (auto why = refuseCounting(entries, static_cast<std::size_t>(it - entries.begin()))) return why;
        const BatchDecision was = it->decision;
        it->decision = decision;
        std::vector<std::string> notes;
        settle(stored, entries, ledgerStatus(entries), stored.size(), notes);
        SQLite::Statement q(m_db, decision == BatchDecision::None
                                      ? "DELETE FROM decisions WHERE kiosk_id = ? AND number = ? AND digest = ?"
                                      : "INSERT INTO decisions VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
                                        "decision = excluded.decision");
        q.bind(1, kioskId);
        q.bind(2, number);
        q.bind(3, digest);
        if (decision != BatchDecision::None) q.bind(4, std::string(decisionName(decision)));
        q.exec();
        recordAudit(HqAuditEntry{nowUtcMs, actor, "decide",
                                 rules::decisionDetail(kioskId, number, digest, decision, was, reason, notes)});
        bumpDataVersion();
        unit.done();
        return std::nullopt;
    });
}

void SqliteHqStore::rebuildFromFiles() {
    guard("cannot count the stored batches again under the rules of version 4", [&] {
        m_db.exec("BEGIN IMMEDIATE");
        try {
            m_db.exec(hq_sqlite::SchemaV4);
            m_db.exec(hq_sqlite::SchemaV5);
            m_db.exec(hq_sqlite::SchemaV6);
            m_db.exec(hq_sqlite::SchemaV7);  // the comments come back with the files below
            m_db.exec(hq_sqlite::SchemaV8);
            const std::int64_t missing =
                m_db.execAndGet("SELECT count(*) FROM batches b WHERE NOT EXISTS (SELECT 1 FROM batch_files f WHERE "
                                "f.kiosk_id = b.kiosk_id AND f.number = b.number AND f.digest = b.digest)")
                    .getInt64();
            if (missing > 0)
                throw StorageError("headquarters database " + m_path.string() + ": " + std::to_string(missing) +
                                   " batches were stored without their files, so the store cannot be counted again "
                                   "under the new rules; import the batch files again into a new database");
            m_db.exec("CREATE TEMP TABLE old_batches AS SELECT f.rowid AS file, b.file_name, b.imported_utc_ms "
                      "FROM batch_files f JOIN batches b USING (kiosk_id, number, digest)");
            m_db.exec("DELETE FROM batches; DELETE FROM tallies_day; DELETE FROM tallies_month; "
                      "DELETE FROM tallies_unit_month; DELETE FROM marks; DELETE FROM audit");
            std::vector<std::tuple<std::int64_t, std::string, std::int64_t>> files;
            {
                SQLite::Statement q(m_db, "SELECT file, file_name, imported_utc_ms FROM old_batches ORDER BY file");
                while (q.executeStep())
                    files.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                                       q.getColumn(2).getInt64());
            }
            m_group = true;  // every file a savepoint of this one transaction
            m_groupSince = std::chrono::steady_clock::time_point::max();  // never committed on the way
            for (const auto& [rowid, name, importedUtcMs] : files) {
                SQLite::Statement q(m_db, "SELECT bytes FROM batch_files WHERE rowid = ?");
                q.bind(1, rowid);
                q.executeStep();
                const SQLite::Column c = q.getColumn(0);
                std::string bytes(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
                auto batch = readBatch(bytes, name);
                if (!batch) throw StorageError(name + ": its stored file no longer reads: " + batch.error().reason);
                importInTransaction(prepareBatch(std::move(*batch), std::move(bytes), name, importedUtcMs),
                                    importedUtcMs);
            }
            m_db.exec("DROP TABLE temp.old_batches");
            for (auto& [sql, q] : m_statements) q->tryReset();
            m_group = false;
            m_db.exec("COMMIT");
        } catch (...) {
            m_group = false;
            for (auto& [sql, q] : m_statements) q->tryReset();
            m_db.exec("ROLLBACK");
            throw;
        }
    });
}

}  // namespace hailong::core
