#pragma once
// Citizens' comments in headquarters' reports (issue 19): the comments of a report's scope
// (hq_comments.h), newest first, as the HTML page's section, the workbook's sheet and the
// terminal report's line.
#include "hq/hq_comments.h"
#include "hq/report.h"

#include "base/xlsx_workbook.h"

#include <string>

namespace hailong::core {

/// The comments of a report's scope: its days and, with --under, the unit and the units under
/// it in the registry (any period). limit: newest first, at most this many.
CommentQuery commentQueryFor(const HqStore& store, const ReportQuery& query, std::size_t limit);

/// "Góp ý của người dân / Citizens' comments: N (M đã niêm phong / sealed, no key)" for the
/// terminal report.
std::string commentsLine(const CommentPage& page);

/// The HTML section: total, the sealed ones' words, a table (time, unit, counter, main answer,
/// comment) of the page's comments, "N / total shown" when fewer than all.
std::string commentsHtmlSection(const CommentPage& page);

/// The workbook sheet "Góp ý (Comments)": the same rows, a header, the counts first.
void writeCommentsSheet(xlsx::Workbook& wb, const xlsx::Formats& f, const CommentPage& page);

}  // namespace hailong::core
