#pragma once
// The headquarters report as one page for people (SPEC 7, issue 5): the officials who read it
// open it in a browser or print it, often from a folder with no network, so the page holds
// everything itself: inline CSS, inline SVG charts, no script, no font, image or link to
// anything outside it. Its texts are Vietnamese only, like the batch workbook's.
#include "hq/report.h"

#include "survey/questionnaire.h"  // Text

#include <string>
#include <utility>
#include <vector>

namespace hailong::core {

/// What the page shows beside the figures of the report.
struct HtmlReportExtras {
    std::string title = "Báo cáo mức độ hài lòng";
    std::string period;  ///< e.g. "01/01/2026 – 31/12/2026"; may be empty
    /// (month "2026-01", event-based %) in order, drawn as a line; may be empty (no chart then).
    std::vector<std::pair<std::string, double>> trend;
    /// Notes on the data (DataQuality::notes: gaps, refused files, misuse, clock drift), shown
    /// in Vietnamese; empty: the page says there is nothing to note.
    std::vector<Text> dataQuality;
};

/// The text with & < > " ' escaped, for element content and quoted attribute values.
std::string htmlEscape(const std::string& text);

/// One self-contained HTML5 page (UTF-8, inline CSS and inline SVG, no script, no external
/// resource) that reads well in a browser and prints well (A4, @media print), in this order:
/// the headline figure (event-based, misuse excluded, from report.total), the three
/// definitions' figures for the total, the data-quality notes, the trend when there is one, a
/// bar chart of the event-based % per group (row), and the breakdown table with every column
/// of reportCsv (same numbers, same order; "—" for a percentage of nothing). Every text from
/// the data is escaped.
std::string reportHtml(const Report& report, const HtmlReportExtras& extras);

}  // namespace hailong::core
