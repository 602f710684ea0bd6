// Headquarters' figures under the three definitions, on hand-made data worked out by hand.
#include "core/hq/report.h"
#include "core/hq/sqlite_hq_store.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

using namespace hailong::core;
using hailong::test::TempDir;

namespace {

const char* const Sipas = R"(format = "hailong-questionnaire/1"
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

constexpr std::int64_t T0 = 1'767'225'600'000 + 2 * 3'600'000;  // 2026-01-01 09:00 +07:00

struct Rating {
    std::string uuid, overall, attitude, dossier, supersedes;
    std::uint32_t misuse = 0;
};

Batch batchOf(const std::string& kioskId, const UnitInfo& unit, const std::vector<Rating>& ratings) {
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
        if (!x.attitude.empty()) r.answers.push_back(Answer{"attitude", Scale::Sipas5, {x.attitude}, r.startedUtcMs + 1000});
        b.responses.push_back(r);
    }
    return b;
}

struct Hq {
    TempDir dir;
    SqliteHqStore store{dir / "hq.db"};
    Hq() {
        const UnitInfo na{"CA-NA", "Công an tỉnh Nghệ An", "province", "Quầy 1"};
        const UnitInfo x{"CA-X", "Công an xã X", "commune", "Quầy 1"};
        store.trust(KioskKeyFile{"kiosk-a", std::string(64, 'a'), na}, 0);
        store.trust(KioskKeyFile{"kiosk-b", std::string(64, 'a'), x}, 0);
        store.importBatch(batchOf("kiosk-a", na,
                                  {{"a1", "very_satisfied", "satisfied", "HS-1", ""},
                                   {"a2", "satisfied", "neutral", "HS-2", ""},
                                   {"a3", "not_satisfied", "dissatisfied", "HS-3", ""},
                                   {"a4", "not_satisfied", "", "HS-2", "a2"},         // replaces a2
                                   {"a5", "very_satisfied", "", "", "", misuse::Burst},  // misuse: apart
                                   {"a6", "satisfied", "very_satisfied", "", ""}}),
                          "a.hlbatch", T0 + 2 * 86'400'000);
        store.importBatch(batchOf("kiosk-b", x,
                                  {{"b1", "satisfied", "", "HS-1", ""},  // another kiosk's HS-1: another dossier
                                   {"b2", "not_satisfied", "", "", ""},
                                   {"b3", "satisfied", "", "", ""}}),
                          "b.hlbatch", T0 + 2 * 86'400'000);
    }
};

} // namespace

TEST_CASE("the three satisfaction definitions give the figures worked out by hand", "[hq][report]") {
    Hq hq;
    const Report r = buildReport(hq.store, ReportQuery{});
    REQUIRE(r.rows.size() == 2);
    const ReportRow& na = r.rows[0];
    const ReportRow& x = r.rows[1];
    CHECK(na.key == "CA-NA");
    CHECK(na.label == "Công an tỉnh Nghệ An");
    // 1. event-based: a1, a3, a4, a6 count (a2 replaced, a5 misuse): 2 of 4 satisfied.
    CHECK(na.ratings == 4);
    CHECK(na.satisfied == 2);
    CHECK(formatPercent(percentOf(na.satisfied, na.ratings)) == "50.00%");
    CHECK(na.misuse == 1);
    CHECK(na.superseded == 1);
    CHECK(na.values == std::map<std::string, std::int64_t>{{"not_satisfied", 2}, {"satisfied", 1}, {"very_satisfied", 1}});
    // 2. SIPAS top-2: attitude answers of a1 (satisfied), a3 (dissatisfied), a6 (very satisfied).
    CHECK(na.sipasAnswers == 3);
    CHECK(na.sipasTop2 == 2);
    CHECK(formatPercent(percentOf(na.sipasTop2, na.sipasAnswers)) == "66.67%");
    // 3. Decision 766: HS-1 satisfied, HS-2 (latest: a4) not, HS-3 not: (3 - 2) / 3.
    CHECK(na.dossiers == 3);
    CHECK(na.dossiersNotSatisfied == 2);
    CHECK(formatPercent(percentOf(na.dossiers - na.dossiersNotSatisfied, na.dossiers)) == "33.33%");

    CHECK(x.ratings == 3);
    CHECK(x.satisfied == 2);
    CHECK(x.dossiers == 1);
    CHECK(x.dossiersNotSatisfied == 0);

    // Pooled from raw counts: 4 of 7 (57.14%), not the mean of 50% and 66.67% (58.33%).
    CHECK(r.total.ratings == 7);
    CHECK(r.total.satisfied == 4);
    CHECK(formatPercent(percentOf(r.total.satisfied, r.total.ratings)) == "57.14%");
    CHECK(formatPercent(percentOf(r.total.dossiers - r.total.dossiersNotSatisfied, r.total.dossiers)) == "50.00%");
    CHECK(r.total.misuse == 1);
}

TEST_CASE("the report groups by level, day and question, and filters by date", "[hq][report]") {
    Hq hq;
    ReportQuery byLevel;
    byLevel.by = ReportBy::Level;
    const Report levels = buildReport(hq.store, byLevel);
    REQUIRE(levels.rows.size() == 2);
    CHECK(levels.rows[0].key == "commune");
    CHECK(levels.rows[1].key == "province");
    CHECK(levels.total.satisfied == 4);

    ReportQuery byDay;
    byDay.by = ReportBy::Day;
    const Report days = buildReport(hq.store, byDay);
    REQUIRE(days.rows.size() == 1);
    CHECK(days.rows[0].key == "2026-01-01");

    ReportQuery byQuestion;
    byQuestion.by = ReportBy::Question;
    const Report questions = buildReport(hq.store, byQuestion);
    REQUIRE(questions.rows.size() == 2);
    CHECK(questions.rows[0].key == "attitude");
    CHECK(questions.rows[0].ratings == 3);
    CHECK(questions.rows[0].satisfied == 2);
    CHECK(questions.rows[1].key == "overall");
    CHECK(questions.rows[1].ratings == 7);

    ReportQuery late;
    late.fromUtcMs = T0 + 4 * 60'000;  // from the fourth minute: a4, a5, a6 of kiosk A
    const Report after = buildReport(hq.store, late);
    CHECK(after.total.ratings == 2);  // a4, a6 (a5 is misuse)
    CHECK(after.total.misuse == 1);
}

TEST_CASE("the report as a table and as CSV holds the same numbers", "[hq][report]") {
    Hq hq;
    const Report r = buildReport(hq.store, ReportQuery{});
    const std::string table = reportTable(r);
    const std::string csv = reportCsv(r);
    CHECK_THAT(table, Catch::Contains("57.14% hài lòng"));
    CHECK_THAT(table, Catch::Contains("Công an tỉnh Nghệ An"));
    CHECK_THAT(csv, Catch::Contains("CA-NA,Công an tỉnh Nghệ An,4,2,50.00%,3,66.67%,3,33.33%,1,1,0\r\n"));
    CHECK_THAT(csv, Catch::Contains("TOTAL,,7,4,57.14%,3,66.67%,4,50.00%,1,1,0\r\n"));
}
