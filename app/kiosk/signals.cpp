#include "signals.h"

#include <csignal>
#include <pthread.h>

namespace hailong::app {

namespace {
sigset_t watchedSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGUSR1);  // sent by our own destructor to end the watcher; others are ignored
    return set;
}
}  // namespace

SignalWatcher::SignalWatcher(std::function<void()> wake) {
    sigset_t set = watchedSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);  // inherited by every thread created later
    // A --trace-ui reader that goes away must not kill the kiosk: writes just fail.
    std::signal(SIGPIPE, SIG_IGN);
    m_thread = std::thread([this, set, wake = std::move(wake)] {
        int sig = 0;
        while (sigwait(&set, &sig) == 0) {
            if (sig == SIGUSR1) {
                if (m_exiting) return;
                continue;  // someone else's SIGUSR1 must not leave SIGTERM unhandled
            }
            m_signal = sig;
            m_stop = true;
            wake();
        }
    });
}

SignalWatcher::~SignalWatcher() {
    m_exiting = true;
    pthread_kill(m_thread.native_handle(), SIGUSR1);
    m_thread.join();
}

}  // namespace hailong::app
