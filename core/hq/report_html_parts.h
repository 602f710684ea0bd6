#pragma once
// The HTML report's words and charts (private to core/hq, used by report_html.cpp): Vietnamese
// only, as the page; the inline SVG bar chart (in parts a printed page each) and the trend.
#include "hq/report.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hailong::core::html {

/// "2026-01-05" -> "05/01/2026", "2026-01" -> "01/2026"; anything else as it is.
std::string dateWords(const std::string& iso);

/// What the table's name column says of a row: the unit's name, the level in words. The group
/// of unit codes not in the registry (by province) is named in Vietnamese only.
std::string nameOf(const ReportRow& row, ReportBy by);

/// " (đến 30/06/2025)" for a former unit shown as it was; "" for a current one.
std::string endedWords(const std::string& endedOn);

std::size_t codePoints(const std::string& s);

/// At most `max` code points, the last one "…" when the text was longer (SVG text does not wrap).
std::string shortened(const std::string& s, std::size_t max);

std::string percentText(std::int64_t part, std::int64_t whole);

/// A count for prose, its thousands apart by a narrow no-break space ("17 221"): neither "." nor
/// ",", which Vietnamese and English read the opposite ways. The table keeps the CSV's digits.
std::string countText(std::int64_t n);

/// An SVG coordinate with one decimal at most, whatever the C locale ("12.5", "300").
std::string at(double v);

/// One bar of the chart: a group (a row of the report, or a province's pooled rows).
struct Bar {
    std::string label;   ///< as shown beside the bar (shortened to fit)
    std::string suffix;  ///< after the label, never shortened: " (đến 30/06/2025)"
    std::string key;     ///< named in the bar's tooltip when the label is another text ("" none)
    std::int64_t satisfied = 0, ratings = 0;
    bool few = false;  ///< too few ratings to be ranked: drawn muted
};

/// Horizontal bars: the event-based % of each group, labelled with its value, on a 0-100 scale,
/// with the pooled figure as a dashed line. One <rect class="bar"> per group, in order, in
/// SVGs of class "bars" of 40 bars at most, as even as can be (41 bars: 21 and 20): a printer
/// does not break an SVG between pages where a bar ends, so each part is kept whole on one A4
/// page. `last`: the pooled figure is named under the last part.
std::string barChart(const Report& r, const std::vector<Bar>& bars, bool last = true);

/// The trend as a line over its points, each labelled with its value when they are few enough
/// to read; the scale starts below the lowest value so that a change of a few points shows.
/// Months sit at their place in time: a month without data leaves a gap in the line.
std::string trendChart(const std::vector<std::pair<std::string, double>>& trend);

}  // namespace hailong::core::html
