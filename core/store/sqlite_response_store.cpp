#include "store/sqlite_response_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <tuple>
#include <unordered_map>

namespace hailong::core {

// [SECTION] Helpers
namespace {

/// 0 means "not ended" in Response and NULL in the table.
void bindOptionalMs(SQLite::Statement& q, int index, std::int64_t ms) {
    if (ms == 0) q.bind(index);
    else q.bind(index, ms);
}

std::string unknown(const std::string& uuid) { return "no response with id " + uuid; }

/// What most mutations need to know about a response before changing it.
struct Row {
    std::int64_t seq = 0;
    std::int64_t startedUtcMs = 0;
    std::int64_t startedMonoMs = 0;
    std::string endReason;
};

Row lookup(SQLite::Database& db, const std::string& uuid) {
    SQLite::Statement q(db, "SELECT seq, started_utc_ms, started_mono_ms, end_reason "
                            "FROM responses WHERE uuid = ?");
    q.bind(1, uuid);
    if (!q.executeStep()) throw StorageError(unknown(uuid));
    return Row{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getInt64(),
               q.getColumn(3).getString()};
}

void insertAnswer(SQLite::Database& db, std::int64_t seq, const Answer& a, std::int64_t position) {
    SQLite::Statement q(db, "INSERT INTO answers (response_seq, question_id, scale, value, value_index, "
                            "position, answered_utc_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const std::string scale(scaleName(a.scale));
    for (std::size_t i = 0; i < a.values.size(); ++i) {
        q.bind(1, seq);
        q.bind(2, a.questionId);
        q.bind(3, scale);
        q.bind(4, a.values[i]);
        q.bind(5, static_cast<std::int64_t>(i));
        q.bind(6, position);
        q.bind(7, a.answeredUtcMs);
        q.exec();
        q.reset();
    }
}

/// Runs "UPDATE responses ... WHERE uuid = ?" (uuid bound last) as one transaction.
void updateOne(SQLite::Database& db, SQLite::Statement& q, const std::string& uuid) {
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    if (q.exec() == 0) throw StorageError(unknown(uuid));
    tx.commit();
}

// Column order shared by readResponse and the SELECTs that feed it.
constexpr const char* ResponseColumns =
    "seq, uuid, kiosk_id, unit_code, unit_name, unit_level, counter, officer_id, procedure_code, "
    "dossier_code, questionnaire_id, questionnaire_version, language, comment, started_utc_ms, "
    "ended_utc_ms, utc_offset_min, boot_id, started_mono_ms, ended_mono_ms, end_reason, misuse_flags, "
    "supersedes_uuid";

Response readResponse(const SQLite::Statement& q) {
    Response r;
    r.seq = q.getColumn(0).getInt64();
    r.uuid = q.getColumn(1).getString();
    r.kioskId = q.getColumn(2).getString();
    r.unit.code = q.getColumn(3).getString();
    r.unit.name = q.getColumn(4).getString();
    r.unit.level = q.getColumn(5).getString();
    r.unit.counter = q.getColumn(6).getString();
    r.officerId = q.getColumn(7).getString();
    r.procedureCode = q.getColumn(8).getString();
    r.dossierCode = q.getColumn(9).getString();
    r.questionnaireId = q.getColumn(10).getString();
    r.questionnaireVersion = q.getColumn(11).getInt();
    const std::string lang = q.getColumn(12).getString();
    const auto language = languageFromCode(lang);
    if (!language) throw StorageError("response " + r.uuid + " has an unknown language \"" + lang + "\"");
    r.language = *language;
    r.comment = q.getColumn(13).getString();
    r.startedUtcMs = q.getColumn(14).getInt64();
    r.endedUtcMs = q.getColumn(15).getInt64();  // NULL reads as 0
    r.utcOffsetMinutes = q.getColumn(16).getInt();
    r.bootId = q.getColumn(17).getString();
    r.startedMonoMs = q.getColumn(18).getInt64();
    r.endedMonoMs = q.getColumn(19).getInt64();
    const std::string why = q.getColumn(20).getString();
    const auto reason = endReasonFromName(why);
    if (!reason) throw StorageError("response " + r.uuid + " has an unknown end reason \"" + why + "\"");
    r.endReason = *reason;
    r.misuseFlags = static_cast<std::uint32_t>(q.getColumn(21).getInt64());
    r.supersedesUuid = q.getColumn(22).getString();
    return r;
}

constexpr const char* AnswerColumns = "response_seq, question_id, scale, value, answered_utc_ms";
constexpr const char* AnswerOrder = " ORDER BY response_seq, position, value_index";

/// Appends one answer row (a value) to r: rows come ordered by position, value_index.
void addAnswerRow(Response& r, const SQLite::Statement& q) {
    const std::string questionId = q.getColumn(1).getString();
    if (r.answers.empty() || r.answers.back().questionId != questionId) {
        const std::string name = q.getColumn(2).getString();
        const auto scale = scaleFromName(name);
        if (!scale) throw StorageError("response " + r.uuid + " has an answer on an unknown scale \"" + name + "\"");
        r.answers.push_back(Answer{questionId, *scale, {}, q.getColumn(4).getInt64()});
    }
    r.answers.back().values.push_back(q.getColumn(3).getString());
}

/// Adds flags to a response not exported yet and returns true; false (nothing changed) if it
/// is in a batch already. Throws StorageError for an unknown uuid.
bool flagUnexported(SQLite::Database& db, const std::string& uuid, std::uint32_t flags) {
    SQLite::Statement q(db, "UPDATE responses SET misuse_flags = misuse_flags | ? WHERE uuid = ? AND "
                            "seq > (SELECT coalesce(max(seq_last), 0) FROM batches)");
    q.bind(1, static_cast<std::int64_t>(flags));
    q.bind(2, uuid);
    if (q.exec() == 1) return true;
    SQLite::Statement exists(db, "SELECT 1 FROM responses WHERE uuid = ?");
    exists.bind(1, uuid);
    if (!exists.executeStep()) throw StorageError(unknown(uuid));
    return false;
}

}  // namespace

// [SECTION] Mutations: one IMMEDIATE transaction each, committed before returning.
// IMMEDIATE takes the write lock at BEGIN, so a concurrent reader (an export) can never
// make us fail half-way with SQLITE_BUSY on lock upgrade.
// Statements are prepared per call, not cached: preparing costs some tens of µs, the
// durable commit (fsync of the WAL) 0.2-0.5 ms, and uncached statements keep the store
// free of state tied to the connection.

std::int64_t SqliteResponseStore::begin(Response& r, const std::vector<std::string>& alsoFlagBurst) {
    const std::int64_t lastActivity = validateNewResponse(r);

    std::string supersedes;  // the supersede rule (see ResponseStore::begin)
    const std::int64_t seq = guarded(m_db, "cannot store new response " + r.uuid, [&] {
        SQLite::Database& db = m_db.db();
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement exists(db, "SELECT 1 FROM responses WHERE uuid = ?");
        exists.bind(1, r.uuid);
        if (exists.executeStep()) throw StorageError("a response with id " + r.uuid + " already exists");
        if (!r.dossierCode.empty()) {  // "<> ''" lets SQLite use the partial index responses_by_dossier
            SQLite::Statement earlier(db, "SELECT uuid FROM responses WHERE dossier_code = ? "
                                          "AND dossier_code <> '' ORDER BY seq DESC LIMIT 1");
            earlier.bind(1, r.dossierCode);
            if (earlier.executeStep()) supersedes = earlier.getColumn(0).getString();
        }

        SQLite::Statement q(db, "INSERT INTO responses (uuid, kiosk_id, unit_code, unit_name, unit_level, "
                                "counter, officer_id, procedure_code, dossier_code, questionnaire_id, "
                                "questionnaire_version, language, comment, started_utc_ms, ended_utc_ms, "
                                "utc_offset_min, boot_id, started_mono_ms, ended_mono_ms, end_reason, "
                                "misuse_flags, last_activity_mono_ms, supersedes_uuid) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q.bind(1, r.uuid);
        q.bind(2, m_db.kioskId());
        q.bind(3, r.unit.code);
        q.bind(4, r.unit.name);
        q.bind(5, r.unit.level);
        q.bind(6, r.unit.counter);
        q.bind(7, r.officerId);
        q.bind(8, r.procedureCode);
        q.bind(9, r.dossierCode);
        q.bind(10, r.questionnaireId);
        q.bind(11, r.questionnaireVersion);
        q.bind(12, std::string(languageCode(r.language)));
        q.bind(13, r.comment);
        q.bind(14, r.startedUtcMs);
        bindOptionalMs(q, 15, r.endedUtcMs);
        q.bind(16, r.utcOffsetMinutes);
        q.bind(17, r.bootId);
        q.bind(18, r.startedMonoMs);
        bindOptionalMs(q, 19, r.endedMonoMs);
        q.bind(20, std::string(endReasonName(r.endReason)));
        q.bind(21, r.misuseFlags);
        q.bind(22, lastActivity);
        q.bind(23, supersedes);
        q.exec();
        const std::int64_t newSeq = db.getLastInsertRowid();
        for (std::size_t i = 0; i < r.answers.size(); ++i)
            insertAnswer(db, newSeq, r.answers[i], static_cast<std::int64_t>(i));
        for (const std::string& earlier : alsoFlagBurst)
            if (!flagUnexported(db, earlier, misuse::Burst)) {
                // Already in a batch: that response never changes (its batch can be written
                // again byte for byte, and headquarters has it). The flag travels as a fact
                // of its own, in the next batch's audit entries, stamped with this rating.
                SQLite::Statement note(db, "INSERT INTO audit_log (utc_ms, utc_offset_min, mono_ms, boot_id, event, "
                                           "detail) VALUES (?, ?, ?, ?, 'misuse_flag_added', ?)");
                note.bind(1, r.startedUtcMs);
                note.bind(2, r.utcOffsetMinutes);
                note.bind(3, r.startedMonoMs);
                note.bind(4, r.bootId);
                note.bind(5, "uuid=" + earlier + " flags=" + std::to_string(misuse::Burst));
                note.exec();
            }
        tx.commit();  // the vote is durable from here on (WAL + synchronous=FULL)
        return newSeq;
    });
    r.kioskId = m_db.kioskId();
    r.seq = seq;
    r.supersedesUuid = supersedes;
    return seq;
}

void SqliteResponseStore::saveAnswer(const std::string& uuid, const Answer& a) {
    validateAnswer(a);
    guarded(m_db, "cannot save the answer to " + a.questionId + " of response " + uuid, [&] {
        SQLite::Database& db = m_db.db();
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        const Row row = lookup(db, uuid);
        // A question answered before keeps its place; a new one goes after all others.
        SQLite::Statement pos(db, "SELECT coalesce("
                                  "(SELECT min(position) FROM answers WHERE response_seq = ?1 AND question_id = ?2),"
                                  "(SELECT max(position) + 1 FROM answers WHERE response_seq = ?1), 0)");
        pos.bind(1, row.seq);
        pos.bind(2, a.questionId);
        pos.executeStep();
        const std::int64_t position = pos.getColumn(0).getInt64();

        SQLite::Statement del(db, "DELETE FROM answers WHERE response_seq = ? AND question_id = ?");
        del.bind(1, row.seq);
        del.bind(2, a.questionId);
        del.exec();
        insertAnswer(db, row.seq, a, position);

        SQLite::Statement touch(db, "UPDATE responses SET last_activity_mono_ms = "
                                    "max(last_activity_mono_ms, ?) WHERE seq = ?");
        touch.bind(1, activityMonoMs(row.startedUtcMs, row.startedMonoMs, a.answeredUtcMs));
        touch.bind(2, row.seq);
        touch.exec();
        tx.commit();
    });
}

void SqliteResponseStore::removeAnswer(const std::string& uuid, const std::string& questionId) {
    guarded(m_db, "cannot remove the answer to " + questionId + " of response " + uuid, [&] {
        SQLite::Database& db = m_db.db();
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        const Row row = lookup(db, uuid);
        SQLite::Statement del(db, "DELETE FROM answers WHERE response_seq = ? AND question_id = ?");
        del.bind(1, row.seq);
        del.bind(2, questionId);
        del.exec();
        tx.commit();
    });
}

void SqliteResponseStore::setComment(const std::string& uuid, const std::string& comment) {
    guarded(m_db, "cannot save the comment of response " + uuid, [&] {
        SQLite::Statement q(m_db.db(), "UPDATE responses SET comment = ? WHERE uuid = ?");
        q.bind(1, comment);
        q.bind(2, uuid);
        updateOne(m_db.db(), q, uuid);
    });
}

void SqliteResponseStore::setLanguage(const std::string& uuid, Language lang) {
    guarded(m_db, "cannot save the language of response " + uuid, [&] {
        SQLite::Statement q(m_db.db(), "UPDATE responses SET language = ? WHERE uuid = ?");
        q.bind(1, std::string(languageCode(lang)));
        q.bind(2, uuid);
        updateOne(m_db.db(), q, uuid);
    });
}

void SqliteResponseStore::setProcedure(const std::string& uuid, const std::string& procedureCode) {
    if (procedureCode.empty()) throw StorageError("a procedure code cannot be empty");
    guarded(m_db, "cannot save the procedure of response " + uuid, [&] {
        SQLite::Statement q(m_db.db(), "UPDATE responses SET procedure_code = ? WHERE uuid = ?");
        q.bind(1, procedureCode);
        q.bind(2, uuid);
        updateOne(m_db.db(), q, uuid);
    });
}

void SqliteResponseStore::addMisuseFlags(const std::string& uuid, std::uint32_t flags) {
    guarded(m_db, "cannot flag response " + uuid, [&] {
        SQLite::Transaction tx(m_db.db(), SQLite::TransactionBehavior::IMMEDIATE);
        if (!flagUnexported(m_db.db(), uuid, flags))
            throw StorageError("response " + uuid + " is already exported in a batch and is not changed");
        tx.commit();
    });
}

void SqliteResponseStore::finish(const std::string& uuid, EndReason why, std::int64_t endedUtcMs,
                                 std::int64_t endedMonoMs) {
    if (why == EndReason::InProgress) throw StorageError("response " + uuid + " cannot be ended as in_progress");
    guarded(m_db, "cannot end response " + uuid, [&] {
        SQLite::Database& db = m_db.db();
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        const Row row = lookup(db, uuid);
        if (row.endReason != endReasonName(EndReason::InProgress))
            throw StorageError("response " + uuid + " has already ended (" + row.endReason + ")");
        SQLite::Statement q(db, "UPDATE responses SET end_reason = ?, ended_utc_ms = ?, ended_mono_ms = ?, "
                                "last_activity_mono_ms = CASE WHEN ? THEN last_activity_mono_ms ELSE ? END "
                                "WHERE seq = ?");
        q.bind(1, std::string(endReasonName(why)));
        bindOptionalMs(q, 2, endedUtcMs);
        bindOptionalMs(q, 3, endedMonoMs);
        q.bind(4, why == EndReason::Timeout ? 1 : 0);
        q.bind(5, endedMonoMs);
        q.bind(6, row.seq);
        q.exec();
        if (m_onEnded) m_onEnded(m_db, row.seq);  // e.g. the batch line, encoded once, in the same commit
        tx.commit();
    });
}

int SqliteResponseStore::closeInterrupted(std::int64_t nowUtcMs) {
    return guarded(m_db, "cannot close interrupted responses", [&] {
        SQLite::Database& db = m_db.db();
        SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
        // ended_mono_ms stays NULL: a monotonic time of another boot would mislead.
        SQLite::Statement q(db, "UPDATE responses SET end_reason = 'interrupted', ended_utc_ms = ?, "
                                "ended_mono_ms = NULL WHERE end_reason = 'in_progress'");
        bindOptionalMs(q, 1, nowUtcMs);
        const int closed = q.exec();
        tx.commit();
        return closed;
    });
}

// [SECTION] Reads

std::optional<Response> SqliteResponseStore::find(const std::string& uuid) const {
    return guarded(m_db, "cannot read response " + uuid, [&]() -> std::optional<Response> {
        SQLite::Database& db = m_db.db();
        SQLite::Statement q(db, std::string("SELECT ") + ResponseColumns + " FROM responses WHERE uuid = ?");
        q.bind(1, uuid);
        if (!q.executeStep()) return std::nullopt;
        Response r = readResponse(q);
        SQLite::Statement answers(db, std::string("SELECT ") + AnswerColumns + " FROM answers WHERE response_seq = ?" +
                                          AnswerOrder);
        answers.bind(1, r.seq);
        while (answers.executeStep()) addAnswerRow(r, answers);
        return r;
    });
}

std::vector<Response> SqliteResponseStore::all() const {
    return guarded(m_db, "cannot read the responses", [&] {
        // One read transaction, so responses and answers come from the same snapshot.
        SQLite::Transaction tx(m_db.db(), SQLite::TransactionBehavior::DEFERRED);
        std::vector<Response> out;
        forEachResponse(m_db, 1, std::numeric_limits<std::int64_t>::max(),
                        [&](const Response& r) { out.push_back(r); });
        tx.commit();  // nothing written: ends the read snapshot
        return out;
    });
}

void forEachResponse(KioskDatabase& kdb, std::int64_t seqFirst, std::int64_t seqLast,
                     const std::function<void(const Response&)>& f) {
    forEachResponseView(kdb, seqFirst, seqLast, [&](const ResponseView& v) {
        // The names were checked when stored; one that is not known here is damage.
        const auto language = languageFromCode(v.language);
        const auto reason = endReasonFromName(v.endReason);
        if (!language)
            throw StorageError("response " + std::string(v.uuid) + " has an unknown language \"" +
                               std::string(v.language) + "\"");
        if (!reason)
            throw StorageError("response " + std::string(v.uuid) + " has an unknown end reason \"" +
                               std::string(v.endReason) + "\"");
        Response r;
        r.uuid = v.uuid;
        r.kioskId = v.kioskId;
        r.seq = v.seq;
        r.unit = UnitInfo{std::string(v.unitCode), std::string(v.unitName), std::string(v.unitLevel),
                          std::string(v.counter)};
        r.officerId = v.officerId;
        r.procedureCode = v.procedureCode;
        r.dossierCode = v.dossierCode;
        r.supersedesUuid = v.supersedesUuid;
        r.questionnaireId = v.questionnaireId;
        r.questionnaireVersion = v.questionnaireVersion;
        r.language = *language;
        r.comment = v.comment;
        r.startedUtcMs = v.startedUtcMs;
        r.endedUtcMs = v.endedUtcMs;
        r.utcOffsetMinutes = v.utcOffsetMinutes;
        r.bootId = v.bootId;
        r.startedMonoMs = v.startedMonoMs;
        r.endedMonoMs = v.endedMonoMs;
        r.endReason = *reason;
        r.misuseFlags = v.misuseFlags;
        for (const AnswerValueView& value : v.values) {
            if (r.answers.empty() || r.answers.back().questionId != value.questionId) {
                const auto scale = scaleFromName(value.scale);
                if (!scale)
                    throw StorageError("response " + r.uuid + " has an answer on an unknown scale \"" +
                                       std::string(value.scale) + "\"");
                r.answers.push_back(Answer{std::string(value.questionId), *scale, {}, value.answeredUtcMs});
            }
            r.answers.back().values.emplace_back(value.value);
        }
        f(r);
    });
}

std::int64_t SqliteResponseStore::count() const {
    return guarded(m_db, "cannot count the responses", [&] {
        SQLite::Statement q(m_db.db(), "SELECT count(*) FROM responses");
        q.executeStep();
        return q.getColumn(0).getInt64();
    });
}

std::vector<RatingSummary> SqliteResponseStore::recentRatings(int n) const {
    return guarded(m_db, "cannot read the recent ratings", [&] {
        std::vector<RatingSummary> out;
        if (n <= 0) return out;
        SQLite::Statement q(m_db.db(), "SELECT seq, uuid, started_mono_ms, last_activity_mono_ms, boot_id, "
                                       "coalesce((SELECT value FROM answers WHERE response_seq = seq "
                                       "ORDER BY position, value_index LIMIT 1), '') "
                                       "FROM responses ORDER BY seq DESC LIMIT ?");
        q.bind(1, n);
        while (q.executeStep()) {
            RatingSummary s;
            s.seq = q.getColumn(0).getInt64();
            s.uuid = q.getColumn(1).getString();
            s.startedMonoMs = q.getColumn(2).getInt64();
            s.lastActivityMonoMs = q.getColumn(3).getInt64();
            s.bootId = q.getColumn(4).getString();
            s.value = q.getColumn(5).getString();
            out.push_back(std::move(s));
        }
        std::reverse(out.begin(), out.end());  // newest last
        return out;
    });
}

void forEachResponseView(KioskDatabase& kdb, std::int64_t seqFirst, std::int64_t seqLast,
                         const std::function<void(const ResponseView&)>& f) {
    guarded(kdb, "cannot read the responses", [&] {
        // Through SQLite's C API: no copy of any text of a response row (ResponseColumns' order).
        RawStatement q(kdb, "SELECT seq, uuid, kiosk_id, unit_code, unit_name, unit_level, counter, officer_id, "
                            "procedure_code, dossier_code, questionnaire_id, questionnaire_version, language, comment, "
                            "started_utc_ms, ended_utc_ms, utc_offset_min, boot_id, started_mono_ms, ended_mono_ms, "
                            "end_reason, misuse_flags, supersedes_uuid FROM responses WHERE seq BETWEEN ? AND ? "
                            "ORDER BY seq");
        RawStatement a(kdb, "SELECT response_seq, question_id, scale, value, answered_utc_ms, position, value_index "
                            "FROM answers WHERE response_seq BETWEEN ? AND ? ORDER BY response_seq");
        for (RawStatement* stmt : {&q, &a}) {
            stmt->bind(1, seqFirst);
            stmt->bind(2, seqLast);
        }
        // A response's answer rows are copied into one buffer (the statement moves on before
        // the response is handed over), then sorted into their order.
        struct Row {
            std::int64_t position, valueIndex, answeredUtcMs;
            std::size_t at;  // question id, scale and value, one after the other in `text`
            std::uint32_t questionLen, scaleLen, valueLen;
        };
        std::vector<Row> rows;
        std::string text;
        ResponseView v;
        bool moreAnswers = a.step();
        while (q.step()) {
            v.seq = q.integer(0);
            v.uuid = q.text(1);
            v.kioskId = q.text(2);
            v.unitCode = q.text(3);
            v.unitName = q.text(4);
            v.unitLevel = q.text(5);
            v.counter = q.text(6);
            v.officerId = q.text(7);
            v.procedureCode = q.text(8);
            v.dossierCode = q.text(9);
            v.questionnaireId = q.text(10);
            v.questionnaireVersion = static_cast<int>(q.integer(11));
            v.language = q.text(12);
            v.comment = q.text(13);
            v.startedUtcMs = q.integer(14);
            v.endedUtcMs = q.integer(15);
            v.utcOffsetMinutes = static_cast<int>(q.integer(16));
            v.bootId = q.text(17);
            v.startedMonoMs = q.integer(18);
            v.endedMonoMs = q.integer(19);
            v.endReason = q.text(20);
            v.misuseFlags = static_cast<std::uint32_t>(q.integer(21));
            v.supersedesUuid = q.text(22);

            while (moreAnswers && a.integer(0) < v.seq) moreAnswers = a.step();
            rows.clear();
            text.clear();
            while (moreAnswers && a.integer(0) == v.seq) {
                const std::string_view question = a.text(1), scale = a.text(2), value = a.text(3);
                rows.push_back(Row{a.integer(5), a.integer(6), a.integer(4), text.size(),
                                   static_cast<std::uint32_t>(question.size()),
                                   static_cast<std::uint32_t>(scale.size()), static_cast<std::uint32_t>(value.size())});
                text.append(question).append(scale).append(value);
                moreAnswers = a.step();
            }
            if (rows.size() > 1)
                std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
                    return std::tie(x.position, x.valueIndex) < std::tie(y.position, y.valueIndex);
                });
            v.values.clear();
            for (const Row& row : rows) {
                const std::string_view all(text.data() + row.at, row.questionLen + row.scaleLen + row.valueLen);
                v.values.push_back(AnswerValueView{all.substr(0, row.questionLen),
                                                   all.substr(row.questionLen, row.scaleLen),
                                                   all.substr(row.questionLen + row.scaleLen), row.answeredUtcMs});
            }
            f(v);
        }
    });
}

}  // namespace hailong::core
