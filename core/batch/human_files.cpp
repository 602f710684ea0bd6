#include "human_files.h"

#include "durable_file.h"  // WriteError, syncFile

#include "../clock.h"          // formatLocalIso
#include "../settings.h"       // unitLevelWords
#include "../today_figures.h"  // isSatisfied

#include <xlsxwriter.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

// [SECTION] Words: the Vietnamese texts people read in the files
// [SECTION] The table: rows of typed cells, shared by the CSV and the workbook
// [SECTION] Responses: one row per response
// [SECTION] Summary: counts per option, satisfaction rate
// [SECTION] CSV
// [SECTION] Workbook

namespace hailong::core {

namespace {

// [SECTION] Words ------------------------------------------------------------------------------
// The files are read by Vietnamese officials, so their texts are Vietnamese only and live here,
// not in assets/lang (which holds the kiosk's screens in both languages).


/// "Tiếng Việt" / "Tiếng Anh".
std::string languageWords(Language lang) { return lang == Language::En ? "Tiếng Anh" : "Tiếng Việt"; }

/// How a response ended, in words.
std::string endReasonWords(EndReason why) {
    switch (why) {
    case EndReason::InProgress: return "Đang trả lời";
    case EndReason::Completed: return "Hoàn thành";
    case EndReason::Skipped: return "Kết thúc sớm";
    case EndReason::Timeout: return "Hết thời gian chờ";
    case EndReason::Interrupted: return "Bị gián đoạn";
    }
    return std::string(endReasonName(why));
}

/// The misuse flags in words, "; " between them; unknown bits are shown, not dropped.
std::string misuseWords(std::uint32_t flags) {
    std::string out;
    const auto add = [&out](std::string_view word) {
        if (!out.empty()) out += "; ";
        out += word;
    };
    if (flags & misuse::RapidRepeat) add("lặp nhanh");
    if (flags & misuse::Burst) add("dồn dập");
    if (flags & misuse::OutsideHours) add("ngoài giờ");
    const std::uint32_t known = misuse::RapidRepeat | misuse::Burst | misuse::OutsideHours;
    if (flags & ~known) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "cờ khác 0x%x", static_cast<unsigned>(flags & ~known));
        add(buf);
    }
    return out;
}

/// "2026-01-01 07:00:00": local time, whole seconds (formatLocalIso without "T", millis, offset).
std::string localTimeText(std::int64_t utcMs, int offsetMinutes) {
    const std::string iso = formatLocalIso(utcMs, offsetMinutes);
    const std::size_t t = iso.find('T');
    return iso.substr(0, t) + " " + iso.substr(t + 1, 8);
}

/// "UTC+07:00".
std::string offsetText(int offsetMinutes) {
    const int a = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
    char buf[16];
    std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", offsetMinutes < 0 ? '-' : '+', a / 60, a % 60);
    return buf;
}

/// "default v1".
std::string questionnaireText(const std::string& id, int version) { return id + " v" + std::to_string(version); }

// [SECTION] The table --------------------------------------------------------------------------

/// One cell: its text (what the CSV holds) and, for the workbook, its type.
struct Cell {
    enum class Kind { Text, Integer, Time, Percent };
    Kind kind = Kind::Text;
    std::string text;
    std::int64_t number = 0;  ///< Integer: the value; Time: local seconds since 1970 (wall time as UTC)
    double fraction = 0;      ///< Percent: 0.8669 for "86.69%"
};

/// Cells of each kind; the CSV text of a time or number is made here once.
Cell textCell(std::string s) { return Cell{Cell::Kind::Text, std::move(s), 0, 0}; }
Cell integerCell(std::int64_t n) { return Cell{Cell::Kind::Integer, std::to_string(n), n, 0}; }

/// Local whole seconds, floored (a time 07:00:00.999 reads 07:00:00 in both files).
Cell timeCell(std::int64_t utcMs, int offsetMinutes) {
    const std::int64_t seconds = (utcMs >= 0 ? utcMs : utcMs - 999) / 1000;
    return Cell{Cell::Kind::Time, localTimeText(utcMs, offsetMinutes),
                seconds + static_cast<std::int64_t>(offsetMinutes) * 60, 0};
}

/// part / whole as a percentage ("66.67%"); "—" when there is nothing to divide by.
Cell percentCell(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) return textCell("—");
    const double fraction = static_cast<double>(part) / static_cast<double>(whole);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%", fraction * 100.0);
    return Cell{Cell::Kind::Percent, buf, 0, fraction};
}

/// One row of a sheet; bold for headers and titles.
struct Row {
    std::vector<Cell> cells;
    bool bold = false;
};

/// The header's questionnaires, parsed, in header order.
std::vector<Questionnaire> parseAll(const BatchHeader& header, const std::filesystem::path& path) {
    std::vector<Questionnaire> out;
    for (const QuestionnaireDef& def : header.questionnaires) {
        auto parsed = parseQuestionnaire(def.source, questionnaireText(def.id, def.version));
        if (!parsed)
            throw std::runtime_error("cannot write " + path.string() + ": questionnaire " +
                                     questionnaireText(def.id, def.version) +
                                     " of the batch does not load: " + parsed.error().toString());
        out.push_back(std::move(parsed.value()));
    }
    return out;
}

/// The questionnaire id/version among all, or nullptr.
const Questionnaire* findQuestionnaire(const std::vector<Questionnaire>& all, const std::string& id, int version) {
    for (const Questionnaire& q : all)
        if (q.id == id && q.version == version) return &q;
    return nullptr;
}

/// The Vietnamese label of value among the question's options; the value itself if none.
std::string optionLabel(const Question* question, const std::string& value) {
    if (question)
        for (const Option& o : question->options)
            if (o.id == value) return o.text.vi.empty() ? o.text.en : o.text.vi;
    return value;
}

// [SECTION] Responses --------------------------------------------------------------------------

/// The responses table, one row at a time: a batch of a kiosk left unexported for months can hold
/// hundreds of thousands of responses, so no file is built whole in memory.
class ResponsesTable {
public:
    ResponsesTable(const std::vector<Questionnaire>& questionnaires, const std::vector<Response>& responses)
        : m_questionnaires(questionnaires) {
        // Question columns: every questionnaire's questions in order, each id once, then ids that
        // only answers know (a response on a questionnaire the header lacks), in order of appearance.
        for (const Questionnaire& q : questionnaires)
            for (const Question& question : q.questions) addColumn(question.id, question.text.vi);
        for (const Response& r : responses)
            for (const Answer& a : r.answers) addColumn(a.questionId, a.questionId);
    }

    Row header() const {
        Row head;
        head.bold = true;
        for (const char* title : {"Số thứ tự", "Mã đánh giá", "Ki-ốt", "Bắt đầu", "Kết thúc", "Múi giờ", "Mã đơn vị",
                                  "Tên đơn vị", "Cấp", "Quầy", "Cán bộ", "Thủ tục", "Mã hồ sơ", "Thay cho đánh giá",
                                  "Bộ câu hỏi", "Ngôn ngữ", "Kết thúc do", "Cờ bất thường"})
            head.cells.push_back(textCell(title));
        for (const std::string& title : m_questionHeaders) head.cells.push_back(textCell(title));
        head.cells.push_back(textCell("Ý kiến"));
        return head;
    }

    Row row(const Response& r) const {
        Row row;
        std::vector<Cell>& c = row.cells;
        c.reserve(19 + m_questionHeaders.size());
        c.push_back(integerCell(r.seq));
        c.push_back(textCell(r.uuid));
        c.push_back(textCell(r.kioskId));
        c.push_back(timeCell(r.startedUtcMs, r.utcOffsetMinutes));
        c.push_back(r.endedUtcMs != 0 ? timeCell(r.endedUtcMs, r.utcOffsetMinutes) : textCell(""));
        c.push_back(textCell(offsetText(r.utcOffsetMinutes)));
        c.push_back(textCell(r.unit.code));
        c.push_back(textCell(r.unit.name));
        c.push_back(textCell(unitLevelWords(r.unit.level)));
        c.push_back(textCell(r.unit.counter));
        c.push_back(textCell(r.officerId));
        c.push_back(textCell(r.procedureCode));
        c.push_back(textCell(r.dossierCode));
        c.push_back(textCell(r.supersedesUuid));
        c.push_back(textCell(questionnaireText(r.questionnaireId, r.questionnaireVersion)));
        c.push_back(textCell(languageWords(r.language)));
        c.push_back(textCell(endReasonWords(r.endReason)));
        c.push_back(textCell(misuseWords(r.misuseFlags)));

        std::vector<std::string> answers(m_questionHeaders.size());
        const Questionnaire* own = findQuestionnaire(m_questionnaires, r.questionnaireId, r.questionnaireVersion);
        for (const Answer& a : r.answers) {
            // Labels come from the response's own questionnaire; failing that, from the first
            // questionnaire that has the question; failing that, the stored value is shown.
            const Question* question = own ? own->find(a.questionId) : nullptr;
            for (std::size_t i = 0; !question && i < m_questionnaires.size(); ++i)
                question = m_questionnaires[i].find(a.questionId);
            const auto column = m_columnOf.find(a.questionId);
            if (column == m_columnOf.end()) continue;  // cannot happen: the constructor saw every answer
            std::string& cell = answers[column->second];
            for (const std::string& value : a.values) {
                if (!cell.empty()) cell += "; ";
                cell += optionLabel(question, value);
            }
        }
        for (std::string& answer : answers) c.push_back(textCell(std::move(answer)));
        c.push_back(textCell(r.comment));
        return row;
    }

private:
    void addColumn(const std::string& id, const std::string& title) {
        if (m_columnOf.emplace(id, m_questionHeaders.size()).second) m_questionHeaders.push_back(title);
    }

    const std::vector<Questionnaire>& m_questionnaires;
    std::map<std::string, std::size_t> m_columnOf;  ///< question id -> index among the question columns
    std::vector<std::string> m_questionHeaders;
};

// [SECTION] Summary ----------------------------------------------------------------------------

/// How often one option (or a value that is no option) was chosen, in the summary's three buckets.
struct OptionCount {
    std::string label;
    std::int64_t counted = 0;
    std::int64_t flagged = 0;
    std::int64_t superseded = 0;
};

/// The summary sheet's rows (see writeResponsesWorkbook).
std::vector<Row> summarySheet(const BatchHeader& header, const std::vector<Questionnaire>& questionnaires,
                              const std::vector<Response>& responses) {
    std::vector<Row> sheet;
    const auto line = [&sheet](const char* name, Cell value) {
        sheet.push_back(Row{{textCell(name), std::move(value)}, false});
    };
    const int offset = header.exportUtcOffsetMinutes;
    const bool any = header.responseCount > 0;
    sheet.push_back(Row{{textCell("Tổng hợp đánh giá hài lòng")}, true});
    line("Mã đơn vị", textCell(header.unit.code));
    line("Tên đơn vị", textCell(header.unit.name));
    line("Cấp", textCell(unitLevelWords(header.unit.level)));
    line("Quầy", textCell(header.unit.counter));
    line("Ki-ốt", textCell(header.kioskId));
    line("Lô số", integerCell(header.number));
    line("Số đánh giá", integerCell(header.responseCount));
    line("Số thứ tự",
         textCell(any ? std::to_string(header.seqFirst) + " – " + std::to_string(header.seqLast) : ""));
    line("Từ", any ? timeCell(header.timeFirstUtcMs, offset) : textCell(""));
    line("Đến", any ? timeCell(header.timeLastUtcMs, offset) : textCell(""));
    line("Múi giờ", textCell(offsetText(offset)));
    line("Thời điểm xuất", timeCell(header.exportUtcMs, offset));
    line("Chương trình", textCell(header.program));
    sheet.push_back(Row{});
    sheet.push_back(Row{{textCell("Câu hỏi"), textCell("Lựa chọn"), textCell("Số lượt"), textCell("Bất thường"),
                         textCell("Bị thay thế")},
                        true});

    std::set<std::string> supersededUuids;
    for (const Response& r : responses)
        if (!r.supersedesUuid.empty()) supersededUuids.insert(r.supersedesUuid);

    for (const Questionnaire& q : questionnaires) {
        sheet.push_back(
            Row{{textCell("Bộ câu hỏi " + questionnaireText(q.id, q.version) + ": " + q.title.vi)}, true});
        for (std::size_t qi = 0; qi < q.questions.size(); ++qi) {
            const Question& question = q.questions[qi];
            std::vector<OptionCount> counts;
            for (const Option& o : question.options) counts.push_back(OptionCount{optionLabel(&question, o.id)});
            std::map<std::string, std::size_t> indexOf;  // value -> row in counts
            for (std::size_t i = 0; i < question.options.size(); ++i) indexOf.emplace(question.options[i].id, i);

            for (const Response& r : responses) {
                if (r.questionnaireId != q.id || r.questionnaireVersion != q.version) continue;
                const Answer* a = r.answerTo(question.id);
                if (!a || a->scale != question.scale || a->values.empty()) continue;
                const std::size_t n = question.scale == Scale::MultiSelect ? a->values.size() : 1;
                for (std::size_t vi = 0; vi < n; ++vi) {
                    const std::string& value = a->values[vi];
                    auto it = indexOf.find(value);
                    if (it == indexOf.end()) {  // not an option: shown, never hidden
                        it = indexOf.emplace(value, counts.size()).first;
                        counts.push_back(OptionCount{value});
                    }
                    OptionCount& count = counts[it->second];
                    if (supersededUuids.count(r.uuid)) ++count.superseded;
                    else if (r.misuseFlags != 0) ++count.flagged;
                    else ++count.counted;
                }
            }

            sheet.push_back(Row{{textCell(question.text.vi)}, true});
            for (const OptionCount& count : counts)
                sheet.push_back(Row{{textCell(""), textCell(count.label), integerCell(count.counted),
                                     integerCell(count.flagged), integerCell(count.superseded)},
                                    false});
            if (qi == 0) {
                // The headline of SPEC 2 (event-based): satisfied / counted, options of the scale only.
                std::int64_t counted = 0;
                std::int64_t satisfied = 0;
                for (std::size_t i = 0; i < question.options.size(); ++i) {
                    counted += counts[i].counted;
                    if (isSatisfied(question.scale, question.options[i].id)) satisfied += counts[i].counted;
                }
                sheet.push_back(
                    Row{{textCell(""), textCell("Tỷ lệ hài lòng"), percentCell(satisfied, counted)}, true});
            }
        }
        sheet.push_back(Row{});
    }
    return sheet;
}

// [SECTION] CSV --------------------------------------------------------------------------------

/// One RFC 4180 field, guarded against formula injection (see writeResponsesCsv).
void appendCsvField(std::string& out, const std::string& field) {
    constexpr std::string_view FormulaStarts = "=+-@\t\r";
    const bool formulaLike = !field.empty() && FormulaStarts.find(field.front()) != std::string_view::npos;
    const bool quote = field.find_first_of(",\"\r\n") != std::string::npos;
    if (quote) out += '"';
    if (formulaLike) out += '\'';
    for (const char ch : field) {
        if (ch == '"') out += '"';
        out += ch;
    }
    if (quote) out += '"';
}

/// The text of an errno value ("No such file or directory").
std::string errnoText(int err) { return std::strerror(err); }

/// Throws "cannot write PATH: <errno text>".
[[noreturn]] void failWrite(const std::filesystem::path& path, int err) {
    throw WriteError("cannot write " + path.string() + ": " + errnoText(err), err);
}

/// Closes a FILE left open by an exception (the file is then incomplete, which the caller expects).
struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

// [SECTION] Workbook ---------------------------------------------------------------------------

/// Owns an lxw_workbook until it is closed (written); freed unwritten if an error comes first.
class Workbook {
public:
    Workbook(const std::filesystem::path& path, std::int64_t exportUtcMs)
        : m_path(path), m_wb(newWorkbook(m_path)) {
        if (!m_wb) throw std::runtime_error("cannot write " + m_path.string() + ": out of memory");
        // A fixed creation date (not "now"), so writing the same batch again gives the same content.
        lxw_doc_properties props{};
        char title[] = "Đánh giá hài lòng";
        props.title = title;
        props.created = static_cast<time_t>(exportUtcMs / 1000);
        check(workbook_set_properties(m_wb.get(), &props), "setting the properties");
    }

    lxw_worksheet* addSheet(const char* name) {
        check(workbook_validate_sheet_name(m_wb.get(), name), std::string("adding sheet ") + name);
        lxw_worksheet* ws = workbook_add_worksheet(m_wb.get(), name);
        if (!ws) throw std::runtime_error("cannot write " + m_path.string() + ": cannot add sheet " + name);
        return ws;
    }

    lxw_format* addFormat() {
        lxw_format* f = workbook_add_format(m_wb.get());
        if (!f) throw std::runtime_error("cannot write " + m_path.string() + ": out of memory");
        return f;
    }

    void check(lxw_error err, const std::string& what) const {
        if (err != LXW_NO_ERROR)
            throw std::runtime_error("cannot write " + m_path.string() + " (" + what + "): " + lxw_strerror(err));
    }

    /// Writes the file. workbook_close frees the workbook whatever it returns.
    void close() {
        errno = 0;
        const lxw_error err = workbook_close(m_wb.release());
        const int savedErrno = errno;
        if (err == LXW_NO_ERROR) return;
        std::string message = "cannot write " + m_path.string() + ": " + lxw_strerror(err);
        if (err == LXW_ERROR_CREATING_XLSX_FILE && savedErrno != 0) message += " (" + errnoText(savedErrno) + ")";
        if (savedErrno != 0) throw WriteError(message, savedErrno);
        throw std::runtime_error(message);
    }

private:
    /// Constant-memory mode: each row goes to a temporary file once the next one starts, so a
    /// large batch needs no more memory than a small one (rows must be written in order).
    static lxw_workbook* newWorkbook(const std::filesystem::path& path) {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;
        return workbook_new_opt(path.c_str(), &options);
    }

    struct Free {
        void operator()(lxw_workbook* wb) const { lxw_workbook_free(wb); }
    };
    std::filesystem::path m_path;
    std::unique_ptr<lxw_workbook, Free> m_wb;
};

/// Display width of a cell in characters (UTF-8 code points, the widest line).
std::size_t displayWidth(const Cell& cell) {
    if (cell.kind == Cell::Kind::Time) return 19;
    std::size_t widest = 0;
    std::size_t current = 0;
    for (const char ch : cell.text) {
        if (ch == '\n') current = 0;
        else if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++current;
        widest = std::max(widest, current);
    }
    return widest;
}

/// Excel's in-cell line break is LF: CRLF and lone CR become LF.
std::string excelLineBreaks(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

/// The cell formats of the workbook (owned by it).
struct Formats {
    lxw_format* bold = nullptr;
    lxw_format* time = nullptr;
    lxw_format* boldPercent = nullptr;
    lxw_format* wrap = nullptr;    ///< multi-line text (comments)
    lxw_format* header = nullptr;  ///< bold, wrapped, at the top of the cell
};

/// Gives each row of a sheet in order to its argument. Called twice: widths first, then cells.
using RowSource = std::function<void(const std::function<void(const Row&)>&)>;

/// Writes one cell as its kind; text in textFormat, else wrapped if it has line breaks.
void writeCell(Workbook& wb, lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const Cell& cell, lxw_format* textFormat,
               const Formats& f) {
    lxw_error err = LXW_NO_ERROR;
    switch (cell.kind) {
    case Cell::Kind::Integer:
        err = worksheet_write_number(ws, r, c, static_cast<double>(cell.number), nullptr);
        break;
    case Cell::Kind::Percent:
        err = worksheet_write_number(ws, r, c, cell.fraction, f.boldPercent);
        break;
    case Cell::Kind::Time: {
        // Excel has no dates before 1900-03-01 (nor its own 1900 leap-year bug to repeat) or
        // after 9999: a wildly wrong clock shows as text instead.
        constexpr std::int64_t From = -2'203'891'200;  // 1900-03-01T00:00
        constexpr std::int64_t To = 253'402'300'800;   // 10000-01-01T00:00
        if (cell.number >= From && cell.number < To)
            err = worksheet_write_unixtime(ws, r, c, cell.number, f.time);
        else
            err = worksheet_write_string(ws, r, c, cell.text.c_str(), nullptr);
        break;
    }
    case Cell::Kind::Text: {
        const bool multiLine = cell.text.find_first_of("\r\n") != std::string::npos;
        const std::string text = multiLine ? excelLineBreaks(cell.text) : cell.text;
        err = worksheet_write_string(ws, r, c, text.c_str(), textFormat ? textFormat : multiLine ? f.wrap : nullptr);
        break;
    }
    }
    wb.check(err, "row " + std::to_string(r + 1) + ", column " + std::to_string(c + 1));
}

/// Sets each column's width from its widest cell (within 8..maxWidth characters), then writes
/// the rows in order (the workbook is in constant-memory mode). With a header row, long headers
/// (the question texts) wrap instead of widening their column past what the answers need, and
/// the header row is made tall enough for them.
void writeSheet(Workbook& wb, lxw_worksheet* ws, const RowSource& rows, const Formats& f, std::size_t maxWidth,
                bool headerRow) {
    constexpr std::size_t HeaderWidth = 24;  // a wrapped header still gets this much room
    std::vector<std::size_t> widths;
    std::vector<std::size_t> headerWidths;
    bool first = true;
    rows([&](const Row& row) {
        if (widths.size() < row.cells.size()) widths.resize(row.cells.size(), 0);
        for (std::size_t ci = 0; ci < row.cells.size(); ++ci) {
            const std::size_t w = displayWidth(row.cells[ci]);
            if (headerRow && first) headerWidths.push_back(w);
            widths[ci] = std::max(widths[ci], headerRow && first ? std::min(w, HeaderWidth) : w);
        }
        first = false;
    });
    std::size_t headerLines = 1;
    for (std::size_t ci = 0; ci < widths.size(); ++ci) {
        const std::size_t chars = std::clamp<std::size_t>(widths[ci] + 2, 8, maxWidth);
        wb.check(worksheet_set_column(ws, static_cast<lxw_col_t>(ci), static_cast<lxw_col_t>(ci),
                                      static_cast<double>(chars), nullptr),
                 "column width");
        if (ci < headerWidths.size())  // ceil(header / room), a line spare as words wrap loosely
            headerLines = std::max(headerLines, (headerWidths[ci] + chars - 3) / (chars - 2));
    }
    if (headerRow)  // 15 points a line at Excel's default font; at most 5 lines
        wb.check(worksheet_set_row(ws, 0, 15.0 * static_cast<double>(std::min<std::size_t>(headerLines, 5)), nullptr),
                 "header height");

    lxw_row_t r = 0;
    rows([&](const Row& row) {
        lxw_format* textFormat = headerRow && r == 0 ? f.header : row.bold ? f.bold : nullptr;
        for (std::size_t ci = 0; ci < row.cells.size(); ++ci)
            writeCell(wb, ws, r, static_cast<lxw_col_t>(ci), row.cells[ci], textFormat, f);
        ++r;
    });
}

} // namespace

void writeResponsesCsv(const std::filesystem::path& path, const BatchHeader& header,
                       const std::vector<Response>& responses) {
    const std::vector<Questionnaire> questionnaires = parseAll(header, path);
    const ResponsesTable table(questionnaires, responses);

    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
    if (!file) failWrite(path, errno);
    std::string out = "\xEF\xBB\xBF";  // UTF-8 BOM: without it Excel reads the file as ANSI
    const auto flush = [&] {
        if (!out.empty() && std::fwrite(out.data(), 1, out.size(), file.get()) != out.size()) failWrite(path, errno);
        out.clear();
    };
    const auto put = [&](const Row& row) {
        for (std::size_t i = 0; i < row.cells.size(); ++i) {
            if (i) out += ',';
            appendCsvField(out, row.cells[i].text);
        }
        out += "\r\n";
        if (out.size() >= (1u << 20)) flush();
    };
    put(table.header());
    for (const Response& r : responses) put(table.row(r));
    flush();
    if (std::fflush(file.get()) != 0) failWrite(path, errno);
    if (::fsync(::fileno(file.get())) != 0) failWrite(path, errno);
    if (std::fclose(file.release()) != 0) failWrite(path, errno);
}

void writeResponsesWorkbook(const std::filesystem::path& path, const BatchHeader& header,
                            const std::vector<Response>& responses) {
    const std::vector<Questionnaire> questionnaires = parseAll(header, path);
    const std::vector<Row> summary = summarySheet(header, questionnaires, responses);
    const ResponsesTable table(questionnaires, responses);

    Workbook wb(path, header.exportUtcMs);
    Formats f;
    f.bold = wb.addFormat();
    format_set_bold(f.bold);
    f.time = wb.addFormat();
    format_set_num_format(f.time, "yyyy-mm-dd hh:mm:ss");
    f.boldPercent = wb.addFormat();
    format_set_bold(f.boldPercent);
    format_set_num_format(f.boldPercent, "0.00%");
    f.wrap = wb.addFormat();
    format_set_text_wrap(f.wrap);
    format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
    f.header = wb.addFormat();
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    format_set_align(f.header, LXW_ALIGN_VERTICAL_TOP);

    lxw_worksheet* summaryWs = wb.addSheet("Tổng hợp");
    lxw_worksheet* responsesWs = wb.addSheet("Đánh giá");
    writeSheet(
        wb, summaryWs, [&](const auto& put) { for (const Row& row : summary) put(row); }, f, 80, false);
    const Row head = table.header();
    writeSheet(
        wb, responsesWs,
        [&](const auto& put) {
            put(head);
            for (const Response& r : responses) put(table.row(r));
        },
        f, 60, true);
    worksheet_freeze_panes(responsesWs, 1, 0);
    wb.check(worksheet_autofilter(responsesWs, 0, 0, static_cast<lxw_row_t>(responses.size()),
                                  static_cast<lxw_col_t>(head.cells.size() - 1)),
             "filter");
    wb.close();
    syncFile(path);
}

} // namespace hailong::core
