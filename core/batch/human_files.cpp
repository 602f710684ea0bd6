#include "batch/human_files.h"

#include "base/durable_file.h"  // WriteError, syncFile

#include "base/xlsx_workbook.h"   // cells, rows, the workbook and its sheets
#include "store/today_figures.h"  // isSatisfied
#include "survey/settings.h"      // unitLevelWords

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

// [SECTION] Words: the Vietnamese texts people read in the files
// [SECTION] The table: rows of typed cells (xlsx_workbook.h), shared by the CSV and the workbook
// [SECTION] Responses: one row per response
// [SECTION] Summary: counts per option, satisfaction rate
// [SECTION] CSV

namespace hailong::core {

namespace {

using xlsx::Cell;
using xlsx::integerCell;
using xlsx::percentCell;
using xlsx::Row;
using xlsx::textCell;
using xlsx::timeCell;

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

/// The first row of both files beside a sealed batch (version 2).
constexpr const char* SealedNote = "Ý kiến và mã hồ sơ được niêm phong cho trung tâm: không có trong tệp này. / "
                                   "Comments and dossier codes are sealed for headquarters: they are not in this file.";

// [SECTION] Responses --------------------------------------------------------------------------

/// The responses table, one row at a time: a batch of a kiosk left unexported for months can hold
/// hundreds of thousands of responses, so no file is built whole in memory.
class ResponsesTable {
public:
    /// sealed: the batch seals the personal fields, so dossier code and comment stay out.
    ResponsesTable(const std::vector<Questionnaire>& questionnaires, const std::vector<Response>& responses,
                   bool sealed)
        : m_questionnaires(questionnaires), m_sealed(sealed) {
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
            if (!m_sealed || std::string_view(title) != "Mã hồ sơ") head.cells.push_back(textCell(title));
        for (const std::string& title : m_questionHeaders) head.cells.push_back(textCell(title));
        if (!m_sealed) head.cells.push_back(textCell("Ý kiến"));
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
        if (!m_sealed) c.push_back(textCell(r.dossierCode));
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
        if (!m_sealed) c.push_back(textCell(r.comment));
        return row;
    }

private:
    void addColumn(const std::string& id, const std::string& title) {
        if (m_columnOf.emplace(id, m_questionHeaders.size()).second) m_questionHeaders.push_back(title);
    }

    const std::vector<Questionnaire>& m_questionnaires;
    std::map<std::string, std::size_t> m_columnOf;  ///< question id -> index among the question columns
    std::vector<std::string> m_questionHeaders;
    bool m_sealed = false;
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
    if (header.sealed()) sheet.push_back(Row{{textCell(SealedNote)}, true});
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
    line("Số thứ tự", textCell(any ? std::to_string(header.seqFirst) + " – " + std::to_string(header.seqLast) : ""));
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
        sheet.push_back(Row{{textCell("Bộ câu hỏi " + questionnaireText(q.id, q.version) + ": " + q.title.vi)}, true});
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
                sheet.push_back(Row{{textCell(""), textCell("Tỷ lệ hài lòng"), percentCell(satisfied, counted)}, true});
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

}  // namespace

void writeResponsesCsv(const std::filesystem::path& path, const BatchHeader& header,
                       const std::vector<Response>& responses) {
    const std::vector<Questionnaire> questionnaires = parseAll(header, path);
    const ResponsesTable table(questionnaires, responses, header.sealed());

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
    if (header.sealed()) put(Row{{textCell(SealedNote)}, false});
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
    const ResponsesTable table(questionnaires, responses, header.sealed());

    // A fixed creation date (the export's, not "now"), so writing the same batch again gives the
    // same bytes; constant memory, as a batch of a kiosk left unexported can be large.
    xlsx::WorkbookOptions options;
    options.title = "Đánh giá hài lòng";
    options.createdUtcMs = header.exportUtcMs;
    options.constantMemory = true;
    xlsx::Workbook wb(path, options);
    const xlsx::Formats f = xlsx::standardFormats(wb);

    lxw_worksheet* summaryWs = wb.addSheet("Tổng hợp");
    lxw_worksheet* responsesWs = wb.addSheet("Đánh giá");
    xlsx::writeSheet(
        wb, summaryWs,
        [&](const auto& put) {
            for (const Row& row : summary) put(row);
        },
        f, 80, false);
    const Row head = table.header();
    xlsx::writeSheet(
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

}  // namespace hailong::core
