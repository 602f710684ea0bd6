#pragma once
// SIGTERM/SIGINT/SIGHUP handling that also wakes a sleeping event loop: the signals are
// blocked in every thread and one watcher thread waits for them (sigwait), sets the
// flag and calls the wake function. Create it before any other thread starts.
#include <atomic>
#include <functional>
#include <thread>

namespace hailong::app {

class SignalWatcher {
public:
    explicit SignalWatcher(std::function<void()> wake);
    ~SignalWatcher();
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;
    bool stopRequested() const { return m_stop.load(); }
    int signalNumber() const { return m_signal.load(); }

private:
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_exiting{false};  ///< set by the destructor: its SIGUSR1 ends the watcher
    std::atomic<int> m_signal{0};
    std::thread m_thread;
};

}  // namespace hailong::app
