#include "hq/report.h"

#include "hq/hq_tally.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <string_view>
#include <unordered_map>

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
        {"month", ReportBy::Month},     {"province", ReportBy::Province}, {"counter", ReportBy::Counter}};
    const auto it = names.find(name);
    if (it == names.end()) return std::nullopt;
    return it->second;
}

std::optional<ReportSort> reportSortFromName(const std::string& name) {
    static const std::map<std::string, ReportSort> names{{"key", ReportSort::Key},
                                                         {"name", ReportSort::Name},
                                                         {"ratings", ReportSort::Ratings},
                                                         {"rate", ReportSort::Rate}};
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
    held += o.held;
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

/// Sums tallies into report rows, one per group. Where a tally goes depends on its context
/// (the unit, officer, procedure it was given under) and, through the unit registry, on its date:
/// both are looked up once per context and period.
class Grouper {
public:
    /// unitContexts: the report reads only tallies of unit contexts (no officer, no procedure).
    Grouper(const HqStore& store, const ReportQuery& query, const UnitRegistry& registry, bool unitContexts)
        : m_by(query.by), m_query(query), m_registry(registry) {
        auto contexts = store.tallyContexts(unitContexts);
        m_contexts.reserve(contexts.size());
        for (auto& [number, c] : contexts) {
            const auto id = static_cast<std::size_t>(number);
            if (id >= m_contextSlot.size()) m_contextSlot.resize(id + 1, -1);
            m_contextSlot[id] = static_cast<std::int32_t>(m_contexts.size());
            m_contexts.push_back(std::move(c));
        }
    }

    /// One tally row: n responses (IsResponse) or answers of one value.
    void add(std::int64_t period, bool periodIsMonth, std::int64_t context, std::string_view question,
             std::string_view scale, std::string_view value, int flags, std::int64_t n, std::int64_t dossiers) {
        if (n == 0 && dossiers == 0) return;
        const Placement& place = placement(period, periodIsMonth, context);
        if (!place.included) return;
        const bool isResponse = (flags & tally::IsResponse) != 0;
        const auto group = static_cast<std::size_t>(groupOf(period, periodIsMonth, place, question));
        ReportRow& row = m_rows[group];
        if (flags & tally::Held) {  // its batch is held apart: under data quality only
            if (isResponse) row.held += n;
            return;
        }
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
            if (inShare(scale, value)) {  // "not yet" is shown among the values only
                row.ratings += n;
                if (isResponse && place.unregistered >= 0)
                    m_unregistered[static_cast<std::size_t>(place.unregistered)].second += n;
            }
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
            for (const auto& [value, n] : m_values[static_cast<std::size_t>(index)]) row.values[value] += n;
            out.push_back(std::move(row));
        }
        return out;
    }

    std::vector<std::pair<std::string, std::int64_t>> unregistered() const {
        std::vector<std::pair<std::string, std::int64_t>> out;
        for (const auto& u : m_unregistered)
            if (u.second > 0) out.push_back(u);
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    /// Where the tallies of one context and period go.
    struct Placement {
        bool included = true;   ///< under the unit asked for (--under)
        int group = -1;         ///< by unit, province, level, officer, procedure: the group
        int unregistered = -1;  ///< index into m_unregistered: the unit code is not in the registry
    };

    const Placement& placement(std::int64_t period, bool periodIsMonth, std::int64_t context) {
        const std::int64_t key = context * (std::int64_t{1} << 25) + (periodIsMonth ? (std::int64_t{1} << 24) : 0) +
                                 (period & ((std::int64_t{1} << 24) - 1));
        const auto known = m_placements.find(key);
        if (known != m_placements.end()) return known->second;
        return m_placements[key] = place(periodIsMonth ? firstDayOfMonth(period) : period, context);
    }

    Placement place(std::int64_t day, std::int64_t context) {
        static const TallyContext none;
        const auto id = static_cast<std::size_t>(context);
        const std::int32_t slot = id < m_contextSlot.size() ? m_contextSlot[id] : -1;
        const TallyContext& c = slot >= 0 ? m_contexts[static_cast<std::size_t>(slot)] : none;
        Placement p;
        const UnitRow* unit = m_registry.find(c.unitCode, day);
        if (unit == nullptr) {
            const auto it = m_unregisteredIndex.find(c.unitCode);
            if (it != m_unregisteredIndex.end()) p.unregistered = it->second;
            else {
                p.unregistered = static_cast<int>(m_unregistered.size());
                m_unregistered.emplace_back(c.unitCode, 0);
                m_unregisteredIndex.emplace(c.unitCode, p.unregistered);
            }
        }
        const std::int64_t at = m_query.asOfDay.value_or(day);  // the registry's date for parents
        if (unit && m_query.asOfDay) unit = m_registry.currentAt(*unit, *m_query.asOfDay);
        if (!m_query.under.empty()) p.included = unit != nullptr && isUnder(*unit, at);
        if (!p.included) return p;  // no group for it: it is not in this report
        switch (m_by) {
        case ReportBy::Unit: p.group = unit ? groupOfUnit(*unit, at) : groupUnregistered(c); break;
        case ReportBy::Province:
            p.group = unit ? groupOfUnit(provinceOf(*unit, at), at) : groupUnregistered(TallyContext{});
            break;
        case ReportBy::Level: {
            const std::string& level = unit && m_query.asOfDay ? unit->level : c.unitLevel;
            p.group = groupNamed(level, level);
            break;
        }
        case ReportBy::Officer: p.group = groupNamed(c.officerId, c.officerId); break;
        case ReportBy::Counter: p.group = groupOfCounter(unit, c, at); break;
        case ReportBy::Procedure: p.group = groupNamed(c.procedureCode, c.procedureCode); break;
        default: break;
        }
        return p;
    }

    /// The province u rolls up into on day, as of the query's date if it has one.
    const UnitRow& provinceOf(const UnitRow& u, std::int64_t day) const {
        const UnitRow* p = &m_registry.rollUpOf(u, day);
        if (m_query.asOfDay) p = &m_registry.rollUpOf(*m_registry.currentAt(*p, day), day);
        return *p;
    }

    /// True if u or one of its ancestors (each taken as of the query's date) is query.under.
    bool isUnder(const UnitRow& u, std::int64_t day) const {
        const UnitRow* x = &u;
        for (int step = 0; x != nullptr && step < 32; ++step) {
            if (m_query.asOfDay) x = m_registry.currentAt(*x, day);
            if (x->code == m_query.under) return true;
            x = m_registry.parentOf(*x, day);
        }
        return false;
    }

    int groupOfUnit(const UnitRow& u, std::int64_t day) {
        const std::string key = u.code + '\x1f' + std::to_string(u.validFrom);
        const auto it = m_groups.find(key);
        if (it != m_groups.end()) return it->second;
        const int g = groupNamed(key, u.code);
        ReportRow& row = m_rows[static_cast<std::size_t>(g)];
        row.label = u.nameVi;
        row.level = u.level;
        row.endedOn = u.validToString();
        if (m_by == ReportBy::Unit) {
            const UnitRow& p = provinceOf(u, day);
            row.province = p.code;
            row.provinceLabel = p.nameVi;
        }
        return g;
    }

    /// A counter of a unit (as placed: its successor's as of the query's date), or of a unit
    /// code the registry does not know: "UNIT/counter", named by the counter, with the unit's
    /// level and province as by unit.
    int groupOfCounter(const UnitRow* u, const TallyContext& c, std::int64_t day) {
        const std::string code = u ? u->code : c.unitCode;
        const std::string key = code + '\x1d' + (u ? std::to_string(u->validFrom) : std::string("?")) + '\x1d' +
                                c.counter;
        const auto it = m_groups.find(key);
        if (it != m_groups.end()) return it->second;
        const int g = groupNamed(key, code + "/" + c.counter);
        ReportRow& row = m_rows[static_cast<std::size_t>(g)];
        row.label = c.counter.empty() ? "(không rõ quầy)" : c.counter;
        if (u) {
            row.level = u->level;
            row.endedOn = u->validToString();
            const UnitRow& p = provinceOf(*u, day);
            row.province = p.code;
            row.provinceLabel = p.nameVi;
        } else {
            row.registered = false;
            row.level = c.unitLevel;
        }
        return g;
    }

    int groupUnregistered(const TallyContext& c) {
        const std::string key = c.unitCode + '\x1e';
        const auto it = m_groups.find(key);
        if (it != m_groups.end()) return it->second;
        const int g = groupNamed(key, c.unitCode);
        ReportRow& row = m_rows[static_cast<std::size_t>(g)];
        row.registered = false;
        row.label = m_by == ReportBy::Unit ? c.unitName : "(không có trong danh mục đơn vị / not in the unit registry)";
        row.level = c.unitLevel;
        return g;
    }

    int groupNamed(std::string_view key, std::string_view shown) {
        const auto it = m_groups.find(key);
        if (it != m_groups.end()) return it->second;
        m_rows.emplace_back();
        m_rows.back().key = std::string(shown);
        m_values.emplace_back();
        return m_groups.emplace(std::string(key), static_cast<int>(m_rows.size() - 1)).first->second;
    }

    int groupOf(std::int64_t period, bool periodIsMonth, const Placement& place, std::string_view question) {
        switch (m_by) {
        case ReportBy::Question: return groupNamed(question, question);
        case ReportBy::Day:
        case ReportBy::Month: {
            const std::int64_t key = m_by == ReportBy::Day ? period : periodIsMonth ? period : monthOfDay(period);
            const auto known = m_periodGroup.find(key);
            if (known != m_periodGroup.end()) return known->second;
            const std::string name = m_by == ReportBy::Day ? dayString(key) : monthString(key);
            return m_periodGroup[key] = groupNamed(name, name);
        }
        default: return place.group;
        }
    }

    ReportBy m_by;
    const ReportQuery& m_query;
    const UnitRegistry& m_registry;
    std::vector<TallyContext> m_contexts;     ///< the contexts read
    std::vector<std::int32_t> m_contextSlot;  ///< by the store's context number: index in m_contexts, -1 none
    std::unordered_map<std::int64_t, Placement> m_placements;  ///< by context and period
    std::map<std::string, int, std::less<>> m_groups;          ///< by an internal key
    std::vector<ReportRow> m_rows;
    std::vector<std::vector<std::pair<std::string, std::int64_t>>> m_values;  ///< by group: main answers per value
    std::map<std::int64_t, int> m_periodGroup;                                ///< by day or month number
    std::vector<std::pair<std::string, std::int64_t>> m_unregistered;         ///< unit code, ratings
    std::map<std::string, int, std::less<>> m_unregisteredIndex;
};

/// The query's order, and its top/bottom N.
void order(Report& report) {
    const ReportQuery& q = report.query;
    std::vector<ReportRow>& rows = report.rows;
    for (ReportRow& row : rows) row.fewRatings = row.ratings < q.minRatings;
    const auto rate = [](const ReportRow& r) { return percentOf(r.satisfied, r.ratings); };
    const auto byKey = [](const ReportRow& a, const ReportRow& b) {
        return std::tie(a.key, a.endedOn, a.label) < std::tie(b.key, b.endedOn, b.label);
    };
    const auto levelRank = [](const std::string& level) {
        static const std::vector<std::string> order{"central", "province", "district", "commune"};
        return static_cast<std::size_t>(std::find(order.begin(), order.end(), level) - order.begin());
    };
    const auto higher = [&](const ReportRow& a, const ReportRow& b) {  // ranked first, then by rate
        if (a.fewRatings != b.fewRatings) return b.fewRatings;
        if (rate(a) != rate(b)) return rate(a) > rate(b);
        if (a.ratings != b.ratings) return a.ratings > b.ratings;
        return byKey(a, b);
    };
    switch (q.sort) {
    case ReportSort::Key:
        if (q.by == ReportBy::Level)  // from the top down, not alphabetically
            std::stable_sort(rows.begin(), rows.end(), [&](const ReportRow& a, const ReportRow& b) {
                return levelRank(a.key) < levelRank(b.key);
            });
        else std::stable_sort(rows.begin(), rows.end(), byKey);
        break;
    case ReportSort::Name:
        std::stable_sort(rows.begin(), rows.end(), [&](const ReportRow& a, const ReportRow& b) {
            return std::tie(a.label, a.key) < std::tie(b.label, b.key);
        });
        break;
    case ReportSort::Ratings:
        std::stable_sort(rows.begin(), rows.end(), [&](const ReportRow& a, const ReportRow& b) {
            return a.ratings != b.ratings ? a.ratings > b.ratings : byKey(a, b);
        });
        break;
    case ReportSort::Rate: std::stable_sort(rows.begin(), rows.end(), higher); break;
    }
    report.groups = rows.size();
    if (q.top == 0 && q.bottom == 0) return;
    std::vector<ReportRow> ranked;
    for (ReportRow& r : rows)
        if (!r.fewRatings) ranked.push_back(std::move(r));
    report.notRanked = rows.size() - ranked.size();
    std::stable_sort(ranked.begin(), ranked.end(), higher);
    std::vector<ReportRow> out;
    const std::size_t top = std::min(q.top, ranked.size());
    for (std::size_t i = 0; i < top; ++i) out.push_back(ranked[i]);
    const std::size_t bottom = std::min(q.bottom, ranked.size() - top);  // never a group twice
    for (std::size_t i = 0; i < bottom; ++i) out.push_back(ranked[ranked.size() - bottom + i]);
    rows = std::move(out);
}

}  // namespace

Report buildReport(const HqStore& store, const ReportQuery& query) {
    Report report;
    report.query = query;
    const Spans spans = spansOf(query);
    if (!spans.days.empty() &&
        (query.by == ReportBy::Officer || query.by == ReportBy::Procedure || query.by == ReportBy::Counter))
        throw ReportError("a report by officer, by procedure or by counter counts whole months: start it on the "
                          "first day of a month and end it on the last day of one (báo cáo theo cán bộ, thủ tục "
                          "hoặc quầy tính theo tháng trọn vẹn: từ ngày đầu tháng đến ngày cuối tháng)");
    const UnitRegistry registry = store.registry();
    if (!query.under.empty()) {
        const UnitRow* under = registry.find(query.under, query.asOfDay.value_or(UnitRow::Open));
        if (under == nullptr)
            throw ReportError("--under " + query.under +
                              ": no such unit in the registry; `hailong hq units` lists "
                              "them (không có đơn vị này trong danh mục)");
        report.underLabel = under->nameVi;
    }
    // Whole months: per unit (the counter is in the unit's context), unless the report needs the
    // officer or the procedure; days are kept per unit only.
    const bool wholeContexts = query.by == ReportBy::Officer || query.by == ReportBy::Procedure;
    Grouper groups(store, query, registry, !wholeContexts);
    const auto scan = [&](TallyPeriod period, std::int64_t from, std::int64_t to) {
        const bool months = period != TallyPeriod::Day;
        store.forEachTally(period, from, to, [&](const TallyRowView& t) {
            groups.add(t.period, months, t.context, t.question, t.scale, t.value, t.flags, t.n, t.dossiers);
        });
    };
    if (spans.months)
        scan(wholeContexts ? TallyPeriod::Month : TallyPeriod::UnitMonth, spans.months->first, spans.months->second);
    for (const auto& [from, to] : spans.days) scan(TallyPeriod::Day, from, to);
    report.unregistered = groups.unregistered();
    report.rows = std::move(groups).rows();
    for (const ReportRow& row : report.rows) report.total += row;
    order(report);
    return report;
}

namespace {
std::vector<std::vector<std::string>> cells(const Report& r, bool withTotal) {
    std::vector<std::vector<std::string>> out;
    out.push_back({"group", "name", "ratings", "satisfied", "satisfied %", "SIPAS answers", "SIPAS top-2 %", "dossiers",
                   "dossiers satisfied % (766)", "misuse (apart)", "superseded", "clock-suspect", "province", "note"});
    auto add = [&](const ReportRow& row, const std::string& key, const std::string& note) {
        out.push_back({key, row.label + (row.endedOn.empty() ? "" : " (–" + row.endedOn + ")"),
                       std::to_string(row.ratings), std::to_string(row.satisfied),
                       formatPercent(percentOf(row.satisfied, row.ratings)), std::to_string(row.sipasAnswers),
                       formatPercent(percentOf(row.sipasTop2, row.sipasAnswers)), std::to_string(row.dossiers),
                       formatPercent(percentOf(row.dossiers - row.dossiersNotSatisfied, row.dossiers)),
                       std::to_string(row.misuse), std::to_string(row.superseded), std::to_string(row.clockSuspect),
                       row.province, note});
    };
    for (const ReportRow& row : r.rows) {
        std::string note;
        if (!row.registered) note = "not in the unit registry";
        if (row.fewRatings)
            note += (note.empty() ? "" : "; ") + std::string("fewer than ") + std::to_string(r.query.minRatings) +
                    " ratings: not ranked";
        add(row, row.key.empty() ? "(none)" : row.key, note);
    }
    if (withTotal)
        add(r.total, "TOTAL",
            r.rows.size() < r.groups ? "all " + std::to_string(r.groups) + " groups, not only those shown" : "");
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
    if (r.rows.size() < r.groups)
        out += "Shown: " + std::to_string(r.rows.size()) + " of " + std::to_string(r.groups) + " groups; " +
               std::to_string(r.notRanked) + " with fewer than " + std::to_string(r.query.minRatings) +
               " ratings not ranked (hiển thị " + std::to_string(r.rows.size()) + "/" + std::to_string(r.groups) +
               " nhóm)\n";
    if (r.total.held > 0)
        out += "Held apart, not counted until an analyst decides (forks, overlapping ranges, chain breaks): " +
               std::to_string(r.total.held) + " responses; `hailong hq held` lists their batches (" +
               std::to_string(r.total.held) + " đánh giá bị giữ riêng, chưa tính)\n";
    if (!r.unregistered.empty()) {
        std::int64_t ratings = 0;
        for (const auto& u : r.unregistered) ratings += u.second;
        out += "Not in the unit registry (counted all the same): " + std::to_string(r.unregistered.size()) +
               " unit code(s), " + std::to_string(ratings) + " ratings; `hailong hq units check` lists them\n";
    }
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
