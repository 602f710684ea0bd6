#pragma once
// Telling systemd how the kiosk is (packaging/hailong-kiosk.service, issue 7): READY=1 once the
// first frame is on screen, and WATCHDOG=1 from the frame loop, so a kiosk whose loop froze is
// killed and started again by systemd (WatchdogSec). Outside systemd (NOTIFY_SOCKET unset: a
// developer's run, tests, screenshots) it does nothing.
//
// The kiosk runs under xinit, so it is not the service's main process: the unit says
// NotifyAccess=all, and WATCHDOG_USEC is read here without sd_watchdog_enabled()'s check that
// WATCHDOG_PID is this process. Not thread-safe: call from the frame loop's thread only.
#include <chrono>

namespace hailong::app {

class ServiceNotifier {
public:
    using Clock = std::chrono::steady_clock;

    ServiceNotifier();
    /// Under systemd with a notify socket.
    bool active() const { return m_active; }
    /// How often alive() pings: half the service's watchdog interval; zero without a watchdog.
    std::chrono::microseconds pingEvery() const { return m_pingEvery; }

    /// The kiosk is up: its first frame is on screen. Sent once.
    void ready();
    /// The frame loop is turning: pings the watchdog when half its interval has passed.
    void alive(Clock::time_point now = Clock::now());

private:
    bool m_active = false;
    bool m_readySent = false;
    std::chrono::microseconds m_pingEvery{0};
    Clock::time_point m_lastPing{};
};

}  // namespace hailong::app
