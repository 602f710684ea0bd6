#include "app/signals.h"

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
    sigaddset(&set, SIGUSR1);  // sent by our own destructor to end the watcher
    return set;
}
} // namespace

SignalWatcher::SignalWatcher(std::function<void()> wake) {
    sigset_t set = watchedSignals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);  // inherited by every thread created later
    m_thread = std::thread([this, set, wake = std::move(wake)] {
        int sig = 0;
        while (sigwait(&set, &sig) == 0) {
            if (sig == SIGUSR1) return;
            m_signal = sig;
            m_stop = true;
            wake();
        }
    });
}

SignalWatcher::~SignalWatcher() {
    pthread_kill(m_thread.native_handle(), SIGUSR1);
    m_thread.join();
}

} // namespace hailong::app
