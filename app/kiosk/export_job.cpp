#include "export_job.h"

#include "store/audit_log.h"
#include "base/clock.h"
#include "base/ids.h"

namespace hailong::app {

ExportJob::ExportJob(std::filesystem::path databasePath, const core::KioskKeys& keys, std::string program)
    : m_dbPath(std::move(databasePath)), m_keys(keys), m_program(std::move(program)) {}

ExportJob::~ExportJob() {
    if (m_thread.joinable()) m_thread.join();
}

bool ExportJob::start(const std::filesystem::path& folder, bool automatic) {
    if (m_running) return false;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_result) return false;  // the last outcome is not delivered yet: it goes first
    }
    if (m_thread.joinable()) m_thread.join();
    m_running = true;
    m_automatic = automatic;
    m_done = 0;
    m_total = 0;
    m_thread = std::thread([this, folder] {
        core::Expected<core::ExportResult, core::ExportFailure> result =
            core::unexpected(core::ExportFailure{core::ExportProblem::Unknown, "unknown", {}, 0, {}});
        try {
            core::SystemClock clock;
            core::RandomIds ids;
            core::KioskDatabase db(m_dbPath, clock, ids, core::KioskDatabase::NoIntegrityCheck{});
            core::AuditLog audit(db, clock);
            core::Exporter exporter(db, m_keys, audit, clock, m_program);
            core::ExportOptions options;
            options.progress = [this](std::int64_t done, std::int64_t total) {
                m_done = done;
                m_total = total;
            };
            result = exporter.exportNext(folder, options);
        } catch (const std::exception& e) {
            result = core::unexpected(core::ExportFailure{core::ExportProblem::DatabaseUnreadable, e.what(), {}, 0, {}});
        }
        std::lock_guard<std::mutex> lock(m_mutex);
        m_result = std::move(result);
        m_running = false;
    });
    return true;
}

void ExportJob::poll(core::StaffFlow& staff) {
    std::optional<core::Expected<core::ExportResult, core::ExportFailure>> result;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        result.swap(m_result);
    }
    if (!result) {
        if (m_running && !m_automatic) staff.exportProgress(m_done, m_total);
        return;
    }
    if (m_automatic) {
        if (m_onAutomatic) m_onAutomatic(*result);
    } else {
        staff.exportFinished(std::move(*result));
    }
}

} // namespace hailong::app
