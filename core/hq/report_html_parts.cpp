#include "report_html_parts.h"

#include "hq/hq_tally.h"     // dayString
#include "hq/report_html.h"  // htmlEscape
#include "hq/report_words.h"
#include "survey/settings.h"  // unitLevelWords

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace hailong::core::html {

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

/// What the table's name column says of a row: the unit's name, the level in words. The group
/// of unit codes not in the registry (by province) is named in Vietnamese only.
std::string nameOf(const ReportRow& row, ReportBy by) {
    if (by == ReportBy::Level) {
        const std::string words = unitLevelWords(row.key);
        return words == row.key ? std::string() : words;
    }
    if (by == ReportBy::Province && !row.registered) return "(không có trong danh mục đơn vị)";
    return row.label;
}

/// " (đến 30/06/2025)" for a former unit shown as it was; "" for a current one.
std::string endedWords(const std::string& endedOn) {
    return endedOn.empty() ? std::string() : " (đến " + dateWords(endedOn) + ")";
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

namespace {

/// Bars first..end-1, with the 0-100 scale above them; the last part says the pooled figure
/// under its dashed line.
std::string barChartPart(const Report& r, const std::vector<Bar>& bars, std::size_t first, std::size_t end, bool last) {
    constexpr double width = 960, labelRight = 292, x0 = 304, plotWidth = 570, top = 28, rowHeight = 28, barHeight = 18;
    const double plotBottom = top + rowHeight * static_cast<double>(end - first);
    const double height = plotBottom + (last ? 30 : 4);
    std::string svg = "<svg class=\"chart bars\" viewBox=\"0 0 " + at(width) + " " + at(height) +
                      "\" role=\"img\" aria-label=\"Tỷ lệ hài lòng theo " + groupWords(r.query.by).vi + "\">\n";
    for (std::size_t i = first; i < end; ++i)
        if ((i - first) % 2 == 0)
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
        const Bar& bar = bars[i];
        const double percent = percentOf(bar.satisfied, bar.ratings);
        const double barWidth = plotWidth * percent / 100.0;
        const std::string value = bar.ratings == 0 ? "không có lượt" : formatPercent(percent);
        const double middle = y + rowHeight / 2;
        const std::string few = bar.few ? " few" : "";
        svg += "<g" + std::string(bar.few ? " class=\"few\"" : "") + "><title>" +
               htmlEscape(bar.label + bar.suffix +
                          (bar.key.empty() || bar.key == bar.label ? "" : " (" + bar.key + ")") + ": " + value + ", " +
                          std::to_string(bar.satisfied) + "/" + std::to_string(bar.ratings) + " lượt" +
                          (bar.few ? ", quá ít để xếp hạng" : "")) +
               "</title>\n<text class=\"label" + few + "\" x=\"" + at(labelRight) + "\" y=\"" + at(middle) +
               "\" dy=\"0.35em\" text-anchor=\"end\">" +
               htmlEscape(shortened(bar.label, 38 - std::min<std::size_t>(codePoints(bar.suffix), 20)) + bar.suffix) +
               "</text>\n" + "<rect class=\"bar" + few + "\" x=\"" + at(x0) + "\" y=\"" + at(middle - barHeight / 2) +
               "\" width=\"" + at(barWidth) + "\" height=\"" + at(barHeight) + "\" rx=\"2\"/>\n" +
               "<text class=\"value" + few + "\" x=\"" + at(x0 + barWidth + 6) + "\" y=\"" + at(middle) +
               "\" dy=\"0.35em\">" + htmlEscape(value) + "</text></g>\n";
        y += rowHeight;
    }
    return svg + "</svg>\n";
}

}  // namespace

/// Horizontal bars: the event-based % of each group, labelled with its value, on a 0-100 scale,
/// with the pooled figure as a dashed line. One <rect class="bar"> per group, in order, in
/// SVGs of class "bars" of 40 bars at most, as even as can be (41 bars: 21 and 20): a printer
/// does not break an SVG between pages where a bar ends, so each part is kept whole on one A4
/// page. `last`: the pooled figure is named under the last part.
std::string barChart(const Report& r, const std::vector<Bar>& bars, bool last) {
    constexpr std::size_t maxPerPart = 40;
    if (bars.empty()) return {};
    const std::size_t parts = (bars.size() + maxPerPart - 1) / maxPerPart;
    const std::size_t perPart = (bars.size() + parts - 1) / parts;
    std::string out;
    for (std::size_t first = 0; first < bars.size(); first += perPart) {
        const std::size_t end = std::min(bars.size(), first + perPart);
        out += barChartPart(r, bars, first, end, last && end == bars.size());
    }
    return out;
}

namespace {

/// Months since year 0 of "2026-01"; nothing for another key.
std::optional<long> monthNumber(const std::string& key) {
    const std::string words = dateWords(key);  // "01/2026" for a month
    if (key.size() != 7 || words == key) return std::nullopt;
    return std::stol(key.substr(0, 4)) * 12 + std::stol(key.substr(5, 2)) - 1;
}

}  // namespace

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

}  // namespace hailong::core::html
