// Headquarters' figures under the three definitions, on hand-made data worked out by hand.
#include "hq/report.h"
#include "hq/report_html.h"
#include "hq/sqlite_hq_store.h"
#include "support/hq_fixture.h"
#include "support/hq_provinces_fixture.h"

#include <catch2/catch.hpp>

using namespace hailong::core;
using hailong::test::Hq;
using hailong::test::T0;

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
    CHECK(na.values ==
          std::map<std::string, std::int64_t>{{"not_satisfied", 2}, {"satisfied", 1}, {"very_satisfied", 1}});
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
    CHECK(levels.rows[0].key == "province");  // from the top down
    CHECK(levels.rows[1].key == "commune");
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

    // All the ratings are of 2026-01-01, local time.
    const std::int64_t newYear = *dayFromString("2026-01-01");
    ReportQuery thatDay;
    thatDay.fromDay = thatDay.toDay = newYear;
    CHECK(buildReport(hq.store, thatDay).total.ratings == 7);
    ReportQuery after;
    after.fromDay = newYear + 1;
    CHECK(buildReport(hq.store, after).rows.empty());
    ReportQuery before;
    before.toDay = newYear - 1;
    CHECK(buildReport(hq.store, before).rows.empty());
    ReportQuery december;  // a whole month, then part of one: both paths
    december.fromDay = *dayFromString("2025-12-01");
    december.toDay = *dayFromString("2026-01-31");
    CHECK(buildReport(hq.store, december).total.ratings == 7);
    december.toDay = newYear;
    CHECK(buildReport(hq.store, december).total.misuse == 1);

    // Days are kept per unit only: by officer or procedure, whole months.
    ReportQuery officers;
    officers.by = ReportBy::Officer;
    officers.fromDay = newYear + 1;
    CHECK_THROWS_AS(buildReport(hq.store, officers), ReportError);
    officers.fromDay = newYear;
    officers.toDay = *dayFromString("2026-01-31");
    CHECK(buildReport(hq.store, officers).total.ratings == 7);
}

TEST_CASE("the report as a table and as CSV holds the same numbers", "[hq][report]") {
    Hq hq;
    const Report r = buildReport(hq.store, ReportQuery{});
    const std::string table = reportTable(r);
    const std::string csv = reportCsv(r);
    CHECK_THAT(table, Catch::Contains("57.14% hài lòng"));
    CHECK_THAT(table, Catch::Contains("Công an tỉnh Nghệ An"));
    // Units not in the registry are counted all the same, and said so; few ratings are marked.
    CHECK_THAT(csv, Catch::Contains("CA-NA,Công an tỉnh Nghệ An,4,2,50.00%,3,66.67%,3,33.33%,1,1,0,,not in the unit "
                                    "registry; fewer than 30 ratings: not ranked\r\n"));
    CHECK_THAT(csv, Catch::Contains("TOTAL,,7,4,57.14%,3,66.67%,4,50.00%,1,1,0,,\r\n"));
    CHECK_THAT(table, Catch::Contains("Not in the unit registry (counted all the same): 2 unit code(s), 7 ratings"));
}

TEST_CASE("the report by counter groups each unit's counters, whole months only, as by officer",
          "[hq][report][counter]") {
    hailong::test::HqProvinces hq;
    hailong::test::addCounters(hq);
    CHECK(reportByFromName("counter") == ReportBy::Counter);
    ReportQuery q;
    q.by = ReportBy::Counter;
    q.fromDay = dayFromString("2026-01-01");
    q.toDay = dayFromString("2026-01-31");
    const Report r = buildReport(hq.store, q);
    ReportQuery units = q;
    units.by = ReportBy::Unit;
    const Report byUnit = buildReport(hq.store, units);
    CHECK(r.total.ratings == byUnit.total.ratings);  // the same ratings, grouped otherwise
    CHECK(r.total.satisfied == byUnit.total.satisfied);

    const auto rowOf = [&](const std::string& key) -> const ReportRow* {
        for (const ReportRow& row : r.rows)
            if (row.key == key) return &row;
        return nullptr;
    };
    const ReportRow* first = rowOf("NA-01/Quầy 1");
    const ReportRow* second = rowOf("NA-01/Quầy 2");
    const ReportRow* unknown = rowOf("NA-01/");
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE(unknown);
    CHECK(first->label == "Quầy 1");
    CHECK(first->ratings == 40);
    CHECK(first->satisfied == 36);
    CHECK(second->label == "Quầy 2");
    CHECK(second->ratings == 4);
    CHECK(second->satisfied == 1);
    CHECK(unknown->label == "(không rõ quầy)");
    CHECK(unknown->ratings == 2);
    CHECK(unknown->satisfied == 2);
    // Level and province as by unit.
    const ReportRow* unitRow = nullptr;
    for (const ReportRow& row : byUnit.rows)
        if (row.key == "NA-01") unitRow = &row;
    REQUIRE(unitRow);
    CHECK(unitRow->ratings == first->ratings + second->ratings + unknown->ratings);
    for (const ReportRow* row : {first, second, unknown}) {
        CHECK(row->level == "commune");
        CHECK(row->province == "40");
        CHECK(row->provinceLabel == unitRow->provinceLabel);
        CHECK(row->registered);
    }
    const ReportRow* unregistered = rowOf("CA-X/Quầy 1");  // a code nobody registered: counted, marked
    REQUIRE(unregistered);
    CHECK_FALSE(unregistered->registered);
    CHECK(unregistered->ratings == 3);

    // Under a province: its counters only.
    ReportQuery under = q;
    under.under = "40";
    for (const ReportRow& row : buildReport(hq.store, under).rows) CHECK(row.key.rfind("NA-", 0) == 0);

    // Part of a month: refused, as by officer.
    ReportQuery part = q;
    part.fromDay = *q.fromDay + 1;
    CHECK_THROWS_AS(buildReport(hq.store, part), ReportError);
    CHECK_THROWS_WITH(buildReport(hq.store, part), Catch::Contains("whole months"));

    // The CSV and the page name the counters.
    const std::string csv = reportCsv(r);
    CHECK_THAT(csv, Catch::Contains("NA-01/Quầy 2,Quầy 2,4,1,25.00%"));
    CHECK_THAT(csv, Catch::Contains("NA-01/,(không rõ quầy),2,2,100.00%"));
    const std::string page = reportHtml(r, HtmlReportExtras{});
    CHECK_THAT(page, Catch::Contains("(không rõ quầy)"));
    CHECK_THAT(page, Catch::Contains("NA-01/Quầy 2"));
    CHECK_THAT(page, Catch::Contains("quầy"));
}
