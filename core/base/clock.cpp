#include "base/clock.h"

#include "base/civil_date.h"

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
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", static_cast<long long>(date.year),
                  date.month, date.day, hour, minute, second, milli, sign, absOffset / 60, absOffset % 60);
    return buf;
}

}  // namespace hailong::core
