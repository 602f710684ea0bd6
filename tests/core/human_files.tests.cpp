// The CSV and the workbook that travel beside each batch, read back by other programs: Python's
// csv module and openpyxl (tests/tools/check_human_files.py) compare every cell with the values
// written out below by hand, so the files are checked the way Excel users and scripts read them.
#include "batch/human_files.h"
#include "support/temp_dir.h"
#include "survey/questionnaire.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace hailong::core;
using hailong::test::TempDir;
using nlohmann::json;

namespace {

constexpr std::int64_t T0 = 1'767'225'600'000;  // 2026-01-01T00:00Z
constexpr std::int64_t MinuteMs = 60'000;
constexpr std::int64_t HourMs = 3'600'000;
constexpr int Vn = 7 * 60;

// A second questionnaire: "overall" again (one column with the default's), on another scale, with
// a relabelled option, so labels must come from each response's own questionnaire.
constexpr const char* SipasSource = R"toml(format = "hailong-questionnaire/1"
id = "sipas"
version = 2

[title]
vi = "Khảo sát SIPAS"
en = "SIPAS survey"

[[question]]
id = "overall"
scale = "sipas5"
text.vi = "Mức độ hài lòng chung của quý khách?"
text.en = "Your overall satisfaction?"

  [[question.option]]
  id = "satisfied"
  vi = "Hài lòng (SIPAS)"

[[question]]
id = "waiting_seats"
scale = "star5"
text.vi = "Chỗ ngồi chờ"
text.en = "Waiting seats"
)toml";

UnitInfo unitNgheAn() { return UnitInfo{"CAT-NA", "Công an tỉnh Nghệ An", "province", "Quầy số 1"}; }

BatchHeader testHeader() {
    BatchHeader h;
    h.kioskId = "kiosk-01";
    h.unit = unitNgheAn();
    h.number = 3;
    h.seqFirst = 101;
    h.seqLast = 107;
    h.responseCount = 7;
    h.timeFirstUtcMs = T0 + HourMs;               // 08:00:00 local
    h.timeLastUtcMs = T0 + 17 * HourMs + 59'999;  // 00:00:59 the next day
    h.exportUtcMs = T0 + 18 * HourMs + 123;       // 01:00:00 the next day
    h.exportUtcOffsetMinutes = Vn;
    h.program = "hailong 0.4.0";
    // The responses below were given with the first built-in questionnaire.
    h.questionnaires = {QuestionnaireDef{"default", 1, *builtInQuestionnaireSource("default", 1)},
                        QuestionnaireDef{"sipas", 2, SipasSource}};
    return h;
}

Response response(std::int64_t seq, std::int64_t startedUtcMs, std::int64_t endedUtcMs, EndReason why) {
    Response r;
    r.uuid = "00000000-0000-4000-8000-000000000" + std::to_string(seq);
    r.kioskId = "kiosk-01";
    r.seq = seq;
    r.unit = unitNgheAn();
    r.questionnaireId = "default";
    r.questionnaireVersion = 1;
    r.startedUtcMs = startedUtcMs;
    r.endedUtcMs = endedUtcMs;
    r.utcOffsetMinutes = Vn;
    r.endReason = why;
    return r;
}

Answer answer(const std::string& questionId, Scale scale, std::vector<std::string> values) {
    return Answer{questionId, scale, std::move(values), 0};
}

const std::string CommentQuotes = "Cán bộ nhiệt tình, chu đáo; \"rất tốt\"";
const std::string CommentLines = "Phải chờ lâu.\r\nDòng hai\nDòng ba";
const std::string CommentFormula = "=HYPERLINK(\"http://example.invalid\",\"bấm\")";

/// Seven responses covering what the files must show (see each comment).
std::vector<Response> testResponses() {
    std::vector<Response> rs;
    // 101: everything set, a comment with a comma and quotes; later superseded by 104.
    Response r = response(101, T0 + HourMs, T0 + HourMs + 45'999, EndReason::Completed);
    r.officerId = "cb-07";
    r.procedureCode = "CCCD-CAP-MOI";
    r.dossierCode = "HS-2026-0001";
    r.answers = {answer("overall", Scale::ThreeLevel, {"very_satisfied"}),
                 answer("officer_attitude", Scale::ThreeLevel, {"satisfied"}), answer("on_time", Scale::YesNo, {"yes"}),
                 answer("convenience", Scale::ThreeLevel, {"very_satisfied"})};
    r.comment = CommentQuotes;
    rs.push_back(r);
    // 102: in English, not satisfied with two reasons (multi-select), a comment with CRLF and LF,
    // agencies_contacted left unanswered; no officer, procedure or dossier.
    r = response(102, T0 + HourMs + 5 * MinuteMs, T0 + HourMs + 7 * MinuteMs + 500, EndReason::Skipped);
    r.language = Language::En;
    r.answers = {answer("overall", Scale::ThreeLevel, {"not_satisfied"}),
                 answer("reasons", Scale::MultiSelect, {"officer_attitude", "not_on_time"}),
                 answer("times_came_back", Scale::Choice, {"more_than_once"})};
    r.comment = CommentLines;
    rs.push_back(r);
    // 103: misuse-flagged, in a kiosk at UTC-05:00 (local time is still 2025).
    r = response(103, T0 + 2 * HourMs, T0 + 2 * HourMs + 3'000, EndReason::Timeout);
    r.utcOffsetMinutes = -300;
    r.misuseFlags = misuse::RapidRepeat | misuse::Burst;
    r.answers = {answer("overall", Scale::ThreeLevel, {"very_satisfied"})};
    rs.push_back(r);
    // 104: a second rating of dossier HS-2026-0001, superseding 101; a formula-like comment.
    r = response(104, T0 + 3 * HourMs, T0 + 3 * HourMs + 20'000, EndReason::Completed);
    r.officerId = "cb-07";
    r.dossierCode = "HS-2026-0001";
    r.supersedesUuid = rs[0].uuid;
    r.answers = {answer("overall", Scale::ThreeLevel, {"satisfied"})};
    r.comment = CommentFormula;
    rs.push_back(r);
    // 105: on the second questionnaire, still in progress (no end), unit level not set.
    r = response(105, T0 + 4 * HourMs, 0, EndReason::InProgress);
    r.unit.level = "";
    r.questionnaireId = "sipas";
    r.questionnaireVersion = 2;
    r.answers = {answer("overall", Scale::Sipas5, {"satisfied"}), answer("waiting_seats", Scale::Star5, {"4"})};
    rs.push_back(r);
    // 106: outside opening hours; a value that is no option; a question no questionnaire has.
    r = response(106, T0 + 15 * HourMs, T0 + 15 * HourMs + 10'000, EndReason::Interrupted);
    r.misuseFlags = misuse::OutsideHours;
    r.answers = {answer("overall", Scale::ThreeLevel, {"not_satisfied"}),
                 answer("times_came_back", Scale::Choice, {"twice"}), answer("extra_q", Scale::Choice, {"abc"})};
    rs.push_back(r);
    // 107: a plain rating just after local midnight.
    r = response(107, T0 + 17 * HourMs, T0 + 17 * HourMs + 59'999, EndReason::Completed);
    r.answers = {answer("overall", Scale::ThreeLevel, {"very_satisfied"})};
    r.comment = "Tốt";
    rs.push_back(r);
    return rs;
}

/// One expected cell: the CSV text and the workbook value (string, number or typed object).
struct Want {
    std::string csv;
    json xlsx;
};
Want text(const std::string& s) { return {s, s}; }
Want number(std::int64_t n) { return {std::to_string(n), n}; }
Want when(const std::string& local) { return {local, json{{"datetime", local}}}; }

const std::vector<std::string> Header = {
    "Số thứ tự",
    "Mã đánh giá",
    "Ki-ốt",
    "Bắt đầu",
    "Kết thúc",
    "Múi giờ",
    "Mã đơn vị",
    "Tên đơn vị",
    "Cấp",
    "Quầy",
    "Cán bộ",
    "Thủ tục",
    "Mã hồ sơ",
    "Thay cho đánh giá",
    "Bộ câu hỏi",
    "Ngôn ngữ",
    "Kết thúc do",
    "Cờ bất thường",
    "Quý khách đánh giá thế nào về việc giải quyết thủ tục hôm nay?",
    "Vì sao quý khách chưa hài lòng?",
    "Quý khách đã phải đi lại mấy lần để hoàn thiện hồ sơ?",
    "Quý khách đã phải liên hệ với bao nhiêu cơ quan để hoàn thiện hồ sơ?",
    "Quý khách đánh giá thế nào về thái độ của cán bộ khi hướng dẫn, tiếp nhận hồ sơ?",
    "Kết quả có được trả cho quý khách đúng hẹn không?",
    "Quý khách đánh giá thế nào về sự thuận tiện khi thực hiện thủ tục?",
    "Chỗ ngồi chờ",
    "extra_q",
    "Ý kiến"};

/// The responses table as written by hand: rows[0] is the header.
std::vector<std::vector<Want>> expectedResponses() {
    std::vector<std::vector<Want>> rows;
    std::vector<Want> head;
    for (const std::string& h : Header) head.push_back(text(h));
    rows.push_back(head);
    const std::string u = "00000000-0000-4000-8000-000000000";
    const auto row = [&](std::int64_t seq, Want start, Want end, const char* offset, const char* level,
                         const char* officer, const char* procedure, const char* dossier, std::string supersedes,
                         const char* questionnaire, const char* language, const char* ended, const char* flags,
                         std::vector<const char*> answers, Want comment) {
        std::vector<Want> r = {number(seq),         text(u + std::to_string(seq)),
                               text("kiosk-01"),    std::move(start),
                               std::move(end),      text(offset),
                               text("CAT-NA"),      text("Công an tỉnh Nghệ An"),
                               text(level),         text("Quầy số 1"),
                               text(officer),       text(procedure),
                               text(dossier),       text(supersedes),
                               text(questionnaire), text(language),
                               text(ended),         text(flags)};
        for (const char* a : answers) r.push_back(text(a));
        r.push_back(std::move(comment));
        rows.push_back(r);
    };
    row(101, when("2026-01-01 08:00:00"), when("2026-01-01 08:00:45"), "UTC+07:00", "Tỉnh", "cb-07", "CCCD-CAP-MOI",
        "HS-2026-0001", "", "default v1", "Tiếng Việt", "Hoàn thành", "",
        {"Rất hài lòng", "", "", "", "Hài lòng", "Có", "Rất hài lòng", "", ""}, text(CommentQuotes));
    row(102, when("2026-01-01 08:05:00"), when("2026-01-01 08:07:00"), "UTC+07:00", "Tỉnh", "", "", "", "",
        "default v1", "Tiếng Anh", "Kết thúc sớm", "",
        {"Không hài lòng", "Thái độ của cán bộ; Không trả kết quả đúng hẹn", "Nhiều hơn 1 lần", "", "", "", "", "", ""},
        Want{CommentLines, "Phải chờ lâu.\nDòng hai\nDòng ba"});  // Excel's in-cell line break is LF
    row(103, when("2025-12-31 21:00:00"), when("2025-12-31 21:00:03"), "UTC-05:00", "Tỉnh", "", "", "", "",
        "default v1", "Tiếng Việt", "Hết thời gian chờ", "lặp nhanh; dồn dập",
        {"Rất hài lòng", "", "", "", "", "", "", "", ""}, text(""));
    row(104, when("2026-01-01 10:00:00"), when("2026-01-01 10:00:20"), "UTC+07:00", "Tỉnh", "cb-07", "", "HS-2026-0001",
        u + "101", "default v1", "Tiếng Việt", "Hoàn thành", "", {"Hài lòng", "", "", "", "", "", "", "", ""},
        Want{"'" + CommentFormula, CommentFormula});  // the CSV shows it as text, never runs it
    row(105, when("2026-01-01 11:00:00"), text(""), "UTC+07:00", "", "", "", "", "", "sipas v2", "Tiếng Việt",
        "Đang trả lời", "", {"Hài lòng (SIPAS)", "", "", "", "", "", "", "4 sao", ""}, text(""));
    row(106, when("2026-01-01 22:00:00"), when("2026-01-01 22:00:10"), "UTC+07:00", "Tỉnh", "", "", "", "",
        "default v1", "Tiếng Việt", "Bị gián đoạn", "ngoài giờ",
        {"Không hài lòng", "", "twice", "", "", "", "", "", "abc"}, text(""));
    row(107, when("2026-01-02 00:00:00"), when("2026-01-02 00:00:59"), "UTC+07:00", "Tỉnh", "", "", "", "",
        "default v1", "Tiếng Việt", "Hoàn thành", "", {"Rất hài lòng", "", "", "", "", "", "", "", ""}, text("Tốt"));
    return rows;
}

json row(std::initializer_list<json> cells) { return json(cells); }
json counts(const char* label, int counted, int flagged, int superseded) {
    return row({"", label, counted, flagged, superseded});
}
json percent(double fraction) { return row({"", "Tỷ lệ hài lòng", json{{"percent", fraction}}}); }

/// The summary sheet as written by hand, and which of its rows (1-based) are bold.
json expectedSummary(std::vector<int>& boldRows) {
    json rows = json::array();
    const auto bold = [&](json r) {
        rows.push_back(std::move(r));
        boldRows.push_back(static_cast<int>(rows.size()));
    };
    bold(row({"Tổng hợp đánh giá hài lòng"}));
    rows.push_back(row({"Mã đơn vị", "CAT-NA"}));
    rows.push_back(row({"Tên đơn vị", "Công an tỉnh Nghệ An"}));
    rows.push_back(row({"Cấp", "Tỉnh"}));
    rows.push_back(row({"Quầy", "Quầy số 1"}));
    rows.push_back(row({"Ki-ốt", "kiosk-01"}));
    rows.push_back(row({"Lô số", 3}));
    rows.push_back(row({"Số đánh giá", 7}));
    rows.push_back(row({"Số thứ tự", "101 – 107"}));
    rows.push_back(row({"Từ", json{{"datetime", "2026-01-01 08:00:00"}}}));
    rows.push_back(row({"Đến", json{{"datetime", "2026-01-02 00:00:59"}}}));
    rows.push_back(row({"Múi giờ", "UTC+07:00"}));
    rows.push_back(row({"Thời điểm xuất", json{{"datetime", "2026-01-02 01:00:00"}}}));
    rows.push_back(row({"Chương trình", "hailong 0.4.0"}));
    rows.push_back(json::array());
    bold(row({"Câu hỏi", "Lựa chọn", "Số lượt", "Bất thường", "Bị thay thế"}));

    bold(row({"Bộ câu hỏi default v1: Đánh giá sự hài lòng về giải quyết thủ tục hành chính"}));
    bold(row({"Quý khách đánh giá thế nào về việc giải quyết thủ tục hôm nay?"}));
    rows.push_back(counts("Rất hài lòng", 1, 1, 1));    // 107 / 103 flagged / 101 superseded by 104
    rows.push_back(counts("Hài lòng", 1, 0, 0));        // 104
    rows.push_back(counts("Không hài lòng", 1, 1, 0));  // 102 / 106 flagged
    bold(percent(2.0 / 3.0));                           // (107 + 104) / (107, 104, 102)
    bold(row({"Vì sao quý khách chưa hài lòng?"}));
    rows.push_back(counts("Phải đi lại nhiều lần", 0, 0, 0));
    rows.push_back(counts("Phải liên hệ nhiều cơ quan", 0, 0, 0));
    rows.push_back(counts("Thái độ của cán bộ", 1, 0, 0));
    rows.push_back(counts("Hướng dẫn không rõ ràng", 0, 0, 0));
    rows.push_back(counts("Không trả kết quả đúng hẹn", 1, 0, 0));
    rows.push_back(counts("Phí, lệ phí hoặc giấy tờ không đúng như niêm yết", 0, 0, 0));
    rows.push_back(counts("Lý do khác", 0, 0, 0));
    bold(row({"Quý khách đã phải đi lại mấy lần để hoàn thiện hồ sơ?"}));
    rows.push_back(counts("Không phải đi lại", 0, 0, 0));
    rows.push_back(counts("1 lần", 0, 0, 0));
    rows.push_back(counts("Nhiều hơn 1 lần", 1, 0, 0));
    rows.push_back(counts("twice", 0, 1, 0));  // no option of the question: shown, not hidden
    bold(row({"Quý khách đã phải liên hệ với bao nhiêu cơ quan để hoàn thiện hồ sơ?"}));
    rows.push_back(counts("Không phải liên hệ cơ quan nào", 0, 0, 0));
    rows.push_back(counts("Chỉ bộ phận một cửa", 0, 0, 0));
    rows.push_back(counts("Nhiều hơn một cơ quan", 0, 0, 0));
    bold(row({"Quý khách đánh giá thế nào về thái độ của cán bộ khi hướng dẫn, tiếp nhận hồ sơ?"}));
    rows.push_back(counts("Rất hài lòng", 0, 0, 0));
    rows.push_back(counts("Hài lòng", 0, 0, 1));
    rows.push_back(counts("Không hài lòng", 0, 0, 0));
    bold(row({"Kết quả có được trả cho quý khách đúng hẹn không?"}));
    rows.push_back(counts("Có", 0, 0, 1));
    rows.push_back(counts("Không", 0, 0, 0));
    bold(row({"Quý khách đánh giá thế nào về sự thuận tiện khi thực hiện thủ tục?"}));
    rows.push_back(counts("Rất hài lòng", 0, 0, 1));
    rows.push_back(counts("Hài lòng", 0, 0, 0));
    rows.push_back(counts("Không hài lòng", 0, 0, 0));
    rows.push_back(json::array());

    bold(row({"Bộ câu hỏi sipas v2: Khảo sát SIPAS"}));
    bold(row({"Mức độ hài lòng chung của quý khách?"}));
    rows.push_back(counts("Rất không hài lòng", 0, 0, 0));
    rows.push_back(counts("Không hài lòng", 0, 0, 0));
    rows.push_back(counts("Bình thường", 0, 0, 0));
    rows.push_back(counts("Hài lòng (SIPAS)", 1, 0, 0));
    rows.push_back(counts("Rất hài lòng", 0, 0, 0));
    bold(percent(1.0));
    bold(row({"Chỗ ngồi chờ"}));
    rows.push_back(counts("1 sao", 0, 0, 0));
    rows.push_back(counts("2 sao", 0, 0, 0));
    rows.push_back(counts("3 sao", 0, 0, 0));
    rows.push_back(counts("4 sao", 1, 0, 0));
    rows.push_back(counts("5 sao", 0, 0, 0));
    return rows;
}

std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Runs the Python checker; its messages go to the test's output. Returns its exit status.
int runChecker(const std::filesystem::path& csv, const std::filesystem::path& xlsx, const json& expected,
               const TempDir& dir) {
    const std::filesystem::path expectedPath = dir / "expected.json";
    std::ofstream(expectedPath, std::ios::binary) << expected.dump(1);
    const std::string python = HAILONG_TEST_PYTHON;
    INFO("python3 with openpyxl: '" << python << "' (apt install python3-openpyxl)");
    REQUIRE(!python.empty());
    const std::string command = "'" + python + "' '" HAILONG_TEST_TOOLS "/check_human_files.py' '" + csv.string() +
                                "' '" + xlsx.string() + "' '" + expectedPath.string() + "'";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("the human-readable CSV and workbook hold every response cell as written, read back by csv and openpyxl",
          "[human]") {
    TempDir dir;
    const BatchHeader header = testHeader();
    const std::vector<Response> responses = testResponses();
    writeResponsesCsv(dir / "batch.csv", header, responses);
    writeResponsesWorkbook(dir / "batch.xlsx", header, responses);

    json csvRows = json::array();
    json xlsxRows = json::array();
    for (const std::vector<Want>& r : expectedResponses()) {
        json c = json::array();
        json x = json::array();
        for (const Want& w : r) {
            c.push_back(w.csv);
            x.push_back(w.xlsx);
        }
        csvRows.push_back(c);
        xlsxRows.push_back(x);
    }
    std::vector<int> boldRows;
    const json summary = expectedSummary(boldRows);
    const json expected = {{"csv", csvRows},
                           {"sheets", {"Tổng hợp", "Đánh giá"}},
                           {"responses", xlsxRows},
                           {"summary", summary},
                           {"summary_bold_rows", boldRows}};
    CHECK(runChecker(dir / "batch.csv", dir / "batch.xlsx", expected, dir) == 0);
}

TEST_CASE("the human-readable CSV quotes and doubles fields as RFC 4180 says, after a BOM, with CRLF line ends",
          "[human]") {
    TempDir dir;
    writeResponsesCsv(dir / "batch.csv", testHeader(), testResponses());
    const std::string csv = readAll(dir / "batch.csv");

    REQUIRE(csv.rfind("\xEF\xBB\xBFSố thứ tự,Mã đánh giá,Ki-ốt,Bắt đầu,", 0) == 0);
    // A header with a comma is quoted.
    CHECK(csv.find(",\"Quý khách đánh giá thế nào về thái độ của cán bộ khi hướng dẫn, tiếp nhận hồ sơ?\",") !=
          std::string::npos);
    CHECK(csv.find("\r\n101,00000000-0000-4000-8000-000000000101,kiosk-01,2026-01-01 08:00:00,2026-01-01 08:00:45,"
                   "UTC+07:00,CAT-NA,Công an tỉnh Nghệ An,Tỉnh,Quầy số 1,cb-07,CCCD-CAP-MOI,HS-2026-0001,,"
                   "default v1,Tiếng Việt,Hoàn thành,,Rất hài lòng,,,,Hài lòng,Có,Rất hài lòng,,,"
                   "\"Cán bộ nhiệt tình, chu đáo; \"\"rất tốt\"\"\"\r\n") != std::string::npos);
    CHECK(csv.find(",\"Phải chờ lâu.\r\nDòng hai\nDòng ba\"\r\n") != std::string::npos);
    CHECK(csv.find(",\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"bấm\"\")\"\r\n") != std::string::npos);
    CHECK(csv.find(",Tốt\r\n") != std::string::npos);
    CHECK(csv.size() >= 2);
    CHECK(csv.compare(csv.size() - 2, 2, "\r\n") == 0);
}

TEST_CASE("an empty batch gives a header-only human-readable CSV and a summary without a rate", "[human]") {
    TempDir dir;
    BatchHeader header = testHeader();
    header.questionnaires.resize(1);
    header.seqFirst = 108;
    header.seqLast = 107;
    header.responseCount = 0;
    header.timeFirstUtcMs = 0;
    header.timeLastUtcMs = 0;
    writeResponsesCsv(dir / "empty.csv", header, {});
    writeResponsesWorkbook(dir / "empty.xlsx", header, {});

    json head = json::array();
    for (std::size_t i = 0; i < Header.size(); ++i)
        if (Header[i] != "Chỗ ngồi chờ" && Header[i] != "extra_q") head.push_back(Header[i]);
    // Only some summary rows are spelled out here; the full layout is checked above.
    const json expected = {{"csv", {head}},
                           {"sheets", {"Tổng hợp", "Đánh giá"}},
                           {"responses", {head}},
                           {"summary_rows",
                            {{"8", row({"Số đánh giá", 0})},
                             {"9", row({"Số thứ tự", ""})},
                             {"10", row({"Từ", ""})},
                             {"11", row({"Đến", ""})},
                             {"13", row({"Thời điểm xuất", json{{"datetime", "2026-01-02 01:00:00"}}})},
                             {"19", counts("Rất hài lòng", 0, 0, 0)},
                             {"22", row({"", "Tỷ lệ hài lòng", "—"})}}}};
    CHECK(runChecker(dir / "empty.csv", dir / "empty.xlsx", expected, dir) == 0);
}

TEST_CASE("writing the human-readable workbook of the same batch twice gives the same bytes", "[human]") {
    TempDir dir;
    writeResponsesWorkbook(dir / "a.xlsx", testHeader(), testResponses());
    writeResponsesWorkbook(dir / "b.xlsx", testHeader(), testResponses());
    const std::string a = readAll(dir / "a.xlsx");
    REQUIRE(a.rfind("PK", 0) == 0);
    CHECK(a == readAll(dir / "b.xlsx"));
}

TEST_CASE("a human-readable file that cannot be written throws with its path and leaves nothing", "[human]") {
    TempDir dir;
    const std::filesystem::path csv = dir / "no-such-folder" / "batch.csv";
    const std::filesystem::path xlsx = dir / "no-such-folder" / "batch.xlsx";
    REQUIRE_THROWS_WITH(writeResponsesCsv(csv, testHeader(), testResponses()),
                        Catch::Contains(csv.string()) && Catch::Contains("No such file or directory"));
    REQUIRE_THROWS_WITH(writeResponsesWorkbook(xlsx, testHeader(), testResponses()), Catch::Contains(xlsx.string()));
    CHECK_FALSE(std::filesystem::exists(dir / "no-such-folder"));
}

TEST_CASE("a questionnaire of the batch that does not load stops the human-readable files with its name", "[human]") {
    TempDir dir;
    BatchHeader header = testHeader();
    header.questionnaires[1].source = "format = \"hailong-questionnaire/1\"\nid = \"sipas\"\n";
    REQUIRE_THROWS_WITH(writeResponsesCsv(dir / "batch.csv", header, testResponses()),
                        Catch::Contains("sipas v2") && Catch::Contains((dir / "batch.csv").string()));
    REQUIRE_THROWS_WITH(writeResponsesWorkbook(dir / "batch.xlsx", header, testResponses()),
                        Catch::Contains("sipas v2"));
}
