#pragma once
// `hailong hq units import` and `check` (issue 16): a ministry's registry file applied to
// headquarters' store all or nothing, and what the registry and the data say of each other.
#include "hq/hq_store.h"
#include "hq/unit_registry.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace hailong::core {

struct UnitsImported {
    std::size_t rows = 0;           ///< rows of the file
    std::size_t newCodes = 0;       ///< codes the registry did not have
    std::size_t replacedCodes = 0;  ///< codes whose rows the file replaced (built-in or imported before)
    std::size_t registryRows = 0;   ///< rows of the registry now, built-in ones included
    std::vector<std::string> ignoredColumns;
};

/// Reads the file, checks the registry it would make (the built-in and already imported units
/// with the file's codes replaced by its rows) and stores it; a file with any problem changes
/// nothing, and every problem is returned with its file and line. Throws StorageError.
Expected<UnitsImported, RegistryProblems> importUnitsFile(HqStore& store, const std::filesystem::path& file);

struct UnitsCheck {
    /// Unit codes of stored ratings or registered kiosks that the registry does not know,
    /// with the ratings counted under them (never dropped: a report lists them apart).
    std::vector<std::pair<std::string, std::int64_t>> unknownCodes;
    RegistryProblems problems;   ///< cycles, overlaps... between built-in and imported units
    std::vector<Text> warnings;  ///< UnitRegistry::warnings(): units without a parent, ...
    bool clean() const { return unknownCodes.empty() && problems.empty() && warnings.empty(); }
};
/// Throws StorageError.
UnitsCheck checkUnits(const HqStore& store);

}  // namespace hailong::core
