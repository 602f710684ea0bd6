#include "service/service_notify.h"

#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <string>

namespace hailong::app {

ServiceNotifier::ServiceNotifier() {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    m_active = socket && *socket;
    if (!m_active) return;
    if (const char* usec = std::getenv("WATCHDOG_USEC")) {
        char* end = nullptr;
        const unsigned long long v = std::strtoull(usec, &end, 10);
        if (end && *end == '\0' && v > 0) m_pingEvery = std::chrono::microseconds(static_cast<long long>(v / 2));
    }
}

void ServiceNotifier::ready() {
    if (!m_active || m_readySent) return;
    m_readySent = sd_notify(0, "READY=1\nSTATUS=Showing the citizen screens") > 0;
}

void ServiceNotifier::alive(Clock::time_point now) {
    if (!m_active || m_pingEvery.count() == 0) return;
    if (m_lastPing != Clock::time_point{} && now - m_lastPing < m_pingEvery) return;
    if (sd_notify(0, "WATCHDOG=1") > 0) m_lastPing = now;
}

}  // namespace hailong::app
