// The unit registry (issue 16): its files, what it refuses, and reports rolled up through it,
// worked out by hand.
#include "hq/registry_import.h"
#include "hq/report.h"
#include "hq/sqlite_hq_store.h"
#include "hq/unit_registry.h"
#include "support/hq_fixture.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>
#include <xlsxwriter.h>

#include <fstream>

using namespace hailong::core;
using hailong::test::TempDir;

namespace {

std::int64_t day(const char* date) { return *dayFromString(date); }

// The ministry's file of the tests: two former provinces' police merged into the new Phú Thọ's
// (Vĩnh Phúc, 26, and the old Phú Thọ, 25, became the new Phú Thọ, 25, on 1 July 2025), a
// district police whose functions went to its province on 1 March 2025, and a commune police of
// the new province. Their parents are the built-in provinces 26 and 25.
constexpr const char* MinistryCsv =
    "code,name_vi,name_en,level,parent,valid_from,valid_to,successor\n"
    "CAT-26,Công an tỉnh Vĩnh Phúc,Vinh Phuc Provincial Police,province,26,,2025-06-30,CAT-25\n"
    "CAT-25,Công an tỉnh Phú Thọ,Phu Tho Provincial Police,province,25,,2025-06-30,CAT-25\n"
    "CAT-25,Công an tỉnh Phú Thọ,Phu Tho Provincial Police,province,25,2025-07-01,,\n"
    "CAH-VY,Công an thành phố Vĩnh Yên,Vinh Yen City Police,district,CAT-26,,2025-02-28,CAT-26\n"
    "CAX-01,Công an phường Vĩnh Phúc,Vinh Phuc Ward Police,commune,CAT-25,2025-07-01,,\n";

RegistryProblems problemsOf(const std::string& csv) {
    auto file = parseRegistryCsv(csv, "units.csv");
    if (!file) return file.error();
    auto reg = UnitRegistry::merge(builtInUnits(), file->rows);
    return reg ? RegistryProblems{} : reg.error();
}

/// Ratings of one unit, one kiosk, one batch, on a local date (+07:00) from 09:00.
void rate(SqliteHqStore& store, const std::string& kiosk, const std::string& unitCode, const std::string& level,
          const char* date, const std::vector<const char*>& answers) {
    const UnitInfo unit{unitCode, "(as the kiosk named it) " + unitCode, level, "Quầy 1"};
    store.trust(KioskKeyFile{kiosk, std::string(64, 'a'), unit}, 0);
    std::vector<hailong::test::Rating> ratings;
    for (const char* a : answers) ratings.push_back({kiosk + "-" + std::to_string(ratings.size()), a, "", "", ""});
    Batch b = hailong::test::batchOf(kiosk, unit, ratings);
    const std::int64_t start = day(date) * 86'400'000 + 2 * 3'600'000;  // 09:00 +07:00
    for (std::size_t i = 0; i < b.responses.size(); ++i) {
        b.responses[i].startedUtcMs = start + static_cast<std::int64_t>(i) * 60'000;
        b.responses[i].endedUtcMs = b.responses[i].startedUtcMs + 10'000;
    }
    b.header.exportUtcMs = start + 86'400'000;
    store.importBatch(b, kiosk + ".hlbatch", day("2027-01-01") * 86'400'000);
}

/// The hand-made data: 12 ratings, worked out below.
struct Merged {
    TempDir dir;
    SqliteHqStore store{dir / "hq.db"};
    Merged() {
        const auto file = parseRegistryCsv(MinistryCsv, "units.csv");
        REQUIRE(file);
        const auto checked = UnitRegistry::merge(builtInUnits(), file->rows);
        REQUIRE(checked);
        store.replaceImportedUnits(file->rows);
        rate(store, "k-district", "CAH-VY", "district", "2025-01-15", {"satisfied", "not_satisfied"});
        rate(store, "k-vinhphuc", "CAT-26", "province", "2025-05-10", {"satisfied", "very_satisfied", "satisfied"});
        rate(store, "k-phutho-old", "CAT-25", "province", "2025-06-10", {"satisfied", "not_satisfied"});
        rate(store, "k-commune", "CAX-01", "commune", "2026-03-10",
             {"satisfied", "satisfied", "very_satisfied", "not_satisfied"});
        rate(store, "k-unknown", "CA-XYZ", "commune", "2026-03-10", {"satisfied"});
    }
};

const ReportRow& rowOf(const Report& r, const std::string& key, const std::string& endedOn = "") {
    for (const ReportRow& row : r.rows)
        if (row.key == key && row.endedOn == endedOn) return row;
    FAIL("no row " << key << " ended " << endedOn);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("the built-in registry holds the 34 provincial-level units and the 63 former ones", "[hq][registry]") {
    const auto reg = UnitRegistry::make(builtInUnits());
    REQUIRE(reg);
    const std::int64_t before = day("2025-06-30"), after = day("2025-07-01");
    std::set<std::string> then, now;
    for (const UnitRow& r : reg->rows()) {
        CHECK(r.level == "province");
        if (r.validAt(before)) then.insert(r.code);
        if (r.validAt(after)) now.insert(r.code);
    }
    CHECK(then.size() == 63);
    CHECK(now.size() == 34);
    // Every former province is one of today's or is counted under one.
    for (const std::string& code : then) CHECK(now.count(reg->currentAt(*reg->find(code, before), after)->code));
    // Code 24 was Bắc Giang and is the new Bắc Ninh; the former Bắc Ninh (27) went into it.
    CHECK(reg->find("24", before)->nameVi == "Tỉnh Bắc Giang");
    CHECK(reg->find("24", after)->nameVi == "Tỉnh Bắc Ninh");
    CHECK(reg->currentAt(*reg->find("27", before), after) == reg->find("24", after));
    // Cần Thơ and Đà Nẵng are cities; Huế became one on 1 January 2025.
    CHECK(reg->find("92", before)->nameVi == "Thành phố Cần Thơ");
    CHECK(reg->find("48", before)->nameVi == "Thành phố Đà Nẵng");
    CHECK(reg->find("46", day("2024-12-31"))->nameVi == "Tỉnh Thừa Thiên Huế");
    CHECK(reg->find("46", day("2025-01-01"))->nameVi == "Thành phố Huế");
}

TEST_CASE("a registry file is read as an office keeps it: BOM, Vietnamese headings, semicolons, dates",
          "[hq][registry]") {
    const std::string csv =
        "\xEF\xBB\xBF# exported 2026-12-01\r\n"
        "STT;Mã đơn vị;Tên;Tên tiếng Anh;Cấp;Đơn vị cấp trên;Hiệu lực từ;Hiệu lực đến;Đơn vị kế thừa\r\n"
        "1;CAX-02;\"Công an xã Lũng Cú; Tuyên Quang\";Lung Cu Commune Police;Xã;08;01/07/2025;;\r\n"
        "\r\n"
        "2;C06;Cục Cảnh sát QLHC về TTXH;Police Department of Administrative Management;Trung ương;;;;\r\n";
    const auto file = parseRegistryCsv(csv, "units.csv");
    REQUIRE(file);
    REQUIRE(file->rows.size() == 2);
    CHECK(file->ignoredColumns == std::vector<std::string>{"STT"});
    const UnitRow& x = file->rows[0];
    CHECK(x.code == "CAX-02");
    CHECK(x.nameVi == "Công an xã Lũng Cú; Tuyên Quang");
    CHECK(x.level == "commune");
    CHECK(x.parent == "08");
    CHECK(x.validFromString() == "2025-07-01");
    CHECK(x.validToString().empty());
    CHECK(x.line == 3);
    CHECK(file->rows[1].level == "central");
    CHECK(file->rows[1].line == 5);
    CHECK(UnitRegistry::merge(builtInUnits(), file->rows));
}

TEST_CASE("a registry kept as an .xlsx workbook reads as its CSV does, Excel dates included", "[hq][registry]") {
    TempDir dir;
    const auto path = dir / "units.xlsx";
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Danh mục");
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    const char* heads[] = {"code", "name_vi", "name_en", "level", "parent", "valid_from", "valid_to", "successor"};
    for (lxw_col_t c = 0; c < 8; ++c) worksheet_write_string(ws, 0, c, heads[c], nullptr);
    worksheet_write_string(ws, 1, 0, "CAX-03", nullptr);
    worksheet_write_string(ws, 1, 1, "Công an phường Hạc Thành", nullptr);
    worksheet_write_string(ws, 1, 3, "phường", nullptr);
    worksheet_write_string(ws, 1, 4, "38", nullptr);
    lxw_datetime july{2025, 7, 1, 0, 0, 0};
    worksheet_write_datetime(ws, 1, 5, &july, date);
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);

    const auto file = readRegistryFile(path);
    REQUIRE(file);
    REQUIRE(file->rows.size() == 1);
    const UnitRow& r = file->rows[0];
    CHECK(r.code == "CAX-03");
    CHECK(r.nameVi == "Công an phường Hạc Thành");
    CHECK(r.nameEn == r.nameVi);  // none given
    CHECK(r.level == "commune");
    CHECK(r.parent == "38");
    CHECK(r.validFromString() == "2025-07-01");
    CHECK(r.line == 2);

    std::ofstream(dir / "junk.xlsx") << "not a zip";
    const auto junk = readRegistryFile(dir / "junk.xlsx");
    REQUIRE(!junk);
    CHECK_THAT(junk.error().front().describe(), Catch::Contains("junk.xlsx: not an .xlsx workbook"));
}

TEST_CASE("registry files with mistakes are refused with the file, line and reason, and nothing is applied",
          "[hq][registry]") {
    const std::string head = "code,name_vi,name_en,level,parent,valid_from,valid_to,successor\n";
    SECTION("unknown parent") {
        const auto p = problemsOf(head + "CAX-1,Công an xã A,,commune,CAT-99,2025-07-01,,\n");
        REQUIRE(p.size() == 1);
        CHECK(p[0].describe() == "units.csv:2: unknown parent \"CAT-99\" of unit \"CAX-1\" (đơn vị cấp trên \"CAT-99\" "
                                 "của \"CAX-1\" không có trong danh mục)");
    }
    SECTION("a cycle") {
        const auto p = problemsOf(head +
                                  "A,Đơn vị A,,province,B,,,\nB,Đơn vị B,,province,C,,,\nC,Đơn vị C,,commune,A,,,\n");
        REQUIRE(p.size() == 1);
        CHECK_THAT(p[0].describe(), Catch::StartsWith("units.csv:4: cycle of parents: A → B → C → A"));
    }
    SECTION("a duplicate code") {
        const auto p = problemsOf(head + "CAX-1,Công an xã A,,commune,40,,,\nCAX-1,Công an xã B,,commune,40,,,\n");
        REQUIRE(p.size() == 1);
        CHECK_THAT(p[0].describe(), Catch::StartsWith("units.csv:3: duplicate code \"CAX-1\": also on units.csv:2"));
    }
    SECTION("overlapping validity") {
        const auto p = problemsOf(head + "CAX-1,Công an xã A,,commune,40,,2025-07-31,\n"
                                         "CAX-1,Công an xã A mới,,commune,40,2025-07-01,,\n");
        REQUIRE(p.size() == 1);
        CHECK_THAT(p[0].describe(), Catch::StartsWith("units.csv:3: overlapping validity: code \"CAX-1\" is valid "
                                                      "2025-07-01 – … here and … – 2025-07-31 on units.csv:2"));
    }
    SECTION("a district that outlives the district level, a bad level, a bad date") {
        const auto p = problemsOf(head + "CAH-1,Công an huyện A,,district,40,,,\n");
        REQUIRE(p.size() == 1);
        CHECK_THAT(p[0].describe(), Catch::Contains("must end by 2025-06-30"));
        CHECK_THAT(problemsOf(head + "X,Đơn vị X,,commune,40,2025,,\n").at(0).describe(),
                   Catch::Contains("valid_from \"2025\" of unit X is not a date"));
        const auto q = problemsOf(head + "X,Đơn vị X,,ward council,40,31/02/2025,,\n");
        REQUIRE(q.size() == 2);  // both reasons of the line, not only the first
        CHECK_THAT(q[0].describe(), Catch::StartsWith("units.csv:2: level \"ward council\" of unit X is not central"));
        CHECK_THAT(q[1].describe(),
                   Catch::StartsWith("units.csv:2: valid_from \"31/02/2025\" of unit X is not a date"));
    }
    SECTION("importing a refused file leaves the store as it was") {
        TempDir dir;
        SqliteHqStore store(dir / "hq.db");
        std::ofstream(dir / "good.csv") << MinistryCsv;
        REQUIRE(importUnitsFile(store, dir / "good.csv"));
        const auto before = store.importedUnits();
        std::ofstream(dir / "bad.csv") << head << "CAX-09,Công an xã mới,,commune,CAT-25,2025-07-01,,\n"
                                       << "CAX-10,Công an xã lỗi,,commune,NOPE,2025-07-01,,\n";
        const auto refused = importUnitsFile(store, dir / "bad.csv");
        REQUIRE(!refused);
        CHECK(refused.error().size() == 1);
        CHECK(refused.error()[0].file == "bad.csv");
        CHECK(refused.error()[0].line == 3);
        CHECK(store.importedUnits().size() == before.size());  // not even its good line
        CHECK(!store.registry().knows("CAX-09"));
    }
}

TEST_CASE("importing a registry file replaces the units of its codes and keeps the others", "[hq][registry]") {
    TempDir dir;
    SqliteHqStore store(dir / "hq.db");
    std::ofstream(dir / "a.csv") << MinistryCsv;
    const auto first = importUnitsFile(store, dir / "a.csv");
    REQUIRE(first);
    CHECK(first->rows == 5);
    CHECK(first->newCodes == 4);
    CHECK(first->replacedCodes == 0);
    std::ofstream(dir / "b.csv") << "code,name_vi,level,parent,valid_from\nCAX-01,Công an phường Vĩnh Phúc (đổi "
                                    "tên),commune,CAT-25,2025-07-01\n";
    const auto second = importUnitsFile(store, dir / "b.csv");
    REQUIRE(second);
    CHECK(second->newCodes == 0);
    CHECK(second->replacedCodes == 1);
    const UnitRegistry reg = store.registry();
    CHECK(reg.find("CAX-01", day("2026-01-01"))->nameVi == "Công an phường Vĩnh Phúc (đổi tên)");
    CHECK(reg.knows("CAH-VY"));
}

TEST_CASE("reports by province: as recorded, and --as-of counting former units under their successors",
          "[hq][registry][report]") {
    Merged m;
    ReportQuery q;
    q.by = ReportBy::Province;

    SECTION("as recorded: each rating under the province of its day") {
        const Report r = buildReport(m.store, q);
        REQUIRE(r.rows.size() == 4);
        // Vĩnh Phúc (26, until 2025-06-30): the district's 2 (1 satisfied) and its police's 3 (3).
        const ReportRow& vp = rowOf(r, "26", "2025-06-30");
        CHECK(vp.label == "Tỉnh Vĩnh Phúc");
        CHECK(vp.ratings == 5);
        CHECK(vp.satisfied == 4);
        // The old Phú Thọ (25, until 2025-06-30): 2 (1), the new one: the commune's 4 (3).
        CHECK(rowOf(r, "25", "2025-06-30").ratings == 2);
        CHECK(rowOf(r, "25", "2025-06-30").satisfied == 1);
        CHECK(rowOf(r, "25").ratings == 4);
        CHECK(rowOf(r, "25").satisfied == 3);
        // The unit the registry does not know: counted, apart, and listed.
        const ReportRow& unknown = rowOf(r, "");
        CHECK(!unknown.registered);
        CHECK(unknown.ratings == 1);
        CHECK(r.unregistered == std::vector<std::pair<std::string, std::int64_t>>{{"CA-XYZ", 1}});
        CHECK(r.total.ratings == 12);
        CHECK(r.total.satisfied == 9);
    }
    SECTION("as of today: today's Phú Thọ holds everything of the three former units") {
        q.asOfDay = day("2026-12-06");
        const Report r = buildReport(m.store, q);
        REQUIRE(r.rows.size() == 2);
        const ReportRow& pt = rowOf(r, "25");
        CHECK(pt.label == "Tỉnh Phú Thọ");
        CHECK(pt.ratings == 11);  // 2 + 3 + 2 + 4
        CHECK(pt.satisfied == 8);
        CHECK(formatPercent(percentOf(pt.satisfied, pt.ratings)) == "72.73%");  // pooled, not a mean of shares
        CHECK(rowOf(r, "").ratings == 1);
        CHECK(r.total.ratings == 12);
        CHECK(r.total.satisfied == 9);
    }
    SECTION("by level: district only as recorded") {
        q.by = ReportBy::Level;
        const Report recorded = buildReport(m.store, q);
        REQUIRE(recorded.rows.size() == 3);
        CHECK(recorded.rows[0].key == "province");
        CHECK(recorded.rows[0].ratings == 5);
        CHECK(recorded.rows[1].key == "district");
        CHECK(recorded.rows[1].ratings == 2);
        CHECK(recorded.rows[2].key == "commune");
        CHECK(recorded.rows[2].ratings == 5);  // CAX-01's 4 and the unknown unit's 1, as its kiosk said
        q.asOfDay = day("2026-12-06");
        const Report today = buildReport(m.store, q);
        REQUIRE(today.rows.size() == 2);
        CHECK(today.rows[0].key == "province");
        CHECK(today.rows[0].ratings == 7);  // the district's went to its province, then to today's
        CHECK(today.rows[1].key == "commune");
        CHECK(today.rows[1].ratings == 5);
    }
    SECTION("--under one province, by unit, with its communes") {
        q.by = ReportBy::Unit;
        q.under = "25";
        const Report recorded = buildReport(m.store, q);  // the old Phú Thọ police and the commune
        CHECK(recorded.underLabel == "Tỉnh Phú Thọ");
        REQUIRE(recorded.rows.size() == 2);
        CHECK(rowOf(recorded, "CAT-25", "2025-06-30").ratings == 2);
        CHECK(rowOf(recorded, "CAX-01").ratings == 4);
        CHECK(rowOf(recorded, "CAX-01").province == "25");
        CHECK(recorded.total.ratings == 6);
        q.asOfDay = day("2026-12-06");
        const Report today = buildReport(m.store, q);
        REQUIRE(today.rows.size() == 2);
        CHECK(rowOf(today, "CAT-25").ratings == 7);
        CHECK(rowOf(today, "CAT-25").satisfied == 5);
        CHECK(rowOf(today, "CAX-01").ratings == 4);
        CHECK(today.total.ratings == 11);
        q.under = "NOPE";
        CHECK_THROWS_AS(buildReport(m.store, q), ReportError);
    }
    SECTION("sorted, top and bottom: groups with too few ratings are marked, not ranked") {
        q.by = ReportBy::Unit;
        q.minRatings = 3;
        q.sort = ReportSort::Rate;
        const Report sorted = buildReport(m.store, q);
        REQUIRE(sorted.rows.size() == 5);
        CHECK(sorted.rows[0].key == "CAT-26");  // 3/3
        CHECK(sorted.rows[1].key == "CAX-01");  // 3/4
        CHECK(sorted.rows[2].fewRatings);       // the rest, 1 or 2 ratings, after them
        q.top = 1;
        q.bottom = 1;
        const Report ends = buildReport(m.store, q);
        REQUIRE(ends.rows.size() == 2);
        CHECK(ends.rows[0].key == "CAT-26");
        CHECK(ends.rows[1].key == "CAX-01");
        CHECK(ends.groups == 5);
        CHECK(ends.notRanked == 3);
        CHECK(ends.total.ratings == 12);  // the total is of every group, not of those shown
        CHECK_THAT(reportTable(ends), Catch::Contains("Shown: 2 of 5 groups; 3 with fewer than 3 ratings not ranked"));
    }
}

TEST_CASE("hq units check lists unit codes the registry does not know, and units without a parent", "[hq][registry]") {
    Merged m;
    UnitsCheck check = checkUnits(m.store);
    REQUIRE(check.unknownCodes.size() == 1);
    CHECK(check.unknownCodes[0] == std::pair<std::string, std::int64_t>{"CA-XYZ", 1});
    CHECK(check.warnings.empty());
    auto rows = m.store.importedUnits();
    rows.push_back(UnitRow{"CAX-77", "Công an xã không cấp trên", "", "commune", "", day("2025-07-01"), UnitRow::Open,
                           "", "units.csv", 9});
    REQUIRE(UnitRegistry::merge(builtInUnits(), rows));
    m.store.replaceImportedUnits(rows);
    check = checkUnits(m.store);
    REQUIRE(check.warnings.size() == 1);
    CHECK(check.warnings[0].en == "unit \"CAX-77\" (Công an xã không cấp trên, commune) has no parent: it rolls up "
                                  "into no province");
    CHECK(!check.clean());
}

TEST_CASE("a headquarters database of schema 2 gains the unit registry in place, its data kept", "[hq][registry]") {
    TempDir dir;
    std::int64_t responses = 0;
    Report before;
    {
        hailong::test::Hq hq;  // the hand-made data, in the current schema, made a schema 2 one
        responses = hq.store.responseCount();
        before = buildReport(hq.store, ReportQuery{});
        hailong::test::downgradeToSchema3(hq.store.db());
        hq.store.db().exec("DROP TABLE units");
        hq.store.db().exec("DROP TABLE tallies_unit_month");
        hq.store.db().exec("PRAGMA user_version = 2");
        hq.store.sync();
        std::filesystem::copy_file(hq.dir / "hq.db", dir / "hq.db");
    }
    SqliteHqStore store(dir / "hq.db");
    CHECK(store.db().execAndGet("PRAGMA user_version").getInt() == SqliteHqStore::SchemaVersion);
    CHECK(store.responseCount() == responses);
    CHECK(store.importedUnits().empty());
    // The month tallies per unit, made from the month tallies: the same report.
    CHECK(store.db().execAndGet("SELECT sum(n) FROM tallies_unit_month").getInt64() ==
          store.db().execAndGet("SELECT sum(n) FROM tallies_month").getInt64());
    const Report after = buildReport(store, ReportQuery{});
    REQUIRE(after.rows.size() == before.rows.size());
    for (std::size_t i = 0; i < after.rows.size(); ++i) {
        CHECK(after.rows[i].key == before.rows[i].key);
        CHECK(after.rows[i].ratings == before.rows[i].ratings);
        CHECK(after.rows[i].satisfied == before.rows[i].satisfied);
        CHECK(after.rows[i].sipasTop2 == before.rows[i].sipasTop2);
        CHECK(after.rows[i].dossiersNotSatisfied == before.rows[i].dossiersNotSatisfied);
        CHECK(after.rows[i].misuse == before.rows[i].misuse);
    }
    std::ofstream(dir / "units.csv") << MinistryCsv;
    CHECK(importUnitsFile(store, dir / "units.csv"));
    CHECK(store.registry().knows("CAX-01"));
}

TEST_CASE("a stored registry that no longer checks is reported by hq units check, and reports still end",
          "[hq][registry]") {
    Merged m;
    // As if a new program's built-in rows disagreed with units imported before: a cycle.
    auto rows = m.store.importedUnits();
    rows.push_back(
        UnitRow{"LOOP-A", "Vòng A", "", "commune", "LOOP-B", UnitRow::Always, UnitRow::Open, "", "old.csv", 2});
    rows.push_back(
        UnitRow{"LOOP-B", "Vòng B", "", "commune", "LOOP-A", UnitRow::Always, UnitRow::Open, "", "old.csv", 3});
    m.store.replaceImportedUnits(rows);
    const UnitsCheck check = checkUnits(m.store);
    REQUIRE(check.problems.size() == 1);
    CHECK_THAT(check.problems[0].describe(), Catch::Contains("cycle of parents: LOOP-A → LOOP-B → LOOP-A"));
    rate(m.store, "k-loop", "LOOP-A", "commune", "2026-03-10", {"satisfied"});
    ReportQuery q;
    q.by = ReportBy::Province;
    q.asOfDay = day("2026-12-06");
    CHECK(buildReport(m.store, q).total.ratings == 13);  // bounded walks: the loop's rating is counted once
}
