#pragma once
// Headquarters' unit registry (SPEC 2 and 7, issue 16): which unit is under which, and which
// took over from which when the map changed. Viet Nam has had two levels of local government
// since 1 July 2025 (34 provincial-level units formed from the former 63, and communes); district
// police ended on 1 March 2025. Reports roll communes up into provinces through the registry,
// and count former units under their successors of a date when asked (--as-of).
//
// A unit is one row or several: one code may have rows whose validity periods do not overlap
// (code 24 was Bắc Giang until 2025-06-30 and is the new Bắc Ninh from 2025-07-01). A row's
// parent and successor are codes, read at a date: the parent at the date in question (clamped
// into the row's own period), the successor on the day after the row ends.
//
// The program ships the provincial-level units (assets/registry/provinces.csv); a ministry's
// file adds its own units (communes, central departments) and may replace built-in ones, code
// by code. Pure domain logic: no SQLite here. Format: docs/unit-registry.md.
#include "base/expected.h"
#include "base/text.h"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::core {

namespace unit_level {
constexpr std::string_view Central = "central";
constexpr std::string_view Province = "province";
constexpr std::string_view District = "district";  ///< only before 1 July 2025 (police: 1 March 2025)
constexpr std::string_view Commune = "commune";
}  // namespace unit_level

/// The first day without district-level government (2025-07-01), as a day number.
std::int64_t twoLevelStateDay();

struct UnitRow {
    static constexpr std::int64_t Open = std::numeric_limits<std::int32_t>::max();    ///< no end
    static constexpr std::int64_t Always = std::numeric_limits<std::int32_t>::min();  ///< no start

    std::string code, nameVi, nameEn, level, parent;
    std::int64_t validFrom = Always;  ///< first day (days since 1970-01-01), inclusive
    std::int64_t validTo = Open;      ///< last day, inclusive
    std::string successor;            ///< who took over when it ended ("" none)
    std::string file;                 ///< where the row came from: "built-in" or a file name
    int line = 0;                     ///< its line (row in a workbook), 0 if none

    bool validAt(std::int64_t day) const { return validFrom <= day && day <= validTo; }
    /// "" if open-ended, else "2025-06-30"; the same for the start.
    std::string validToString() const;
    std::string validFromString() const;
};

/// A reason a registry file (or the registry it would make) is refused, with where.
struct RegistryProblem {
    std::string file;
    int line = 0;  ///< 0: the file as a whole
    Text message;
    /// "units.csv:12: <English> (<Vietnamese>)"
    std::string describe() const;
};
using RegistryProblems = std::vector<RegistryProblem>;

/// Reads a registry file: CSV (UTF-8 with or without BOM, comma or semicolon separated, Excel's
/// quoting; lines starting with # are comments) or .xlsx (its first sheet). The first row names
/// the columns: code, name_vi, name_en, level, parent, valid_from, valid_to, successor, or their
/// Vietnamese headings (mã, tên, tên tiếng Anh, cấp, đơn vị cấp trên, hiệu lực từ, hiệu lực đến,
/// đơn vị kế thừa); code, name_vi and level are required, other columns are ignored (listed in
/// `ignored`). Levels in English or Vietnamese (tỉnh, xã, phường, ...); dates as 2025-07-01,
/// 01/07/2025 or an Excel date. Every bad row is reported, with its line.
struct RegistryFile {
    std::vector<UnitRow> rows;
    std::vector<std::string> ignoredColumns;
};
Expected<RegistryFile, RegistryProblems> readRegistryFile(const std::filesystem::path& path);
Expected<RegistryFile, RegistryProblems> parseRegistryCsv(std::string_view text, const std::string& fileName);
/// The same from a table already read (an .xlsx sheet): rows of cells, with their line numbers.
Expected<RegistryFile, RegistryProblems> registryFromTable(
    const std::vector<std::pair<int, std::vector<std::string>>>& table, const std::string& fileName);

/// The rows the program ships (the 63 former provinces and the 34 of 1 July 2025).
const std::vector<UnitRow>& builtInUnits();

class UnitRegistry {
public:
    /// An empty registry: every unit code is unknown.
    UnitRegistry() = default;
    /// Checks the rows: refuses unknown parents and successors, cycles, duplicate codes,
    /// overlapping validity, district units that outlive the district level.
    static Expected<UnitRegistry, RegistryProblems> make(std::vector<UnitRow> rows);
    /// base with every code that `incoming` names replaced by incoming's rows, checked.
    static Expected<UnitRegistry, RegistryProblems> merge(const std::vector<UnitRow>& base,
                                                          const std::vector<UnitRow>& incoming);
    /// The built-in rows, replaced code by code by `imported` (checked when imported). Never
    /// refused: should the two no longer agree (a new program's built-in rows against units
    /// imported before), problems() says how, and lookups stay bounded whatever the rows.
    static UnitRegistry withImported(const std::vector<UnitRow>& imported);
    /// What make() would refuse in these rows (empty for a registry make() returned).
    const RegistryProblems& problems() const { return m_problems; }

    const std::vector<UnitRow>& rows() const { return m_rows; }
    bool knows(std::string_view code) const { return m_byCode.count(std::string(code)) > 0; }
    /// The row of code valid on day, else the nearest in time (a rating dated outside its
    /// unit's validity is still counted under that unit); null if the code is unknown.
    const UnitRow* find(std::string_view code, std::int64_t day) const;
    /// The parent row of u as of day (clamped into u's validity); null if none.
    const UnitRow* parentOf(const UnitRow& u, std::int64_t day) const;
    /// u, or the unit that took over from it, as of day: successors are followed while the unit
    /// ended before day. A unit that ended without a successor stays itself.
    const UnitRow* currentAt(const UnitRow& u, std::int64_t day) const;
    /// The province u belongs to on day: its topmost ancestor-or-self of level province; if it
    /// has none, its topmost ancestor-or-self (a central department is its own group).
    const UnitRow& rollUpOf(const UnitRow& u, std::int64_t day) const;
    /// True if code is u or one of its ancestors on day.
    bool isUnder(const UnitRow& u, std::string_view code, std::int64_t day) const;
    /// The rows whose parent is code (any period), in code order.
    std::vector<const UnitRow*> childrenOf(std::string_view code) const;

    /// What `hq units check` reports beyond what make() refuses: communes and districts
    /// without a parent, parents not valid over their children's whole period.
    std::vector<Text> warnings() const;

private:
    static UnitRegistry built(std::vector<UnitRow> rows);  ///< indexed, with its problems

    std::vector<UnitRow> m_rows;
    RegistryProblems m_problems;
    std::map<std::string, std::vector<std::size_t>, std::less<>> m_byCode;  ///< rows of a code, by start
    std::map<std::string, std::vector<std::size_t>, std::less<>> m_children;
};

}  // namespace hailong::core
