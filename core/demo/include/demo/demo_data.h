#pragma once
// `hailong demo`: realistic data sets for trying headquarters' side (issues 5 and 16), made by
// real kiosk code: each simulated kiosk has its own database and key, and exports signed,
// chained monthly batches; FOLDER/keys holds each kiosk's key file and FOLDER/units.csv the
// units in the unit registry's format (code,name_vi,name_en,level,parent,valid_from,valid_to,
// successor; docs/unit-registry.md), so that reports roll up by province.
//
// Two scenarios:
//  - Seed2019: the police's 2019 measurement. 110 units at the four levels of the time (the
//    Traffic Police Department C08, 10 provincial police, 30 district and 69 commune police),
//    one kiosk each, 20,000 ratings over 2019. Pooled they give the published figures: 86.69%
//    satisfied, C08 and the provincial police of Nghệ An and Phú Thọ at 100%. And some trouble:
//    a batch copied twice, a batch missing, a misuse burst, and a kiosk whose clock ran two years
//    ahead all year, set right only for its one export at the end of the year (its ratings are
//    dated 2021, after the batch that carries them, and so marked clock-suspect whatever the
//    date of the import).
//  - Map2026: two years across the reform of 2025 (2024-07-01 to 2026-06-30). Until 30 June
//    2025 the provincial police of the 63 former provinces (CAT-<province code>) and one district
//    police each (CAH-<province code>-1), the district police rating until 28 February 2025
//    (district-level police ended on 1 March 2025); from 1 July 2025 the provincial police of the
//    34 provinces (Resolution 202/2025/QH15) and 5 to 8 commune police each (CAX-<province
//    code>-<nn>). Kiosks carry over: a former provincial police's kiosk rates for its successor,
//    a district police's kiosk moves to a commune. Plus the central departments C06 and C08
//    throughout. Satisfaction differs by province and dips for a few months after the reform.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace hailong::core {

enum class DemoScenario {
    Seed2019,  ///< the 2019 measurement: 110 units, 86.69%, with trouble
    Map2026,   ///< 2024-07-01 .. 2026-06-30, across district police's end and the 34 provinces
};

/// Ratings of part of a data set (Map2026: before and after 1 July 2025).
struct DemoPart {
    std::string label;  ///< "2024-07-01 – 2025-06-30 (63 provinces; ...)"
    std::int64_t ratings = 0;
    std::int64_t satisfied = 0;
};

struct DemoSummary {
    DemoScenario scenario = DemoScenario::Seed2019;
    std::string firstDay, lastDay;  ///< the period rated, "2019-01-01", "2019-12-31"
    int kiosks = 0;
    int batchFiles = 0;                       ///< in FOLDER/batches (the copy included, the missing one not)
    std::map<std::string, int> unitsByLevel;  ///< distinct unit codes per level (central, province, ...)
    int unitRows = 0;                         ///< rows of FOLDER/units.csv (a code may have several)
    std::int64_t ratingsCounted = 0;          ///< ratings that count once imported (misuse and the missing batch aside)
    std::int64_t satisfied = 0;
    std::vector<DemoPart> parts;  ///< Map2026: before and after the reform
    // Seed2019's trouble (empty for Map2026, which has none).
    std::string duplicatedFile;          ///< the batch copied a second time
    std::string missingBatch;            ///< "kiosk <id> batch <n>", deleted after export
    std::string wrongClockKiosk;         ///< kiosk id
    std::int64_t wrongClockRatings = 0;  ///< its ratings, all dated two years ahead
    std::string burstKiosk;              ///< kiosk id with the misuse burst
};

/// Writes FOLDER/batches/*.hlbatch, FOLDER/keys/*.key and FOLDER/units.csv (FOLDER is made if
/// needed; the kiosks' own databases are made in FOLDER/kiosks and removed at the end).
/// Deterministic: the same ratings and units every time (the keys and ids differ). Kiosks are
/// simulated on a few threads; progress(done, total) is called once a kiosk is done, from those
/// threads, one call at a time. Throws std::runtime_error (or StorageError) with the reason.
DemoSummary makeDemoData(const std::filesystem::path& folder, DemoScenario scenario = DemoScenario::Seed2019,
                         const std::function<void(int, int)>& progress = {});

}  // namespace hailong::core
