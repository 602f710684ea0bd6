#include "hq/report_xlsx.h"
#include "hq/report_comments.h"

#include "hq/hq_tally.h"  // dayString
#include "hq/report_words.h"

#include "base/durable_file.h"  // temporaryNameFor, syncFile, renameDurably
#include "base/xlsx_workbook.h"
#include "survey/settings.h"  // unitLevelWords

#include <system_error>
#include <utility>
#include <vector>

// [SECTION] Words: every text in Vietnamese, then English
// [SECTION] Summary sheet
// [SECTION] Breakdown and levels sheets
// [SECTION] The workbook

namespace hailong::core {

namespace {

using xlsx::Cell;
using xlsx::integerCell;
using xlsx::percentCell;
using xlsx::Row;
using xlsx::textCell;

// [SECTION] Words ------------------------------------------------------------------------------
// Vietnamese first (the officials' language), English beneath in a heading ("\n") or beside it
// in a cell of data (" / "), so the workbook reads the same to both. The words it shares with
// the HTML page (groups, key headings, answer levels) are report_words'; its own live here.

/// A heading, or a label of the first sheet: Vietnamese, English beneath.
std::string twoLines(Words words) { return std::string(words.vi) + "\n" + words.en; }

/// The headings of the figures, column for column as reportCsv's (its English words beneath).
std::vector<std::string> figureHeadings() {
    return {"Lượt đánh giá\nRatings",
            "Hài lòng\nSatisfied",
            "% hài lòng\nSatisfied %",
            "Câu trả lời SIPAS\nSIPAS answers",
            "% SIPAS 2 mức cao nhất\nSIPAS top-2 %",
            "Hồ sơ\nDossiers",
            "% hồ sơ hài lòng (766)\nDossiers satisfied % (766)",
            "Nghi lạm dụng (riêng)\nMisuse (apart)",
            "Bị thay thế\nSuperseded",
            "Đồng hồ sai\nClock-suspect"};
}

/// The key cell of a row: "(không có / none)" for rows without one (e.g. no procedure code).
std::string keyText(const ReportRow& row) { return row.key.empty() ? "(không có / none)" : row.key; }
const char* TotalWords = "Tổng cộng / Total";

/// The name of a row: the unit's name (a former unit's with its last day, as in the CSV:
/// "Tỉnh Phú Thọ (–2025-06-30)"), the level in words.
std::string nameOf(const ReportRow& row, ReportBy by) {
    if (by == ReportBy::Level) {
        const std::string words = unitLevelWords(row.key);
        return words == row.key ? std::string() : words;
    }
    return row.label + (row.endedOn.empty() ? "" : " (–" + row.endedOn + ")");
}

/// What a row is marked with (the CSV's note), Vietnamese, then English beneath: "" for most.
std::string noteOf(const ReportRow& row, const Report& report) {
    std::string vi, en;
    const auto add = [&](const std::string& v, const std::string& e) {
        vi += (vi.empty() ? "" : "; ") + v;
        en += (en.empty() ? "" : "; ") + e;
    };
    if (!row.registered) add("không có trong danh mục đơn vị", "not in the unit registry");
    if (row.fewRatings) {
        const std::string n = std::to_string(report.query.minRatings);
        add("ít hơn " + n + " lượt: không xếp hạng", "fewer than " + n + " ratings: not ranked");
    }
    return vi.empty() ? std::string() : vi + "\n" + en;
}

/// "31/01/2026", a local day (hq_tally.h day numbers).
std::string dayWords(std::int64_t day) {
    const std::string iso = dayString(day);  // 2026-01-31
    return iso.size() == 10 ? iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) : iso;
}

/// The period the query covers, both ends included.
std::string periodWords(const ReportQuery& q) {
    if (q.fromDay && q.toDay) return dayWords(*q.fromDay) + " – " + dayWords(*q.toDay);
    if (q.fromDay) return "từ " + dayWords(*q.fromDay) + "\nfrom " + dayWords(*q.fromDay);
    if (q.toDay) return "đến " + dayWords(*q.toDay) + "\nuntil " + dayWords(*q.toDay);
    return "Toàn bộ dữ liệu\nAll data";
}

// [SECTION] Summary sheet ----------------------------------------------------------------------

/// The lines a text takes wrapped at its spaces across the sheet's columns A:D (66 + 3 x 16
/// wide), about 135 characters of it a line in Calibri (LibreOffice: Carlito), 125 counted to be
/// safe: Excel and LibreOffice do not fit a row's height to a merged cell.
std::size_t wrappedLines(const std::string& text) {
    constexpr std::size_t Width = 125;
    std::size_t lines = 1, used = 0, word = 0;  // code points on the line, in the word being read
    const auto endWord = [&] {
        if (used > 0 && used + 1 + word > Width) {
            ++lines;
            used = 0;
        }
        used += (used > 0 ? 1 : 0) + word;
        for (; used > Width; used -= Width) ++lines;  // a word longer than a line is cut
        word = 0;
    };
    for (char c : text) {
        if (c == ' ') endWord();
        else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++word;
    }
    endWord();
    return lines;
}

struct SummaryFormats {
    lxw_format* title;
    lxw_format* subtitle;
    lxw_format* headlineLabel;
    lxw_format* headline;       ///< the figure: large, bold, 0.00%
    lxw_format* headlineText;   ///< in its place when nothing was rated
    lxw_format* counts;         ///< "17221 / 19849 ratings" beside it
    lxw_format* section;        ///< a section's heading row: bold, shaded, a line under it
    lxw_format* sectionNumber;  ///< the same over a column of numbers: right-aligned
    lxw_format* label;          ///< a two-line label: wrapped, at the top
    lxw_format* value;          ///< text or a number beside a label, left-aligned, at the top
    lxw_format* time;           ///< a date-time beside a label
    lxw_format* number;         ///< a number in a column of numbers, at the top
    lxw_format* percent;        ///< a percentage in a column of numbers
    lxw_format* dash;           ///< "—" in a column of numbers: right-aligned
    lxw_format* note;           ///< explanations: italic, grey, wrapped
    lxw_format* listed;         ///< one of a list of sentences: wrapped, a light line under it
};

SummaryFormats summaryFormats(xlsx::Workbook& wb) {
    constexpr lxw_color_t Grey = 0x4A5462, Blue = 0x0B4F9C, Shade = 0xE6EDF6;
    const auto make = [&](std::initializer_list<void (*)(lxw_format*)> steps) {
        lxw_format* f = wb.addFormat();
        for (auto step : steps) step(f);
        return f;
    };
    const auto top = [](lxw_format* f) { format_set_align(f, LXW_ALIGN_VERTICAL_TOP); };
    const auto middle = [](lxw_format* f) { format_set_align(f, LXW_ALIGN_VERTICAL_CENTER); };
    const auto bold = [](lxw_format* f) { format_set_bold(f); };
    const auto wrap = [](lxw_format* f) { format_set_text_wrap(f); };
    const auto left = [](lxw_format* f) { format_set_align(f, LXW_ALIGN_LEFT); };
    const auto right = [](lxw_format* f) { format_set_align(f, LXW_ALIGN_RIGHT); };
    const auto percent = [](lxw_format* f) { format_set_num_format(f, "0.00%"); };
    const auto shaded = [](lxw_format* f) {
        format_set_bg_color(f, Shade);
        format_set_bottom(f, LXW_BORDER_THIN);
    };
    SummaryFormats f{};
    f.title = make({bold, [](lxw_format* x) { format_set_font_size(x, 16); }});
    f.subtitle = make({[](lxw_format* x) {
        format_set_italic(x);
        format_set_font_size(x, 12);
        format_set_font_color(x, Grey);
    }});
    f.headlineLabel = make({bold, wrap, middle, [](lxw_format* x) { format_set_font_size(x, 12); }});
    f.headline = make({bold, percent, middle, left, [](lxw_format* x) {
                           format_set_font_size(x, 22);
                           format_set_font_color(x, Blue);
                       }});
    f.headlineText = make({bold, wrap, middle, [](lxw_format* x) { format_set_font_size(x, 12); }});
    f.counts = make({wrap, middle});
    f.section = make({bold, wrap, top, shaded});
    f.sectionNumber = make({bold, wrap, top, shaded, right});
    f.label = make({wrap, top});
    f.value = make({wrap, top, left});
    f.time = make({top, left, [](lxw_format* x) { format_set_num_format(x, "yyyy-mm-dd hh:mm"); }});
    f.number = make({top});
    f.percent = make({top, percent});
    f.dash = make({top, right});
    f.note = make({wrap, top, [](lxw_format* x) {
                       format_set_italic(x);
                       format_set_font_color(x, Grey);
                   }});
    f.listed = make({wrap, top, [](lxw_format* x) {
                         format_set_bottom(x, LXW_BORDER_HAIR);
                         format_set_bottom_color(x, 0xB4BDC9);
                     }});
    return f;
}

/// The first sheet, one label (Vietnamese, English beneath) per row in column A, its value beside
/// it: the headline figure, the query, the three definitions for the total, what is kept apart, and
/// the notes on the data when there are (options.dataQuality).
void writeSummary(xlsx::Workbook& wb, lxw_worksheet* ws, const Report& report, const XlsxReportOptions& options) {
    const SummaryFormats f = summaryFormats(wb);
    const ReportRow& t = report.total;
    lxw_row_t r = 0;
    const auto check = [&](lxw_error err) { wb.check(err, "summary, row " + std::to_string(r + 1)); };
    const auto text = [&](lxw_col_t c, const std::string& s, lxw_format* format) {
        check(worksheet_write_string(ws, r, c, s.c_str(), format));
    };
    const auto number = [&](lxw_col_t c, std::int64_t n, lxw_format* format) {
        check(worksheet_write_number(ws, r, c, static_cast<double>(n), format));
    };
    const auto percent = [&](lxw_col_t c, std::int64_t part, std::int64_t whole, lxw_format* format) {
        const Cell cell = percentCell(part, whole);
        if (cell.kind == Cell::Kind::Percent) check(worksheet_write_number(ws, r, c, cell.fraction, format));
        else text(c, cell.text, f.dash);  // "—": nothing to divide by
    };
    const auto merged = [&](lxw_col_t first, lxw_col_t last, const std::string& s, lxw_format* format) {
        check(worksheet_merge_range(ws, r, first, r, last, s.c_str(), format));
    };
    const auto height = [&](double points) { check(worksheet_set_row(ws, r, points, nullptr)); };
    const auto lines = [&](std::size_t n) { height(15.0 * static_cast<double>(n)); };
    const auto section = [&](const std::string& label, std::vector<const char*> numberHeadings) {
        text(0, label, f.section);
        for (lxw_col_t c = 1; c <= 3; ++c)
            text(c, c <= numberHeadings.size() ? numberHeadings[c - 1] : "", f.sectionNumber);
        lines(2);
        ++r;
    };

    check(worksheet_set_column(ws, 0, 0, 66, nullptr));
    check(worksheet_set_column(ws, 1, 3, 16, nullptr));

    text(0, "Báo cáo mức độ hài lòng", f.title);
    height(22);
    ++r;
    text(0, "Satisfaction report", f.subtitle);
    r += 2;

    // The headline of SPEC 2 (event-based, misuse left out), as officials write it: "86.69%".
    text(0, "Tỷ lệ hài lòng\nSatisfied", f.headlineLabel);
    height(36);
    if (t.ratings > 0) {
        percent(1, t.satisfied, t.ratings, f.headline);
        const std::string counts = std::to_string(t.satisfied) + " / " + std::to_string(t.ratings);
        merged(2, 3, counts + " lượt đánh giá\n" + counts + " ratings", f.counts);
    } else {
        merged(1, 3, "Chưa có lượt đánh giá nào\nNo rating yet", f.headlineText);
    }
    ++r;
    merged(0, 3,
           "Theo lượt đánh giá: lượt hài lòng hoặc rất hài lòng / mọi lượt, không tính đánh giá nghi lạm dụng.\n"
           "Event-based: ratings satisfied or very satisfied / all ratings, misuse-flagged ones left out.",
           f.note);
    lines(2);
    r += 2;

    // The query.
    const auto labelled = [&](const char* words) {  // and B:D merged for the value, written next
        text(0, words, f.label);
        merged(1, 3, "", f.value);
        lines(2);
    };
    section("Truy vấn\nQuery", {});
    labelled("Kỳ báo cáo\nPeriod");
    text(1, periodWords(report.query), f.value);
    ++r;
    labelled("Theo\nGrouped by");
    text(1, twoLines(groupWords(report.query.by)), f.value);
    ++r;
    if (!report.query.under.empty()) {
        labelled("Phạm vi\nScope");
        text(1,
             report.underLabel + " (" + report.query.under + ") và các đơn vị trực thuộc\n" + report.underLabel + " (" +
                 report.query.under + ") and the units under it",
             f.value);
        ++r;
    }
    if (report.query.asOfDay) {
        labelled("Đơn vị cũ tính vào đơn vị kế thừa của ngày\nFormer units counted under their successors of");
        text(1, dayWords(*report.query.asOfDay), f.value);
        ++r;
    }
    labelled("Số nhóm\nGroups");
    number(1, static_cast<std::int64_t>(report.rows.size()), f.value);
    ++r;
    if (report.groups > report.rows.size()) {  // only the top and the bottom are shown
        labelled("Tổng số nhóm trong kỳ\nGroups in the period");
        number(1, static_cast<std::int64_t>(report.groups), f.value);
        ++r;
        const std::string n = std::to_string(report.query.minRatings);
        labelled(("Không xếp hạng (ít hơn " + n + " lượt)\nNot ranked (fewer than " + n + " ratings)").c_str());
        number(1, static_cast<std::int64_t>(report.notRanked), f.value);
        ++r;
    }
    if (options.createdUtcMs != 0) {
        labelled("Lập lúc (giờ địa phương)\nMade at (local time)");
        const Cell made = xlsx::timeCell(options.createdUtcMs, options.utcOffsetMinutes);
        check(worksheet_write_unixtime(ws, r, 1, made.number, f.time));
        ++r;
    }
    labelled("Chương trình\nProgram");
    text(1, "Hài Lòng " HAILONG_VERSION, f.value);
    r += 2;

    // The three definitions for the total.
    section("Tổng cộng theo ba cách tính\nTotals under the three definitions",
            {"Tỷ lệ\nRate", "Đạt\nCounted in", "Trên tổng số\nOut of"});
    const auto definition = [&](const char* label, std::int64_t part, std::int64_t whole) {
        text(0, label, f.label);
        percent(1, part, whole, f.percent);
        number(2, part, f.number);
        number(3, whole, f.number);
        lines(2);
        ++r;
    };
    definition("Theo lượt đánh giá (ngành Công an): lượt hài lòng / lượt đánh giá\n"
               "Event-based (police practice): satisfied ratings / ratings",
               t.satisfied, t.ratings);
    definition("SIPAS, hai mức cao nhất: trả lời hài lòng / trả lời thang 5 mức\n"
               "SIPAS top-2 box: satisfied answers / 5-level answers",
               t.sipasTop2, t.sipasAnswers);
    definition("Theo hồ sơ (Quyết định 766/QĐ-TTg): hồ sơ hài lòng / hồ sơ\n"
               "Per dossier (Decision 766/QĐ-TTg): dossiers satisfied / dossiers",
               t.dossiers - t.dossiersNotSatisfied, t.dossiers);
    ++r;

    // What is counted apart.
    section("Thống kê riêng\nCounted apart", {"Số đánh giá\nResponses"});
    const auto apart = [&](const char* label, std::int64_t n) {
        text(0, label, f.label);
        number(1, n, f.number);
        lines(2);
        ++r;
    };
    apart("Nghi lạm dụng: không tính vào tỷ lệ\nFlagged as misuse: left out of the rates", t.misuse);
    apart("Bị thay thế bởi lần đánh giá sau của cùng hồ sơ: không tính\n"
          "Replaced by a later rating of the same dossier: left out",
          t.superseded);
    apart("Đồng hồ ki-ốt sai: vẫn tính (câu trả lời thật, chỉ ngày giờ sai)\n"
          "Kiosk clock wrong: counted in (genuine answers, wrong dates)",
          t.clockSuspect);
    ++r;

    // What the figures must be read with: gaps, refused files... (a sentence each, A:D merged).
    if (options.dataQuality) {
        section(twoLines(DataQualityWords), {});
        const auto note = [&](const std::string& vi, const std::string& en) {
            merged(0, 3, vi + "\n" + en, f.listed);
            lines(wrappedLines(vi) + wrappedLines(en));
            ++r;
        };
        for (const Text& n : *options.dataQuality) note(n.vi, n.en);
        if (options.dataQuality->empty()) note(NothingToNoteWords.vi, NothingToNoteWords.en);
        ++r;
    }

    merged(0, 3,
           "Mọi tỷ lệ được tính lại từ số đếm gộp của tất cả đánh giá, không lấy trung bình tỷ lệ của các nhóm. "
           "Chi tiết theo nhóm: trang \"Chi tiết\"; số lượt theo từng mức: trang \"Theo mức\".\n"
           "Every rate is recomputed from the pooled counts of all ratings, never averaged over groups. "
           "Per group: sheet \"Breakdown\"; ratings per answer level: sheet \"Levels\".",
           f.note);
    lines(4);

    worksheet_set_paper(ws, 9);  // A4
    worksheet_fit_to_pages(ws, 1, 0);
}

// [SECTION] Breakdown and levels sheets --------------------------------------------------------

/// The columns the breakdown has beyond the CSV's figures: the province after the name (when a
/// row has one), the notes last (when a row has one).
struct BreakdownColumns {
    bool province = false;
    bool note = false;
};

BreakdownColumns breakdownColumns(const Report& report) {
    BreakdownColumns c;
    for (const ReportRow& row : report.rows) {
        c.province = c.province || !row.province.empty();
        c.note = c.note || !noteOf(row, report).empty();
    }
    return c;
}

/// The headings of the breakdown: the key, the name, the province when there is, the figures,
/// the notes when there are.
std::vector<std::string> breakdownHeadings(ReportBy by, const BreakdownColumns& columns) {
    std::vector<std::string> out{twoLines(keyHeading(by)), "Tên\nName"};
    if (columns.province) out.push_back("Tỉnh, thành phố\nProvince");
    for (std::string& h : figureHeadings()) out.push_back(std::move(h));
    if (columns.note) out.push_back("Ghi chú\nNote");
    return out;
}

Row breakdownRow(const ReportRow& row, std::string key, std::string name, bool bold, const BreakdownColumns& columns,
                 const std::string& note) {
    Row out{{textCell(std::move(key)), textCell(std::move(name))}, bold};
    if (columns.province) out.cells.push_back(textCell(bold ? std::string() : row.provinceLabel));
    for (Cell& c : std::vector<Cell>{
             integerCell(row.ratings), integerCell(row.satisfied), percentCell(row.satisfied, row.ratings),
             integerCell(row.sipasAnswers), percentCell(row.sipasTop2, row.sipasAnswers), integerCell(row.dossiers),
             percentCell(row.dossiers - row.dossiersNotSatisfied, row.dossiers), integerCell(row.misuse),
             integerCell(row.superseded), integerCell(row.clockSuspect)})
        out.cells.push_back(std::move(c));
    if (columns.note) out.cells.push_back(textCell(note));
    return out;
}

/// The formats of the table sheets' own cells: the header shaded with a line under it (over
/// the numbers, right-aligned like them), the total row bold with a line over it, "—" (a
/// percentage of nothing) right-aligned under the numbers.
struct TableFormats {
    lxw_format* header;
    lxw_format* numberHeader;
    lxw_format* dash;
    lxw_format* totalText;
    lxw_format* totalNumber;
    lxw_format* totalPercent;
    lxw_format* totalDash;
    // A group with too few ratings to be ranked: in grey.
    lxw_format* mutedText;
    lxw_format* mutedNumber;
    lxw_format* mutedPercent;
    lxw_format* mutedDash;
};

TableFormats tableFormats(xlsx::Workbook& wb) {
    const auto make = [&](bool bold, bool right) {
        lxw_format* f = wb.addFormat();
        if (bold) format_set_bold(f);
        if (right) format_set_align(f, LXW_ALIGN_RIGHT);
        return f;
    };
    TableFormats t{};
    for (lxw_format** h : {&t.header, &t.numberHeader}) {
        *h = make(true, h == &t.numberHeader);
        format_set_text_wrap(*h);
        format_set_align(*h, LXW_ALIGN_VERTICAL_TOP);
        format_set_bg_color(*h, 0xE6EDF6);
        format_set_bottom(*h, LXW_BORDER_THIN);
    }
    t.dash = make(false, true);
    t.totalText = make(true, false);
    t.totalNumber = make(true, false);
    t.totalPercent = make(true, false);
    format_set_num_format(t.totalPercent, "0.00%");
    t.totalDash = make(true, true);
    for (lxw_format* total : {t.totalText, t.totalNumber, t.totalPercent, t.totalDash})
        format_set_top(total, LXW_BORDER_THIN);
    t.mutedText = make(false, false);
    t.mutedNumber = make(false, false);
    t.mutedPercent = make(false, false);
    format_set_num_format(t.mutedPercent, "0.00%");
    t.mutedDash = make(false, true);
    for (lxw_format* muted : {t.mutedText, t.mutedNumber, t.mutedPercent, t.mutedDash}) {
        format_set_font_color(muted, 0x5F6B7A);
        format_set_align(muted, LXW_ALIGN_VERTICAL_TOP);  // beside its note's lines
    }
    format_set_text_wrap(t.mutedText);  // its notes are two lines
    return t;
}

/// Gives the cells of a table (header first, total last; the key and name columns first) the
/// formats above; the rows muted[ri] in grey.
void styleTable(std::vector<Row>& rows, const TableFormats& t, const std::vector<bool>& muted) {
    for (std::size_t ri = 0; ri < rows.size(); ++ri) {
        const bool header = ri == 0, total = ri + 1 == rows.size();
        const bool grey = ri < muted.size() && muted[ri];
        for (std::size_t ci = 0; ci < rows[ri].cells.size(); ++ci) {
            Cell& cell = rows[ri].cells[ci];
            const bool dash = ci >= 2 && cell.kind == Cell::Kind::Text && cell.text == "—";
            if (header) {  // over numbers (as the total row has them), right-aligned like them
                const Cell& under = rows.back().cells[std::min(ci, rows.back().cells.size() - 1)];
                const bool overNumbers = ci >= 2 && (under.kind == Cell::Kind::Integer ||
                                                     under.kind == Cell::Kind::Percent || under.text == "—");
                cell.format = overNumbers ? t.numberHeader : t.header;
            } else if (total)
                cell.format = dash                               ? t.totalDash
                              : cell.kind == Cell::Kind::Integer ? t.totalNumber
                              : cell.kind == Cell::Kind::Percent ? t.totalPercent
                                                                 : t.totalText;
            else if (grey)
                cell.format = dash                               ? t.mutedDash
                              : cell.kind == Cell::Kind::Integer ? t.mutedNumber
                              : cell.kind == Cell::Kind::Percent ? t.mutedPercent
                                                                 : t.mutedText;
            else if (dash) cell.format = t.dash;
        }
    }
}

/// A table sheet: header row, a row per group, the total row; frozen header and key and name
/// columns, a filter over the groups (not the total, which sorting must leave last), printed
/// landscape on A4, one page wide, the header on every page.
void writeTable(xlsx::Workbook& wb, lxw_worksheet* ws, std::vector<Row> rows, const xlsx::Formats& f,
                const TableFormats& t, const std::vector<bool>& muted, lxw_col_t frozenColumns) {
    styleTable(rows, t, muted);
    // Headers wrap at 14 characters: the numbers under them need far less.
    xlsx::writeSheet(
        wb, ws,
        [&](const auto& put) {
            for (const Row& row : rows) put(row);
        },
        f, 50, true, 14);
    worksheet_freeze_panes(ws, 1, frozenColumns);
    const std::size_t columns = rows.front().cells.size();
    wb.check(
        worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(rows.size() - 2), static_cast<lxw_col_t>(columns - 1)),
        "filter");
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);  // A4
    worksheet_fit_to_pages(ws, 1, 0);
    wb.check(worksheet_repeat_rows(ws, 0, 0), "print titles");
}

/// Rows of too few ratings, in grey: the header's and the total's flag false.
std::vector<bool> mutedRows(const Report& report) {
    std::vector<bool> muted{false};
    for (const ReportRow& row : report.rows) muted.push_back(row.fewRatings);
    muted.push_back(false);
    return muted;
}

std::vector<Row> breakdownRows(const Report& report) {
    const BreakdownColumns columns = breakdownColumns(report);
    std::vector<Row> rows;
    Row head{{}, true};
    for (const std::string& h : breakdownHeadings(report.query.by, columns)) head.cells.push_back(textCell(h));
    rows.push_back(std::move(head));
    for (const ReportRow& row : report.rows)
        rows.push_back(
            breakdownRow(row, keyText(row), nameOf(row, report.query.by), false, columns, noteOf(row, report)));
    rows.push_back(breakdownRow(report.total, TotalWords, "", true, columns, ""));
    return rows;
}

/// Rows with a note as tall as its lines (Vietnamese, English beneath, each wrapped in the note
/// column): neither Excel nor LibreOffice fits a row to wrapped text when it prints.
void noteHeights(xlsx::Workbook& wb, lxw_worksheet* ws, const Report& report) {
    constexpr std::size_t Room = 46;  // characters of a line in the note column (50 wide at most)
    for (std::size_t i = 0; i < report.rows.size(); ++i) {
        const std::string note = noteOf(report.rows[i], report);
        if (note.empty()) continue;
        std::size_t lines = 0, start = 0;
        for (std::size_t end = 0; end <= note.size(); ++end) {
            if (end < note.size() && note[end] != '\n') continue;
            const std::size_t chars = xlsx::displayWidth(textCell(note.substr(start, end - start)));
            lines += std::max<std::size_t>(1, (chars + Room - 1) / Room);
            start = end + 1;
        }
        wb.check(worksheet_set_row(ws, static_cast<lxw_row_t>(i + 1), 15.0 * static_cast<double>(lines), nullptr),
                 "note height");
    }
}

std::vector<Row> levelRows(const Report& report) {
    const std::vector<std::string> levels = valuesInReportOrder(report.total.values);  // best first

    std::vector<Row> rows;
    Row head{{textCell(twoLines(keyHeading(report.query.by))), textCell("Tên\nName")}, true};
    for (const std::string& value : levels) {
        const AnswerLevel* level = answerLevel(value);  // a value this program does not know: as stored
        head.cells.push_back(textCell(level ? twoLines(level->words) : value));
    }
    head.cells.push_back(textCell("Tổng số lượt\nRatings"));
    rows.push_back(std::move(head));
    const auto add = [&](const ReportRow& row, std::string key, std::string name, bool bold) {
        Row out{{textCell(std::move(key)), textCell(std::move(name))}, bold};
        for (const std::string& value : levels) {
            const auto it = row.values.find(value);
            out.cells.push_back(integerCell(it == row.values.end() ? 0 : it->second));
        }
        out.cells.push_back(integerCell(row.ratings));
        rows.push_back(std::move(out));
    };
    for (const ReportRow& row : report.rows) add(row, keyText(row), nameOf(row, report.query.by), false);
    add(report.total, TotalWords, "", true);
    return rows;
}

}  // namespace

// [SECTION] The workbook -----------------------------------------------------------------------

void reportXlsx(const Report& report, const std::filesystem::path& path, const XlsxReportOptions& options) {
    const std::filesystem::path temp = temporaryNameFor(path);
    try {
        xlsx::WorkbookOptions wo;
        wo.title = "Báo cáo mức độ hài lòng / Satisfaction report";
        wo.createdUtcMs = options.createdUtcMs;
        wo.reportedPath = path;
        xlsx::Workbook wb(temp, wo);
        const xlsx::Formats f = xlsx::standardFormats(wb);
        writeSummary(wb, wb.addSheet("Tổng quan (Summary)"), report, options);
        const TableFormats t = tableFormats(wb);
        const std::vector<bool> muted = mutedRows(report);
        lxw_worksheet* breakdown = wb.addSheet("Chi tiết (Breakdown)");
        writeTable(wb, breakdown, breakdownRows(report), f, t, muted, breakdownColumns(report).province ? 3 : 2);
        noteHeights(wb, breakdown, report);
        writeTable(wb, wb.addSheet("Theo mức (Levels)"), levelRows(report), f, t, muted, 2);
        if (options.comments) writeCommentsSheet(wb, f, *options.comments);
        wb.close();
        syncFile(temp);
        renameDurably(temp, path);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw;
    }
}

}  // namespace hailong::core
