#include "hq/report_html.h"

#include "hq/report_words.h"

#include "survey/settings.h"  // unitLevelWords

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

// [SECTION] Words
// [SECTION] Charts
// [SECTION] The page

namespace hailong::core {

namespace {

// [SECTION] Words ------------------------------------------------------------------------------
// The page is read by Vietnamese officials: its texts are Vietnamese only. The words it shares
// with the workbook (groups, key headings, answer levels) are report_words'; its own live here.

/// "2026-01-05" -> "05/01/2026", "2026-01" -> "01/2026"; anything else as it is.
std::string dateWords(const std::string& iso) {
    auto digits = [&](std::size_t from, std::size_t n) {
        return std::all_of(iso.begin() + static_cast<std::ptrdiff_t>(from),
                           iso.begin() + static_cast<std::ptrdiff_t>(from + n),
                           [](char c) { return c >= '0' && c <= '9'; });
    };
    if (iso.size() == 7 && iso[4] == '-' && digits(0, 4) && digits(5, 2))
        return iso.substr(5, 2) + "/" + iso.substr(0, 4);
    if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-' && digits(0, 4) && digits(5, 2) && digits(8, 2))
        return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
    return iso;
}

/// What the table's name column says of a row: the unit's name, the level in words.
std::string nameOf(const ReportRow& row, ReportBy by) {
    if (by == ReportBy::Level) {
        const std::string words = unitLevelWords(row.key);
        return words == row.key ? std::string() : words;
    }
    return row.label;
}

/// How a row is called in the chart: its name where it has one, else its key.
std::string chartLabel(const ReportRow& row, ReportBy by) {
    if (row.key.empty()) return "(không có)";
    if (by == ReportBy::Day || by == ReportBy::Month) return dateWords(row.key);
    const std::string name = nameOf(row, by);
    return name.empty() ? row.key : name;
}

std::size_t codePoints(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

/// At most `max` code points, the last one "…" when the text was longer (SVG text does not wrap).
std::string shortened(const std::string& s, std::size_t max) {
    if (codePoints(s) <= max) return s;
    std::size_t kept = 0, end = 0;
    for (; end < s.size(); ++end)
        if ((static_cast<unsigned char>(s[end]) & 0xC0) != 0x80 && kept++ == max - 1) break;
    std::string out = s.substr(0, end);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "…";
}

std::string percentText(std::int64_t part, std::int64_t whole) { return formatPercent(percentOf(part, whole)); }

/// A count for prose, its thousands apart by a narrow no-break space ("17 221"): neither "." nor
/// ",", which Vietnamese and English read the opposite ways. The table keeps the CSV's digits.
std::string countText(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n), out = n < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += "\xE2\x80\xAF";  // U+202F
        out += digits[i];
    }
    return out;
}

// [SECTION] Charts -----------------------------------------------------------------------------

/// An SVG coordinate with one decimal at most, whatever the C locale ("12.5", "300").
std::string at(double v) {
    const long long tenths = std::llround(v * 10.0);
    const long long whole = tenths / 10;
    const long long frac = tenths % 10;
    std::string out = tenths < 0 && whole == 0 ? "-" : "";
    out += std::to_string(whole);
    if (frac != 0) out += "." + std::to_string(frac < 0 ? -frac : frac);
    return out;
}

/// Rows first..end-1 of the bar chart, with the 0-100 scale above them; the last part says the
/// pooled figure under its dashed line.
std::string barChartPart(const Report& r, std::size_t first, std::size_t end) {
    constexpr double width = 960, labelRight = 292, x0 = 304, plotWidth = 570, top = 28, rowHeight = 28, barHeight = 18;
    const bool last = end == r.rows.size();
    const double plotBottom = top + rowHeight * static_cast<double>(end - first);
    const double height = plotBottom + (last ? 30 : 4);
    std::string svg = "<svg class=\"chart bars\" viewBox=\"0 0 " + at(width) + " " + at(height) +
                      "\" role=\"img\" aria-label=\"Tỷ lệ hài lòng theo " + groupWords(r.query.by).vi + "\">\n";
    for (std::size_t i = first; i < end; ++i)
        if (i % 2 == 0)
            svg += "<rect class=\"stripe\" x=\"0\" y=\"" + at(top + rowHeight * static_cast<double>(i - first)) +
                   "\" width=\"" + at(width) + "\" height=\"" + at(rowHeight) + "\"/>\n";
    for (int tick = 0; tick <= 100; tick += 25) {
        const double x = x0 + plotWidth * tick / 100.0;
        svg += "<line class=\"grid\" x1=\"" + at(x) + "\" y1=\"" + at(top - 6) + "\" x2=\"" + at(x) + "\" y2=\"" +
               at(plotBottom) + "\"/>\n<text class=\"axis\" x=\"" + at(x) + "\" y=\"" + at(top - 10) +
               "\" text-anchor=\"middle\">" + std::to_string(tick) + "%</text>\n";
    }
    if (r.total.ratings > 0) {  // under the bars and their values
        const double percent = percentOf(r.total.satisfied, r.total.ratings);
        const double x = x0 + plotWidth * percent / 100.0;
        svg += "<line class=\"overall\" x1=\"" + at(x) + "\" y1=\"" + at(top - 4) + "\" x2=\"" + at(x) + "\" y2=\"" +
               at(last ? plotBottom + 6 : height) + "\"/>\n";
        if (last)
            svg += "<text class=\"overall-label\" x=\"" + at(x) + "\" y=\"" + at(height - 8) + "\" text-anchor=\"" +
                   (percent > 80   ? "end"
                    : percent < 20 ? "start"
                                   : "middle") +
                   "\">Toàn bộ: " + formatPercent(percent) + "</text>\n";
    }
    double y = top;
    for (std::size_t i = first; i < end; ++i) {
        const ReportRow& row = r.rows[i];
        const double percent = percentOf(row.satisfied, row.ratings);
        const double barWidth = plotWidth * percent / 100.0;
        const std::string label = chartLabel(row, r.query.by);
        const std::string value = row.ratings == 0 ? "không có lượt" : formatPercent(percent);
        const double middle = y + rowHeight / 2;
        svg += "<g><title>" +
               htmlEscape(label + (label == row.key || row.key.empty() ? "" : " (" + row.key + ")") + ": " + value +
                          ", " + std::to_string(row.satisfied) + "/" + std::to_string(row.ratings) + " lượt") +
               "</title>\n<text class=\"label\" x=\"" + at(labelRight) + "\" y=\"" + at(middle) +
               "\" dy=\"0.35em\" text-anchor=\"end\">" + htmlEscape(shortened(label, 38)) + "</text>\n" +
               "<rect class=\"bar\" x=\"" + at(x0) + "\" y=\"" + at(middle - barHeight / 2) + "\" width=\"" +
               at(barWidth) + "\" height=\"" + at(barHeight) + "\" rx=\"2\"/>\n" + "<text class=\"value\" x=\"" +
               at(x0 + barWidth + 6) + "\" y=\"" + at(middle) + "\" dy=\"0.35em\">" + htmlEscape(value) +
               "</text></g>\n";
        y += rowHeight;
    }
    return svg + "</svg>\n";
}

/// Horizontal bars: the event-based % of each row, labelled with its value, on a 0-100 scale,
/// with the pooled figure as a dashed line. One <rect class="bar"> per row, in row order, in
/// SVGs of class "bars" of 40 rows at most: a printer does not break an SVG between pages
/// where a row ends, so each part is kept whole on one A4 page.
std::string barChart(const Report& r) {
    constexpr std::size_t rowsPerPart = 40;
    std::string out;
    for (std::size_t first = 0; first < r.rows.size(); first += rowsPerPart)
        out += barChartPart(r, first, std::min(r.rows.size(), first + rowsPerPart));
    return out;
}

/// Months since year 0 of "2026-01"; nothing for another key.
std::optional<long> monthNumber(const std::string& key) {
    const std::string words = dateWords(key);  // "01/2026" for a month
    if (key.size() != 7 || words == key) return std::nullopt;
    return std::stol(key.substr(0, 4)) * 12 + std::stol(key.substr(5, 2)) - 1;
}

/// The trend as a line over its points, each labelled with its value when they are few enough
/// to read; the scale starts below the lowest value so that a change of a few points shows.
/// Months sit at their place in time: a month without data leaves a gap in the line.
std::string trendChart(const std::vector<std::pair<std::string, double>>& trend) {
    constexpr double width = 960, height = 300, left = 56, right = 24, top = 28, bottom = 44;
    if (trend.empty()) return {};
    double low = 100;
    for (const auto& point : trend) low = std::min(low, point.second);
    double floorValue = std::floor((low - 2) / 10) * 10;
    floorValue = std::clamp(floorValue, 0.0, 90.0);
    const double span = 100 - floorValue;
    const int step = span <= 20 ? 5 : span <= 50 ? 10 : 20;
    const double plotWidth = width - left - right, plotHeight = height - top - bottom, inset = 28;

    // Each point's slot on the time axis: its month, else its rank.
    std::vector<long> slot(trend.size());
    bool months = true;
    for (std::size_t i = 0; i < trend.size() && months; ++i) {
        const auto n = monthNumber(trend[i].first);
        months = n && (i == 0 || *n > slot[i - 1]);
        if (n) slot[i] = *n;
    }
    const long firstMonth = slot.front();
    for (std::size_t i = 0; i < trend.size(); ++i) slot[i] = months ? slot[i] - firstMonth : static_cast<long>(i);
    const long slots = slot.back() + 1;
    auto yOf = [&](double v) { return top + plotHeight * (100 - std::clamp(v, floorValue, 100.0)) / span; };
    auto xOf = [&](std::size_t i) {
        return slots == 1 ? left + plotWidth / 2
                          : left + inset +
                                (plotWidth - 2 * inset) * static_cast<double>(slot[i]) / static_cast<double>(slots - 1);
    };
    std::string svg = "<svg class=\"chart trend\" viewBox=\"0 0 " + at(width) + " " + at(height) +
                      "\" role=\"img\" aria-label=\"Tỷ lệ hài lòng theo tháng\">\n";
    for (int v = static_cast<int>(floorValue); v <= 100; v += step)
        svg += "<line class=\"grid\" x1=\"" + at(left) + "\" y1=\"" + at(yOf(v)) + "\" x2=\"" + at(width - right) +
               "\" y2=\"" + at(yOf(v)) + "\"/>\n<text class=\"axis\" x=\"" + at(left - 8) + "\" y=\"" + at(yOf(v)) +
               "\" dy=\"0.35em\" text-anchor=\"end\">" + std::to_string(v) + "%</text>\n";
    // One line (and area under it) per run of consecutive slots.
    for (std::size_t first = 0; first < trend.size();) {
        std::size_t end = first + 1;
        while (end < trend.size() && slot[end] == slot[end - 1] + 1) ++end;
        if (end - first > 1) {
            std::string points;
            for (std::size_t i = first; i < end; ++i)
                points += (i > first ? " " : "") + at(xOf(i)) + "," + at(yOf(trend[i].second));
            svg += "<polygon class=\"area\" points=\"" + at(xOf(first)) + "," + at(top + plotHeight) + " " + points +
                   " " + at(xOf(end - 1)) + "," + at(top + plotHeight) + "\"/>\n<polyline class=\"line\" points=\"" +
                   points + "\"/>\n";
        }
        first = end;
    }
    const long labelEvery = (slots + 11) / 12;  // at most 12 dates under the axis
    const bool valuesShown = slots <= 24;
    for (std::size_t i = 0; i < trend.size(); ++i) {
        const double x = xOf(i), y = yOf(trend[i].second);
        const std::string date = dateWords(trend[i].first);
        svg += "<g><title>" + htmlEscape(date + ": " + formatPercent(trend[i].second)) +
               "</title><circle class=\"point\" cx=\"" + at(x) + "\" cy=\"" + at(y) + "\" r=\"4\"/>";
        if (valuesShown)
            svg += "<text class=\"value\" x=\"" + at(x) + "\" y=\"" + at(y - 10) + "\" text-anchor=\"middle\">" +
                   htmlEscape(formatPercent(trend[i].second)) + "</text>";
        svg += "</g>\n";
        if (slot[i] % labelEvery == 0)
            svg += "<text class=\"axis\" x=\"" + at(x) + "\" y=\"" + at(height - bottom + 20) +
                   "\" text-anchor=\"middle\">" + htmlEscape(date) + "</text>\n";
    }
    return svg + "</svg>\n";
}

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
.headline, .definition .value, .breakdown, svg.chart { font-variant-numeric: tabular-nums; }
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
.empty { color: #4a5462; margin: 0; }
.table-wrap { overflow-x: auto; }
table.breakdown { border-collapse: collapse; width: 100%; font-size: 14px; line-height: 1.35; }
.breakdown th, .breakdown td { border: 1px solid #c4ccd7; padding: 5px 8px; }
.breakdown thead th { background: #e6edf6; font-weight: 600; text-align: center; vertical-align: bottom; }
.breakdown tbody th { text-align: left; font-weight: 600; white-space: nowrap; }
.breakdown td.name { min-width: 20em; }
.breakdown tbody tr:nth-child(even) { background: #f6f8fb; }
.breakdown .num { text-align: right; white-space: nowrap; }
.breakdown .pct { font-weight: 700; }
.breakdown .apart { color: #4a5462; }
.breakdown tfoot th, .breakdown tfoot td { background: #e6edf6; font-weight: 700; border-top: 2px solid #0b2f5c;
  text-align: left; white-space: nowrap; }
.breakdown tfoot td.num { text-align: right; }
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
  table.breakdown { font-size: 7.5pt; }
  .breakdown th, .breakdown td { padding: 2px 4px; }
  .breakdown tr { break-inside: avoid; }
  .breakdown thead { display: table-header-group; }
  .breakdown tfoot { display: table-row-group; }  /* the total once, at the end, not on every page */
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

/// The cells of a row, in the columns (and with the numbers) of reportCsv; a percentage of
/// nothing is "—" where the CSV says 0.00%.
void addCells(std::string& out, const ReportRow& row, const std::string& keyCell, const std::string& name) {
    auto num = [&](std::int64_t n, const char* cls = "num") {
        out += "<td class=\"" + std::string(cls) + "\">" + std::to_string(n) + "</td>";
    };
    auto pct = [&](std::int64_t part, std::int64_t whole) {  // "—", not "0.00%", when nothing was counted
        out += "<td class=\"num pct\">" + (whole == 0 ? std::string("—") : percentText(part, whole)) + "</td>";
    };
    out += "<th scope=\"row\">" + htmlEscape(keyCell) + "</th><td class=\"name\">" + htmlEscape(name) + "</td>";
    num(row.ratings);
    num(row.satisfied);
    pct(row.satisfied, row.ratings);
    num(row.sipasAnswers);
    pct(row.sipasTop2, row.sipasAnswers);
    num(row.dossiers);
    pct(row.dossiers - row.dossiersNotSatisfied, row.dossiers);
    num(row.misuse, "num apart");
    num(row.superseded, "num apart");
    num(row.clockSuspect, "num apart");
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
    const std::string by = groupWords(report.query.by).vi;
    std::string out;
    out.reserve(16'384 + report.rows.size() * 1'200);
    out += "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
           htmlEscape(extras.title + (extras.period.empty() ? "" : " — " + extras.period)) + "</title>\n<style>" +
           Style + "</style>\n</head>\n<body>\n<main>\n";

    // Title, period and what was counted.
    out += "<header class=\"page-head\">\n<h1>" + htmlEscape(extras.title) + "</h1>\n";
    if (!extras.period.empty()) out += "<p class=\"period\">Kỳ báo cáo: " + htmlEscape(extras.period) + "</p>\n";
    out += "<p class=\"meta\">Theo " + by + ": " + std::to_string(report.rows.size()) + " nhóm · " +
           countText(t.ratings) + " lượt đánh giá được tính</p>\n</header>\n";

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

    // The bars.
    out += "<section class=\"bars-section\">\n<h2>Tỷ lệ hài lòng theo " + by +
           "</h2>\n<p class=\"sub\">Theo lượt đánh giá; đường gạch: tỷ lệ chung, tính từ số đếm gộp.</p>\n";
    out += report.rows.empty() ? std::string("<p class=\"empty\">Không có dữ liệu trong kỳ này.</p>\n")
                               : barChart(report);
    out += "</section>\n";

    // The breakdown, column for column as reportCsv.
    out +=
        "<section class=\"table-section\">\n<h2>Bảng chi tiết theo " + by +
        "</h2>\n<p class=\"sub\">Đánh giá nghi lạm dụng và đánh giá bị thay thế (bởi lần đánh giá sau của cùng hồ "
        "sơ) không tính vào tỷ lệ; đánh giá có đồng hồ ki-ốt sai vẫn được tính. —: không có gì để tính.</p>\n"
        "<div class=\"table-wrap\">\n<table class=\"breakdown\">\n<thead>\n<tr><th rowspan=\"2\">" +
        keyHeading(report.query.by).vi +
        "</th><th rowspan=\"2\">Tên</th><th colspan=\"3\">Theo lượt đánh giá</th><th colspan=\"2\">SIPAS</th>"
        "<th colspan=\"2\">Theo hồ sơ (766)</th><th colspan=\"3\">Thống kê riêng</th></tr>\n"
        "<tr><th>Lượt đánh giá</th><th>Hài lòng</th><th>% hài lòng</th><th>Câu trả lời</th><th>% hai mức cao nhất</th>"
        "<th>Hồ sơ</th><th>% hồ sơ hài lòng</th><th>Nghi lạm dụng</th><th>Bị thay thế</th><th>Đồng hồ sai</th></tr>\n"
        "</thead>\n<tbody>\n";
    for (const ReportRow& row : report.rows) {
        out += "<tr>";
        addCells(out, row, row.key.empty() ? "(không có)" : row.key, nameOf(row, report.query.by));
        out += "</tr>\n";
    }
    out += "</tbody>\n<tfoot>\n<tr>";
    addCells(out, t, "Tổng cộng", "");
    out += "</tr>\n</tfoot>\n</table>\n</div>\n</section>\n";

    out += "<footer>\n<p>Mọi tỷ lệ được tính lại từ số đếm gộp của tất cả đánh giá, không lấy trung bình tỷ lệ "
           "của các nhóm. Đánh giá nghi lạm dụng được thống kê riêng và không tính vào tỷ lệ; đánh giá đã được thay "
           "bằng lần đánh giá sau của cùng hồ sơ không được tính; đánh giá từ ki-ốt có đồng hồ sai vẫn được tính "
           "(câu trả lời là thật, chỉ ngày giờ không đúng).</p>\n<p>Lập bởi Hài Lòng " HAILONG_VERSION
           ".</p>\n</footer>\n</main>\n</body>\n</html>\n";
    return out;
}

}  // namespace hailong::core
