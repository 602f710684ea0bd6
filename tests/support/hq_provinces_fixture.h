#pragma once
// Headquarters data of units in several provinces, through a unit registry (issue 16), for the
// report's page and workbook: communes of Nghệ An (40), of Phú Thọ (25) before and after the
// merger of 1 July 2025 (code 25 has two rows in the built-in registry), of the former Vĩnh Phúc
// (26), a central department (C08) and a unit code the registry does not know (CA-X). Each
// unit has a kiosk and one batch, its ratings on 2026-01-01, or on 2025-06-13 for the units that
// ended on 2025-06-30.
#include "hq/hq_tally.h"  // dayFromString
#include "hq/unit_registry.h"
#include "support/hq_fixture.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hailong::test {

/// One unit of the fixture and the ratings of its kiosk: `ratings` main answers, `satisfied` of
/// them satisfied or very satisfied, the others not satisfied.
struct ProvinceUnit {
    std::string code, name, level, parent;
    std::string validFrom, validTo, successor;  ///< "" open
    int ratings = 0, satisfied = 0;
    bool registered = true;
};

inline const std::vector<ProvinceUnit>& provinceUnits() {
    static const std::vector<ProvinceUnit> units = {
        // Nghệ An: two units with enough ratings to be ranked, three without.
        {"NA-01", "Phường Trường Vinh", "commune", "40", "2025-07-01", "", "", 40, 36},
        {"NA-02", "Xã Nghi Lộc", "commune", "40", "2025-07-01", "", "", 32, 24},
        {"NA-03", "Xã Hưng Nguyên", "commune", "40", "2025-07-01", "", "", 12, 11},
        {"NA-04", "Xã Diễn Châu <&>", "commune", "40", "2025-07-01", "", "", 5, 2},
        {"NA-05", "Công an tỉnh Nghệ An", "province", "40", "", "", "", 30, 30},
        // Phú Thọ after the merger, and a commune of the former Phú Thọ that ended with it.
        {"PT-01", "Phường Việt Trì", "commune", "25", "2025-07-01", "", "", 31, 25},
        {"PT-02", "Xã Thanh Sơn", "commune", "25", "2025-07-01", "", "", 7, 7},
        {"PT-OLD", "Xã Trưng Vương", "commune", "25", "", "2025-06-30", "PT-01", 9, 6},
        // A commune of the former Vĩnh Phúc, rated before the merger.
        {"VP-OLD", "Phường Liên Bảo", "commune", "26", "", "2025-06-30", "PT-01", 4, 3},
        // A central department, and a code nobody registered.
        {"C08", "Cục Cảnh sát giao thông", "central", "", "", "", "", 45, 45},
        {"CA-X", "Công an xã X", "commune", "", "", "", "", 3, 2, false},
    };
    return units;
}

/// The registry rows of the fixture's registered units.
inline std::vector<core::UnitRow> provinceUnitRows() {
    using namespace hailong::core;
    std::vector<UnitRow> rows;
    int line = 1;
    for (const ProvinceUnit& u : provinceUnits()) {
        if (!u.registered) continue;
        UnitRow r;
        r.code = u.code;
        r.nameVi = u.name;
        r.nameEn = u.code;
        r.level = u.level;
        r.parent = u.parent;
        if (!u.validFrom.empty()) r.validFrom = *dayFromString(u.validFrom);
        if (!u.validTo.empty()) r.validTo = *dayFromString(u.validTo);
        r.successor = u.successor;
        r.file = "units.csv";
        r.line = ++line;
        rows.push_back(r);
    }
    return rows;
}

/// Fills an empty store of any kind with the fixture, its registry checked as `hq units import`
/// does.
inline void fillProvinces(core::HqStore& store) {
    using namespace hailong::core;
    const std::vector<UnitRow> rows = provinceUnitRows();
    const auto checked = UnitRegistry::merge(builtInUnits(), rows);
    if (!checked) FAIL("the fixture's registry does not check: " << checked.error().front().describe());
    store.replaceImportedUnits(rows);
    constexpr std::int64_t Day = 86'400'000;
    for (const ProvinceUnit& u : provinceUnits()) {
        const UnitInfo unit{u.code, u.name, u.level, "Quầy 1"};
        const std::string kiosk = "kiosk-" + u.code;
        std::vector<Rating> ratings;
        for (int i = 0; i < u.ratings; ++i)
            ratings.push_back({kiosk + "-" + std::to_string(i),
                               i < u.satisfied ? (i % 2 ? "satisfied" : "very_satisfied") : "not_satisfied", "", "",
                               ""});
        Batch b = batchOf(kiosk, unit, ratings);
        if (!u.validTo.empty()) {  // rated 202 days earlier: 2025-06-13, before the unit ended
            const std::int64_t back = 202 * Day;
            b.header.exportUtcMs -= back;
            for (Response& r : b.responses) {
                r.startedUtcMs -= back;
                r.endedUtcMs -= back;
                for (Answer& a : r.answers) a.answeredUtcMs -= back;
            }
        }
        store.trust(KioskKeyFile{kiosk, std::string(64, 'a'), unit}, 0);
        store.importBatch(b, kiosk + ".hlbatch", T0 + 2 * Day);
    }
}

/// A headquarters database (SQLite) holding the fixture.
struct HqProvinces {
    TempDir dir;
    core::SqliteHqStore store{dir / "hq.db"};
    HqProvinces() { fillProvinces(store); }
};

/// More counters at NA-01 than the fixture's "Quầy 1" (40 ratings, 36 satisfied): "Quầy 2" (4
/// ratings, 1 satisfied) and a kiosk registered without a counter (2 ratings, both satisfied),
/// all on 2026-01-01: for the reports by counter.
inline void addCounters(HqProvinces& hq) {
    using namespace hailong::core;
    const auto add = [&](const std::string& kiosk, const std::string& counter, const std::vector<Rating>& ratings) {
        const UnitInfo unit{"NA-01", "Phường Trường Vinh", "commune", counter};
        hq.store.trust(KioskKeyFile{kiosk, std::string(64, 'a'), unit}, 0);
        hq.store.importBatch(batchOf(kiosk, unit, ratings), kiosk + ".hlbatch", T0 + 2 * 86'400'000);
    };
    add("kiosk-NA-01-q2", "Quầy 2",
        {{"q2-1", "satisfied", "", "", ""},
         {"q2-2", "not_satisfied", "", "", ""},
         {"q2-3", "not_satisfied", "", "", ""},
         {"q2-4", "not_satisfied", "", "", ""}});
    add("kiosk-NA-01-none", "", {{"n-1", "very_satisfied", "", "", ""}, {"n-2", "satisfied", "", "", ""}});
}

}  // namespace hailong::test
