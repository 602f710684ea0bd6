// hailong hq units: headquarters' unit registry (issue 16): the tree with kiosks and ratings,
// a ministry's file imported all or nothing, and a check of the registry against the data.
#include "base/clock.h"
#include "base/data_dir.h"
#include "commands.h"
#include "hq/registry_import.h"
#include "hq/report.h"
#include "hq/sqlite_hq_store.h"
#include "hq_options.h"

#include <iostream>
#include <map>
#include <set>

namespace hailong::cli {

namespace {
namespace fs = std::filesystem;
using core::UnitRow;

struct UnitsArgs {
    fs::path db = core::defaultDataDir() / "hq.db";
    fs::path file;
    std::string asOf = "today", under;
};

/// Kiosks and ratings of each unit as of a date (former units counted under their successors).
struct Counts {
    std::map<std::string, std::int64_t> kiosks, ratings;  ///< by code, the unit's own
};

Counts countsAsOf(const core::HqStore& store, const core::UnitRegistry& registry, std::int64_t day) {
    Counts c;
    core::ReportQuery q;
    q.asOfDay = day;
    for (const core::ReportRow& row : core::buildReport(store, q).rows) c.ratings[row.key] += row.ratings;
    for (const core::KioskStatus& k : store.kiosks()) {
        const UnitRow* u = registry.find(k.kiosk.unit.code, day);
        c.kiosks[u ? registry.currentAt(*u, day)->code : k.kiosk.unit.code] += 1;
    }
    return c;
}

class TreePrinter {
public:
    TreePrinter(const core::UnitRegistry& registry, const Counts& counts, std::int64_t day)
        : m_registry(registry), m_counts(counts), m_day(day) {
        for (const UnitRow& r : registry.rows())  // former units, under the unit that took over
            if (r.validTo < day) {
                const UnitRow* now = registry.currentAt(r, day);
                if (now != &r) m_formers[now->code].push_back(&r);
            }
    }

    void print(const UnitRow& u, int depth) {
        const Total t = total(u);
        std::cout << std::string(static_cast<std::size_t>(depth) * 2, ' ') << u.code << "  " << u.nameVi << "  ["
                  << u.level << "]  kiosks " << t.kiosks << ", ratings " << t.ratings;
        if (t.ratings != own(m_counts.ratings, u.code)) std::cout << " (own " << own(m_counts.ratings, u.code) << ")";
        std::cout << "\n";
        const auto formers = m_formers.find(u.code);
        if (formers != m_formers.end()) {
            std::cout << std::string(static_cast<std::size_t>(depth) * 2 + 4, ' ') << "formerly / trước đây:";
            for (std::size_t i = 0; i < formers->second.size(); ++i)
                std::cout << (i ? ", " : " ") << formers->second[i]->code << " " << formers->second[i]->nameVi << " (–"
                          << formers->second[i]->validToString() << ")";
            std::cout << "\n";
        }
        for (const UnitRow* child : children(u)) print(*child, depth + 1);
    }

    std::vector<const UnitRow*> children(const UnitRow& u) const {
        std::vector<const UnitRow*> out;
        for (const UnitRow* c : m_registry.childrenOf(u.code))
            if (c->validAt(m_day) && m_registry.parentOf(*c, m_day) == &u) out.push_back(c);
        return out;
    }

private:
    struct Total {
        std::int64_t kiosks = 0, ratings = 0;
    };
    static std::int64_t own(const std::map<std::string, std::int64_t>& m, const std::string& code) {
        const auto it = m.find(code);
        return it == m.end() ? 0 : it->second;
    }
    Total total(const UnitRow& u) {
        const auto known = m_totals.find(&u);
        if (known != m_totals.end()) return known->second;
        Total t{own(m_counts.kiosks, u.code), own(m_counts.ratings, u.code)};
        for (const UnitRow* c : children(u)) {
            const Total sub = total(*c);
            t.kiosks += sub.kiosks;
            t.ratings += sub.ratings;
        }
        return m_totals[&u] = t;
    }

    const core::UnitRegistry& m_registry;
    const Counts& m_counts;
    std::int64_t m_day;
    std::map<std::string, std::vector<const UnitRow*>> m_formers;
    std::map<const UnitRow*, Total> m_totals;
};

int runTree(const UnitsArgs& a) {
    try {
        const std::int64_t day = dayOption("--as-of", a.asOf);
        auto store = openHqStore(a.db);
        const core::UnitRegistry registry = store->registry();
        const Counts counts = countsAsOf(*store, registry, day);
        TreePrinter tree(registry, counts, day);
        std::size_t builtIn = 0;
        for (const UnitRow& r : registry.rows()) builtIn += r.file == "built-in";
        std::cout << "Unit registry / danh mục đơn vị: " << registry.rows().size() << " rows (" << builtIn
                  << " built-in), as of " << core::dayString(day) << "; kiosks and ratings include the units "
                  << "under each, former units counted under their successors\n";
        if (!a.under.empty()) {
            const UnitRow* u = registry.find(a.under, day);
            if (!u) {
                std::cerr << "hailong hq units: --under " << a.under
                          << ": no such unit in the registry (không có đơn vị này trong danh mục)\n";
                return ExitFailed;
            }
            tree.print(*registry.currentAt(*u, day), 0);
            return ExitOk;
        }
        std::vector<const UnitRow*> roots;
        for (const UnitRow& r : registry.rows())
            if (r.validAt(day) && registry.parentOf(r, day) == nullptr) roots.push_back(&r);
        const auto rank = [](const UnitRow* r) { return r->level == "central" ? 0 : r->level == "province" ? 1 : 2; };
        std::stable_sort(roots.begin(), roots.end(), [&](const UnitRow* x, const UnitRow* y) {
            return std::make_pair(rank(x), x->code) < std::make_pair(rank(y), y->code);
        });
        for (const UnitRow* r : roots) tree.print(*r, 0);
        std::int64_t unknownRatings = 0;
        std::size_t unknown = 0;
        for (const auto& [code, n] : counts.ratings)
            if (!registry.knows(code)) {
                ++unknown;
                unknownRatings += n;
            }
        if (unknown > 0)
            std::cout << "Not in the registry / không có trong danh mục: " << unknown << " unit code(s), "
                      << unknownRatings << " ratings (hailong hq units check lists them)\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq units: " << e.what() << "\n";
        return ExitFailed;
    }
}

int runImport(const UnitsArgs& a) {
    try {
        auto store = openHqStore(a.db);
        const auto done = core::importUnitsFile(*store, a.file);
        if (!done) {
            for (const core::RegistryProblem& p : done.error()) std::cerr << "REFUSED " << p.describe() << "\n";
            std::cerr << "hailong hq units import: " << done.error().size() << " problem(s); nothing of "
                      << a.file.string() << " was applied (không áp dụng gì từ tệp này)\n";
            return ExitFailed;
        }
        std::cout << "imported " << done->rows << " rows from " << a.file.string() << ": " << done->newCodes
                  << " new unit code(s), " << done->replacedCodes << " replaced; the registry has "
                  << done->registryRows << " rows\n";
        if (!done->ignoredColumns.empty()) {
            std::cout << "columns ignored / cột bỏ qua:";
            for (const std::string& c : done->ignoredColumns) std::cout << " " << c;
            std::cout << "\n";
        }
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq units import: " << e.what() << "\n";
        return ExitFailed;
    }
}

int runCheck(const UnitsArgs& a) {
    try {
        auto store = openHqStore(a.db);
        const core::UnitsCheck check = core::checkUnits(*store);
        for (const auto& [code, ratings] : check.unknownCodes)
            std::cout << "UNKNOWN unit code " << (code.empty() ? std::string("(none)") : code) << ": " << ratings
                      << " ratings, counted all the same (mã đơn vị không có trong danh mục)\n";
        for (const core::RegistryProblem& p : check.problems) std::cout << "PROBLEM " << p.describe() << "\n";
        for (const core::Text& w : check.warnings) std::cout << "WARNING " << w.en << " (" << w.vi << ")\n";
        std::cout << (check.clean() ? "the registry knows every unit of the data; nothing to note\n"
                                    : std::to_string(check.unknownCodes.size()) + " unknown unit code(s), " +
                                          std::to_string(check.problems.size()) + " problem(s), " +
                                          std::to_string(check.warnings.size()) + " warning(s)\n");
        return check.clean() ? ExitOk : ExitFailed;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq units check: " << e.what() << "\n";
        return ExitFailed;
    }
}

}  // namespace

void addUnitsCommand(CLI::App& hq, int& exitCode) {
    auto args = std::make_shared<UnitsArgs>();
    CLI::App* units = hq.add_subcommand(
        "units", "The unit registry: the tree of units with their kiosks and ratings (import, check: below). The "
                 "program ships the 34 provincial-level units of 1 July 2025 and the 63 former provinces.");
    units->add_option("--db", args->db, DbHelp)->capture_default_str();
    units->add_option("--as-of", args->asOf, "The tree as of this date, YYYY-MM-DD or today")->capture_default_str();
    units->add_option("--under", args->under, "Only this unit and what is under it");
    units->require_subcommand(0, 1);

    CLI::App* import = units->add_subcommand(
        "import", "Import a registry file (CSV or .xlsx; columns code,name_vi,name_en,level,parent,valid_from,valid_to,"
                  "successor; docs/unit-registry.md): its units replace those of the same codes, all or nothing.");
    import->add_option("--db", args->db, DbHelp)->capture_default_str();
    import->add_option("file", args->file, "The registry file")->required()->check(CLI::ExistingFile);
    import->callback([args, &exitCode] { exitCode = runImport(*args);
});

CLI::App* check = units->add_subcommand(
    "check", "Unit codes in the data that the registry does not know, communes without a parent, parents not valid "
             "over their units' periods. Exit 1 if there is anything to note.");
check->add_option("--db", args->db, DbHelp)->capture_default_str();
check->callback([args, &exitCode] { exitCode = runCheck(*args); });

units->callback([units, args, &exitCode] {
    if (units->get_subcommands().empty()) exitCode = runTree(*args);
});
}  // namespace hailong::cli

}  // namespace hailong::cli
