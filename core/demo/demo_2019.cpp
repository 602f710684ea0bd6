#include "demo_play.h"

#include "base/clock.h"
#include "base/ids.h"
#include "batch/export_cache.h"
#include "batch/exporter.h"
#include "batch/key_file.h"
#include "batch/kiosk_keys.h"
#include "store/audit_log.h"
#include "store/settings_store.h"
#include "store/sqlite_response_store.h"
#include "survey/questionnaire.h"
#include "survey/settings.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <limits>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <vector>

// Seed2019: the police's 2019 measurement (demo_data.h).
namespace hailong::core::demo {

namespace {

struct SeedUnit {
    std::string code, name, nameEn, level, parent;
    int ratings = 0;
    int notSatisfied = 0;
};

struct SeedProvince {
    const char* letters;  ///< the demo's code, CAT-<letters>
    const char* code;     ///< the administrative code of 2019 (assets/registry/provinces.csv)
    const char* name;     ///< as it was in 2019
    const char* nameEn;
    const char* districts[3];  ///< three of its district-level units in 2019
    const char* districtsEn[3];
};

// Ten provinces of 2019; Đà Nẵng and Cần Thơ were centrally-run cities, with quận (urban
// districts) and huyện.
// clang-format off
const SeedProvince SeedProvinces[] = {
    {"NA", "40", "Tỉnh Nghệ An", "Nghe An Province",
     {"huyện Nghi Lộc", "huyện Diễn Châu", "huyện Quỳnh Lưu"},
     {"Nghi Loc District", "Dien Chau District", "Quynh Luu District"}},
    {"PT", "25", "Tỉnh Phú Thọ", "Phu Tho Province",
     {"huyện Lâm Thao", "huyện Thanh Sơn", "huyện Đoan Hùng"},
     {"Lam Thao District", "Thanh Son District", "Doan Hung District"}},
    {"HT", "42", "Tỉnh Hà Tĩnh", "Ha Tinh Province",
     {"huyện Cẩm Xuyên", "huyện Đức Thọ", "huyện Hương Khê"},
     {"Cam Xuyen District", "Duc Tho District", "Huong Khe District"}},
    {"TH", "38", "Tỉnh Thanh Hóa", "Thanh Hoa Province",
     {"huyện Hoằng Hóa", "huyện Thọ Xuân", "huyện Tĩnh Gia"},
     {"Hoang Hoa District", "Tho Xuan District", "Tinh Gia District"}},
    {"QN", "22", "Tỉnh Quảng Ninh", "Quang Ninh Province",
     {"huyện Tiên Yên", "huyện Vân Đồn", "huyện Đầm Hà"},
     {"Tien Yen District", "Van Don District", "Dam Ha District"}},
    {"BN", "27", "Tỉnh Bắc Ninh", "Bac Ninh Province",
     {"huyện Tiên Du", "huyện Gia Bình", "huyện Lương Tài"},
     {"Tien Du District", "Gia Binh District", "Luong Tai District"}},
    {"DN", "48", "Thành phố Đà Nẵng", "Da Nang City",
     {"quận Hải Châu", "quận Sơn Trà", "huyện Hòa Vang"},
     {"Hai Chau District", "Son Tra District", "Hoa Vang District"}},
    {"CT", "92", "Thành phố Cần Thơ", "Can Tho City",
     {"quận Ninh Kiều", "quận Cái Răng", "huyện Phong Điền"},
     {"Ninh Kieu District", "Cai Rang District", "Phong Dien District"}},
    {"LD", "68", "Tỉnh Lâm Đồng", "Lam Dong Province",
     {"huyện Đức Trọng", "huyện Di Linh", "huyện Lâm Hà"},
     {"Duc Trong District", "Di Linh District", "Lam Ha District"}},
    {"DL", "66", "Tỉnh Đắk Lắk", "Dak Lak Province",
     {"huyện Krông Pắc", "huyện Ea Kar", "huyện Krông Năng"},
     {"Krong Pac District", "Ea Kar District", "Krong Nang District"}},
};
// clang-format on

// 1 central department, 10 provincial police, 30 district and 69 commune units: 110.
std::vector<SeedUnit> seedUnits() {
    std::vector<SeedUnit> units;
    units.push_back({"C08", "Cục Cảnh sát giao thông", "Traffic Police Department", "central", "", 600});
    for (const SeedProvince& p : SeedProvinces)
        units.push_back({std::string("CAT-") + p.letters, "Công an " + lowerKind(p.name), policeEn(p.nameEn),
                         "province", p.code, 300});
    for (int d = 0; d < 30; ++d) {
        const SeedProvince& p = SeedProvinces[d % 10];
        units.push_back({"CAH-" + std::string(p.letters) + "-" + std::to_string(d / 10 + 1),
                         "Công an " + std::string(p.districts[d / 10]) + ", " + lowerKind(p.name),
                         std::string(p.districtsEn[d / 10]) + " Police, " + p.nameEn, "district",
                         std::string("CAT-") + p.letters, 200});
    }
    for (int c = 0; c < 69; ++c) {  // made-up communes, numbered within their province
        const SeedProvince& p = SeedProvinces[c % 10];
        const int n = c / 10 + 1;
        const bool ward = isCity(p.name) && n <= 4;
        units.push_back(
            {"CAX-" + std::string(p.letters) + "-" + std::to_string(n) + std::to_string(c),
             std::string("Công an ") + (ward ? "phường" : "xã") + " số " + std::to_string(n) + ", " + lowerKind(p.name),
             std::string(ward ? "Ward" : "Commune") + " Police No. " + std::to_string(n) + ", " + p.nameEn, "commune",
             std::string("CAT-") + p.letters, c < 50 ? 151 : 150});
    }
    // 20,000 ratings in all; 2,662 not satisfied, none at C08, Nghệ An and Phú Thọ: 86.69%.
    const auto perfect = [](const SeedUnit& u) { return u.code == "C08" || u.code == "CAT-NA" || u.code == "CAT-PT"; };
    constexpr int NotSatisfied = 2662;
    double weights = 0;
    std::vector<double> w(units.size(), 0.0);
    for (std::size_t i = 0; i < units.size(); ++i)
        if (!perfect(units[i])) weights += w[i] = units[i].ratings * (1.0 + static_cast<double>((i * 37) % 10) / 3.0);
    int given = 0;
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (perfect(units[i])) continue;
        units[i].notSatisfied = static_cast<int>(std::floor(NotSatisfied * w[i] / weights));
        given += units[i].notSatisfied;
    }
    for (std::size_t i = 0; given < NotSatisfied; i = (i + 1) % units.size())  // the rounding's remainder
        if (!perfect(units[i]) && units[i].notSatisfied < units[i].ratings) {
            ++units[i].notSatisfied;
            ++given;
        }
    return units;
}

std::vector<RegistryRow> seedRegistry(const std::vector<SeedUnit>& units) {
    std::vector<RegistryRow> rows;
    for (const SeedUnit& u : units) {
        RegistryRow r{u.code, u.name, u.nameEn, u.level, u.parent, "", "", ""};
        if (u.level == "district") {  // district police ended on 1 March 2025, their work to the province's
            r.validTo = "2025-02-28";
            r.successor = u.parent;
        }
        if (u.code == "CAT-BN") {  // Bắc Ninh (27) merged into the new Bắc Ninh, code 24, on 1 July 2025
            r.validTo = "2025-06-30";
            r.successor = u.code;
            rows.push_back(r);
            r = RegistryRow{u.code, u.name, u.nameEn, u.level, "24", "2025-07-01", "", ""};
        }
        rows.push_back(r);
    }
    return rows;
}

std::vector<KioskPlan> seedPlans(const std::vector<SeedUnit>& units) {
    const std::size_t missingKiosk = 40, wrongClockKiosk = 77, burstKiosk = 12, duplicatedKiosk = 3;
    std::vector<std::int64_t> days;  // the working days of 2019
    std::vector<Month> months;
    for (Month m{2019, 1}; m.year == 2019; m = m.next()) {
        months.push_back(m);
        const auto d = m.workingDays();
        days.insert(days.end(), d.begin(), d.end());
    }
    std::vector<KioskPlan> plans;
    for (std::size_t k = 0; k < units.size(); ++k) {
        const SeedUnit& unit = units[k];
        KioskPlan plan;
        plan.keyName = unit.code;
        plan.stints.push_back(
            {std::numeric_limits<std::int64_t>::min(), UnitInfo{unit.code, unit.name, unit.level, "Quầy tiếp nhận 1"}});
        plan.installMs = localMs(dayOf(2019, 1, 1), 7 * 60);
        plan.seed = 20190101 + k;
        std::mt19937_64 random(plan.seed * 7919);
        std::vector<bool> notSatisfied(static_cast<std::size_t>(unit.ratings), false);
        for (int i = 0; i < unit.notSatisfied; ++i) notSatisfied[static_cast<std::size_t>(i)] = true;
        std::shuffle(notSatisfied.begin(), notSatisfied.end(), random);
        for (int i = 0; i < unit.ratings; ++i) {
            const bool bad = notSatisfied[static_cast<std::size_t>(i)];
            plan.ratings.push_back({ratingTime(days, random), bad                 ? "not_satisfied"
                                                              : random() % 10 < 6 ? "very_satisfied"
                                                                                  : "satisfied"});
        }
        if (k == burstKiosk)  // someone pressing the top face again and again, one Friday in March
            for (int b = 0; b < 8; ++b)
                plan.ratings.push_back({localMs(dayOf(2019, 3, 29), 10 * 60) + b * 5'000, "very_satisfied",
                                        misuse::Burst | misuse::RapidRepeat, false});
        if (k == wrongClockKiosk) {
            // Its clock ran two years ahead all year, and nobody exported it until the end of the
            // year, when the clock was set right: its ratings are dated 2021, after the batch's
            // own export time, so headquarters marks them whatever the date it imports them.
            plan.clockAheadMs = 730 * DayMs;
            plan.exports.push_back({months.back().exportMs(), Fate::Kept});
        } else {
            for (const Month& m : months) {
                plan.exports.push_back(
                    {m.exportMs(), k == duplicatedKiosk && m.month == 2 ? Fate::Copied : Fate::Kept});
                if (k == missingKiosk && m.month == 6) {  // an extra batch the same day, that never arrives
                    for (int b = 0; b < 12; ++b)
                        plan.ratings.push_back({m.exportMs() + (5 + b) * MinuteMs, "satisfied", 0, false});
                    plan.exports.push_back({m.exportMs() + 30 * MinuteMs, Fate::Lost});
                }
            }
        }
        std::stable_sort(plan.ratings.begin(), plan.ratings.end(),
                         [](const PlannedRating& a, const PlannedRating& b) { return a.at < b.at; });
        plans.push_back(std::move(plan));
    }
    return plans;
}

}  // namespace

DemoSummary makeSeed2019(const fs::path& folder, const std::function<void(int, int)>& progress) {
    DemoSummary summary;
    summary.scenario = DemoScenario::Seed2019;
    summary.firstDay = "2019-01-01";
    summary.lastDay = "2019-12-31";
    const std::vector<SeedUnit> units = seedUnits();
    const std::vector<RegistryRow> registry = seedRegistry(units);
    writeRegistry(folder / "units.csv", registry);
    summarise(summary, registry);
    const std::vector<KioskPlan> plans = seedPlans(units);
    const std::vector<KioskOutcome> outcomes = playKiosks(plans, folder, progress);
    for (std::size_t k = 0; k < outcomes.size(); ++k) {
        const KioskOutcome& o = outcomes[k];
        ++summary.kiosks;
        summary.batchFiles += o.batchFiles;
        summary.ratingsCounted += o.counted;
        summary.satisfied += o.satisfied;
        if (!o.copiedFile.empty()) summary.duplicatedFile = o.copiedFile;
        if (!o.lostBatch.empty()) summary.missingBatch = o.lostBatch;
        if (plans[k].clockAheadMs != 0) {
            summary.wrongClockKiosk = o.kioskId;
            summary.wrongClockRatings = o.counted;
        }
        if (std::any_of(plans[k].ratings.begin(), plans[k].ratings.end(),
                        [](const PlannedRating& r) { return r.flags != 0; }))
            summary.burstKiosk = o.kioskId;
    }
    return summary;
}

}  // namespace hailong::core::demo
