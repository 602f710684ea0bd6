// The HTML report of headquarters: read back by Python's html.parser (tools/check_report_html.py),
// it holds the numbers of the CSV of the same report, nothing from outside, and escaped names.
#include "hq/data_quality.h"
#include "hq/report.h"
#include "hq/report_html.h"
#include "support/hq_fixture.h"

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace hailong::core;
using hailong::test::Hq;
using hailong::test::TempDir;

namespace {

/// Writes the page and the CSV of the report, runs the checker on them; its messages go to the
/// test's output. Returns its exit status.
int runChecker(const std::string& html, const Report& report, const std::string& headline, int trendPoints) {
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
    CHECK_THAT(html, Catch::Contains("<th scope=\"row\">province</th><td class=\"name\">Tỉnh</td>"));
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
    CHECK_THAT(html, Catch::Contains("<td class=\"name\">" + row.label + "</td>"));
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
