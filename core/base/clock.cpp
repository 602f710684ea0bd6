#include "base/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>

namespace hailong::core {

namespace {

/// Used when the kernel does not tell us the boot id (not Linux, /proc not mounted).
/// Headquarters then only has the wall clock to go on for that kiosk.
constexpr const char* UnknownBootId = "unknown";

std::string readBootId() {
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string id;
    if (!in || !std::getline(in, id) || id.empty()) return UnknownBootId;
    return id;
}

/// Floor division: -1 ms is in the second before the epoch, not in second 0.
std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

struct CivilDate {
    std::int64_t year;
    unsigned month;  // 1..12
    unsigned day;    // 1..31
};

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
/// Done by hand so formatting does not depend on time_t range or the C locale.
CivilDate civilFromDays(std::int64_t z) {
    z += 719468;
    const std::int64_t era = floorDiv(z, 146097);
    const auto doe = static_cast<unsigned>(z - era * 146097);                    // [0, 146096]
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
    const unsigned mp = (5 * doy + 2) / 153;                       // [0, 11]
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;               // [1, 31]
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;                  // [1, 12]
    return {m <= 2 ? y + 1 : y, m, d};
}

}  // namespace

SystemClock::SystemClock() : m_bootId(readBootId()) {}

std::int64_t SystemClock::wallMs() const {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t SystemClock::monoMs() const {
    // CLOCK_BOOTTIME rather than steady_clock (CLOCK_MONOTONIC): it keeps counting
    // while the PC is suspended, so "mono since boot" stays comparable to wall time.
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + static_cast<std::int64_t>(ts.tv_nsec) / 1'000'000;
}

int SystemClock::utcOffsetMinutes() const {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    if (localtime_r(&now, &local) == nullptr) return 0;
    return static_cast<int>(local.tm_gmtoff / 60);
}

std::string formatLocalIso(std::int64_t utcMs, int offsetMinutes) {
    const std::int64_t localMs = utcMs + static_cast<std::int64_t>(offsetMinutes) * 60'000;
    const std::int64_t days = floorDiv(localMs, 86'400'000);
    const std::int64_t msOfDay = localMs - days * 86'400'000;
    const CivilDate date = civilFromDays(days);

    const int hour = static_cast<int>(msOfDay / 3'600'000);
    const int minute = static_cast<int>(msOfDay / 60'000 % 60);
    const int second = static_cast<int>(msOfDay / 1000 % 60);
    const int milli = static_cast<int>(msOfDay % 1000);
    const char sign = offsetMinutes < 0 ? '-' : '+';
    const int absOffset = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;

    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03d%c%02d:%02d", static_cast<long long>(date.year),
                  date.month, date.day, hour, minute, second, milli, sign, absOffset / 60, absOffset % 60);
    return buf;
}

}  // namespace hailong::core
