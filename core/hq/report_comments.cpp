#include "hq/report_comments.h"

#include "base/clock.h"
#include "hq/hq_store.h"
#include "hq/report_html.h"  // htmlEscape
#include "hq/unit_registry.h"

namespace hailong::core {

namespace {

using xlsx::Row;
using xlsx::textCell;
using xlsx::timeCell;

/// The main answer in both languages, for people.
std::string answerWords(const std::string& value) {
    if (value == "very_satisfied") return "Rất hài lòng / Very satisfied";
    if (value == "satisfied") return "Hài lòng / Satisfied";
    if (value == "not_satisfied") return "Không hài lòng / Not satisfied";
    return value;
}

constexpr const char* SealedText = "(đã niêm phong / sealed)";

}  // namespace

CommentQuery commentQueryFor(const HqStore& store, const ReportQuery& query, std::size_t limit) {
    CommentQuery q;
    q.fromDay = query.fromDay;
    q.toDay = query.toDay;
    q.limit = limit;
    if (!query.under.empty()) {
        const UnitRegistry registry = UnitRegistry::withImported(store.importedUnits());
        std::set<std::string> units{query.under};
        std::vector<std::string> todo{query.under};
        while (!todo.empty()) {
            const std::string code = todo.back();
            todo.pop_back();
            for (const UnitRow* child : registry.childrenOf(code))
                if (units.insert(child->code).second) todo.push_back(child->code);
        }
        q.units = std::move(units);
    }
    return q;
}

std::string commentsLine(const CommentPage& page) {
    std::string out = "Góp ý của người dân / Citizens' comments: " + std::to_string(page.total);
    if (page.sealed > 0) out += " (" + sealedCommentsWords(page.sealed) + ")";
    return out + "\n";
}

std::string commentsHtmlSection(const CommentPage& page) {
    std::string out = "<section class=\"comments-section\">\n<h2>Góp ý của người dân</h2>\n<p class=\"sub\">";
    out += std::to_string(page.total) + " góp ý";
    if (page.newestFirst.size() < static_cast<std::size_t>(page.total))
        out += ", hiển thị " + std::to_string(page.newestFirst.size()) + " góp ý mới nhất";
    out += ".";
    if (page.sealed > 0) out += " " + htmlEscape(sealedCommentsWords(page.sealed)) + ".";
    out += "</p>\n";
    if (page.newestFirst.empty()) return out + "</section>\n";
    out += "<table class=\"comments\">\n<thead><tr><th>Thời điểm</th><th>Đơn vị</th><th>Quầy</th><th>Đánh giá</th>"
           "<th>Góp ý</th></tr></thead>\n<tbody>\n";
    for (const HqComment& c : page.newestFirst) {
        out += "<tr><td>" + htmlEscape(formatLocalIso(c.startedUtcMs, c.utcOffsetMinutes).substr(0, 16)) + "</td><td>" +
               htmlEscape(c.unitCode + (c.unitName.empty() ? "" : " " + c.unitName)) + "</td><td>" +
               htmlEscape(c.counter) + "</td><td>" + htmlEscape(answerWords(c.mainAnswer)) + "</td><td>" +
               (c.text ? htmlEscape(*c.text) : std::string("<em>") + SealedText + "</em>") + "</td></tr>\n";
    }
    return out + "</tbody>\n</table>\n</section>\n";
}

void writeCommentsSheet(xlsx::Workbook& wb, const xlsx::Formats& f, const CommentPage& page) {
    std::vector<Row> rows;
    Row head;
    head.bold = true;
    for (const char* title : {"Thời điểm (Time)", "Đơn vị (Unit)", "Tên đơn vị (Unit name)", "Quầy (Counter)",
                              "Đánh giá (Rating)", "Góp ý (Comment)"})
        head.cells.push_back(textCell(title));
    rows.push_back(std::move(head));
    for (const HqComment& c : page.newestFirst)
        rows.push_back(
            Row{{timeCell(c.startedUtcMs, c.utcOffsetMinutes), textCell(c.unitCode), textCell(c.unitName),
                 textCell(c.counter), textCell(answerWords(c.mainAnswer)), textCell(c.text ? *c.text : SealedText)},
                false});
    std::string counts = std::to_string(page.total) + " góp ý / comments";
    if (page.sealed > 0) counts += "; " + sealedCommentsWords(page.sealed);
    lxw_worksheet* ws = wb.addSheet("Góp ý (Comments)");
    xlsx::writeSheet(
        wb, ws,
        [&](const auto& put) {
            put(Row{{textCell(counts)}, true});
            for (const Row& r : rows) put(r);
        },
        f, 80, false);
}

}  // namespace hailong::core
