#include "hq/registry_import.h"

#include "hq/report.h"

#include <map>
#include <set>

namespace hailong::core {

Expected<UnitsImported, RegistryProblems> importUnitsFile(HqStore& store, const std::filesystem::path& file) {
    auto read = readRegistryFile(file);
    if (!read) return unexpected(read.error());
    const std::vector<UnitRow> before = store.importedUnits();
    std::set<std::string> incoming;
    for (const UnitRow& r : read->rows) incoming.insert(r.code);
    // The imported layer: what was imported before, but the codes this file names.
    std::vector<UnitRow> layer;
    for (const UnitRow& r : before)
        if (!incoming.count(r.code)) layer.push_back(r);
    layer.insert(layer.end(), read->rows.begin(), read->rows.end());
    auto registry = UnitRegistry::merge(builtInUnits(), layer);
    if (!registry) return unexpected(registry.error());

    UnitsImported out;
    std::set<std::string> known;  // the codes before this file: built in or imported
    for (const std::vector<UnitRow>* rows : {&builtInUnits(), &before})
        for (const UnitRow& r : *rows) known.insert(r.code);
    for (const std::string& code : incoming) (known.count(code) ? out.replacedCodes : out.newCodes) += 1;
    out.rows = read->rows.size();
    out.registryRows = registry->rows().size();
    out.ignoredColumns = read->ignoredColumns;
    store.replaceImportedUnits(layer);
    return out;
}

UnitsCheck checkUnits(const HqStore& store) {
    UnitsCheck out;
    const UnitRegistry registry = store.registry();
    ReportQuery q;  // every rating, by unit as recorded: the report lists the codes it does not know
    std::map<std::string, std::int64_t> unknown;
    for (const auto& [code, ratings] : buildReport(store, q).unregistered) unknown[code] += ratings;
    for (const KioskStatus& k : store.kiosks())
        if (!registry.knows(k.kiosk.unit.code)) unknown.emplace(k.kiosk.unit.code, 0);
    out.unknownCodes.assign(unknown.begin(), unknown.end());
    out.problems = registry.problems();
    out.warnings = registry.warnings();
    return out;
}

}  // namespace hailong::core
