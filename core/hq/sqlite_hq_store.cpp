#include "sqlite_hq_store.h"

#include "../clock.h"
#include "../response_store.h"  // StorageError

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace hailong::core {

namespace {

constexpr const char* SchemaV1 = R"sql(
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
CREATE TABLE batches (
    kiosk_id        TEXT NOT NULL REFERENCES kiosks (kiosk_id),
    number          INTEGER NOT NULL,
    digest          TEXT NOT NULL,
    previous_digest TEXT NOT NULL,
    seq_first       INTEGER NOT NULL,
    seq_last        INTEGER NOT NULL,
    export_utc_ms   INTEGER NOT NULL,
    file_name       TEXT NOT NULL,
    imported_utc_ms INTEGER NOT NULL,
    PRIMARY KEY (kiosk_id, number)
) WITHOUT ROWID;
-- Every response once, whichever batch or copy brought it.
-- A rowid table (rows appended in import order) with a narrow unique index on the uuid:
-- uuids are random, and moving whole rows around a uuid-ordered tree costs far more.
CREATE TABLE responses (
    uuid                  TEXT UNIQUE NOT NULL,
    kiosk_id              TEXT NOT NULL,
    seq                   INTEGER NOT NULL,
    batch_number          INTEGER NOT NULL,
    unit_code             TEXT NOT NULL,
    unit_name             TEXT NOT NULL,
    unit_level            TEXT NOT NULL,
    counter               TEXT NOT NULL,
    officer_id            TEXT NOT NULL,
    procedure_code        TEXT NOT NULL,
    dossier_code          TEXT NOT NULL,
    supersedes_uuid       TEXT NOT NULL,
    questionnaire_id      TEXT NOT NULL,
    questionnaire_version INTEGER NOT NULL,
    language              TEXT NOT NULL,
    comment               TEXT NOT NULL,
    started_utc_ms        INTEGER NOT NULL,
    ended_utc_ms          INTEGER NOT NULL,
    utc_offset_min        INTEGER NOT NULL,
    boot_id               TEXT NOT NULL,
    started_mono_ms       INTEGER NOT NULL,
    ended_mono_ms         INTEGER NOT NULL,
    end_reason            TEXT NOT NULL,
    misuse_flags          INTEGER NOT NULL,
    clock_suspect         INTEGER NOT NULL DEFAULT 0   -- dated after the kiosk's clock at export
);
CREATE INDEX responses_by_kiosk ON responses (kiosk_id, seq);
-- Answers by the response's row (responses.rowid): appended with it.
CREATE TABLE answers (
    response        INTEGER NOT NULL,
    question_id     TEXT NOT NULL,
    scale           TEXT NOT NULL,
    value           TEXT NOT NULL,
    value_index     INTEGER NOT NULL,
    answered_utc_ms INTEGER NOT NULL,
    PRIMARY KEY (response, question_id, value)
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
PRAGMA user_version = 1;
)sql";

SQLite::Database open(const std::filesystem::path& path) {
    try {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, 5000);
        db.execAndGet("PRAGMA journal_mode=WAL");
        db.exec("PRAGMA synchronous=FULL");
        const int version = db.execAndGet("PRAGMA user_version").getInt();
        if (version > SqliteHqStore::SchemaVersion)
            throw StorageError("headquarters database " + path.string() + ": schema version " + std::to_string(version) +
                               " is newer than this program supports; upgrade the program");
        if (version == 0) {
            if (db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() != 0)
                throw StorageError("headquarters database " + path.string() +
                                   ": the file is an SQLite database of another program");
            SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
            db.exec(SchemaV1);
            tx.commit();
        }
        return db;
    } catch (const SQLite::Exception& e) {
        throw StorageError("headquarters database " + path.string() + ": " + e.what());
    }
}

} // namespace

template <class F>
auto SqliteHqStore::guard(const std::string& what, F&& f) const -> decltype(f()) {
    try {
        return f();
    } catch (const SQLite::Exception& e) {
        throw StorageError("headquarters database " + m_path.string() + ": " + what + ": " + e.what());
    }
}

SqliteHqStore::SqliteHqStore(const std::filesystem::path& path) : m_path(path), m_db(open(path)) {}

void SqliteHqStore::trust(const KioskKeyFile& key, std::int64_t nowUtcMs) {
    guard("cannot register kiosk " + key.kioskId, [&] {
        SQLite::Statement q(m_db, "INSERT INTO kiosks VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kiosk_id) DO UPDATE SET "
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
                                  "k.trusted_utc_ms, count(b.number), coalesce(max(b.number), 0), "
                                  "coalesce(max(b.seq_last), 0), coalesce(max(b.export_utc_ms), 0) "
                                  "FROM kiosks k LEFT JOIN batches b ON b.kiosk_id = k.kiosk_id "
                                  "GROUP BY k.kiosk_id ORDER BY k.unit_code, k.kiosk_id");
        SQLite::Statement numbers(m_db, "SELECT number FROM batches WHERE kiosk_id = ? ORDER BY number");
        SQLite::Statement count(m_db, "SELECT count(*) FROM responses WHERE kiosk_id = ?");
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
    return guard("cannot count the responses", [&] { return m_db.execAndGet("SELECT count(*) FROM responses").getInt64(); });
}

ImportOutcome SqliteHqStore::importBatch(const Batch& batch, const std::string& fileName, std::int64_t nowUtcMs) {
    const BatchHeader& h = batch.header;
    return guard("cannot import " + fileName, [&] {
        ImportOutcome out;
        SQLite::Transaction tx(m_db, SQLite::TransactionBehavior::IMMEDIATE);  // one file, one transaction
        const std::string n = std::to_string(h.number);
        {
            SQLite::Statement same(m_db, "SELECT digest, file_name FROM batches WHERE kiosk_id = ? AND number = ?");
            same.bind(1, h.kioskId);
            same.bind(2, h.number);
            if (same.executeStep()) {
                if (same.getColumn(0).getString() == batch.digestHex) {
                    out.alreadyImported = true;
                    out.knownResponses = h.responseCount;
                    return out;  // a copy of a batch already imported: nothing to do
                }
                out.notes.push_back("batch " + n + " of kiosk " + h.kioskId + " was imported before with other content (" +
                                    same.getColumn(1).getString() + "): a fork or a replay; its responses are counted once");
            }
        }
        {  // the chain, both ways
            SQLite::Statement neighbour(m_db, "SELECT number, digest, previous_digest, file_name FROM batches "
                                              "WHERE kiosk_id = ? AND number IN (?, ?)");
            neighbour.bind(1, h.kioskId);
            neighbour.bind(2, h.number - 1);
            neighbour.bind(3, h.number + 1);
            while (neighbour.executeStep()) {
                const std::int64_t other = neighbour.getColumn(0).getInt64();
                if (other == h.number - 1 && neighbour.getColumn(1).getString() != h.previousDigestHex)
                    out.notes.push_back("chain broken: batch " + n + " does not follow batch " + std::to_string(other) + " (" +
                                        neighbour.getColumn(3).getString() + ")");
                if (other == h.number + 1 && neighbour.getColumn(2).getString() != batch.digestHex)
                    out.notes.push_back("chain broken: batch " + std::to_string(other) + " (" +
                                        neighbour.getColumn(3).getString() + ") does not follow batch " + n);
            }
        }
        SQLite::Statement addBatch(m_db, "INSERT OR IGNORE INTO batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        addBatch.bind(1, h.kioskId);
        addBatch.bind(2, h.number);
        addBatch.bind(3, batch.digestHex);
        addBatch.bind(4, h.previousDigestHex);
        addBatch.bind(5, h.seqFirst);
        addBatch.bind(6, h.seqLast);
        addBatch.bind(7, h.exportUtcMs);
        addBatch.bind(8, fileName);
        addBatch.bind(9, nowUtcMs);
        addBatch.exec();

        SQLite::Statement addResponse(m_db, "INSERT OR IGNORE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        SQLite::Statement addAnswer(m_db, "INSERT OR IGNORE INTO answers VALUES (?, ?, ?, ?, ?, ?)");
        // A kiosk whose clock at export is ahead of ours by more than a day, or a response dated
        // after its own kiosk's export: the clock was wrong. Kept, marked, shown apart in reports.
        constexpr std::int64_t Day = 86'400'000;
        const bool clockAhead = h.exportUtcMs > nowUtcMs + Day;
        if (clockAhead)
            out.notes.push_back("the kiosk's clock was ahead at export (dated " + formatLocalIso(h.exportUtcMs, 0) +
                                "): its responses are marked clock-suspect");
        for (const Response& r : batch.responses) {
            const bool suspect = clockAhead || r.startedUtcMs > h.exportUtcMs || r.endedUtcMs > h.exportUtcMs;
            int i = 0;
            addResponse.bind(++i, r.uuid);
            addResponse.bind(++i, h.kioskId);
            addResponse.bind(++i, r.seq);
            addResponse.bind(++i, h.number);
            addResponse.bind(++i, r.unit.code);
            addResponse.bind(++i, r.unit.name);
            addResponse.bind(++i, r.unit.level);
            addResponse.bind(++i, r.unit.counter);
            addResponse.bind(++i, r.officerId);
            addResponse.bind(++i, r.procedureCode);
            addResponse.bind(++i, r.dossierCode);
            addResponse.bind(++i, r.supersedesUuid);
            addResponse.bind(++i, r.questionnaireId);
            addResponse.bind(++i, r.questionnaireVersion);
            addResponse.bind(++i, std::string(languageCode(r.language)));
            addResponse.bind(++i, r.comment);
            addResponse.bind(++i, r.startedUtcMs);
            addResponse.bind(++i, r.endedUtcMs);
            addResponse.bind(++i, r.utcOffsetMinutes);
            addResponse.bind(++i, r.bootId);
            addResponse.bind(++i, r.startedMonoMs);
            addResponse.bind(++i, r.endedMonoMs);
            addResponse.bind(++i, std::string(endReasonName(r.endReason)));
            addResponse.bind(++i, static_cast<std::int64_t>(r.misuseFlags));
            addResponse.bind(++i, suspect ? 1 : 0);
            const bool added = addResponse.exec() == 1;
            addResponse.reset();
            if (!added) {
                ++out.knownResponses;
                continue;
            }
            ++out.newResponses;
            out.clockSuspect += suspect;
            const std::int64_t row = m_db.getLastInsertRowid();
            for (const Answer& a : r.answers)
                for (std::size_t v = 0; v < a.values.size(); ++v) {
                    addAnswer.bind(1, row);
                    addAnswer.bind(2, a.questionId);
                    addAnswer.bind(3, std::string(scaleName(a.scale)));
                    addAnswer.bind(4, a.values[v]);
                    addAnswer.bind(5, static_cast<std::int64_t>(v));
                    addAnswer.bind(6, a.answeredUtcMs);
                    addAnswer.exec();
                    addAnswer.reset();
                }
        }
        SQLite::Statement addAudit(m_db, "INSERT OR IGNORE INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        SQLite::Statement lateFlag(m_db, "UPDATE responses SET misuse_flags = misuse_flags | ? WHERE uuid = ?");
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
            if (e.event == audit::MisuseFlagAdded) {  // "uuid=<uuid> flags=<bits>"
                const auto u = e.detail.find("uuid="), f = e.detail.find(" flags=");
                const std::string bits = f == std::string::npos ? "" : e.detail.substr(f + 7);
                if (u == 0 && !bits.empty() && bits.size() <= 10 &&
                    bits.find_first_not_of("0123456789") == std::string::npos) {
                    lateFlag.bind(1, static_cast<std::int64_t>(std::stoll(bits)));
                    lateFlag.bind(2, e.detail.substr(5, f - 5));
                    lateFlag.exec();
                    lateFlag.reset();
                }
            }
        }
        SQLite::Statement addQuestionnaire(m_db, "INSERT OR IGNORE INTO questionnaires VALUES (?, ?, ?)");
        for (const QuestionnaireDef& q : h.questionnaires) {
            addQuestionnaire.bind(1, q.id);
            addQuestionnaire.bind(2, q.version);
            addQuestionnaire.bind(3, q.source);
            addQuestionnaire.exec();
            addQuestionnaire.reset();
        }
        tx.commit();
        return out;
    });
}

} // namespace hailong::core
