#include "hq/report_html.h"
#include "hq/report_comments.h"

#include "report_html_parts.h"

#include "hq/hq_tally.h"  // dayString
#include "hq/report_words.h"
#include "hq/unit_registry.h"  // unit_level

#include "survey/settings.h"  // unitLevelWords

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

// Words and charts: report_html_parts.h.

namespace hailong::core {

namespace {

using namespace html;  // the page's words and charts

// [SECTION] The page ---------------------------------------------------------------------------

const char* const Style = R"(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #eef1f5; color: #1b1f24;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", "DejaVu Sans", Arial,
  sans-serif; }
main { max-width: 1140px; margin: 0 auto; padding: 28px 24px 40px; }
.page-head { border-bottom: 3px solid #0b4f9c; padding-bottom: 12px; margin-bottom: 20px; }
h1 { font-size: 28px; line-height: 1.25; margin: 0 0 4px; color: #0b2f5c; }
.period { font-size: 18px; margin: 0; }
.meta { margin: 4px 0 0; color: #4a5462; font-size: 14px; }
section { background: #fff; border: 1px solid #d5dbe3; border-radius: 8px; padding: 20px 24px; margin: 0 0 20px; }
h2 { font-size: 20px; line-height: 1.3; margin: 0 0 4px; color: #0b2f5c; }
.sub { margin: 0 0 12px; color: #4a5462; font-size: 14px; }
.headline { margin: 0; font-size: 36px; font-weight: 600; line-height: 1.1; color: #0b2f5c; }
.headline .figure { font-size: 76px; font-weight: 800; color: #0b4f9c; letter-spacing: -1px; }
.lead { margin: 10px 0 0; font-size: 17px; }
.levels { margin: 4px 0 0; color: #4a5462; font-size: 15px; }
.definitions { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; margin-top: 18px; }
.definition { border: 1px solid #d5dbe3; border-top: 4px solid #0b4f9c; border-radius: 6px; padding: 10px 16px 12px; }
.definition h3 { font-size: 15px; line-height: 1.35; margin: 0; color: #333b47; font-weight: 600; }
.definition .value { font-size: 34px; line-height: 1.2; font-weight: 700; margin: 4px 0 0; color: #0b2f5c; }
.definition .count { margin: 0; font-size: 14px; }
.definition .how { margin: 6px 0 0; font-size: 13.5px; line-height: 1.45; color: #4a5462; }
.headline, .definition .value, .figures, svg.chart { font-variant-numeric: tabular-nums; }
.empty { color: #4a5462; margin: 0; }
h3 { font-size: 16px; margin: 16px 0 6px; color: #333b47; }
.table-wrap { overflow-x: auto; }
table.figures { border-collapse: collapse; width: 100%; font-size: 14px; line-height: 1.35; }
.figures th, .figures td { border: 1px solid #c4ccd7; padding: 5px 8px; }
.figures thead th { background: #e6edf6; font-weight: 600; text-align: center; vertical-align: bottom; }
.figures tbody th { text-align: left; font-weight: 600; white-space: nowrap; }
.figures td { text-align: right; white-space: nowrap; }
.figures td.name { text-align: left; white-space: normal; min-width: 16em; }
.rollup td.name { min-width: 11em; }
.figures tbody tr:nth-child(even) { background: #f6f8fb; }
.breakdown td:nth-child(5), .breakdown td:nth-child(7), .breakdown td:nth-child(9),
.rollup td:nth-child(6), .rollup td:nth-child(8), .rollup td:nth-child(10) { font-weight: 700; }
.breakdown td:nth-child(n+10), .rollup td:nth-child(n+11) { color: #4a5462; }
.figures tr.few, .figures tr.few td { color: #5f6b7a; font-weight: 400; }
.figures tr.gap th { background: #fff; border-left: none; border-right: none; padding: 14px 2px 4px; font-size: 15px;
  color: #0b2f5c; }
.aside.ended { color: #4a5462; white-space: nowrap; }
.aside.where { display: block; color: #4a5462; font-size: 12.5px; }
.aside.mark { display: inline-block; margin: 2px 0 0 8px; padding: 0 6px; border-radius: 3px; background: #e9edf2;
  color: #4a5462; font-size: 12px; font-weight: 400; white-space: nowrap; }
tr .aside.mark { display: table; margin: 2px 0 0; }
.figures tfoot th, .figures tfoot td { background: #e6edf6; font-weight: 700; border-top: 2px solid #0b2f5c;
  white-space: nowrap; }
.figures tfoot th { text-align: left; }
.figures tfoot td.name { font-weight: 400; }
details.group { border: 1px solid #d5dbe3; border-radius: 6px; margin: 0 0 6px; }
details.group[open] { border-color: #9fb3cc; }
details.group > summary { display: flex; align-items: baseline; gap: 12px; padding: 7px 12px; cursor: pointer;
  list-style: none; font-variant-numeric: tabular-nums; }
details.group > summary::-webkit-details-marker { display: none; }
details.group > summary::before { content: "▸"; color: #0b4f9c; width: 1em; flex: none; }
details.group[open] > summary::before { content: "▾"; }
details.group[open] > summary { border-bottom: 1px solid #d5dbe3; background: #f5f7fa; }
summary .code { flex: none; width: 3.5em; color: #4a5462; }
summary .title { flex: 1; font-weight: 600; }
summary .units, summary .count { flex: none; width: 8.5em; text-align: right; color: #4a5462; }
summary .pct { flex: none; width: 5.5em; text-align: right; font-weight: 700; }
details.few > summary .title, details.few > summary .pct { color: #5f6b7a; font-weight: 400; }
details.group > .table-wrap { padding: 8px; }
.notes { margin: 0; padding-left: 22px; }
.notes li { margin: 3px 0; }
footer { color: #4a5462; font-size: 13px; line-height: 1.5; }
footer p { margin: 0 0 4px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  section { border: none; border-radius: 0; padding: 0; margin: 0 0 8mm; }
  .summary, .quality-section, .trend-section, .definition, svg.chart { break-inside: avoid; }
  h2 { break-after: avoid; }
  .headline .figure { font-size: 54pt; }
  .headline { font-size: 26pt; }
  .table-wrap { overflow: visible; }
  table.figures { font-size: 7.5pt; }
  .figures th, .figures td { padding: 2px 4px; }
  .figures td.name { min-width: 0; }
  .figures tr { break-inside: avoid; }
  .figures thead { display: table-header-group; }
  .figures tfoot { display: table-row-group; }  /* the total once, at the end, not on every page */
  details.group { border: none; border-bottom: 1px solid #d5dbe3; border-radius: 0; margin: 0; }
  details.group > summary { padding: 2px 0; }
  details.group[open] > .table-wrap { padding: 2px 0 6mm; }
  .aside.mark, .aside.where { font-size: 6.5pt; }
  h2 + .sub { break-after: avoid; }
  svg .stripe { fill: #f2f4f7; }
}
@media screen and (max-width: 760px) {
  .definitions { grid-template-columns: 1fr; }
  .headline .figure { font-size: 56px; }
}
)";

void addDefinition(std::string& out, const char* heading, std::int64_t part, std::int64_t whole, const char* unit,
                   const char* how) {
    out += "<div class=\"definition\"><h3>" + std::string(heading) + "</h3>\n<p class=\"value\">" +
           (whole == 0 ? std::string("—") : percentText(part, whole)) + "</p>\n<p class=\"count\">" +
           (whole == 0 ? "chưa có " + std::string(unit) : countText(part) + " / " + countText(whole) + " " + unit) +
           "</p>\n<p class=\"how\">" + how + "</p></div>\n";
}

/// "ít hơn 30 lượt": too few ratings to rank a group.
std::string lessThanWords(const Report& r) { return "ít hơn " + std::to_string(r.query.minRatings) + " lượt"; }
/// What a group with too few ratings is marked with: "ít hơn 30 lượt: không xếp hạng".
std::string fewWords(const Report& r) { return lessThanWords(r) + ": không xếp hạng"; }
constexpr const char* NotRegisteredWords = "không có trong danh mục";

/// How the rows are ordered, for the line under the title.
std::string sortWords(ReportSort sort) {
    switch (sort) {
    case ReportSort::Key: return "theo mã";
    case ReportSort::Name: return "theo tên";
    case ReportSort::Ratings: return "theo số lượt đánh giá, nhiều nhất trước";
    case ReportSort::Rate: return "theo tỷ lệ hài lòng, cao nhất trước";
    }
    return {};
}

/// The two header rows of a table of figures: the key, the name, [the number of units], then
/// the columns of reportCsv.
std::string tableHead(const std::string& keyHeading, const std::string& nameHeading, bool units) {
    return "<thead>\n<tr><th rowspan=\"2\">" + keyHeading + "</th><th rowspan=\"2\">" + nameHeading + "</th>" +
           (units ? "<th rowspan=\"2\">Số đơn vị</th>" : "") +
           "<th colspan=\"3\">Theo lượt đánh giá</th><th colspan=\"2\">SIPAS</th><th colspan=\"2\">Theo hồ sơ "
           "(766)</th><th colspan=\"3\">Thống kê riêng</th></tr>\n<tr><th>Lượt đánh giá</th><th>Hài lòng</th><th>% "
           "hài lòng</th><th>Câu trả lời</th><th>% hai mức cao nhất</th><th>Hồ sơ</th><th>% hồ sơ hài lòng</th>"
           "<th>Nghi lạm dụng</th><th>Bị thay thế</th><th>Đồng hồ sai</th></tr>\n</thead>\n";
}

/// What a row of a table shows besides its figures.
struct Shown {
    std::string key;     ///< the key cell
    std::string name;    ///< the name (addRow escapes it)
    std::string suffix;  ///< after the name: " (đến 30/06/2025)" for a former unit
    std::string where;   ///< the province, under the name, when the table mixes provinces
    bool unregistered = false;
    bool few = false;
};

Shown shownOf(const ReportRow& row, const Report& r, bool withProvince) {
    Shown s;
    s.key = row.key.empty() ? "(không có)" : row.key;
    s.name = nameOf(row, r.query.by);
    s.suffix = endedWords(row.endedOn);
    if (withProvince && row.province != row.key) s.where = row.provinceLabel;  // not a department's own name
    s.unregistered = !row.registered;
    s.few = row.fewRatings;
    return s;
}

/// One row of a table of figures, its numbers those of reportCsv (a percentage of nothing is
/// "—" where the CSV says 0.00%). Figures are the cells after the name: right-aligned by the
/// style, not by a class on each cell (a page of 3,321 units has 40,000 of them). A row with
/// too few ratings is muted and says so; a unit the registry does not know says so.
void addRow(std::string& out, const ReportRow& row, const Shown& s, const Report& r, const std::string& attributes,
            std::optional<std::size_t> units) {
    const auto num = [&](std::int64_t n) { out += "<td>" + std::to_string(n) + "</td>"; };
    const auto pct = [&](std::int64_t part, std::int64_t whole) {
        out += "<td>" + (whole == 0 ? std::string("—") : percentText(part, whole)) + "</td>";
    };
    out += "<tr" + attributes + (s.few ? " class=\"few\"" : "") + "><th>" + htmlEscape(s.key) +
           "</th><td class=\"name\">" + htmlEscape(s.name);
    if (!s.suffix.empty()) out += "<span class=\"aside ended\">" + htmlEscape(s.suffix) + "</span>";
    if (!s.where.empty()) out += "<span class=\"aside where\">" + htmlEscape(s.where) + "</span>";
    if (s.unregistered) out += "<span class=\"aside mark\">" + std::string(NotRegisteredWords) + "</span>";
    if (s.few) out += "<span class=\"aside mark\">" + fewWords(r) + "</span>";
    out += "</td>";
    if (units) num(static_cast<std::int64_t>(*units));
    num(row.ratings);
    num(row.satisfied);
    pct(row.satisfied, row.ratings);
    num(row.sipasAnswers);
    pct(row.sipasTop2, row.sipasAnswers);
    num(row.dossiers);
    pct(row.dossiers - row.dossiersNotSatisfied, row.dossiers);
    num(row.misuse);
    num(row.superseded);
    num(row.clockSuspect);
    out += "</tr>\n";
}

/// A bar of the chart for a row of the report.
Bar barOf(const ReportRow& row, ReportBy by) {
    Bar b;
    const std::string name = nameOf(row, by);
    b.label = by == ReportBy::Day || by == ReportBy::Month ? dateWords(row.key)
              : !name.empty()                              ? name
              : row.key.empty()                            ? "(không có)"
                                                           : row.key;
    b.key = row.key;
    b.suffix = endedWords(row.endedOn);
    b.satisfied = row.satisfied;
    b.ratings = row.ratings;
    b.few = row.fewRatings;
    return b;
}

/// The units of one province (by unit, SPEC 7's roll-up through the registry): a province, a
/// central department with the units under it, or the unit codes the registry does not know.
struct Group {
    std::string code;  ///< the province's code ("" for the codes not in the registry)
    std::string name;
    bool province = false;               ///< a province (else a central department, or a unit of no province)
    bool unregistered = false;           ///< the unit codes not in the registry
    ReportRow pooled;                    ///< the raw counts of its rows, summed: never an average of percentages
    std::vector<const ReportRow*> rows;  ///< in the report's order
};

/// True if the row rolls up into a province: not a central unit, not a unit that is its own
/// roll-up without being a province (a commune without a parent).
bool inProvince(const ReportRow& row) {
    return row.registered && !row.province.empty() && row.level != unit_level::Central &&
           (row.province != row.key || row.level == unit_level::Province);
}

/// The rows of a report by unit in groups: the provinces first, then the central departments
/// and units of no province, then the codes not in the registry; each kind in the report's
/// order (by code, name, ratings or pooled rate: groups with too few ratings last).
std::vector<Group> groupsOf(const Report& r) {
    std::vector<Group> groups;
    std::map<std::string, std::size_t> index;
    for (const ReportRow& row : r.rows) {
        const std::string id = row.registered ? "p" + row.province : std::string("u");
        auto it = index.find(id);
        if (it == index.end()) {
            it = index.emplace(id, groups.size()).first;
            Group g;
            g.unregistered = !row.registered;
            g.code = row.registered ? row.province : std::string();
            g.name = g.unregistered              ? "Mã đơn vị không có trong danh mục"
                     : row.provinceLabel.empty() ? std::string("(không thuộc tỉnh nào)")
                                                 : row.provinceLabel;
            g.pooled.key = g.code;
            g.pooled.label = g.name;
            g.pooled.registered = row.registered;
            groups.push_back(std::move(g));
        }
        Group& g = groups[it->second];
        g.province = g.province || inProvince(row);
        g.pooled += row;
        g.rows.push_back(&row);
    }
    for (Group& g : groups) g.pooled.fewRatings = g.pooled.ratings < r.query.minRatings;
    const auto kind = [](const Group& g) { return g.unregistered ? 2 : g.province ? 0 : 1; };
    const auto rate = [](const Group& g) { return percentOf(g.pooled.satisfied, g.pooled.ratings); };
    std::stable_sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
        if (kind(a) != kind(b)) return kind(a) < kind(b);
        switch (r.query.sort) {
        case ReportSort::Key: break;
        case ReportSort::Name:
            if (a.name != b.name) return a.name < b.name;
            break;
        case ReportSort::Ratings:
            if (a.pooled.ratings != b.pooled.ratings) return a.pooled.ratings > b.pooled.ratings;
            break;
        case ReportSort::Rate:
            if (a.pooled.fewRatings != b.pooled.fewRatings) return b.pooled.fewRatings;
            if (rate(a) != rate(b)) return rate(a) > rate(b);
            if (a.pooled.ratings != b.pooled.ratings) return a.pooled.ratings > b.pooled.ratings;
            break;
        }
        return a.code < b.code;
    });
    return groups;
}

/// The heading over the groups of one kind (none over the provinces).
const char* kindHeading(const Group& g) {
    return g.unregistered ? "Mã đơn vị không có trong danh mục (vẫn được tính)"
           : g.province   ? ""
                          : "Đơn vị trung ương và đơn vị không thuộc tỉnh nào";
}

/// The attributes that tie a group's row in the summary to its section (for the checker):
/// data-province="40", or class "unregistered".
std::string groupAttributes(const Group& g) {
    return g.unregistered ? std::string(" data-unregistered=\"\"") : " data-province=\"" + htmlEscape(g.code) + "\"";
}

/// The summary table of the groups: each group's pooled figures, then the total.
std::string rollupTable(const Report& r, const std::vector<Group>& groups) {
    std::string out = "<div class=\"table-wrap\">\n<table class=\"figures rollup\">\n" +
                      tableHead("Mã tỉnh", "Tỉnh, thành phố", true);
    int kindShown = -1;
    for (const Group& g : groups) {
        const int kind = g.unregistered ? 2 : g.province ? 0 : 1;
        if (kind != kindShown) {
            out += std::string(kindShown < 0 ? "" : "</tbody>\n") + "<tbody>\n";
            if (*kindHeading(g) != '\0')
                out += "<tr class=\"gap\"><th colspan=\"13\">" + std::string(kindHeading(g)) + "</th></tr>\n";
            kindShown = kind;
        }
        Shown s;
        s.key = g.code.empty() ? "(không có)" : g.code;
        s.name = g.name;
        s.few = g.pooled.fewRatings;
        addRow(out, g.pooled, s, r, groupAttributes(g), g.rows.size());
    }
    out += "</tbody>\n<tfoot>\n";
    Shown total;
    total.key = "Tổng cộng";
    addRow(out, r.total, total, r, "", r.rows.size());
    return out + "</tfoot>\n</table>\n</div>\n";
}

/// One <details> a group, closed: its name, units, ratings and pooled % in the <summary>, its
/// units' table inside.
std::string groupSections(const Report& r, const std::vector<Group>& groups) {
    std::string out;
    const std::string head = tableHead(keyHeading(r.query.by).vi, "Tên", false);
    const char* heading = "";
    for (const Group& g : groups) {
        if (std::string(kindHeading(g)) != heading) {
            heading = kindHeading(g);
            out += "<h3>" + std::string(heading) + "</h3>\n";
        }
        const ReportRow& p = g.pooled;
        out += "<details class=\"group" + std::string(p.fewRatings ? " few" : "") + "\"" + groupAttributes(g) +
               ">\n<summary><span class=\"code\">" + htmlEscape(g.code) + "</span><span class=\"title\">" +
               htmlEscape(g.name) +
               (p.fewRatings ? "<span class=\"aside mark\">" + fewWords(r) + "</span>" : std::string()) +
               "</span><span class=\"units\">" + countText(static_cast<std::int64_t>(g.rows.size())) +
               " đơn vị</span><span class=\"count\">" + countText(p.ratings) + " lượt</span><span class=\"pct\">" +
               (p.ratings == 0 ? std::string("—") : percentText(p.satisfied, p.ratings)) +
               "</span></summary>\n<div class=\"table-wrap\">\n<table class=\"figures breakdown\">\n" + head +
               "<tbody>\n";
        for (const ReportRow* row : g.rows) addRow(out, *row, shownOf(*row, r, false), r, "", std::nullopt);
        out += "</tbody>\n</table>\n</div>\n</details>\n";
    }
    return out;
}

}  // namespace

std::string htmlEscape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string reportHtml(const Report& report, const HtmlReportExtras& extras) {
    const ReportRow& t = report.total;
    const ReportQuery& q = report.query;
    const std::string by = groupWords(q.by).vi;
    // By unit, all the groups shown, the rows rolled up into provinces: a table of the provinces,
    // then a closed section of units for each (SPEC 7: readable with 3,321 communes).
    const bool truncated = report.groups > report.rows.size();
    const bool withProvinces = q.by == ReportBy::Unit &&
                               std::any_of(report.rows.begin(), report.rows.end(),
                                           [](const ReportRow& r) { return !r.province.empty(); });
    std::vector<Group> groups;
    if (withProvinces) groups = groupsOf(report);
    const bool sectioned = !truncated && groups.size() >= 2;
    const bool anyFew = std::any_of(report.rows.begin(), report.rows.end(),
                                    [](const ReportRow& r) { return r.fewRatings; });
    const std::string title = extras.title + (report.underLabel.empty() ? "" : " — " + report.underLabel);

    std::string out;
    out.reserve(16'384 + report.rows.size() * 420);
    out += "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
           htmlEscape(title + (extras.period.empty() ? "" : " — " + extras.period)) + "</title>\n<style>" + Style +
           chartStyles() + "</style>\n</head>\n<body>\n<main>\n";

    // Title, period and what was counted.
    out += "<header class=\"page-head\">\n<h1>" + htmlEscape(title) + "</h1>\n";
    if (!extras.period.empty()) out += "<p class=\"period\">Kỳ báo cáo: " + htmlEscape(extras.period) + "</p>\n";
    if (!q.under.empty())
        out += "<p class=\"meta\">Phạm vi: " + htmlEscape(report.underLabel) + " (mã " + htmlEscape(q.under) +
               ") và các đơn vị trực thuộc</p>\n";
    std::string groupsLine = countText(static_cast<std::int64_t>(report.rows.size()));
    if (truncated) {
        const std::size_t top = std::min(q.top, report.rows.size());
        groupsLine += " / " + countText(static_cast<std::int64_t>(report.groups)) + " nhóm (" +
                      (top > 0 ? countText(static_cast<std::int64_t>(top)) + " cao nhất" : std::string()) +
                      (top > 0 && report.rows.size() > top ? ", " : "") +
                      (report.rows.size() > top
                           ? countText(static_cast<std::int64_t>(report.rows.size() - top)) + " thấp nhất"
                           : std::string()) +
                      "); " + countText(static_cast<std::int64_t>(report.notRanked)) + " nhóm có " +
                      lessThanWords(report) + " không được xếp hạng";
    } else {
        groupsLine += " nhóm";
        if (sectioned) {
            const auto provinces = std::count_if(groups.begin(), groups.end(),
                                                 [](const Group& g) { return g.province; });
            groupsLine += " trong " + countText(provinces) + " tỉnh, thành phố";
        }
        groupsLine += ", " + sortWords(q.sort);
    }
    out += "<p class=\"meta\">Theo " + by + ": " + groupsLine + " · " + countText(t.ratings) +
           " lượt đánh giá được tính</p>\n";
    if (q.asOfDay)
        out += "<p class=\"meta\">Đơn vị cũ được tính vào đơn vị kế thừa của ngày " + dateWords(dayString(*q.asOfDay)) +
               ".</p>\n";
    out += "</header>\n";

    // The headline figure and the three definitions.
    out += "<section class=\"summary\">\n";
    if (t.ratings == 0) {
        out += "<p class=\"headline\">Chưa có lượt đánh giá nào</p>\n";
    } else {
        out += "<p class=\"headline\"><span class=\"figure\">" + percentText(t.satisfied, t.ratings) +
               "</span> hài lòng</p>\n<p class=\"lead\">" + countText(t.satisfied) + " trên " + countText(t.ratings) +
               " lượt đánh giá là Hài lòng hoặc Rất hài lòng.";
        if (t.misuse > 0)
            out += " " + countText(t.misuse) + " đánh giá nghi lạm dụng được thống kê riêng, không tính vào tỷ lệ.";
        out += "</p>\n";
        std::string line;
        for (const std::string& value : valuesInReportOrder(t.values)) {
            const AnswerLevel* level = answerLevel(value);
            line += (line.empty() ? "" : " · ") + htmlEscape(level ? level->words.vi : value) + ": " +
                    countText(t.values.at(value));
        }
        if (!line.empty()) out += "<p class=\"levels\">Số lượt theo mức: " + line + "</p>\n";
    }
    out += "<div class=\"definitions\">\n";
    addDefinition(out, "Theo lượt đánh giá (ngành Công an)", t.satisfied, t.ratings, "lượt",
                  "Số lượt Hài lòng và Rất hài lòng chia cho tổng số lượt đánh giá câu hỏi chính.");
    addDefinition(out, "Chỉ số SIPAS (hai mức cao nhất)", t.sipasTop2, t.sipasAnswers, "câu trả lời",
                  "Số câu trả lời Hài lòng và Rất hài lòng chia cho mọi câu trả lời của các câu hỏi thang 5 mức.");
    addDefinition(out, "Theo hồ sơ (Quyết định 766/QĐ-TTg)", t.dossiers - t.dossiersNotSatisfied, t.dossiers, "hồ sơ",
                  "Số hồ sơ trừ số hồ sơ không hài lòng, chia cho số hồ sơ; chỉ tính đánh giá có mã hồ sơ, lần "
                  "đánh giá sau cùng của mỗi hồ sơ.");
    out += "</div>\n</section>\n";

    // Data quality: short, and what the figures below must be read with.
    out += "<section class=\"quality-section\">\n<h2>" + std::string(DataQualityWords.vi) + "</h2>\n";
    if (extras.dataQuality.empty()) {
        out += "<p class=\"empty\">" + std::string(NothingToNoteWords.vi) + "</p>\n";
    } else {
        out += "<ul class=\"notes\">\n";
        for (const Text& note : extras.dataQuality) out += "<li>" + htmlEscape(note.vi) + "</li>\n";
        out += "</ul>\n";
    }
    out += "</section>\n";

    // The trend.
    if (!extras.trend.empty())
        out += "<section class=\"trend-section\">\n<h2>Diễn biến theo tháng</h2>\n<p class=\"sub\">Tỷ lệ hài lòng "
               "theo lượt đánh giá của từng tháng.</p>\n" +
               trendChart(extras.trend) + "</section>\n";

    // The bars: of the provinces when there are sections, else of the rows (the top and the
    // bottom apart when only those are shown).
    out += "<section class=\"bars-section\">\n<h2>Tỷ lệ hài lòng theo " +
           (sectioned ? std::string("tỉnh, thành phố") : by) +
           "</h2>\n<p class=\"sub\">Theo lượt đánh giá; đường gạch: tỷ lệ chung, tính từ số đếm gộp" +
           (sectioned ? "; mỗi tỉnh từ số đếm gộp của các đơn vị của tỉnh" : "") +
           ((sectioned ? std::any_of(groups.begin(), groups.end(), [](const Group& g) { return g.pooled.fewRatings; })
                       : anyFew)
                ? ". Thanh màu xám: nhóm có " + lessThanWords(report) + ", không xếp hạng"
                : std::string()) +
           ".</p>\n";
    if (report.rows.empty()) {
        out += "<p class=\"empty\">Không có dữ liệu trong kỳ này.</p>\n";
    } else if (sectioned) {
        std::vector<Bar> bars;
        for (const Group& g : groups) {
            Bar b;
            b.label = g.name;
            b.key = g.code;
            b.satisfied = g.pooled.satisfied;
            b.ratings = g.pooled.ratings;
            b.few = g.pooled.fewRatings;
            bars.push_back(std::move(b));
        }
        out += barChart(report, bars);
    } else {
        std::vector<Bar> bars;
        for (const ReportRow& row : report.rows) bars.push_back(barOf(row, q.by));
        const std::size_t top = truncated ? std::min(q.top, bars.size()) : bars.size();
        if (top > 0 && top < bars.size()) {
            out += "<h3>" + countText(static_cast<std::int64_t>(top)) + " nhóm cao nhất</h3>\n" +
                   barChart(report, std::vector<Bar>(bars.begin(), bars.begin() + static_cast<std::ptrdiff_t>(top)),
                            false) +
                   "<h3>" + countText(static_cast<std::int64_t>(bars.size() - top)) + " nhóm thấp nhất</h3>\n" +
                   barChart(report, std::vector<Bar>(bars.begin() + static_cast<std::ptrdiff_t>(top), bars.end()));
        } else {
            out += barChart(report, bars);
        }
    }
    out += "</section>\n";

    // The figures, column for column as reportCsv.
    const std::string apart =
        "Đánh giá nghi lạm dụng và đánh giá bị thay thế (bởi lần đánh giá sau của cùng hồ sơ) không tính vào tỷ lệ; "
        "đánh giá có đồng hồ ki-ốt sai vẫn được tính. —: không có gì để tính." +
        std::string(anyFew ? " Dòng chữ xám: nhóm có " + lessThanWords(report) + ", không xếp hạng." : "");
    if (sectioned) {
        out += "<section class=\"rollup-section\">\n<h2>Tổng hợp theo tỉnh, thành phố</h2>\n<p class=\"sub\">Số "
               "liệu của mỗi tỉnh là tổng số đếm của các đơn vị của tỉnh, tỷ lệ tính lại từ đó. " +
               apart + "</p>\n" + rollupTable(report, groups) + "</section>\n";
        out += "<section class=\"units-section\">\n<h2>Chi tiết theo đơn vị</h2>\n<p class=\"sub\">Bấm vào một tỉnh "
               "để mở hoặc đóng bảng các đơn vị của tỉnh; khi in, chỉ các tỉnh đang mở được in chi tiết.</p>\n" +
               groupSections(report, groups) + "</section>\n";
    } else {
        // With provinces mixed in one table (the top and bottom of the country), each unit says its own.
        std::size_t provincesShown = 0;
        if (withProvinces) {
            std::vector<std::string> seen;
            for (const ReportRow& row : report.rows)
                if (std::find(seen.begin(), seen.end(), row.province) == seen.end()) seen.push_back(row.province);
            provincesShown = seen.size();
        }
        out += "<section class=\"table-section\">\n<h2>Bảng chi tiết theo " + by + "</h2>\n<p class=\"sub\">" + apart +
               "</p>\n<div class=\"table-wrap\">\n<table class=\"figures breakdown\">\n" +
               tableHead(keyHeading(q.by).vi, "Tên", false) + "<tbody>\n";
        const std::size_t top = truncated ? std::min(q.top, report.rows.size()) : report.rows.size();
        for (std::size_t i = 0; i < report.rows.size(); ++i) {
            if (truncated && (i == 0 || i == top))
                out += std::string(i == 0 ? "" : "</tbody>\n<tbody>\n") + "<tr class=\"gap\"><th colspan=\"12\">" +
                       countText(static_cast<std::int64_t>(i == 0 && top > 0 ? top : report.rows.size() - top)) +
                       (i == 0 && top > 0 ? " nhóm cao nhất" : " nhóm thấp nhất") + "</th></tr>\n";
            const ReportRow& row = report.rows[i];
            addRow(out, row, shownOf(row, report, provincesShown >= 2), report, "", std::nullopt);
        }
        out += "</tbody>\n<tfoot>\n";
        Shown total;
        total.key = "Tổng cộng";
        if (truncated)
            total.name = "tất cả " + countText(static_cast<std::int64_t>(report.groups)) +
                         " nhóm, không chỉ các nhóm được hiển thị";
        addRow(out, t, total, report, "", std::nullopt);
        out += "</tfoot>\n</table>\n</div>\n</section>\n";
    }

    if (extras.comments) out += commentsHtmlSection(*extras.comments);

    out += "<footer>\n<p>Mọi tỷ lệ được tính lại từ số đếm gộp của tất cả đánh giá, không lấy trung bình tỷ lệ "
           "của các nhóm. Đánh giá nghi lạm dụng được thống kê riêng và không tính vào tỷ lệ; đánh giá đã được thay "
           "bằng lần đánh giá sau của cùng hồ sơ không được tính; đánh giá từ ki-ốt có đồng hồ sai vẫn được tính "
           "(câu trả lời là thật, chỉ ngày giờ không đúng).</p>\n<p>Lập bởi Hài Lòng " HAILONG_VERSION
           ".</p>\n</footer>\n</main>\n</body>\n</html>\n";
    return out;
}

}  // namespace hailong::core

namespace hailong::core {

std::string trendSvg(const std::vector<std::pair<std::string, double>>& trend) { return html::trendChart(trend); }

const std::string& chartStyles() {
    static const std::string css = R"(
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
svg .stripe { fill: #f5f7fa; }
svg .grid { stroke: #d3d9e1; stroke-width: 1; }
svg .axis { fill: #4a5462; font-size: 12px; }
svg .label { fill: #1b1f24; font-size: 13px; }
svg .bar { fill: #2b6cb0; }
svg .value { fill: #1b1f24; font-size: 13px; font-weight: 600;
  paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
svg .overall { stroke: #c2410c; stroke-width: 2; stroke-dasharray: 6 4; }
svg .overall-label { fill: #9a3412; font-size: 12px; font-weight: 600; }
svg .line { fill: none; stroke: #0b4f9c; stroke-width: 2.5; stroke-linejoin: round; }
svg .area { fill: #0b4f9c; fill-opacity: 0.08; }
svg .point { fill: #fff; stroke: #0b4f9c; stroke-width: 2; }
svg.trend .axis, svg.trend .value { font-size: 14px; }
svg .few.bar { fill: #aab4c1; }
svg .few.label, svg .few.value { fill: #5f6b7a; font-weight: 400; }
)";
    return css;
}

}  // namespace hailong::core
