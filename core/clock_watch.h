#pragma once
// Detects wall-clock jumps (SPEC 5): an offline PC's clock is set by hand, or falls back
// to 1980 or 2000 when its RTC battery dies. The kiosk calls check() about once a second
// and writes each jump to the audit log (audit::ClockJump, detail clockJumpDetail(...)).
//
// Not thread-safe; the clock must outlive the watch. Does not throw.
#include "clock.h"

#include <cstdint>
#include <optional>
#include <string>

namespace hailong::core {

struct ClockJump {
    std::int64_t expectedUtcMs = 0;  ///< where the wall clock should be by the monotonic clock
    std::int64_t actualUtcMs = 0;    ///< where it is
    std::string reason;              ///< "jump" or "before_install"
};

class ClockWatch {
public:
    /// The reference is the clock at construction; installUtcMs is KioskDatabase::installUtcMs().
    ClockWatch(const Clock& clock, std::int64_t installUtcMs, std::int64_t thresholdMs = 180'000);
    /// Compares wall-clock progress with monotonic progress since the reference (the
    /// construction, or the last jump): a difference over the threshold, either way, is a
    /// "jump". A wall clock before the install date is reported as "before_install" (once,
    /// until it is after the install date again; also at the first check). After a jump
    /// the new wall clock is the reference. Slow drift adds up until it passes the threshold.
    std::optional<ClockJump> check();

private:
    const Clock& m_clock;
    std::int64_t m_installUtcMs;
    std::int64_t m_thresholdMs;
    std::int64_t m_refWallMs;
    std::int64_t m_refMonoMs;
    bool m_beforeInstallReported = false;
};

/// "reason=jump expected=2026-01-01T07:00:00.000+07:00 actual=... drift_s=-3600" for the audit log.
std::string clockJumpDetail(const ClockJump& jump, int utcOffsetMinutes);

} // namespace hailong::core
