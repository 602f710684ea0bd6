#pragma once
// Detects wall-clock jumps (SPEC 5): an offline PC's clock is set by hand, or falls back
// to 1980 or 2000 when its RTC battery dies. The kiosk calls check() about once a second
// and writes each jump to the audit log (audit::ClockJump, detail clockJumpDetail(...)).
//
// Not thread-safe; the clock must outlive the watch. Only recordKioskStart touches storage.
#include "base/clock.h"
#include "store/audit_log.h"

#include <cstdint>
#include <optional>
#include <string>

namespace hailong::core {

struct ClockJump {
    std::int64_t expectedUtcMs = 0;  ///< where the wall clock should be by the monotonic clock
    std::int64_t actualUtcMs = 0;    ///< where it is
    std::string reason;              ///< "jump", "before_install", "while_stopped" or "before_last_run"
};

/// What the clocks said when the kiosk last wrote something (its last audit entry).
struct ClockReading {
    std::int64_t utcMs = 0;
    std::int64_t monoMs = 0;
    std::string bootId;
};

/// At start, the clock against the last reading of the previous run: a clock moved while
/// the kiosk was stopped. If the machine was not rebooted since (same boot id) the monotonic
/// clock spans the gap, so a move either way beyond the threshold is found ("while_stopped").
/// After a reboot a clock set forward cannot be told from a kiosk left off, but one now
/// earlier than the last reading by more than the threshold can ("before_last_run").
std::optional<ClockJump> checkClockAtStart(const Clock& clock, const ClockReading& last,
                                           std::int64_t thresholdMs = 180'000);

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

/// The kiosk's start in the audit log: reads the last entry of the previous run, records
/// audit::KioskStart (detail: version), then an audit::ClockJump if checkClockAtStart finds
/// the clock moved while the kiosk was stopped; returns that jump. Throws StorageError.
std::optional<ClockJump> recordKioskStart(AuditLog& audit, const std::string& version);

/// "reason=jump expected=2026-01-01T07:00:00.000+07:00 actual=... drift_s=-3600" for the audit log.
std::string clockJumpDetail(const ClockJump& jump, int utcOffsetMinutes);

}  // namespace hailong::core
