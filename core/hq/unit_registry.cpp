#include "hq/unit_registry.h"

#include "base/strings.h"  // embeddedAsset()
#include "hq/hq_tally.h"   // dayString, dayFromString

#include <algorithm>
#include <functional>
#include <set>
#include <stdexcept>
#include <tuple>

namespace hailong::core {

namespace {

constexpr int MaxDepth = 32;  // parents and successors: far more than the state has levels

RegistryProblem problem(const UnitRow& row, std::string en, std::string vi) {
    return RegistryProblem{row.file, row.line, Text{std::move(vi), std::move(en)}};
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

std::int64_t twoLevelStateDay() {
    static const std::int64_t day = *dayFromString("2025-07-01");
    return day;
}

std::string UnitRow::validToString() const { return validTo == Open ? "" : dayString(validTo); }
std::string UnitRow::validFromString() const { return validFrom == Always ? "" : dayString(validFrom); }

std::string RegistryProblem::describe() const {
    std::string where = file;
    if (line > 0) where += ":" + std::to_string(line);
    return where + ": " + message.en + " (" + message.vi + ")";
}

const std::vector<UnitRow>& builtInUnits() {
    static const std::vector<UnitRow> rows = [] {
        auto file = parseRegistryCsv(embeddedAsset("registry/provinces.csv"), "<built-in>/registry/provinces.csv");
        if (!file)
            throw std::logic_error("the built-in unit registry does not read: " + file.error().front().describe());
        for (UnitRow& r : file->rows) r.file = "built-in";
        return file->rows;
    }();
    return rows;
}

Expected<UnitRegistry, RegistryProblems> UnitRegistry::make(std::vector<UnitRow> rows) {
    UnitRegistry reg = built(std::move(rows));
    if (!reg.m_problems.empty()) return unexpected(reg.m_problems);
    return reg;
}

UnitRegistry UnitRegistry::built(std::vector<UnitRow> rows) {
    UnitRegistry reg;
    reg.m_rows = std::move(rows);
    RegistryProblems problems;
    for (std::size_t i = 0; i < reg.m_rows.size(); ++i) reg.m_byCode[reg.m_rows[i].code].push_back(i);
    for (auto& [code, list] : reg.m_byCode) {
        std::sort(list.begin(), list.end(),
                  [&](std::size_t a, std::size_t b) { return reg.m_rows[a].validFrom < reg.m_rows[b].validFrom; });
        for (std::size_t k = 1; k < list.size(); ++k) {
            const UnitRow& before = reg.m_rows[list[k - 1]];
            const UnitRow& row = reg.m_rows[list[k]];
            const std::string at = before.file + (before.line ? ":" + std::to_string(before.line) : "");
            if (row.validFrom == before.validFrom && row.validTo == before.validTo)
                problems.push_back(problem(row, "duplicate code " + quoted(code) + ": also on " + at,
                                           "trùng mã " + quoted(code) + ": đã có ở " + at));
            else if (row.validFrom <= before.validTo) {
                const auto span = [](const UnitRow& r) {
                    return (r.validFrom == UnitRow::Always ? std::string("…") : dayString(r.validFrom)) + " – " +
                           (r.validTo == UnitRow::Open ? std::string("…") : dayString(r.validTo));
                };
                problems.push_back(problem(row,
                                           "overlapping validity: code " + quoted(code) + " is valid " + span(row) +
                                               " here and " + span(before) + " on " + at,
                                           "thời gian hiệu lực chồng lấn: mã " + quoted(code) + " có hiệu lực " +
                                               span(row) + " ở đây và " + span(before) + " ở " + at));
            }
        }
    }
    for (std::size_t i = 0; i < reg.m_rows.size(); ++i) {
        const UnitRow& row = reg.m_rows[i];
        if (row.level == unit_level::District && row.validTo >= twoLevelStateDay())
            problems.push_back(
                problem(row,
                        "district unit " + quoted(row.code) +
                            " must end by 2025-06-30 (valid_to): "
                            "there is no district level since 1 July 2025",
                        "đơn vị cấp huyện " + quoted(row.code) +
                            " phải hết hiệu lực chậm nhất ngày 2025-06-30: từ 1/7/2025 không còn cấp huyện"));
        if (!row.parent.empty()) {
            reg.m_children[row.parent].push_back(i);
            if (row.parent == row.code)
                problems.push_back(problem(row, "cycle: unit " + quoted(row.code) + " is its own parent",
                                           "vòng lặp: đơn vị " + quoted(row.code) + " là cấp trên của chính nó"));
            else if (!reg.knows(row.parent))
                problems.push_back(problem(row, "unknown parent " + quoted(row.parent) + " of unit " + quoted(row.code),
                                           "đơn vị cấp trên " + quoted(row.parent) + " của " + quoted(row.code) +
                                               " không có trong danh mục"));
        }
        if (!row.successor.empty()) {
            if (!reg.knows(row.successor))
                problems.push_back(
                    problem(row, "unknown successor " + quoted(row.successor) + " of unit " + quoted(row.code),
                            "đơn vị kế thừa " + quoted(row.successor) + " của " + quoted(row.code) +
                                " không có trong danh mục"));
            else if (row.validTo == UnitRow::Open)
                problems.push_back(
                    problem(row,
                            "unit " + quoted(row.code) +
                                " names a successor but no valid_to: a "
                                "successor takes over when the unit ends",
                            "đơn vị " + quoted(row.code) + " có đơn vị kế thừa nhưng không có ngày hết hiệu lực"));
            else {
                const UnitRow* next = reg.find(row.successor, row.validTo + 1);
                if (next == nullptr || !next->validAt(row.validTo + 1))
                    problems.push_back(problem(row,
                                               "successor " + quoted(row.successor) + " of unit " + quoted(row.code) +
                                                   " does not exist on " + dayString(row.validTo + 1) +
                                                   ", the day after it ends",
                                               "đơn vị kế thừa " + quoted(row.successor) + " của " + quoted(row.code) +
                                                   " không có hiệu lực vào ngày " + dayString(row.validTo + 1)));
            }
        }
    }
    // Cycles through parents longer than one step, over all periods: A under B under A.
    std::map<std::string, int> state;  // 1: on the path, 2: done
    std::vector<std::string> path;
    std::function<void(const std::string&)> visit = [&](const std::string& code) {
        state[code] = 1;
        path.push_back(code);
        std::set<std::string> parents;
        for (std::size_t i : reg.m_byCode.at(code))
            if (!reg.m_rows[i].parent.empty() && reg.m_rows[i].parent != code && reg.knows(reg.m_rows[i].parent))
                parents.insert(reg.m_rows[i].parent);
        for (const std::string& p : parents) {
            if (state[p] == 1) {
                const auto from = std::find(path.begin(), path.end(), p);
                std::string loop;
                for (auto it = from; it != path.end(); ++it) loop += *it + " → ";
                loop += p;
                const UnitRow& row = reg.m_rows[reg.m_byCode.at(code).front()];
                problems.push_back(problem(row, "cycle of parents: " + loop, "vòng lặp đơn vị cấp trên: " + loop));
            } else if (state[p] == 0) visit(p);
        }
        path.pop_back();
        state[code] = 2;
    };
    for (const auto& [code, list] : reg.m_byCode)
        if (state[code] == 0) visit(code);
    for (auto& [code, list] : reg.m_children)
        std::sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
            return std::tie(reg.m_rows[a].code, reg.m_rows[a].validFrom) <
                   std::tie(reg.m_rows[b].code, reg.m_rows[b].validFrom);
        });
    std::stable_sort(problems.begin(), problems.end(), [](const RegistryProblem& a, const RegistryProblem& b) {
        return std::tie(a.file, a.line) < std::tie(b.file, b.line);
    });
    reg.m_problems = std::move(problems);
    return reg;
}

Expected<UnitRegistry, RegistryProblems> UnitRegistry::merge(const std::vector<UnitRow>& base,
                                                             const std::vector<UnitRow>& incoming) {
    std::set<std::string> replaced;
    for (const UnitRow& r : incoming) replaced.insert(r.code);
    std::vector<UnitRow> rows;
    for (const UnitRow& r : base)
        if (!replaced.count(r.code)) rows.push_back(r);
    rows.insert(rows.end(), incoming.begin(), incoming.end());
    return make(std::move(rows));
}

UnitRegistry UnitRegistry::withImported(const std::vector<UnitRow>& imported) {
    std::set<std::string> replaced;
    for (const UnitRow& r : imported) replaced.insert(r.code);
    std::vector<UnitRow> rows;
    for (const UnitRow& r : builtInUnits())
        if (!replaced.count(r.code)) rows.push_back(r);
    rows.insert(rows.end(), imported.begin(), imported.end());
    return built(std::move(rows));  // its problems, if any, for `hq units check`
}

const UnitRow* UnitRegistry::find(std::string_view code, std::int64_t day) const {
    const auto it = m_byCode.find(code);
    if (it == m_byCode.end()) return nullptr;
    const UnitRow* before = nullptr;  // the last row that started on or before day
    for (std::size_t i : it->second) {
        const UnitRow& r = m_rows[i];
        if (r.validAt(day)) return &r;
        if (r.validFrom <= day) before = &r;
    }
    return before ? before : &m_rows[it->second.front()];
}

const UnitRow* UnitRegistry::parentOf(const UnitRow& u, std::int64_t day) const {
    if (u.parent.empty()) return nullptr;
    return find(u.parent, std::clamp(day, u.validFrom, u.validTo));
}

const UnitRow* UnitRegistry::currentAt(const UnitRow& u, std::int64_t day) const {
    const UnitRow* x = &u;
    for (int step = 0; step < MaxDepth && x->validTo < day && !x->successor.empty(); ++step) {
        const UnitRow* next = find(x->successor, x->validTo + 1);
        if (next == nullptr || next == x) break;
        x = next;
    }
    return x;
}

const UnitRow& UnitRegistry::rollUpOf(const UnitRow& u, std::int64_t day) const {
    const UnitRow* province = u.level == unit_level::Province ? &u : nullptr;
    const UnitRow* top = &u;
    for (int step = 0; step < MaxDepth; ++step) {
        const UnitRow* p = parentOf(*top, day);
        if (p == nullptr) break;
        top = p;
        if (p->level == unit_level::Province) province = p;
    }
    return province ? *province : *top;
}

bool UnitRegistry::isUnder(const UnitRow& u, std::string_view code, std::int64_t day) const {
    const UnitRow* x = &u;
    for (int step = 0; x != nullptr && step < MaxDepth; ++step) {
        if (x->code == code) return true;
        x = parentOf(*x, day);
    }
    return false;
}

std::vector<const UnitRow*> UnitRegistry::childrenOf(std::string_view code) const {
    std::vector<const UnitRow*> out;
    const auto it = m_children.find(code);
    if (it != m_children.end())
        for (std::size_t i : it->second) out.push_back(&m_rows[i]);
    return out;
}

std::vector<Text> UnitRegistry::warnings() const {
    std::vector<Text> out;
    for (const UnitRow& r : m_rows) {
        if (r.parent.empty() && (r.level == unit_level::Commune || r.level == unit_level::District)) {
            out.push_back(Text{"đơn vị " + quoted(r.code) + " (" + r.nameVi + ", cấp " + r.level +
                                   ") không có đơn vị cấp trên: không được tính vào tỉnh nào",
                               "unit " + quoted(r.code) + " (" + r.nameVi + ", " + r.level +
                                   ") has no parent: it rolls up into no province"});
            continue;
        }
        if (r.parent.empty() || !knows(r.parent)) continue;
        // The parent should exist throughout the child's period (its ends are enough to look at).
        for (const std::int64_t day : {r.validFrom, r.validTo}) {
            if (day == UnitRow::Always || day == UnitRow::Open) continue;
            const UnitRow* p = find(r.parent, day);
            if (p != nullptr && p->validAt(day)) continue;
            out.push_back(
                Text{"đơn vị cấp trên " + quoted(r.parent) + " của " + quoted(r.code) + " không có hiệu lực vào ngày " +
                         dayString(day),
                     "parent " + quoted(r.parent) + " of " + quoted(r.code) + " is not valid on " + dayString(day)});
            break;
        }
        if (r.validTo == UnitRow::Open) {
            const UnitRow* p = find(r.parent, twoLevelStateDay() + 3650);
            if (p != nullptr && p->validTo != UnitRow::Open)
                out.push_back(Text{quoted(r.code) + " không có ngày hết hiệu lực nhưng đơn vị cấp trên " +
                                       quoted(r.parent) + " đã hết hiệu lực ngày " + dayString(p->validTo),
                                   quoted(r.code) + " has no end but its parent " + quoted(r.parent) + " ended on " +
                                       dayString(p->validTo)});
        }
    }
    return out;
}

}  // namespace hailong::core
