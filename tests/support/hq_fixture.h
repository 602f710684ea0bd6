#pragma once
// Hand-made headquarters data for the report tests, worked out by hand in hq_report.tests.cpp:
// kiosk A of "Công an tỉnh Nghệ An" (CA-NA, province) and kiosk B of "Công an xã X" (CA-X,
// commune), one batch each, all on 2026-01-01 from 09:01 (+07:00), with a replaced rating, a
// misuse-flagged one and dossier codes.
#include "hq/sqlite_hq_store.h"
#include "support/temp_dir.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hailong::test {

/// A questionnaire whose main question is 3-level, with one SIPAS 5-level question.
inline constexpr const char* Sipas = R"(format = "hailong-questionnaire/1"
id = "sipas"
version = 1
title = { vi = "Phiếu có câu SIPAS", en = "With a SIPAS question" }

[[question]]
id = "overall"
scale = "three_level"
text = { vi = "Quý khách có hài lòng không?", en = "Are you satisfied?" }

[[question]]
id = "attitude"
scale = "sipas5"
text = { vi = "Thái độ của cán bộ?", en = "The officer's attitude?" }
)";

inline constexpr std::int64_t T0 = 1'767'225'600'000 + 2 * 3'600'000;  // 2026-01-01 09:00 +07:00

/// One response: its main (3-level) answer, an optional SIPAS answer, dossier, replaced uuid, misuse flags.
struct Rating {
    std::string uuid, overall, attitude, dossier, supersedes;
    std::uint32_t misuse = 0;
};

/// Batch 1 of a kiosk, its responses one minute apart from T0 + 1 min (unsigned: the store trusts it).
inline core::Batch batchOf(const std::string& kioskId, const core::UnitInfo& unit, const std::vector<Rating>& ratings) {
    using namespace hailong::core;
    Batch b;
    b.header.kioskId = kioskId;
    b.header.publicKeyHex = std::string(64, 'a');
    b.header.unit = unit;
    b.header.number = 1;
    b.header.seqFirst = 1;
    b.header.seqLast = static_cast<std::int64_t>(ratings.size());
    b.header.responseCount = b.header.seqLast;
    b.header.exportUtcMs = T0 + 86'400'000;
    b.header.questionnaires.push_back(QuestionnaireDef{"sipas", 1, Sipas});
    b.digestHex = kioskId;  // unique per batch here
    std::int64_t seq = 0;
    for (const Rating& x : ratings) {
        Response r;
        r.uuid = x.uuid;
        r.kioskId = kioskId;
        r.seq = ++seq;
        r.unit = unit;
        r.dossierCode = x.dossier;
        r.supersedesUuid = x.supersedes;
        r.questionnaireId = "sipas";
        r.questionnaireVersion = 1;
        r.startedUtcMs = T0 + seq * 60'000;
        r.endedUtcMs = r.startedUtcMs + 10'000;
        r.utcOffsetMinutes = 420;
        r.endReason = EndReason::Completed;
        r.misuseFlags = x.misuse;
        r.answers.push_back(Answer{"overall", Scale::ThreeLevel, {x.overall}, r.startedUtcMs});
        if (!x.attitude.empty())
            r.answers.push_back(Answer{"attitude", Scale::Sipas5, {x.attitude}, r.startedUtcMs + 1000});
        b.responses.push_back(r);
    }
    return b;
}

/// Makes a store of the current schema one of schema 5 (before packages), as an older program
/// left it: for the migration tests.
inline void downgradeToSchema6(SQLite::Database& db) { db.exec("DROP TABLE comments; PRAGMA user_version = 6"); }
inline void downgradeToSchema5(SQLite::Database& db) {
    downgradeToSchema6(db);
    db.exec("DROP TABLE hq_packages; PRAGMA user_version = 5");
}

/// Makes a store of the current schema one of schema 4 (before accounts, the data version and
/// the batches' program), as an older program left it: for the migration tests.
inline void downgradeToSchema4(SQLite::Database& db) {
    downgradeToSchema5(db);
    db.exec("DROP TABLE hq_accounts; DROP TABLE data_version; ALTER TABLE batches DROP COLUMN program; "
            "PRAGMA user_version = 4");
}

/// Makes a store of the current schema one of schema 3 (before batches were held apart), as an
/// older program left it: for the migration tests.
inline void downgradeToSchema3(SQLite::Database& db) {
    downgradeToSchema4(db);
    db.exec("DROP INDEX batches_by_seq; ALTER TABLE batches DROP COLUMN counted; "
            "ALTER TABLE batches DROP COLUMN conflicts; DROP TABLE decisions; DROP TABLE hq_audit; "
            "PRAGMA user_version = 3");
}

/// The hand-made data into a store: its two kiosks trusted, their batches imported.
inline void importHandMade(core::HqStore& store) {
    using namespace hailong::core;
    const UnitInfo na{"CA-NA", "Công an tỉnh Nghệ An", "province", "Quầy 1"};
    const UnitInfo x{"CA-X", "Công an xã X", "commune", "Quầy 1"};
    store.trust(KioskKeyFile{"kiosk-a", std::string(64, 'a'), na}, 0);
    store.trust(KioskKeyFile{"kiosk-b", std::string(64, 'a'), x}, 0);
    store.importBatch(batchOf("kiosk-a", na,
                              {{"a1", "very_satisfied", "satisfied", "HS-1", ""},
                               {"a2", "satisfied", "neutral", "HS-2", ""},
                               {"a3", "not_satisfied", "dissatisfied", "HS-3", ""},
                               {"a4", "not_satisfied", "", "HS-2", "a2"},            // replaces a2
                               {"a5", "very_satisfied", "", "", "", misuse::Burst},  // misuse: apart
                               {"a6", "satisfied", "very_satisfied", "", ""}}),
                      "a.hlbatch", T0 + 2 * 86'400'000);
    store.importBatch(batchOf("kiosk-b", x,
                              {{"b1", "satisfied", "", "HS-1", ""},  // another kiosk's HS-1: another dossier
                               {"b2", "not_satisfied", "", "", ""},
                               {"b3", "satisfied", "", "", ""}}),
                      "b.hlbatch", T0 + 2 * 86'400'000);
}

/// A headquarters database in a temporary folder holding the hand-made data.
struct Hq {
    TempDir dir;
    core::SqliteHqStore store{dir / "hq.db"};
    Hq() { importHandMade(store); }
};

}  // namespace hailong::test
