#pragma once
// The headquarters report as an .xlsx workbook (SPEC 7, issue 5), for the people at
// headquarters who sort, filter, chart and copy the figures on. Every text in it is in
// Vietnamese with the English beneath or beside it: the workbook travels further than the
// HTML page (to ministries, to partners) and its numbers get quoted without the program.
#include "hq/hq_comments.h"
#include "hq/report.h"

#include "survey/questionnaire.h"  // Text

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace hailong::core {

struct XlsxReportOptions {
    /// When the report was made: shown on the first sheet and the workbook's creation date, so
    /// the same report made at the same time gives the same bytes; 0: not shown, and the creation
    /// date is the time of writing.
    std::int64_t createdUtcMs = 0;
    int utcOffsetMinutes = 420;  ///< the local time createdUtcMs is shown in (Việt Nam)
    /// Notes on the data (DataQuality::notes), shown on the first sheet; empty: it says there is
    /// nothing to note; not set: no such block (nobody looked).
    std::optional<std::vector<Text>> dataQuality;
    /// The citizens' comments of the report's scope (report_comments.h), as a fourth sheet
    /// "Góp ý (Comments)"; not set: no such sheet.
    std::optional<CommentPage> comments;
};

/// Writes the report as a workbook with three sheets:
///  1. "Tổng quan (Summary)": the headline figure (event-based, misuse excluded, a number cell
///     shown as "86.69%"), the query (its period "01/01/2026 – 31/12/2026" from report.query's
///     days, grouping, the unit it is of (--under), the date former units are counted under
///     their successors of (--as-of), number of groups, and when only the top/bottom are shown
///     how many groups there were and how many were not ranked, when made), the three
///     definitions' figures for the total with their counts, the counts kept apart (misuse,
///     superseded, clock-suspect) and, when options.dataQuality is set, the notes on the data
///     ("Chất lượng dữ liệu / Data quality");
///  2. "Chi tiết (Breakdown)": one row per group and a bold total row, in the columns of reportCsv
///     and the same order (counts as integers, percentages as numbers formatted 0.00%, "—" for a
///     percentage of nothing where the CSV says 0.00%; a former unit's name "… (–2025-06-30)" as
///     in the CSV), with the name of the province each unit rolls up into after the name when a
///     row has one ("Tỉnh, thành phố / Province"), and the CSV's notes in both languages last
///     when a row has one ("Ghi chú / Note": not in the registry, too few ratings to rank; rows
///     with too few ratings in grey), a bold two-line header (Vietnamese, then English) frozen
///     with the key and name (and province) columns, a filter over the groups, landscape print
///     one page wide with the header repeated;
///  3. "Theo mức (Levels)": the main-question ratings of each group per answer level
///     (ReportRow::values), best level first, and their total.
///
/// The file appears whole or not at all: it is written under a temporary name beside path
/// (see temporaryNameFor), flushed and renamed. Thread-safe (no shared state). Throws
/// std::runtime_error naming path and the reason (a WriteError with the errno when the system
/// gave one, e.g. ENOENT for a folder that does not exist); nothing is left behind then.
void reportXlsx(const Report& report, const std::filesystem::path& path, const XlsxReportOptions& options = {});

}  // namespace hailong::core
