#pragma once
// Time sources for the kiosk. Everything that needs "now" takes a Clock& in its
// constructor, so tests and screenshot mode control time (STYLE 2.8).
//
// Two clocks are kept side by side on purpose (SPEC 5): the wall clock of an offline
// PC is often wrong (dead RTC battery), so each record also carries the boot id and
// a monotonic time since boot, from which headquarters can detect and correct drift.
#include <cstdint>
#include <string>

namespace hailong::core {

class Clock {
public:
    virtual ~Clock() = default;
    /// Wall-clock time, UTC, in milliseconds since the Unix epoch.
    virtual std::int64_t wallMs() const = 0;
    /// Monotonic milliseconds since boot (CLOCK_BOOTTIME: counts suspend too).
    virtual std::int64_t monoMs() const = 0;
    /// Offset of local time from UTC at this moment, in minutes (Vietnam: +420).
    virtual int utcOffsetMinutes() const = 0;
    /// Identifies the current boot (Linux: /proc/sys/kernel/random/boot_id).
    virtual std::string bootId() const = 0;
};

/// The real clocks of this machine. Thread-safe.
class SystemClock final : public Clock {
public:
    SystemClock();
    std::int64_t wallMs() const override;
    std::int64_t monoMs() const override;
    int utcOffsetMinutes() const override;
    std::string bootId() const override { return m_bootId; }

private:
    std::string m_bootId;
};

/// A clock that only moves when told to. For tests, benchmarks and screenshots.
class ManualClock final : public Clock {
public:
    explicit ManualClock(std::int64_t wallMs = 1'767'225'600'000 /* 2026-01-01T00:00Z */,
                         std::int64_t monoMs = 1'000'000, int offsetMinutes = 420,
                         std::string bootId = "00000000-0000-4000-8000-000000000001")
        : m_wall(wallMs), m_mono(monoMs), m_offset(offsetMinutes), m_bootId(std::move(bootId)) {}
    std::int64_t wallMs() const override { return m_wall; }
    std::int64_t monoMs() const override { return m_mono; }
    int utcOffsetMinutes() const override { return m_offset; }
    std::string bootId() const override { return m_bootId; }

    /// Moves both clocks forward together, as real time passing does.
    void advanceMs(std::int64_t ms) {
        m_wall += ms;
        m_mono += ms;
    }
    /// Moves only the wall clock (someone changed the system time).
    void setWallMs(std::int64_t ms) { m_wall = ms; }

private:
    std::int64_t m_wall;
    std::int64_t m_mono;
    int m_offset;
    std::string m_bootId;
};

/// "2026-01-01T07:00:00.000+07:00" style text for logs and exports.
std::string formatLocalIso(std::int64_t utcMs, int offsetMinutes);

}  // namespace hailong::core
