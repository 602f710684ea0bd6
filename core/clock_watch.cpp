#include "clock_watch.h"

namespace hailong::core {

ClockWatch::ClockWatch(const Clock& clock, std::int64_t installUtcMs, std::int64_t thresholdMs)
    : m_clock(clock), m_installUtcMs(installUtcMs), m_thresholdMs(thresholdMs), m_refWallMs(clock.wallMs()),
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

std::string clockJumpDetail(const ClockJump& jump, int utcOffsetMinutes) {
    return "reason=" + jump.reason + " expected=" + formatLocalIso(jump.expectedUtcMs, utcOffsetMinutes) +
           " actual=" + formatLocalIso(jump.actualUtcMs, utcOffsetMinutes) +
           " drift_s=" + std::to_string((jump.actualUtcMs - jump.expectedUtcMs) / 1000);
}

} // namespace hailong::core
