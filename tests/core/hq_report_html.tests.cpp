// The HTML report of headquarters: read back by Python's html.parser (tools/check_report_html.py),
// it holds the numbers of the CSV of the same report, nothing from outside, and escaped names.
#include "hq/data_quality.h"
#include "hq/report.h"
#include "hq/report_html.h"
#include "support/hq_fixture.h"
#include "support/hq_provinces_fixture.h"

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace hailong::core;
using hailong::test::Hq;
using hailong::test::HqProvinces;
using hailong::test::TempDir;

namespace {

/// Writes the page and the CSV of the report, runs the checker on them; its messages go to the
/// test's output. Returns its exit status.
int runChecker(const std::string& html, const Report& report, const std::string& headline, int trendPoints = 0) {
    TempDir dir;
    std::ofstream(dir / "report.html", std::ios::binary) << html;
    std::ofstream(dir / "report.csv", std::ios::binary) << reportCsv(report);
    const std::string command = "/usr/bin/python3 '" HAILONG_TEST_TOOLS "/check_report_html.py' '" +
                                (dir / "report.html").string() + "' '" + (dir / "report.csv").string() +
                                "' --headline '" + headline + "' --trend-points " + std::to_string(trendPoints);
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("the HTML report holds the numbers of the CSV and nothing from outside, read back by html.parser",
          "[hq][report][html]") {
    Hq hq;
    const Report r = buildReport(hq.store, ReportQuery{});
    HtmlReportExtras extras;
    extras.period = "01/01/2026 – 31/01/2026";
    // The trend and notes as `hailong hq report --format html` gives them.
    const DataQuality quality = dataQuality(hq.store, r, /*trendShown=*/true);
    extras.trend = quality.trend;
    REQUIRE(extras.trend.size() == 1);
    extras.dataQuality = quality.notes;
    REQUIRE(extras.dataQuality.size() == 2);  // the misuse, and the unit codes not in the registry
    CHECK(extras.dataQuality[0].en == "7 ratings from 2 unit codes not in the unit registry (counted all the same): "
                                      "CA-NA, CA-X");
    const std::string html = reportHtml(r, extras);

    CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"vi\">"));
    CHECK_THAT(html, Catch::Contains("57.14%"));
    CHECK_THAT(html, Catch::Contains("Công an tỉnh Nghệ An"));
    CHECK_THAT(html, Catch::Contains("01/01/2026 – 31/01/2026"));
    CHECK_THAT(html, Catch::Contains("<li>1 đánh giá nghi lạm dụng không tính vào tỷ lệ</li>"));
    CHECK_THAT(html, !Catch::Contains("flagged as misuse"));  // the page is Vietnamese only
    CHECK_THAT(html, !Catch::Contains("<script", Catch::CaseSensitive::No));
    // The three definitions for the total: 4/7, SIPAS 2/3, Decision 766 2/4.
    CHECK_THAT(html, Catch::Contains("<p class=\"value\">57.14%</p>\n<p class=\"count\">4 / 7 lượt</p>"));
    CHECK_THAT(html, Catch::Contains("<p class=\"value\">66.67%</p>\n<p class=\"count\">2 / 3 câu trả lời</p>"));
    CHECK_THAT(html, Catch::Contains("<p class=\"value\">50.00%</p>\n<p class=\"count\">2 / 4 hồ sơ</p>"));

    CHECK(runChecker(html, r, "57.14% hài lòng", 1) == 0);
}

TEST_CASE("the HTML report by level names the levels and draws no trend without one", "[hq][report][html]") {
    Hq hq;
    ReportQuery byLevel;
    byLevel.by = ReportBy::Level;
    const Report r = buildReport(hq.store, byLevel);
    const std::string html = reportHtml(r, HtmlReportExtras{});
    // Few ratings (4 and 3): muted and marked, drawn in grey.
    CHECK_THAT(html, Catch::Contains("<tr class=\"few\"><th>province</th><td class=\"name\">Tỉnh<span "
                                     "class=\"aside mark\">ít hơn 30 lượt: không xếp hạng</span></td>"));
    CHECK_THAT(html, Catch::Contains("<rect class=\"bar few\""));
    CHECK_THAT(html, Catch::Contains("Tỷ lệ hài lòng theo cấp"));
    CHECK_THAT(html, !Catch::Contains("class=\"chart trend\""));
    CHECK_THAT(html, Catch::Contains("Không ghi nhận vấn đề nào."));
    CHECK(runChecker(html, r, "57.14% hài lòng", 0) == 0);
}

TEST_CASE("names, title and notes in the HTML report are escaped", "[hq][report][html]") {
    Report r;
    ReportRow row;
    row.key = "K<1>";
    row.label = "Công an <b>&\"X\" 'Y'";
    row.ratings = 3;
    row.satisfied = 1;
    r.rows.push_back(row);
    r.total += row;
    HtmlReportExtras extras;
    extras.title = "Báo cáo <i>&";
    extras.dataQuality = {{"<script>alert(1)</script>", "<script>alert(2)</script>"}};
    const std::string html = reportHtml(r, extras);
    CHECK_THAT(html, Catch::Contains("Công an &lt;b&gt;&amp;&quot;X&quot; &#39;Y&#39;"));
    CHECK_THAT(html, Catch::Contains("K&lt;1&gt;"));
    CHECK_THAT(html, Catch::Contains("<h1>Báo cáo &lt;i&gt;&amp;</h1>"));
    CHECK_THAT(html, Catch::Contains("<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>"));
    CHECK_THAT(html, !Catch::Contains("<b>"));
    CHECK_THAT(html, !Catch::Contains("<i>"));
    CHECK_THAT(html, !Catch::Contains("<script", Catch::CaseSensitive::No));
    CHECK(htmlEscape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
    CHECK(runChecker(html, r, "33.33% hài lòng", 0) == 0);
}

TEST_CASE("the HTML report of an empty period says there is nothing rather than 0%", "[hq][report][html]") {
    const Report empty;
    const std::string html = reportHtml(empty, HtmlReportExtras{});
    CHECK_THAT(html, Catch::Contains("Chưa có lượt đánh giá nào"));
    CHECK_THAT(html, Catch::Contains("Không có dữ liệu trong kỳ này."));
    CHECK_THAT(html, !Catch::Contains("0.00% hài lòng"));
    CHECK(runChecker(html, empty, "Chưa có lượt đánh giá nào", 0) == 0);
}

TEST_CASE("a long unit name is shortened in the chart, never in the table", "[hq][report][html]") {
    Report r;
    ReportRow row;
    row.key = "CA-LONG";
    row.label = "Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an tỉnh Nghệ An";
    row.ratings = 2;
    row.satisfied = 2;
    r.rows.push_back(row);
    r.total += row;
    const std::string html = reportHtml(r, HtmlReportExtras{});
    CHECK_THAT(html, Catch::Contains("<td class=\"name\">" + row.label + "</td>"));  // not marked: fewRatings unset
    CHECK_THAT(html, Catch::Contains("text-anchor=\"end\">Phòng Cảnh sát quản lý hành chính về…</text>"));
    CHECK(runChecker(html, r, "100.00% hài lòng", 0) == 0);
}

TEST_CASE("the trend leaves a gap where a month has no data", "[hq][report][html]") {
    Report r;
    ReportRow row;
    row.key = "CA-NA";
    row.ratings = 10;
    row.satisfied = 9;
    r.rows.push_back(row);
    r.total += row;
    HtmlReportExtras extras;
    extras.trend = {{"2026-01", 90.0}, {"2026-02", 85.5}, {"2026-04", 91.0}};
    const std::string html = reportHtml(r, extras);
    auto count = [&](const std::string& what) {
        std::size_t n = 0;
        for (std::size_t at = html.find(what); at != std::string::npos; at = html.find(what, at + 1)) ++n;
        return n;
    };
    CHECK(count("<polyline class=\"line\"") == 1);  // January to February; April alone
    CHECK(count("<circle class=\"point\"") == 3);
    CHECK_THAT(html, Catch::Contains(">85.50%</text>"));
    CHECK_THAT(html, Catch::Contains(">04/2026</text>"));
    CHECK(runChecker(html, r, "90.00% hài lòng", 3) == 0);
}

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

/// The text between the first `from` at or after `start` and the `to` after it.
std::string between(const std::string& text, const std::string& from, const std::string& to, std::size_t start = 0) {
    const std::size_t a = text.find(from, start);
    if (a == std::string::npos) return {};
    const std::size_t b = text.find(to, a + from.size());
    return b == std::string::npos ? std::string() : text.substr(a, b - a);
}

std::string headlineOf(const Report& r) {
    return formatPercent(percentOf(r.total.satisfied, r.total.ratings)) + " hài lòng";
}

}  // namespace

TEST_CASE("a report by unit in provinces: a table of the provinces' pooled figures, then a closed section a province",
          "[hq][report][html]") {
    HqProvinces hq;
    const Report r = buildReport(hq.store, ReportQuery{});
    REQUIRE(r.rows.size() == 11);
    const std::string html = reportHtml(r, HtmlReportExtras{});

    // The groups: Phú Thọ (25: its communes before and after the merger under one code), Vĩnh
    // Phúc (26, former), Nghệ An (40); then the central department; then the code not registered.
    CHECK(count(html, "<details class=\"group") == 5);
    CHECK_THAT(html, !Catch::Contains("<details class=\"group\" open"));
    const std::size_t p25 = html.find("<details class=\"group\" data-province=\"25\">");
    const std::size_t p26 = html.find("<details class=\"group few\" data-province=\"26\">");
    const std::size_t p40 = html.find("<details class=\"group\" data-province=\"40\">");
    const std::size_t c08 = html.find("<details class=\"group\" data-province=\"C08\">");
    const std::size_t unregistered = html.find("<details class=\"group few\" data-unregistered=\"\">");
    REQUIRE(p25 != std::string::npos);
    REQUIRE(p26 != std::string::npos);
    REQUIRE(p40 != std::string::npos);
    REQUIRE(c08 != std::string::npos);
    REQUIRE(unregistered != std::string::npos);
    CHECK(p25 < p26);
    CHECK(p26 < p40);
    CHECK(p40 < c08);
    CHECK(c08 < unregistered);
    CHECK(html.find("<h3>Đơn vị trung ương và đơn vị không thuộc tỉnh nào</h3>") < c08);

    // Nghệ An pooled from raw counts: 36+24+11+2+30 = 103 of 40+32+12+5+30 = 119 (86.55%), not the
    // mean of its units' percentages (81.05%).
    CHECK(between(html, "<summary>", "</summary>", p40) ==
          "<summary><span class=\"code\">40</span><span class=\"title\">Tỉnh Nghệ An</span><span class=\"units\">5 "
          "đơn vị</span><span class=\"count\">119 lượt</span><span class=\"pct\">86.55%</span>");
    CHECK_THAT(html,
               Catch::Contains("<tr data-province=\"40\"><th>40</th><td class=\"name\">Tỉnh Nghệ An</td><td>5</td>"
                               "<td>119</td><td>103</td><td>86.55%</td>"));
    // Phú Thọ: the former commune (9, 6) with the new ones (31, 25; 7, 7): 38 of 47.
    CHECK_THAT(html, Catch::Contains("<span class=\"count\">47 lượt</span><span class=\"pct\">80.85%</span>"));
    // Vĩnh Phúc: 4 ratings in all, too few to rank, said in its summary too.
    CHECK_THAT(between(html, "<summary>", "</summary>", p26),
               Catch::Contains("Tỉnh Vĩnh Phúc<span class=\"aside mark\">ít hơn 30 lượt: không xếp hạng</span>"));

    // Inside the sections, the units in the report's order (by code), marked.
    const std::string nghean = between(html, "<tbody>", "</tbody>", p40);
    CHECK(count(nghean, "<tr") == 5);
    CHECK(nghean.find(">NA-01<") < nghean.find(">NA-05<"));
    CHECK_THAT(nghean, Catch::Contains("<tr><th>NA-01</th><td class=\"name\">Phường Trường Vinh</td><td>40</td>"));
    CHECK_THAT(nghean, Catch::Contains("<tr class=\"few\"><th>NA-04</th><td class=\"name\">Xã Diễn Châu &lt;&amp;&gt;"
                                       "<span class=\"aside mark\">ít hơn 30 lượt: không xếp hạng</span></td>"));
    CHECK_THAT(between(html, "<tbody>", "</tbody>", p25),
               Catch::Contains("<th>PT-OLD</th><td class=\"name\">Xã Trưng Vương<span class=\"aside ended\"> (đến "
                               "30/06/2025)</span><span class=\"aside mark\">ít hơn 30 lượt"));
    CHECK_THAT(between(html, "<tbody>", "</tbody>", unregistered),
               Catch::Contains("<th>CA-X</th><td class=\"name\">Công an xã X<span class=\"aside mark\">không có trong "
                               "danh mục</span><span class=\"aside mark\">ít hơn 30 lượt"));
    // The units' tables do not say their province: the section does.
    CHECK_THAT(html, !Catch::Contains("class=\"aside where\""));

    // The chart: the five groups, not the eleven units; the two with too few ratings in grey.
    CHECK(count(html, "<rect class=\"bar") == 5);
    CHECK(count(html, "<rect class=\"bar few\"") == 2);
    CHECK_THAT(html, Catch::Contains("Tỷ lệ hài lòng theo tỉnh, thành phố"));
    CHECK_THAT(html, Catch::Contains("Theo đơn vị: 11 nhóm trong 3 tỉnh, thành phố, theo mã"));
    CHECK(runChecker(html, r, headlineOf(r)) == 0);

    SECTION("each province's pooled figures are those of the report by province") {
        ReportQuery byProvince;
        byProvince.by = ReportBy::Province;
        const Report provinces = buildReport(hq.store, byProvince);
        const auto row = [&](const std::string& key, bool ended) -> const ReportRow& {
            const auto it = std::find_if(provinces.rows.begin(), provinces.rows.end(), [&](const ReportRow& x) {
                return x.key == key && x.endedOn.empty() != ended;
            });
            REQUIRE(it != provinces.rows.end());
            return *it;
        };
        CHECK(row("40", false).ratings == 119);
        CHECK(row("40", false).satisfied == 103);
        CHECK(row("C08", false).ratings == 45);
        // By province, the former Phú Thọ (until 30/06/2025) is a group of its own.
        CHECK(row("25", true).ratings == 9);
        CHECK(row("25", false).ratings == 38);
        const std::string page = reportHtml(provinces, HtmlReportExtras{});
        CHECK_THAT(page, !Catch::Contains("<details"));
        CHECK(count(page, "<rect class=\"bar") == static_cast<std::size_t>(provinces.rows.size()));
        CHECK_THAT(page, Catch::Contains("<th>25</th><td class=\"name\">Tỉnh Phú Thọ<span class=\"aside ended\"> (đến "
                                         "30/06/2025)</span>"));
        CHECK_THAT(page, Catch::Contains(">Tỉnh Phú Thọ (đến 30/06/2025)</text>"));
        CHECK_THAT(page, Catch::Contains("<td class=\"name\">(không có trong danh mục đơn vị)<span class=\"aside "
                                         "mark\">không có trong danh mục</span>"));
        CHECK_THAT(page, !Catch::Contains("not in the unit registry"));
        CHECK(runChecker(page, provinces, headlineOf(provinces)) == 0);
    }
    SECTION("the top and the bottom: one table, each unit with its province, and what was not ranked") {
        ReportQuery ranked;
        ranked.sort = ReportSort::Rate;
        ranked.top = 2;
        ranked.bottom = 1;
        const Report best = buildReport(hq.store, ranked);
        REQUIRE(best.rows.size() == 3);
        REQUIRE(best.groups == 11);
        REQUIRE(best.notRanked == 6);
        const std::string page = reportHtml(best, HtmlReportExtras{});
        CHECK_THAT(page, !Catch::Contains("<details"));
        CHECK_THAT(page, Catch::Contains("Theo đơn vị: 3 / 11 nhóm (2 cao nhất, 1 thấp nhất); 6 nhóm có ít hơn 30 lượt "
                                         "không được xếp hạng"));
        CHECK_THAT(page, Catch::Contains("<tr class=\"gap\"><th colspan=\"12\">2 nhóm cao nhất</th></tr>"));
        CHECK_THAT(page, Catch::Contains("<tr class=\"gap\"><th colspan=\"12\">1 nhóm thấp nhất</th></tr>"));
        CHECK_THAT(page, Catch::Contains("<h3>2 nhóm cao nhất</h3>"));
        // 100%: the central department (45 ratings) before the provincial police (30); lowest: NA-02.
        CHECK(page.find(">C08<") < page.find(">NA-05<"));
        CHECK(page.find(">NA-05<") < page.find(">NA-02<"));
        CHECK_THAT(page, Catch::Contains("Công an tỉnh Nghệ An<span class=\"aside where\">Tỉnh Nghệ An</span>"));
        CHECK_THAT(page, Catch::Contains("tất cả 11 nhóm, không chỉ các nhóm được hiển thị"));
        CHECK(runChecker(page, best, headlineOf(best)) == 0);
    }
    SECTION("under a province: the title names it, and its units are one table") {
        ReportQuery under;
        under.under = "40";
        const Report one = buildReport(hq.store, under);
        REQUIRE(one.rows.size() == 5);  // no row for a unit outside it
        CHECK(one.groups == 5);
        CHECK(one.total.ratings == 119);
        const std::string page = reportHtml(one, HtmlReportExtras{});
        CHECK_THAT(page, Catch::Contains("<h1>Báo cáo mức độ hài lòng — Tỉnh Nghệ An</h1>"));
        CHECK_THAT(page, Catch::Contains("<title>Báo cáo mức độ hài lòng — Tỉnh Nghệ An</title>"));
        CHECK_THAT(page, Catch::Contains("Phạm vi: Tỉnh Nghệ An (mã 40) và các đơn vị trực thuộc"));
        CHECK_THAT(page, !Catch::Contains("<details"));
        CHECK_THAT(page, !Catch::Contains("class=\"aside where\""));
        CHECK(runChecker(page, one, headlineOf(one)) == 0);
    }
    SECTION("as of 1 July 2025: the former units under their successors, and the page says so") {
        ReportQuery asOf;
        asOf.asOfDay = dayFromString("2025-07-01");
        const Report merged = buildReport(hq.store, asOf);
        const std::string page = reportHtml(merged, HtmlReportExtras{});
        CHECK_THAT(page, Catch::Contains("Đơn vị cũ được tính vào đơn vị kế thừa của ngày 01/07/2025."));
        CHECK_THAT(page, !Catch::Contains("(đến 30/06/2025)"));
        CHECK_THAT(page, !Catch::Contains("data-province=\"26\""));  // Vĩnh Phúc's commune is Phú Thọ's now
        // Phú Thọ: PT-01 with the two former communes (31+9+4 ratings), and PT-02 (7).
        CHECK_THAT(page, Catch::Contains("<span class=\"units\">2 đơn vị</span><span class=\"count\">51 lượt</span>"));
        CHECK(runChecker(page, merged, headlineOf(merged)) == 0);
    }
    SECTION("sorted by satisfaction: the provinces too, those with too few ratings last") {
        ReportQuery byRate;
        byRate.sort = ReportSort::Rate;
        const Report sorted = buildReport(hq.store, byRate);
        const std::string page = reportHtml(sorted, HtmlReportExtras{});
        // Nghệ An 86.55% before Phú Thọ 80.85%; Vĩnh Phúc (4 ratings) last of the provinces.
        const std::size_t na = page.find("data-province=\"40\">"), pt = page.find("data-province=\"25\">"),
                          vp = page.find("data-province=\"26\">");
        CHECK(na < pt);
        CHECK(pt < vp);
        CHECK(runChecker(page, sorted, headlineOf(sorted)) == 0);
    }
}

namespace {

/// A report by unit as the whole country's would be: 3,321 communes in the 34 provinces of
/// 1 July 2025, with names as long as real ones, one in ten with too few ratings to be ranked.
Report countryReport() {
    std::vector<const UnitRow*> provinces;
    for (const UnitRow& u : builtInUnits())
        if (u.level == "province" && u.validTo == UnitRow::Open) provinces.push_back(&u);
    REQUIRE(provinces.size() == 34);
    Report r;
    constexpr int Communes = 3'321;
    for (int i = 0; i < Communes; ++i) {
        const UnitRow& p = *provinces[static_cast<std::size_t>(i) * provinces.size() / Communes];
        ReportRow row;
        char code[8];
        std::snprintf(code, sizeof code, "%05d", 4 * i + 1);
        row.key = code;
        row.label = std::string(i % 3 == 0 ? "Phường " : "Xã ") + (i % 2 ? "Nghĩa Đàn Thượng " : "Hưng Nguyên ") +
                    std::to_string(i);
        row.level = "commune";
        row.province = p.code;
        row.provinceLabel = p.nameVi;
        row.ratings = i % 10 == 0 ? i % 29 : 30 + (i * 7919) % 2'000;
        row.satisfied = row.ratings * (70 + i % 30) / 100;
        row.sipasAnswers = row.ratings / 2;
        row.sipasTop2 = row.sipasAnswers * 4 / 5;
        row.dossiers = row.ratings / 3;
        row.dossiersNotSatisfied = row.dossiers / 9;
        row.misuse = i % 7;
        row.superseded = i % 5;
        row.clockSuspect = i % 11 == 0 ? 2 : 0;
        row.values = {{"satisfied", row.satisfied}, {"not_satisfied", row.ratings - row.satisfied}};
        row.fewRatings = row.ratings < r.query.minRatings;
        r.total += row;
        r.rows.push_back(std::move(row));
    }
    r.groups = r.rows.size();
    return r;
}

}  // namespace

TEST_CASE("a report of the 3,321 communes of the country stays a page of reasonable size", "[hq][report][html]") {
    const Report r = countryReport();
    const auto start = std::chrono::steady_clock::now();
    const std::string html = reportHtml(r, HtmlReportExtras{});
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    INFO("3,321 units: " << html.size() << " bytes in " << ms << " ms");
    CHECK(count(html, "<details class=\"group") == 34);
    CHECK(count(html, "<rect class=\"bar") == 34);  // the provinces, not the communes
    CHECK(count(html, "<tr class=\"few\">") == 333);
    CHECK(html.size() < 1'000'000);  // 742 KB: about 225 bytes a unit
    CHECK(runChecker(html, r, headlineOf(r)) == 0);
}
