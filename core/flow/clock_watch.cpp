#include "flow/clock_watch.h"

namespace hailong::core {

ClockWatch::ClockWatch(const Clock& clock, std::int64_t installUtcMs, std::int64_t thresholdMs)
    : m_clock(clock),
      m_installUtcMs(installUtcMs),
      m_thresholdMs(thresholdMs),
      m_refWallMs(clock.wallMs()),
      m_refMonoMs(clock.monoMs()) {}

std::optional<ClockJump> ClockWatch::check() {
    const std::int64_t wall = m_clock.wallMs();
    const std::int64_t mono = m_clock.monoMs();
    // Measured against a fixed reference rather than the previous check, so a clock set
    // back a minute at a time still shows up once the minutes add up.
    const std::int64_t expected = m_refWallMs + (mono - m_refMonoMs);
    std::optional<ClockJump> jump;
    if (wall < m_installUtcMs) {
        if (!m_beforeInstallReported) jump = ClockJump{expected, wall, "before_install"};
        m_beforeInstallReported = true;
    } else {
        m_beforeInstallReported = false;
    }
    const std::int64_t drift = wall - expected;
    if (!jump && (drift > m_thresholdMs || drift < -m_thresholdMs)) jump = ClockJump{expected, wall, "jump"};
    if (jump) {
        m_refWallMs = wall;
        m_refMonoMs = mono;
    }
    return jump;
}

std::optional<ClockJump> checkClockAtStart(const Clock& clock, const ClockReading& last, std::int64_t thresholdMs) {
    const std::int64_t wall = clock.wallMs();
    if (!last.bootId.empty() && last.bootId == clock.bootId()) {
        const std::int64_t expected = last.utcMs + (clock.monoMs() - last.monoMs);
        const std::int64_t drift = wall - expected;
        if (drift > thresholdMs || drift < -thresholdMs) return ClockJump{expected, wall, "while_stopped"};
        return std::nullopt;
    }
    if (wall < last.utcMs - thresholdMs) return ClockJump{last.utcMs, wall, "before_last_run"};
    return std::nullopt;
}

std::optional<ClockJump> recordKioskStart(AuditLog& audit, const std::string& version) {
    const std::optional<AuditEntry> last = audit.latest();
    audit.record(audit::KioskStart, version);
    if (!last) return std::nullopt;
    auto jump = checkClockAtStart(audit.clock(), ClockReading{last->utcMs, last->monoMs, last->bootId});
    if (jump) audit.record(audit::ClockJump, clockJumpDetail(*jump, audit.clock().utcOffsetMinutes()));
    return jump;
}

std::string clockJumpDetail(const ClockJump& jump, int utcOffsetMinutes) {
    return "reason=" + jump.reason + " expected=" + formatLocalIso(jump.expectedUtcMs, utcOffsetMinutes) +
           " actual=" + formatLocalIso(jump.actualUtcMs, utcOffsetMinutes) +
           " drift_s=" + std::to_string((jump.actualUtcMs - jump.expectedUtcMs) / 1000);
}

}  // namespace hailong::core
