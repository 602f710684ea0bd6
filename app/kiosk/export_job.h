#pragma once
// An export run beside the kiosk (issue 4): a worker thread with its own database
// connection, so the screen keeps drawing the progress. The UI thread polls it.
#include "batch/exporter.h"
#include "flow/staff_flow.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace hailong::app {

class ExportJob {
public:
    /// keys must outlive the job (they are only read: signing is thread-safe).
    ExportJob(std::filesystem::path databasePath, const core::KioskKeys& keys, std::string program);
    ~ExportJob();  ///< waits for a running export to finish (it cannot be stopped half-way)
    ExportJob(const ExportJob&) = delete;
    ExportJob& operator=(const ExportJob&) = delete;

    /// Starts an export to folder; false if one is running or its outcome was not polled yet.
    /// automatic: the result goes to onAutomaticResult instead of the staff screen.
    bool start(const std::filesystem::path& folder, bool automatic = false);
    bool running() const { return m_running; }
    /// On the UI thread: progress to the staff screen, and the outcome once it is there.
    void poll(core::StaffFlow& staff);
    void onAutomaticResult(std::function<void(const core::Expected<core::ExportResult, core::ExportFailure>&)> f) {
        m_onAutomatic = std::move(f);
    }

private:
    std::filesystem::path m_dbPath;
    const core::KioskKeys& m_keys;
    std::string m_program;
    std::thread m_thread;
    std::atomic<bool> m_running{false};
    std::atomic<std::int64_t> m_done{0}, m_total{0};
    std::mutex m_mutex;
    std::optional<core::Expected<core::ExportResult, core::ExportFailure>> m_result;  // guarded by m_mutex
    bool m_automatic = false;
    std::function<void(const core::Expected<core::ExportResult, core::ExportFailure>&)> m_onAutomatic;
};

} // namespace hailong::app
