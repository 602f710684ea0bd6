// PgHqStore's import: one transaction a batch under its kiosk's lock, parallel to
// SqliteHqStore's (sqlite_hq_import.cpp); the counting rule, marks, decisions.
#include "hq/pg_hq_store.h"

#include "import_rules.h"
#include "pg_hq_parts.h"

#include "batch/batch_format.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace hailong::core {

using namespace pg_hq;
namespace rules = import_rules;

std::vector<std::int64_t> PgHqStore::contextIds(const std::vector<TallyContext>& contexts) {
    std::set<TallyContext> missing;  // sorted: every importer inserts in this order (no deadlock)
    for (const TallyContext& c : contexts)
        if (!m_contextIds.count(c) && !m_newContexts.count(c)) missing.insert(c);
    if (!missing.empty()) {
        PgArray col[8];
        for (const TallyContext& c : missing) {
            col[0].add(c.unitCode);
            col[1].add(c.unitName);
            col[2].add(c.unitLevel);
            col[3].add(c.counter);
            col[4].add(c.officerId);
            col[5].add(c.procedureCode);
            col[6].add(c.questionnaireId);
            col[7].add(static_cast<std::int64_t>(c.questionnaireVersion));
        }
        const PgParams params = {col[0].str(), col[1].str(), col[2].str(), col[3].str(),
                                 col[4].str(), col[5].str(), col[6].str(), col[7].str()};
        const std::string columns = "unit_code, unit_name, unit_level, counter, officer_id, procedure_code, "
                                    "questionnaire_id, questionnaire_version";
        const std::string input = "unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], "
                                  "$7::text[], $8::int[]) WITH ORDINALITY AS i(" +
                                  columns + ", ord)";
        // A context another importer is adding waits for its commit here, then is found.
        const PgResult added = m_db.execPrepared("INSERT INTO contexts (" + columns + ") SELECT " + columns + " FROM " +
                                                     input + " ORDER BY ord ON CONFLICT DO NOTHING RETURNING id",
                                                 params);
        std::set<std::int64_t> ours;
        for (int i = 0; i < added.rows(); ++i) ours.insert(added.int64(i, 0));
        // One lookup in the unique index a context (a join of the whole table, planned for any
        // number of rows, read all of it once there were thousands).
        const PgResult found = m_db.execPrepared(
            "SELECT (SELECT c.id FROM contexts c WHERE c.unit_code = i.unit_code AND c.unit_name = i.unit_name "
            "AND c.unit_level = i.unit_level AND c.counter = i.counter AND c.officer_id = i.officer_id "
            "AND c.procedure_code = i.procedure_code AND c.questionnaire_id = i.questionnaire_id "
            "AND c.questionnaire_version = i.questionnaire_version), " +
                columns + " FROM " + input,
            params);
        for (int i = 0; i < found.rows(); ++i) {
            const std::int64_t id = found.int64(i, 0);
            (ours.count(id) ? m_newContexts : m_contextIds)[contextAt(found, i, 1)] = id;
        }
    }
    std::vector<std::int64_t> ids;
    ids.reserve(contexts.size());
    for (const TallyContext& c : contexts) {
        const auto it = m_contextIds.find(c);
        ids.push_back(it != m_contextIds.end() ? it->second : m_newContexts.at(c));
    }
    return ids;
}

void PgHqStore::addTallies(const std::vector<TallyContext>& contexts, const Tallies& tallies) {
    // Months keep the whole context; days and unit-months only the unit's (sqlite_hq_store.cpp).
    std::vector<TallyContext> both;  // [2i]: whole, [2i + 1]: the unit's
    both.reserve(2 * contexts.size());
    for (const TallyContext& c : contexts) {
        both.push_back(c);
        TallyContext u = c;
        u.officerId.clear();
        u.procedureCode.clear();
        both.push_back(std::move(u));
    }
    const std::vector<std::int64_t> ids = contextIds(both);
    for (const auto& [key, n] : tallies) {
        TallyKey d = key;
        d.context = static_cast<std::size_t>(ids.at(2 * key.context + 1));
        m_days[d] += n;
        TallyKey m = key;
        m.context = static_cast<std::size_t>(ids.at(2 * key.context));
        m.day = monthOfDay(key.day);
        m_months[m] += n;
        d.day = m.day;
        m_unitMonths[d] += n;
    }
}

void PgHqStore::flushTallies() {
    const auto upsert = [&](const char* table, const char* period, Tallies& rows) {
        PgArray col[8];
        for (const auto& [key, n] : rows) {
            if (n.n == 0 && n.dossiers == 0) continue;
            col[0].add(key.day);
            col[1].add(static_cast<std::int64_t>(key.context));
            col[2].add(key.question);
            col[3].add(key.scale);
            col[4].add(key.value);
            col[5].add(static_cast<std::int64_t>(key.flags));
            col[6].add(n.n);
            col[7].add(n.dossiers);
        }
        rows.clear();
        if (col[0].size() == 0) return;
        // In key order, whatever order the rows came in: concurrent importers lock shared rows
        // in one order, so none waits for another that waits for it.
        m_db.execPrepared(std::string("INSERT INTO ") + table +
                              " AS t SELECT * FROM unnest($1::bigint[], $2::bigint[], " +
                              "$3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::bigint[]) " +
                              "ORDER BY 1, 2, 3, 4, 5, 6 ON CONFLICT (" + period +
                              ", context, question, scale, value, flags) DO UPDATE SET n = t.n + excluded.n, "
                              "dossiers = t.dossiers + excluded.dossiers",
                          {col[0].str(), col[1].str(), col[2].str(), col[3].str(), col[4].str(), col[5].str(),
                           col[6].str(), col[7].str()});
    };
    upsert("tallies_day", "day", m_days);
    upsert("tallies_month", "month", m_months);
    upsert("tallies_unit_month", "month", m_unitMonths);
}

std::map<std::string, ResponseMark> PgHqStore::marksOf(const std::string& kioskId, bool waitingOnly) {
    const PgResult q = m_db.execPrepared(
        waitingOnly ? "SELECT uuid, superseded, misuse_flags FROM marks WHERE kiosk_id = $1 AND applied = 0"
                    : "SELECT uuid, superseded, misuse_flags FROM marks WHERE kiosk_id = $1",
        {kioskId});
    std::map<std::string, ResponseMark> out;
    for (int i = 0; i < q.rows(); ++i)
        out[str(q.text(i, 0))] = ResponseMark{q.int64(i, 1) != 0, static_cast<std::uint32_t>(q.int64(i, 2))};
    return out;
}

void PgHqStore::moveBatch(const StoredBatch& b, bool held) {
    const std::string file = storedFile(b.kioskId, b.entry.number, b.entry.digest);
    if (file.empty())
        throw StorageError("batch " + std::to_string(b.entry.number) + " of kiosk " + b.kioskId + " (" + b.fileName +
                           ") was stored without its file, so it cannot be counted again");
    const auto batch = readBatch(file, b.fileName);
    if (!batch) throw StorageError(b.fileName + ": its stored file no longer reads: " + batch.error().reason);
    const PgResult ahead = m_db.execPrepared(
        "SELECT clock_ahead FROM batches WHERE kiosk_id = $1 AND number = $2 AND digest = $3",
        {b.kioskId, num(b.entry.number), b.entry.digest});
    const auto [contexts, tallies] = rules::movedTallies(*batch, ahead.int64(0, 0) != 0, marksOf(b.kioskId, false),
                                                         held);
    addTallies(contexts, tallies);
}

void PgHqStore::settle(const std::vector<StoredBatch>& before, const std::vector<LedgerEntry>& entries,
                       const std::vector<LedgerStatus>& after, std::vector<std::string>& notes) {
    for (std::size_t i = 0; i < before.size(); ++i) {
        const LedgerStatus& was = before[i].status;
        const LedgerStatus& now = after[i];
        if (was.counted == now.counted && was.conflicts == now.conflicts) continue;
        m_db.execPrepared("UPDATE batches SET counted = $1, conflicts = $2 WHERE kiosk_id = $3 AND number = $4 AND "
                          "digest = $5",
                          {now.counted ? "1" : "0", num(now.conflicts), before[i].kioskId, num(entries[i].number),
                           entries[i].digest});
        if (was.counted == now.counted) continue;
        moveBatch(before[i], !now.counted);
        notes.push_back(rules::movedNote(before[i], now));
    }
}

void PgHqStore::applyMark(const std::string& kioskId, const std::string& uuid, const ResponseMark& change,
                          const Copy* current) {
    const PgResult get = m_db.execPrepared(
        "SELECT superseded, misuse_flags FROM marks WHERE kiosk_id = $1 AND uuid = $2", {kioskId, uuid});
    ResponseMark old;
    const bool exists = get.rows() > 0;
    if (exists) {
        old.superseded = get.int64(0, 0) != 0;
        old.misuseFlags = static_cast<std::uint32_t>(get.int64(0, 1));
    }
    const ResponseMark now{old.superseded || change.superseded, old.misuseFlags | change.misuseFlags};
    if (exists && now == old) return;

    // Every copy is tallied under the stored mark (none: as the batch says): move each
    // (sqlite_hq_import.cpp, applyMark).
    std::optional<std::int64_t> seq;
    const auto adjust = [&](const Batch& batch, bool clockAhead, bool held) {
        if (auto copy = rules::remarked(batch, clockAhead, held, uuid, old, now)) {
            addTallies(copy->contexts, copy->tallies);
            seq = copy->seq;
        }
    };
    if (current) adjust(*current->batch, current->clockAhead, current->held);
    const PgResult files = m_db.execPrepared(
        "SELECT number, digest, clock_ahead, file_name, counted, seq_first, seq_last FROM batches "
        "WHERE kiosk_id = $1 ORDER BY number DESC, digest COLLATE \"C\"",
        {kioskId});
    for (int i = 0; i < files.rows(); ++i) {
        if (seq && !(files.int64(i, 5) <= *seq && *seq <= files.int64(i, 6))) continue;
        const std::string file = storedFile(kioskId, files.int64(i, 0), str(files.text(i, 1)));
        if (file.empty()) continue;
        if (const auto stored = readBatch(file, str(files.text(i, 3))))
            adjust(*stored, files.int64(i, 2) != 0, files.int64(i, 4) == 0);
    }
    m_db.execPrepared(
        "INSERT INTO marks VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kiosk_id, uuid) DO UPDATE SET "
        "superseded = excluded.superseded, misuse_flags = excluded.misuse_flags, applied = excluded.applied",
        {kioskId, uuid, now.superseded ? "1" : "0", num(now.misuseFlags), seq ? "1" : "0"});
}

void PgHqStore::forgetTransaction() {
    m_newContexts.clear();
    m_newQuestionnaires.clear();
    m_days.clear();
    m_months.clear();
    m_unitMonths.clear();
}

void PgHqStore::keepTransaction() {
    m_contextIds.merge(m_newContexts);  // committed now
    m_newContexts.clear();
    m_questionnaires.merge(m_newQuestionnaires);
    m_newQuestionnaires.clear();
}

ImportOutcome PgHqStore::importBatch(const PreparedBatch& p, std::int64_t nowUtcMs) {
    for (int attempt = 1;; ++attempt) {
        try {
            ImportOutcome out = importInTransaction(p, nowUtcMs);
            keepTransaction();
            m_unsynced = m_unsynced || !out.alreadyImported;
            return out;
        } catch (const PgError& e) {
            forgetTransaction();  // what the rolled-back transaction numbered or gathered is gone
            // Not expected (the locks are taken in one order), but a deadlock or serialization
            // failure is PostgreSQL asking for the transaction again.
            if (!e.retryable() || attempt == 5) rethrowFor(p.fileName, e);
        } catch (...) {
            forgetTransaction();
            throw;
        }
    }
}

ImportOutcome PgHqStore::importInTransaction(const PreparedBatch& p, std::int64_t nowUtcMs) {
    const Batch& batch = p.batch;
    const BatchHeader& h = batch.header;
    ImportOutcome out;
    // One file, all or nothing: its own transaction, READ COMMITTED, so that each command sees
    // what an importer that held this kiosk's lock before committed (a snapshot taken at the
    // first command, as REPEATABLE READ takes it, would predate the wait for the lock).
    PgTransaction tx(m_db, "BEGIN ISOLATION LEVEL READ COMMITTED");
    m_db.execPrepared(LockKiosk, {h.kioskId});  // every decision below is per kiosk: one importer at a time
    const std::string n = std::to_string(h.number);
    // The comments first, each response's once: a copy of a batch already imported, read with
    // headquarters' key this time, opens the comments it brought sealed.
    out.commentsOpened = putComments(m_db, p.comments);
    if (m_db.execPrepared("SELECT 1 FROM batches WHERE kiosk_id = $1 AND number = $2 AND digest = $3",
                          {h.kioskId, n, batch.digestHex})
            .rows() > 0) {
        out.alreadyImported = true;
        out.knownResponses = h.responseCount;
        if (out.commentsOpened > 0) {
            bumpDataVersion();  // last (pg_hq_store.h)
            tx.commit();
        }
        return out;  // a copy of a batch already imported: nothing else to do
    }

    // The counting rule over the kiosk's batches with this one (batch_ledger.h).
    const std::vector<StoredBatch> stored = batches(h.kioskId, false);
    const std::vector<LedgerEntry> entries = rules::entriesOf(stored, &batch);
    const std::vector<LedgerStatus> status = ledgerStatus(entries);
    const LedgerStatus mine = status.back();
    const bool held = !mine.counted;
    if (held) out.notes.push_back(rules::heldNote(h, mine));
    settle(stored, entries, status, out.notes);
    if (p.clockAhead) out.notes.push_back(rules::clockAheadNote(h));

    // Marks waiting for these responses, or (sharing sequence numbers with other batches) marks
    // of responses stored in another copy; ratings replaced within the batch.
    const auto pending = rules::marksOn(batch, marksOf(h.kioskId, !rules::mayRepeatResponses(mine)));
    for (const std::string& uuid : p.supersededWithin) applyMark(h.kioskId, uuid, ResponseMark{true, 0}, nullptr);
    {
        const auto [contexts, tallies] = rules::arrivingTallies(p, pending, held, out.clockSuspect);
        addTallies(contexts, tallies);
    }
    {
        PgArray uuids;
        for (const auto& [uuid, m] : pending) uuids.add(uuid);
        for (const std::string& uuid : p.supersededWithin) uuids.add(uuid);
        if (uuids.size() > 0)
            m_db.execPrepared("UPDATE marks SET applied = 1 WHERE kiosk_id = $1 AND uuid = ANY ($2::text[])",
                              {h.kioskId, uuids.str()});
    }
    (held ? out.heldResponses : out.newResponses) = h.responseCount;

    // Ratings replaced in an earlier batch, misuse flagged later: every copy moves.
    const Copy current{&batch, p.clockAhead, held};
    for (const Response& r : batch.responses)
        if (!r.supersedesUuid.empty() && !p.supersededWithin.count(r.supersedesUuid))
            applyMark(h.kioskId, r.supersedesUuid, ResponseMark{true, 0}, &current);
    if (!batch.audit.empty()) {
        PgArray col[7];
        for (const AuditEntry& e : batch.audit) {
            col[0].add(e.id);
            col[1].add(e.utcMs);
            col[2].add(static_cast<std::int64_t>(e.utcOffsetMinutes));
            col[3].add(e.monoMs);
            col[4].add(e.bootId);
            col[5].add(e.event);
            col[6].add(e.detail);
        }
        m_db.execPrepared(
            "INSERT INTO audit SELECT $1::text, * FROM unnest($2::bigint[], $3::bigint[], $4::int[], $5::bigint[], "
            "$6::text[], $7::text[], $8::text[]) ON CONFLICT DO NOTHING",
            {h.kioskId, col[0].str(), col[1].str(), col[2].str(), col[3].str(), col[4].str(), col[5].str(),
             col[6].str()});
        // "uuid=<uuid> flags=<bits>", whichever copy of the entry came first (a restored kiosk
        // reuses audit ids): marks only add flags, so applying twice is harmless.
        for (const AuditEntry& e : batch.audit)
            if (const auto mark = rules::misuseMark(e))
                applyMark(h.kioskId, mark->first, ResponseMark{false, mark->second}, &current);
    }
    PgArray ids, versions, sources;  // those not known to be stored already
    for (const QuestionnaireDef& q : h.questionnaires) {
        if (m_questionnaires.count({q.id, q.version})) continue;
        m_newQuestionnaires.emplace(q.id, q.version);
        ids.add(q.id);
        versions.add(static_cast<std::int64_t>(q.version));
        sources.add(q.source);
    }
    if (ids.size() > 0) {
        m_db.execPrepared("INSERT INTO questionnaires SELECT * FROM unnest($1::text[], $2::int[], $3::text[]) "
                          "ORDER BY 1, 2 ON CONFLICT DO NOTHING",
                          {ids.str(), versions.str(), sources.str()});
    }
    // The batch itself after the searches for stored copies above, which never meet it.
    m_db.execPrepared("INSERT INTO batches (kiosk_id, number, digest, previous_digest, seq_first, seq_last, "
                      "new_responses, export_utc_ms, clock_ahead, file_name, imported_utc_ms, counted, conflicts, "
                      "program) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                      {h.kioskId, n, batch.digestHex, h.previousDigestHex, num(h.seqFirst), num(h.seqLast),
                       num(h.responseCount), num(h.exportUtcMs), p.clockAhead ? "1" : "0", p.fileName, num(nowUtcMs),
                       held ? "0" : "1", num(mine.conflicts), h.program});
    if (!p.bytes.empty())
        m_db.execPrepared("INSERT INTO batch_files VALUES ($1, $2, $3, $4::bytea)",
                          {h.kioskId, n, batch.digestHex, byteaHex(p.bytes)});
    flushTallies();     // in key order
    bumpDataVersion();  // last (pg_hq_store.h)
    tx.commit();
    return out;
}

std::optional<std::string> PgHqStore::decide(const std::string& kioskId, std::int64_t number, const std::string& digest,
                                             BatchDecision decision, const std::string& actor,
                                             const std::string& reason, std::int64_t nowUtcMs) {
    try {
        PgTransaction tx(m_db, "BEGIN ISOLATION LEVEL READ COMMITTED");
        m_db.execPrepared(LockKiosk, {kioskId});  // no import of this kiosk meanwhile
        const std::vector<StoredBatch> stored = batches(kioskId, false);
        std::vector<LedgerEntry> entries = rules::entriesOf(stored);
        const auto it = std::find_if(entries.begin(), entries.end(),
                                     [&](const LedgerEntry& e) { return e.number == number && e.digest == digest; });
        if (it == entries.end()) return rules::noSuchBatch(kioskId, number, digest);
        const auto which = static_cast<std::size_t>(it - entries.begin());
        if (decision == BatchDecision::Count)
            if (auto why = refuseCounting(entries, which)) return why;
        const BatchDecision was = it->decision;
        it->decision = decision;
        std::vector<std::string> notes;
        settle(stored, entries, ledgerStatus(entries), notes);
        if (decision == BatchDecision::None)
            m_db.exec("DELETE FROM decisions WHERE kiosk_id = $1 AND number = $2 AND digest = $3",
                      {kioskId, num(number), digest});
        else
            m_db.exec("INSERT INTO decisions VALUES ($1, $2, $3, $4) ON CONFLICT (kiosk_id, number, digest) "
                      "DO UPDATE SET decision = excluded.decision",
                      {kioskId, num(number), digest, str(decisionName(decision))});
        recordAudit(HqAuditEntry{nowUtcMs, actor, "decide",
                                 rules::decisionDetail(kioskId, number, digest, decision, was, reason, notes)});
        flushTallies();
        bumpDataVersion();  // last (pg_hq_store.h)
        tx.commit();
        keepTransaction();
        return std::nullopt;
    } catch (...) {
        forgetTransaction();
        throw;
    }
}

}  // namespace hailong::core
