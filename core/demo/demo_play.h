#pragma once
// What the demo's two scenarios share (private to core/demo): time in Viet Nam, a kiosk's ratings
// and exports planned and then played by the real kiosk code, and the registry file beside the
// batches. Each scenario (demo_2019.cpp, demo_2026.cpp) plans its kiosks; demo_data.cpp runs one.
#include "base/civil_date.h"
#include "demo/demo_data.h"
#include "survey/response.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

namespace hailong::core::demo {

namespace fs = std::filesystem;

// Time ----------------------------------------------------------------------------------------

constexpr std::int64_t DayMs = 86'400'000;
constexpr std::int64_t MinuteMs = 60'000;
constexpr int Offset = 420;  // Viet Nam: UTC+07:00, no summer time

/// Days since 1970-01-01 of a Gregorian date.
constexpr std::int64_t dayOf(int year, int month, int day) { return daysFromCivil(year, month, day); }

/// A UTC instant from a local day and minute of that day.
inline std::int64_t localMs(std::int64_t day, std::int64_t minute) {
    return day * DayMs + (minute - Offset) * MinuteMs;
}

struct Month {
    int year, month;
    std::int64_t firstDay() const { return dayOf(year, month, 1); }
    Month next() const { return month == 12 ? Month{year + 1, 1} : Month{year, month + 1}; }
    bool operator<(const Month& o) const { return std::tie(year, month) < std::tie(o.year, o.month); }
    bool operator==(const Month& o) const { return year == o.year && month == o.month; }
    /// Monday to Friday, when the one-stop counters receive citizens (1970-01-01 was a Thursday).
    std::vector<std::int64_t> workingDays() const {
        std::vector<std::int64_t> days;
        for (std::int64_t d = firstDay(); d < next().firstDay(); ++d)
            if (const std::int64_t w = (d + 4) % 7; w >= 1 && w <= 5) days.push_back(d);
        return days;
    }
    /// The kiosk exports its month after closing on the last working day (16:30).
    std::int64_t exportMs() const { return localMs(workingDays().back(), 16 * 60 + 30); }
};

/// A rating time on one of the days: opening hours 08:00 to 16:00, to the second.
template <typename Random>
std::int64_t ratingTime(const std::vector<std::int64_t>& days, Random& random) {
    const std::int64_t day = days[random() % days.size()];
    const std::int64_t minute = 8 * 60 + static_cast<std::int64_t>(random() % (8 * 60));
    return localMs(day, minute) + static_cast<std::int64_t>(random() % 60) * 1000;
}

// A kiosk's year, planned, then played by the real kiosk code ---------------------------------

struct PlannedRating {
    std::int64_t at = 0;  ///< UTC ms, the true time
    std::string value;    ///< very_satisfied | satisfied | not_satisfied
    std::uint32_t flags = 0;
    bool counted = true;  ///< counted once imported (not misuse, not in the batch that is lost)
};

enum class Fate { Kept, Copied, Lost };

struct PlannedExport {
    std::int64_t at = 0;
    Fate fate = Fate::Kept;
};

/// The unit a kiosk serves from an instant on (set up, or re-configured when the map changed).
struct Stint {
    std::int64_t from = std::numeric_limits<std::int64_t>::min();
    UnitInfo unit;
};

struct KioskPlan {
    std::string keyName;  ///< FOLDER/keys/<keyName>.key: the unit it was set up for
    std::vector<Stint> stints;
    std::vector<PlannedRating> ratings;  ///< by time
    std::vector<PlannedExport> exports;  ///< by time; every rating comes before the last
    /// The kiosk's wall clock is this much ahead while it rates; it is set right for exports.
    std::int64_t clockAheadMs = 0;
    std::int64_t installMs = 0;
    std::uint64_t seed = 0;
};

struct KioskOutcome {
    std::string kioskId;
    int batchFiles = 0;
    std::int64_t counted = 0, satisfied = 0;
    std::string copiedFile, lostBatch;
};

/// Plays the kiosks on a few threads (the time goes mostly to waiting for the disk): each makes
/// its database and key in FOLDER/kiosks, rates, and exports into FOLDER/batches and FOLDER/keys.
std::vector<KioskOutcome> playKiosks(const std::vector<KioskPlan>& plans, const fs::path& folder,
                                     const std::function<void(int, int)>& progress);

// Units and the registry file -----------------------------------------------------------------

/// A row of FOLDER/units.csv (the unit registry's columns). Dates "" are open-ended.
struct RegistryRow {
    std::string code, nameVi, nameEn, level, parent, validFrom, validTo, successor;
};

/// Writes FOLDER/units.csv. Throws std::runtime_error if it cannot.
void writeRegistry(const fs::path& file, const std::vector<RegistryRow>& rows);
/// "Tỉnh Nghệ An" -> "tỉnh Nghệ An", "Thành phố Đà Nẵng" -> "thành phố Đà Nẵng" (as after "Công an").
std::string lowerKind(const std::string& name);
/// "Tỉnh Vĩnh Phúc" -> "Vĩnh Phúc".
std::string withoutKind(const std::string& name);
bool isCity(const std::string& provinceName);
/// "Nghe An Province" -> "Nghe An Provincial Police", "Da Nang City" -> "Da Nang City Police".
std::string policeEn(const std::string& nameEn);
/// The units per level and the rows of the registry file, into the summary.
void summarise(DemoSummary& s, const std::vector<RegistryRow>& rows);

/// The two scenarios: FOLDER/batches, keys and kiosks exist.
DemoSummary makeSeed2019(const fs::path& folder, const std::function<void(int, int)>& progress);
DemoSummary makeMap2026(const fs::path& folder, const std::function<void(int, int)>& progress);

}  // namespace hailong::core::demo
