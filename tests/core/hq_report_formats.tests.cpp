// One report, three files (SPEC 7): the CSV, the workbook and the HTML page of the same Report,
// each read back by another program (Python's csv module, openpyxl and html.parser, in
// tools/check_report_formats.py), hold the Report's counts and percentages, group by group; and
// the workbook as LibreOffice reads it (soffice --convert-to csv) holds the numbers of the CSV.
#include "hq/data_quality.h"
#include "hq/hq_tally.h"  // dayFromString, dayString
#include "hq/report.h"
#include "hq/report_html.h"
#include "hq/report_xlsx.h"
#include "support/hq_fixture.h"
#include "support/hq_provinces_fixture.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

using namespace hailong::core;
using hailong::test::Hq;
using hailong::test::HqProvinces;
using hailong::test::TempDir;
using nlohmann::json;

namespace {

constexpr std::int64_t MadeAt = 1'769'904'000'000;  // 2026-02-01T00:00Z

json countsOf(const ReportRow& r) {
    return {{"key", r.key},
            {"label", r.label},
            {"ratings", r.ratings},
            {"satisfied", r.satisfied},
            {"sipasAnswers", r.sipasAnswers},
            {"sipasTop2", r.sipasTop2},
            {"dossiers", r.dossiers},
            {"dossiersNotSatisfied", r.dossiersNotSatisfied},
            {"misuse", r.misuse},
            {"superseded", r.superseded},
            {"clockSuspect", r.clockSuspect},
            {"values", r.values},
            {"endedOn", r.endedOn},
            {"province", r.province},
            {"provinceLabel", r.provinceLabel},
            {"registered", r.registered},
            {"fewRatings", r.fewRatings}};
}

/// What the checker compares the files with: the Report itself, the words of the first sheet, and
/// the data-quality notes given to both files (null: none given to the workbook, none on the page).
json expectedOf(const Report& r, const std::string& period, const std::string& groupedBy,
                const std::optional<std::vector<Text>>& notes = std::nullopt) {
    json rows = json::array();
    for (const ReportRow& row : r.rows) rows.push_back(countsOf(row));
    json dataQuality;
    if (notes) {
        dataQuality = json::array();
        for (const Text& n : *notes) dataQuality.push_back({{"vi", n.vi}, {"en", n.en}});
    }
    return {
        {"rows", rows},
        {"total", countsOf(r.total)},
        {"headline", r.total.ratings > 0 ? json(formatPercent(percentOf(r.total.satisfied, r.total.ratings))) : json()},
        {"period", period},
        {"groupedBy", groupedBy},
        {"minRatings", r.query.minRatings},
        {"groups", r.groups},
        {"notRanked", r.notRanked},
        {"under", r.query.under},
        {"underLabel", r.underLabel},
        {"asOf", r.query.asOfDay ? json(dayString(*r.query.asOfDay)) : json()},
        {"dataQuality", dataQuality}};
}

std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

/// The three files of the report in a temporary folder, and the checker's answer on them.
struct Files {
    TempDir dir;
    std::filesystem::path csv = dir / "report.csv";
    std::filesystem::path xlsx = dir / "report.xlsx";
    std::filesystem::path html = dir / "report.html";
    std::filesystem::path expectedJson = dir / "expected.json";

    Files(const Report& r, const XlsxReportOptions& options, const json& expected) {
        std::ofstream(csv, std::ios::binary) << reportCsv(r);
        HtmlReportExtras extras;
        if (options.dataQuality) extras.dataQuality = *options.dataQuality;  // the same notes on the page
        std::ofstream(html, std::ios::binary) << reportHtml(r, extras);
        reportXlsx(r, xlsx, options);
        std::ofstream(expectedJson, std::ios::binary) << expected.dump(1);
    }

    /// Runs the checker (its messages go to the test's output); its exit status.
    int check(const std::string& extra = "") const {
        const std::string python = HAILONG_TEST_PYTHON;
        INFO("python3 with openpyxl: '" << python << "' (apt install python3-openpyxl)");
        REQUIRE(!python.empty());
        const std::string command = "'" + python + "' '" HAILONG_TEST_TOOLS "/check_report_formats.py' --expected " +
                                    quoted(expectedJson) + " --csv " + quoted(csv) + " --xlsx " + quoted(xlsx) +
                                    " --html " + quoted(html) + extra;
        const int status = std::system(command.c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
};

XlsxReportOptions madeAt() {
    XlsxReportOptions o;
    o.createdUtcMs = MadeAt;
    return o;
}

/// January 2026, when the hand-made headquarters data was rated.
ReportQuery january(ReportBy by = ReportBy::Unit) {
    ReportQuery q;
    q.fromDay = dayFromString("2026-01-01");
    q.toDay = dayFromString("2026-01-31");
    q.by = by;
    return q;
}

ReportRow row(std::string key, std::string label, std::int64_t ratings, std::int64_t satisfied,
              std::map<std::string, std::int64_t> values) {
    ReportRow r;
    r.key = std::move(key);
    r.label = std::move(label);
    r.ratings = ratings;
    r.satisfied = satisfied;
    r.values = std::move(values);
    return r;
}

/// What the fixture lacks: large counts, a name with a comma and quotes, a group without a key,
/// a group with nothing to divide by (only misuse), star ratings and a value no scale knows.
Report handMade() {
    Report r;
    ReportRow big = row("CA-HN", "Công an thành phố Hà Nội, \"Phòng PC06\"", 123'456, 100'000,
                        {{"very_satisfied", 60'000}, {"satisfied", 40'000}, {"not_satisfied", 23'456}});
    big.sipasAnswers = 3;
    big.sipasTop2 = 2;
    big.dossiers = 50'000;
    big.dossiersNotSatisfied = 1'234;
    big.misuse = 7;
    big.superseded = 3;
    big.clockSuspect = 2;
    ReportRow noKey = row("", "", 3, 1, {{"5", 1}, {"3", 1}, {"1", 1}});
    noKey.dossiers = 1;
    ReportRow onlyMisuse = row("CA-0", "Công an xã không có lượt nào được tính", 0, 0, {});
    onlyMisuse.misuse = 4;
    ReportRow odd = row("CA-Q", "Công an phường Q", 2, 1, {{"yes", 1}, {"mystery", 1}});
    for (const ReportRow& x : {noKey, onlyMisuse, big, odd}) {  // rows in key order, as buildReport gives them
        r.rows.push_back(x);
        r.total += x;
    }
    return r;
}

/// Trouble in the hand-made data: kiosk B's batch 3 arrives (one rating) but its batch 2 never
/// does, and a file signed by another key is refused.
void addGapAndRefusedFile(Hq& hq) {
    const UnitInfo x{"CA-X", "Công an xã X", "commune", "Quầy 1"};
    Batch third = hailong::test::batchOf("kiosk-b", x, {{"b7", "very_satisfied", "", "", ""}});
    third.header.number = 3;
    third.header.seqFirst = third.header.seqLast = 7;
    third.responses.at(0).seq = 7;
    third.digestHex = "kiosk-b-3";
    hq.store.importBatch(third, "b3.hlbatch", hailong::test::T0 + 2 * 86'400'000);
    hq.store.recordRefused(RefusedFile{"forged.hlbatch", "signed by another key", hailong::test::T0});
}

bool sofficeInstalled() { return std::system("command -v soffice >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("the CSV, the workbook and the HTML page of a report hold its numbers, read back by csv, openpyxl and "
          "html.parser",
          "[hq][report][xlsx]") {
    SECTION("by unit, from the hand-made headquarters data") {
        Hq hq;
        const Report r = buildReport(hq.store, january());
        REQUIRE(r.rows.size() == 2);
        CHECK(formatPercent(percentOf(r.total.satisfied, r.total.ratings)) == "57.14%");
        const Files files(r, madeAt(), expectedOf(r, "01/01/2026 – 31/01/2026", "đơn vị\nunit"));
        CHECK(files.check() == 0);
    }
    SECTION("by level, with the period open at its start") {
        Hq hq;
        ReportQuery byLevel = january(ReportBy::Level);
        byLevel.fromDay.reset();
        const Report r = buildReport(hq.store, byLevel);
        const Files files(r, madeAt(), expectedOf(r, "đến 31/01/2026\nuntil 31/01/2026", "cấp\nunit level"));
        CHECK(files.check() == 0);
    }
    SECTION("large counts, a group without a key, percentages of nothing, star levels and an unknown value") {
        const Report r = handMade();
        const Files files(r, XlsxReportOptions{}, expectedOf(r, "Toàn bộ dữ liệu\nAll data", "đơn vị\nunit"));
        CHECK(files.check() == 0);
    }
    SECTION("by unit in provinces, through the unit registry: the province after the name, the notes last") {
        HqProvinces hq;
        const Report r = buildReport(hq.store, ReportQuery{});
        REQUIRE(r.rows.size() == 11);
        const Files files(r, madeAt(), expectedOf(r, "Toàn bộ dữ liệu\nAll data", "đơn vị\nunit"));
        CHECK(files.check() == 0);
    }
    SECTION("by province, the former Phú Thọ apart from the new one") {
        HqProvinces hq;
        ReportQuery byProvince;
        byProvince.by = ReportBy::Province;
        const Report r = buildReport(hq.store, byProvince);
        const Files files(r, madeAt(), expectedOf(r, "Toàn bộ dữ liệu\nAll data", "tỉnh, thành phố\nprovince"));
        CHECK(files.check() == 0);
    }
    SECTION("the top and the bottom by satisfaction: how many groups there were, how many not ranked") {
        HqProvinces hq;
        ReportQuery ranked;
        ranked.sort = ReportSort::Rate;
        ranked.top = 2;
        ranked.bottom = 2;
        const Report r = buildReport(hq.store, ranked);
        REQUIRE(r.rows.size() == 4);
        const Files files(r, madeAt(), expectedOf(r, "Toàn bộ dữ liệu\nAll data", "đơn vị\nunit"));
        CHECK(files.check() == 0);
    }
    SECTION("under a province, former units counted under their successors: the scope and the date") {
        HqProvinces hq;
        ReportQuery q;
        q.under = "25";
        q.asOfDay = dayFromString("2025-07-01");
        const Report r = buildReport(hq.store, q);
        REQUIRE(r.underLabel == "Tỉnh Phú Thọ");
        const Files files(r, madeAt(), expectedOf(r, "Toàn bộ dữ liệu\nAll data", "đơn vị\nunit"));
        CHECK(files.check() == 0);
    }
    SECTION("by counter: each unit's counters, with their province, one without a name") {
        HqProvinces hq;
        hailong::test::addCounters(hq);
        const Report r = buildReport(hq.store, january(ReportBy::Counter));
        REQUIRE(r.rows.size() >= 3);
        const Files files(r, madeAt(), expectedOf(r, "01/01/2026 – 31/01/2026", "quầy\ncounter"));
        CHECK(files.check() == 0);
    }
    SECTION("nothing in the period") {
        Report nothing;
        nothing.query.fromDay = dayFromString("2027-03-01");
        const Files files(nothing, madeAt(), expectedOf(nothing, "từ 01/03/2027\nfrom 01/03/2027", "đơn vị\nunit"));
        CHECK(files.check() == 0);
    }
}

TEST_CASE("a missing batch and a refused file are noted in the workbook and on the page, in their languages",
          "[hq][report][xlsx][html]") {
    Hq hq;
    addGapAndRefusedFile(hq);
    const Report r = buildReport(hq.store, january());
    XlsxReportOptions options = madeAt();
    options.dataQuality = dataQuality(hq.store, r, /*trendShown=*/false).notes;
    const std::vector<Text>& notes = *options.dataQuality;
    REQUIRE(notes.size() == 4);
    CHECK(notes[0].vi == "Ki-ốt CA-X (kiosk-b): thiếu lô 2");
    CHECK(notes[0].en == "Kiosk CA-X (kiosk-b): batch 2 missing");
    CHECK(notes[1].vi == "Tệp bị từ chối (refused) forged.hlbatch: signed by another key");
    CHECK(notes[1].en == "Refused file forged.hlbatch: signed by another key");
    CHECK(notes[2].en == std::to_string(r.total.ratings) +
                             " ratings from 2 unit codes not in the unit registry (counted all the same): CA-NA, CA-X");
    CHECK(notes[3].vi == "1 đánh giá nghi lạm dụng không tính vào tỷ lệ");
    CHECK(notes[3].en == "1 response flagged as misuse, left out of the rates");
    // The checker finds each note under "Chất lượng dữ liệu / Data quality" on the first sheet
    // (Vietnamese, English beneath) and as an item of the page's notes (Vietnamese).
    const Files files(r, options, expectedOf(r, "01/01/2026 – 31/01/2026", "đơn vị\nunit", notes));
    CHECK(files.check() == 0);

    SECTION("with nothing to note, both say so") {
        Hq clean;
        const Report c = buildReport(clean.store, january());
        XlsxReportOptions none = madeAt();
        none.dataQuality = std::vector<Text>{};
        const Files quiet(c, none, expectedOf(c, "01/01/2026 – 31/01/2026", "đơn vị\nunit", std::vector<Text>{}));
        CHECK(quiet.check() == 0);
    }
}

TEST_CASE("the data-quality notes count the wrong-clock responses and the months the trend leaves out",
          "[hq][report]") {
    using hailong::test::T0;
    Hq hq;
    // Kiosk C's clock ran two years ahead: its one rating is dated January 2028, the only one of
    // that month, so the trend (of all the data) leaves that month out.
    const UnitInfo c{"CA-C", "Công an xã C", "commune", "Quầy 1"};
    hq.store.trust(KioskKeyFile{"kiosk-c", std::string(64, 'a'), c}, 0);
    Batch ahead = hailong::test::batchOf("kiosk-c", c, {{"c1", "satisfied", "", "", ""}});
    constexpr std::int64_t TwoYears = 730LL * 86'400'000;
    ahead.header.exportUtcMs += TwoYears;
    ahead.responses.at(0).startedUtcMs += TwoYears;
    ahead.responses.at(0).endedUtcMs += TwoYears;
    hq.store.importBatch(ahead, "c1.hlbatch", T0 + 2 * 86'400'000);
    const Report r = buildReport(hq.store, ReportQuery{});
    REQUIRE(r.total.clockSuspect == 1);

    const DataQuality page = dataQuality(hq.store, r, /*trendShown=*/true);
    REQUIRE(page.trend.size() == 1);  // January 2026; January 2028 is not drawn
    CHECK(page.trend[0].first == "2026-01");
    REQUIRE(page.notes.size() == 3);  // the unit codes not in the registry, the misuse, the clock
    CHECK(page.notes[2].vi ==
          "1 đánh giá có đồng hồ ki-ốt sai (1 tháng chỉ có các đánh giá này không vẽ trong biểu đồ diễn biến)");
    CHECK(page.notes[2].en ==
          "1 response with a wrong kiosk clock (1 month holding only these is not drawn in the trend)");

    const DataQuality workbook = dataQuality(hq.store, r, /*trendShown=*/false);  // it has no trend to speak of
    REQUIRE(workbook.notes.size() == 3);
    CHECK(workbook.notes[2].vi == "1 đánh giá có đồng hồ ki-ốt sai");
    CHECK(workbook.notes[2].en == "1 response with a wrong kiosk clock");
}

TEST_CASE("the report's workbook as LibreOffice reads it holds the numbers of the CSV",
          "[hq][report][xlsx][libreoffice][slow]") {
    if (!sofficeInstalled()) {
        // dev.sh installs libreoffice-calc-nogui, so CI has soffice: there, missing it is a failure.
        const char* ci = std::getenv("CI");
        if (ci && *ci) FAIL("soffice is not installed in CI (dev.sh installs libreoffice-calc-nogui)");
        WARN("soffice is not installed (Debian: libreoffice-calc-nogui): the LibreOffice round trip is NOT checked");
        return;
    }
    const auto roundTrip = [](const Report& r, const std::string& period) {
        const Files files(r, madeAt(), expectedOf(r, period, "đơn vị\nunit"));
        // A profile of its own in the test's folder: parallel runs would clash on a shared one.
        const auto start = std::chrono::steady_clock::now();
        CHECK(files.check(" --soffice soffice --profile " + quoted(files.dir / "lo-profile")) == 0);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        INFO("csv, openpyxl, html.parser and LibreOffice took " << seconds << " s");
        CHECK(seconds < 60);
    };
    SECTION("the hand-made headquarters data") {
        Hq hq;
        roundTrip(buildReport(hq.store, january()), "01/01/2026 – 31/01/2026");
    }
    SECTION("large counts, a group without a key, percentages of nothing, star levels and an unknown value") {
        roundTrip(handMade(), "Toàn bộ dữ liệu\nAll data");
    }
    SECTION("units in provinces: with the province and note columns") {
        HqProvinces hq;
        roundTrip(buildReport(hq.store, ReportQuery{}), "Toàn bộ dữ liệu\nAll data");
    }
}

TEST_CASE("a percentage half-way between two hundredths reads the same in the CSV as in a spreadsheet",
          "[hq][report][xlsx]") {
    // 97 of 800 is 12.125%: formatPercent rounds half up, "12.13%", as Excel and LibreOffice show
    // the workbook's 0.12125 (printf's "%.2f" would round the tie to even, "12.12%").
    Report r;
    r.rows.push_back(row("CA-T", "Công an tỉnh T", 800, 97, {{"satisfied", 97}, {"not_satisfied", 703}}));
    r.total += r.rows.front();
    const Files files(r, madeAt(), expectedOf(r, "Toàn bộ dữ liệu\nAll data", "đơn vị\nunit"));
    CHECK(files.check() == 0);
}

TEST_CASE("writing the report's workbook twice at the same time gives the same bytes", "[hq][report][xlsx]") {
    TempDir dir;
    const Report r = handMade();
    reportXlsx(r, dir / "a.xlsx", madeAt());
    reportXlsx(r, dir / "b.xlsx", madeAt());
    auto bytes = [](const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    const std::string a = bytes(dir / "a.xlsx");
    REQUIRE(a.rfind("PK", 0) == 0);
    CHECK(a == bytes(dir / "b.xlsx"));
}

TEST_CASE("a report's workbook that cannot be written throws with its name and leaves nothing behind",
          "[hq][report][xlsx]") {
    TempDir dir;
    SECTION("in a folder that does not exist") {
        const std::filesystem::path path = dir / "no-such-folder" / "report.xlsx";
        REQUIRE_THROWS_WITH(reportXlsx(handMade(), path, madeAt()), Catch::Contains("cannot write " + path.string()) &&
                                                                        Catch::Contains("No such file or directory"));
        CHECK_FALSE(std::filesystem::exists(dir / "no-such-folder"));
    }
    SECTION("over a folder of the same name") {
        const std::filesystem::path path = dir / "report.xlsx";
        std::filesystem::create_directory(path);
        REQUIRE_THROWS_WITH(reportXlsx(handMade(), path, madeAt()), Catch::Contains(path.string()));
        CHECK(std::filesystem::is_directory(path));
        CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) ==
              1);
    }
    SECTION("a file already there is replaced whole") {
        const std::filesystem::path path = dir / "report.xlsx";
        std::ofstream(path) << "old";
        reportXlsx(handMade(), path, madeAt());
        CHECK(std::filesystem::file_size(path) > 3);
        CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) ==
              1);
    }
}
