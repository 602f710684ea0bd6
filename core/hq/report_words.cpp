#include "hq/report_words.h"

#include <algorithm>

namespace hailong::core {

namespace {

/// The words of a grouping: what the rows are, and the heading of their key column.
struct GroupingWords {
    Words group;
    Words key;
};

GroupingWords groupingWords(ReportBy by) {
    switch (by) {
    case ReportBy::Unit: return {{"đơn vị", "unit"}, {"Mã đơn vị", "Unit code"}};
    case ReportBy::Province: return {{"tỉnh, thành phố", "province"}, {"Mã tỉnh", "Province code"}};
    case ReportBy::Level: return {{"cấp", "unit level"}, {"Cấp", "Level"}};
    case ReportBy::Procedure: return {{"thủ tục", "procedure"}, {"Mã thủ tục", "Procedure code"}};
    case ReportBy::Officer: return {{"cán bộ", "officer"}, {"Mã cán bộ", "Officer ID"}};
    case ReportBy::Counter: return {{"quầy", "counter"}, {"Đơn vị/quầy", "Unit/counter"}};
    case ReportBy::Question: return {{"câu hỏi", "question"}, {"Câu hỏi", "Question"}};
    case ReportBy::Day: return {{"ngày", "day"}, {"Ngày", "Day"}};
    case ReportBy::Month: return {{"tháng", "month"}, {"Tháng", "Month"}};
    }
    return {{"nhóm", "group"}, {"Nhóm", "Group"}};
}

}  // namespace

Words groupWords(ReportBy by) { return groupingWords(by).group; }

Words keyHeading(ReportBy by) { return groupingWords(by).key; }

const std::vector<AnswerLevel>& answerLevels() {
    static const std::vector<AnswerLevel> levels = {
        {"very_satisfied", {"Rất hài lòng", "Very satisfied"}},                         // three-level and SIPAS
        {"satisfied", {"Hài lòng", "Satisfied"}},                                       // three-level and SIPAS
        {"neutral", {"Bình thường", "Neutral"}},                                        // SIPAS
        {"not_satisfied", {"Không hài lòng", "Not satisfied"}},                         // three-level
        {"dissatisfied", {"Không hài lòng (thang 5 mức)", "Dissatisfied (5 levels)"}},  // SIPAS
        {"very_dissatisfied", {"Rất không hài lòng", "Very dissatisfied"}},             // SIPAS
        {"5", {"5 sao", "5 stars"}},
        {"4", {"4 sao", "4 stars"}},
        {"3", {"3 sao", "3 stars"}},
        {"2", {"2 sao", "2 stars"}},
        {"1", {"1 sao", "1 star"}},
        {"yes", {"Có", "Yes"}},
        {"no", {"Không", "No"}},
        {"not_yet", {"Chưa nhận kết quả", "Result not received yet"}},
    };
    return levels;
}

const AnswerLevel* answerLevel(const std::string& value) {
    const auto& levels = answerLevels();
    const auto it = std::find_if(levels.begin(), levels.end(), [&](const AnswerLevel& l) { return value == l.value; });
    return it == levels.end() ? nullptr : &*it;
}

std::vector<std::string> valuesInReportOrder(const std::map<std::string, std::int64_t>& counts) {
    const auto place = [](const std::string& value) {
        const AnswerLevel* level = answerLevel(value);
        return level ? level - answerLevels().data() : static_cast<std::ptrdiff_t>(answerLevels().size());
    };
    std::vector<std::string> values;
    for (const auto& entry : counts) values.push_back(entry.first);  // in byte order
    std::stable_sort(values.begin(), values.end(),
                     [&](const std::string& a, const std::string& b) { return place(a) < place(b); });
    return values;
}

const Words DataQualityWords = {"Chất lượng dữ liệu", "Data quality"};
const Words NothingToNoteWords = {"Không ghi nhận vấn đề nào.", "No problem recorded."};

}  // namespace hailong::core
