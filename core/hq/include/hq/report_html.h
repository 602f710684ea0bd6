#pragma once
// The headquarters report as one page for people (SPEC 7, issue 5): the officials who read it
// open it in a browser or print it, often from a folder with no network, so the page holds
// everything itself: inline CSS, inline SVG charts, no script, no font, image or link to
// anything outside it. Its texts are Vietnamese only, like the batch workbook's.
#include "hq/hq_comments.h"
#include "hq/report.h"

#include "survey/questionnaire.h"  // Text

#include <optional>
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
    /// The citizens' comments of the report's scope (report_comments.h: at most a few hundred,
    /// newest first, with the total); not set: no such section.
    std::optional<CommentPage> comments;
};

/// The text with & < > " ' escaped, for element content and quoted attribute values.
std::string htmlEscape(const std::string& text);

/// One self-contained HTML5 page (UTF-8, inline CSS and inline SVG, no script, no external
/// resource) that reads well in a browser and prints well (A4, @media print), in this order:
/// the title (naming report.underLabel when the report is of one unit and those under it), the
/// groups shown ("10 / 3 321 nhóm" and how many were not ranked when only the top/bottom are),
/// the headline figure (event-based, misuse excluded, from report.total), the three definitions'
/// figures for the total, the data-quality notes, the trend when there is one, a bar chart of
/// the event-based % per group, and the figures with every column of reportCsv (same numbers,
/// same order; "—" for a percentage of nothing):
///  - by unit, with every group shown and rows in two roll-up groups or more (ReportRow::province;
///    the codes not in the registry are a group): the bars and a table ("rollup") of the groups,
///    provinces first, then central departments and units of no province, then the codes not in
///    the registry, each with the pooled raw counts of its units; then one closed <details> per
///    group, its name, units, ratings and pooled % in the <summary>, holding a table
///    ("breakdown") of its units in the report's order. 3,321 communes in 34 provinces make a
///    page of about 750 KB, made in 10-20 ms (hq_report_html.tests.cpp);
///  - else one table ("breakdown") of the rows, with the total under it; the top and the bottom
///    apart, each unit with its province, when only those are shown.
/// Rows with too few ratings are muted and marked "ít hơn 30 lượt: không xếp hạng" (bars grey),
/// unit codes not in the registry "không có trong danh mục", former units "(đến 30/06/2025)".
/// Every text from the data is escaped.
std::string reportHtml(const Report& report, const HtmlReportExtras& extras);

/// The monthly trend as the page draws it: one inline <svg> (no script, no external resource),
/// "" when there is nothing to draw. For the web pages (core/web).
std::string trendSvg(const std::vector<std::pair<std::string, double>>& trend);
/// The CSS of the charts (svg.chart and its classes), for a page that shows them.
const std::string& chartStyles();

}  // namespace hailong::core
