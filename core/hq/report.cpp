#include "hq/report.h"

#include "hq/hq_tally.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <string_view>

namespace hailong::core {

namespace {

/// +1 a positive rating, -1 a negative one, 0 neutral or not a rating scale.
int polarity(std::string_view scale, std::string_view value) {
    if (scale == "three_level")
        return value == "not_satisfied" ? -1 : value == "satisfied" || value == "very_satisfied" ? 1 : 0;
    if (scale == "sipas5")
        return value == "satisfied" || value == "very_satisfied"         ? 1
               : value == "dissatisfied" || value == "very_dissatisfied" ? -1
                                                                         : 0;
    if (scale == "star5") return value == "4" || value == "5" ? 1 : value == "1" || value == "2" ? -1 : 0;
    if (scale == "yes_no") return value == "yes" ? 1 : value == "no" ? -1 : 0;
    return 0;
}
bool isRatingScale(std::string_view scale) {
    return scale == "three_level" || scale == "sipas5" || scale == "star5" || scale == "yes_no";
}
/// True for an answer counted in the share of its question. "Not yet" (the answer a yes_no
/// question may add: the result is not returned yet) is neither a yes nor a no.
bool inShare(std::string_view scale, std::string_view value) { return !(scale == "yes_no" && value == "not_yet"); }

}  // namespace

std::optional<ReportBy> reportByFromName(const std::string& name) {
    static const std::map<std::string, ReportBy> names{
        {"unit", ReportBy::Unit},       {"level", ReportBy::Level},       {"procedure", ReportBy::Procedure},
        {"officer", ReportBy::Officer}, {"question", ReportBy::Question}, {"day", ReportBy::Day},
        {"month", ReportBy::Month}};
    const auto it = names.find(name);
    if (it == names.end()) return std::nullopt;
    return it->second;
}

ReportRow& ReportRow::operator+=(const ReportRow& o) {
    ratings += o.ratings;
    satisfied += o.satisfied;
    sipasAnswers += o.sipasAnswers;
    sipasTop2 += o.sipasTop2;
    dossiers += o.dossiers;
    dossiersNotSatisfied += o.dossiersNotSatisfied;
    misuse += o.misuse;
    superseded += o.superseded;
    clockSuspect += o.clockSuspect;
    for (const auto& [v, n] : o.values) values[v] += n;
    return *this;
}

double percentOf(std::int64_t part, std::int64_t whole) {
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

std::string formatPercent(double percent) {
    // Half up, as official reports and spreadsheets round (12.125% is 12.13%, not printf's tie
    // to even); the 1e-9 absorbs a product like 12.125 * 100 landing just under 1212.5.
    const auto hundredths = static_cast<long long>(std::floor(std::fabs(percent) * 100.0 + 0.5 + 1e-9));
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s%lld.%02lld%%", percent < 0 && hundredths != 0 ? "-" : "", hundredths / 100,
                  hundredths % 100);
    return buf;
}

namespace {

/// Where the report's tallies come from: whole months from the month table, the days of
/// months only partly asked for (and every day, for a report by day) from the day table.
struct Spans {
    std::optional<std::pair<std::int64_t, std::int64_t>> months;  ///< month numbers, inclusive
    std::vector<std::pair<std::int64_t, std::int64_t>> days;      ///< day numbers, inclusive
};

Spans spansOf(const ReportQuery& q) {
    constexpr std::int64_t Low = std::numeric_limits<std::int32_t>::min(),
                           High = std::numeric_limits<std::int32_t>::max();
    const std::int64_t from = q.fromDay.value_or(Low), to = q.toDay.value_or(High);
    Spans s;
    if (from > to) return s;
    if (q.by == ReportBy::Day) {
        s.days.emplace_back(from, to);
        return s;
    }
    // The whole months inside [from, to].
    const std::int64_t firstMonth = q.fromDay ? monthOfDay(from) + (firstDayOfMonth(monthOfDay(from)) == from ? 0 : 1)
                                              : Low;
    const std::int64_t lastMonth = q.toDay ? monthOfDay(to) - (firstDayOfMonth(monthOfDay(to) + 1) == to + 1 ? 0 : 1)
                                           : High;
    if (firstMonth > lastMonth) {
        s.days.emplace_back(from, to);
        return s;
    }
    s.months.emplace(firstMonth, lastMonth);
    if (q.fromDay && from < firstDayOfMonth(firstMonth)) s.days.emplace_back(from, firstDayOfMonth(firstMonth) - 1);
    if (q.toDay && to >= firstDayOfMonth(lastMonth + 1)) s.days.emplace_back(firstDayOfMonth(lastMonth + 1), to);
    return s;
}

/// Sums tallies into report rows, one per group.
class Grouper {
public:
    Grouper(const HqStore& store, ReportBy by) : m_by(by) {
        for (const auto& [number, c] : store.tallyContexts()) {
            const auto id = static_cast<std::size_t>(number);
            if (id >= m_contextGroup.size()) {
                m_contextGroup.resize(id + 1, -1);
                m_contextKey.resize(id + 1);
            }
            switch (by) {
            case ReportBy::Unit: m_contextKey[id] = {c.unitCode, c.unitName}; break;
            case ReportBy::Level: m_contextKey[id] = {c.unitLevel, ""}; break;
            case ReportBy::Officer: m_contextKey[id] = {c.officerId, ""}; break;
            case ReportBy::Procedure: m_contextKey[id] = {c.procedureCode, ""}; break;
            default: break;
            }
        }
    }

    /// One tally row: n responses (IsResponse) or answers of one value.
    void add(std::int64_t period, bool periodIsMonth, std::int64_t context, std::string_view question,
             std::string_view scale, std::string_view value, int flags, std::int64_t n, std::int64_t dossiers) {
        if (n == 0 && dossiers == 0) return;
        const auto group = static_cast<std::size_t>(groupOf(period, periodIsMonth, context, question));
        ReportRow& row = m_rows[group];
        const bool isResponse = (flags & tally::IsResponse) != 0;
        const bool byQuestion = m_by == ReportBy::Question;
        if (isResponse || byQuestion) {  // the response's own status, once (or once an answer, by question)
            if (flags & tally::Misuse) {
                row.misuse += n;
                return;
            }
            if (flags & tally::Superseded) {
                row.superseded += n;
                return;
            }
            if (flags & tally::ClockSuspect) row.clockSuspect += n;
        } else if (flags & (tally::Misuse | tally::Superseded)) {
            return;
        }
        const int sign = polarity(scale, value);
        if ((isResponse || byQuestion) && isRatingScale(scale)) {
            if (inShare(scale, value)) row.ratings += n;  // "not yet" is shown among the values only
            if (sign > 0) row.satisfied += n;
            auto& values = m_values[group];  // a few values a group: no map, no allocation a row
            auto v = std::find_if(values.begin(), values.end(), [&](const auto& x) { return x.first == value; });
            if (v == values.end()) v = values.insert(values.end(), {std::string(value), 0});
            v->second += n;
        }
        if (scale == "sipas5") {
            row.sipasAnswers += n;
            if (sign > 0) row.sipasTop2 += n;
        }
        if (isResponse && !byQuestion) {
            row.dossiers += dossiers;
            if (sign < 0) row.dossiersNotSatisfied += dossiers;
        }
    }

    std::vector<ReportRow> rows() && {
        std::vector<ReportRow> out;
        for (const auto& [key, index] : m_groups) {
            ReportRow& row = m_rows[static_cast<std::size_t>(index)];
            row.key = key;
            for (const auto& [value, n] : m_values[static_cast<std::size_t>(index)]) row.values[value] += n;
            out.push_back(std::move(row));
        }
        if (m_by == ReportBy::Level) {  // from the top down, not alphabetically
            const auto rank = [](const std::string& level) {
                static const std::vector<std::string> order{"central", "province", "district", "commune"};
                return static_cast<std::size_t>(std::find(order.begin(), order.end(), level) - order.begin());
            };
            std::stable_sort(out.begin(), out.end(),
                             [&](const ReportRow& a, const ReportRow& b) { return rank(a.key) < rank(b.key); });
        }
        return out;
    }

private:
    int groupNamed(std::string_view key) {
        const auto it = m_groups.find(key);
        if (it != m_groups.end()) return it->second;
        m_rows.emplace_back();
        m_values.emplace_back();
        return m_groups.emplace(std::string(key), static_cast<int>(m_rows.size() - 1)).first->second;
    }
    int groupOf(std::int64_t period, bool periodIsMonth, std::int64_t context, std::string_view question) {
        switch (m_by) {
        case ReportBy::Question: return groupNamed(question);
        case ReportBy::Day:
        case ReportBy::Month: {
            const std::int64_t key = m_by == ReportBy::Day ? period : periodIsMonth ? period : monthOfDay(period);
            const auto known = m_periodGroup.find(key);
            if (known != m_periodGroup.end()) return known->second;
            return m_periodGroup[key] = groupNamed(m_by == ReportBy::Day ? dayString(key) : monthString(key));
        }
        default: break;
        }
        const auto id = static_cast<std::size_t>(context);
        if (id >= m_contextGroup.size()) return groupNamed("");
        if (m_contextGroup[id] < 0) {  // first seen: its group, and the unit's name
            m_contextGroup[id] = groupNamed(m_contextKey[id].first);
            if (!m_contextKey[id].second.empty())
                m_rows[static_cast<std::size_t>(m_contextGroup[id])].label = m_contextKey[id].second;
        }
        return m_contextGroup[id];
    }

    ReportBy m_by;
    std::vector<int> m_contextGroup;  ///< by context id, for the groups a context decides (-1: not seen yet)
    std::vector<std::pair<std::string, std::string>> m_contextKey;  ///< by context id: group key and label
    std::map<std::string, int, std::less<>> m_groups;
    std::vector<ReportRow> m_rows;
    std::vector<std::vector<std::pair<std::string, std::int64_t>>> m_values;  ///< by group: main answers per value
    std::map<std::int64_t, int> m_periodGroup;                                ///< by day or month number
};

}  // namespace

Report buildReport(const HqStore& store, const ReportQuery& query) {
    Report report;
    report.query = query;
    const Spans spans = spansOf(query);
    if (!spans.days.empty() && (query.by == ReportBy::Officer || query.by == ReportBy::Procedure))
        throw ReportError("a report by officer or by procedure counts whole months: start it on the first day of "
                          "a month and end it on the last day of one (báo cáo theo cán bộ hoặc thủ tục tính theo "
                          "tháng trọn vẹn: từ ngày đầu tháng đến ngày cuối tháng)");
    Grouper groups(store, query.by);
    const auto scan = [&](TallyPeriod period, std::int64_t from, std::int64_t to) {
        const bool months = period == TallyPeriod::Month;
        store.forEachTally(period, from, to, [&](const TallyRowView& t) {
            groups.add(t.period, months, t.context, t.question, t.scale, t.value, t.flags, t.n, t.dossiers);
        });
    };
    if (spans.months) scan(TallyPeriod::Month, spans.months->first, spans.months->second);
    for (const auto& [from, to] : spans.days) scan(TallyPeriod::Day, from, to);
    report.rows = std::move(groups).rows();
    for (const ReportRow& row : report.rows) report.total += row;
    return report;
}

namespace {
std::vector<std::vector<std::string>> cells(const Report& r, bool withTotal) {
    std::vector<std::vector<std::string>> out;
    out.push_back({"group", "name", "ratings", "satisfied", "satisfied %", "SIPAS answers", "SIPAS top-2 %", "dossiers",
                   "dossiers satisfied % (766)", "misuse (apart)", "superseded", "clock-suspect"});
    auto add = [&](const ReportRow& row, const std::string& key) {
        out.push_back({key, row.label, std::to_string(row.ratings), std::to_string(row.satisfied),
                       formatPercent(percentOf(row.satisfied, row.ratings)), std::to_string(row.sipasAnswers),
                       formatPercent(percentOf(row.sipasTop2, row.sipasAnswers)), std::to_string(row.dossiers),
                       formatPercent(percentOf(row.dossiers - row.dossiersNotSatisfied, row.dossiers)),
                       std::to_string(row.misuse), std::to_string(row.superseded), std::to_string(row.clockSuspect)});
    };
    for (const ReportRow& row : r.rows) add(row, row.key.empty() ? "(none)" : row.key);
    if (withTotal) add(r.total, "TOTAL");
    return out;
}
}  // namespace

std::string reportTable(const Report& r) {
    const auto rows = cells(r, true);
    std::vector<std::size_t> width(rows[0].size(), 0);
    auto length = [](const std::string& s) {  // code points, for Vietnamese names
        std::size_t n = 0;
        for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        return n;
    };
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], length(row[i]));
    std::string out;
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            out += row[i];
            if (i + 1 < row.size()) out += std::string(width[i] - length(row[i]) + 2, ' ');
        }
        out += '\n';
    }
    out += "Headline (event-based, misuse excluded): " + formatPercent(percentOf(r.total.satisfied, r.total.ratings)) +
           " hài lòng\n";
    return out;
}

std::string reportCsv(const Report& r) {
    std::string out;
    for (const auto& row : cells(r, true)) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) out += ',';
            const std::string& c = row[i];
            if (c.find_first_of(",\"\r\n") == std::string::npos) {
                out += c;
                continue;
            }
            out += '"';
            for (char ch : c) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            out += '"';
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace hailong::core
