#pragma once
// The words of the headquarters report, each in Vietnamese and English, kept once for the
// writers that show them: the HTML page (Vietnamese only, report_html) and the workbook
// (Vietnamese with English beneath or beside it, report_xlsx). Plain data: thread-safe.
#include "hq/report.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hailong::core {

/// One text of the report in both languages (static storage: the pointers stay valid).
struct Words {
    const char* vi;
    const char* en;
};

/// What the rows are, after "theo" / "by": "đơn vị" / "unit", "cấp" / "unit level"...
Words groupWords(ReportBy by);

/// The heading of the key column: "Mã đơn vị" / "Unit code", "Cấp" / "Level"...
Words keyHeading(ReportBy by);

/// A main-question answer value of a fixed scale and its words in a report.
struct AnswerLevel {
    const char* value;  ///< as stored: "very_satisfied", "5", "yes"...
    Words words;
};

/// The levels of every fixed scale, in the order a report shows them: the satisfaction levels
/// of the three-level and the SIPAS scale best first (the two share "very_satisfied" and
/// "satisfied"; SIPAS's "dissatisfied" says which scale it is of, beside the three-level
/// "not_satisfied"), then stars 5 to 1, then yes and no.
const std::vector<AnswerLevel>& answerLevels();

/// The level of value in answerLevels(); nullptr for a value this program has no words for
/// (shown as stored).
const AnswerLevel* answerLevel(const std::string& value);

/// The values counted in `counts` (ReportRow::values) in the order of answerLevels(), the
/// values it does not know last, in byte order.
std::vector<std::string> valuesInReportOrder(const std::map<std::string, std::int64_t>& counts);

/// The heading of the data-quality notes: "Chất lượng dữ liệu" / "Data quality".
extern const Words DataQualityWords;
/// What the notes say when there is nothing to note.
extern const Words NothingToNoteWords;

}  // namespace hailong::core
