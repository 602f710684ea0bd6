#pragma once
// An export run beside the kiosk (issue 4): a worker thread with its own database
// connection, so the screen keeps drawing the progress. The owner's thread (the UI's)
// starts it and polls it; nothing here calls the screen.
#include "base/clock.h"
#include "batch/exporter.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace hailong::core {

/// Who asked for an export: where its progress and outcome go.
enum class ExportKind {
    Staff,      ///< from the staff screen: progress and outcome shown there
    Automatic,  ///< the kiosk's own at closing time: the outcome goes to the log only
};

/// What ExportJob::poll saw.
struct ExportPoll {
    ExportKind kind = ExportKind::Staff;  ///< of the export running or just finished
    bool running = false;                 ///< still running (done/total say how far)
    std::int64_t done = 0, total = 0;
    /// Once, after it finished: the outcome (a failure is already in the audit log: the
    /// Exporter records it).
    std::optional<Expected<ExportResult, ExportFailure>> outcome;
};

/// One export at a time on a worker thread. start, running and poll are called from one
/// thread (the owner's); the worker shares only the progress and the outcome, under a lock
/// or atomic. The destructor waits for a running export (it cannot be stopped half-way).
class ExportJob {
public:
    /// keys and clock must outlive the job and are read from the worker thread: signing is
    /// thread-safe, and the clock must be too (SystemClock is). program: the name and version
    /// written into each batch.
    ExportJob(std::filesystem::path databasePath, const KioskKeys& keys, const Clock& clock, std::string program);
    ~ExportJob();
    ExportJob(const ExportJob&) = delete;
    ExportJob& operator=(const ExportJob&) = delete;

    /// Starts an export to folder; false (and nothing started) if one is running or the
    /// outcome of the last one was not polled yet: that outcome is delivered first.
    [[nodiscard]] bool start(const std::filesystem::path& folder, ExportKind kind = ExportKind::Staff);
    bool running() const { return m_running; }
    /// The progress of a running export, or the outcome of the one that finished (once).
    [[nodiscard]] ExportPoll poll();

private:
    std::filesystem::path m_dbPath;
    const KioskKeys& m_keys;
    const Clock& m_clock;
    std::string m_program;
    std::thread m_thread;
    std::atomic<bool> m_running{false};
    std::atomic<std::int64_t> m_done{0}, m_total{0};
    std::mutex m_mutex;
    std::optional<Expected<ExportResult, ExportFailure>> m_result;  // guarded by m_mutex
    ExportKind m_kind = ExportKind::Staff;                          // owner's thread only
};

}  // namespace hailong::core
