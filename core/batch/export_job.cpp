#include "batch/export_job.h"

#include "base/ids.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"

namespace hailong::core {

ExportJob::ExportJob(std::filesystem::path databasePath, const KioskKeys& keys, const Clock& clock, std::string program)
    : m_dbPath(std::move(databasePath)), m_keys(keys), m_clock(clock), m_program(std::move(program)) {}

ExportJob::~ExportJob() {
    if (m_thread.joinable()) m_thread.join();
}

bool ExportJob::start(const std::filesystem::path& folder, ExportKind kind) {
    if (m_running) return false;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_result) return false;  // the last outcome is not delivered yet: it goes first
    }
    if (m_thread.joinable()) m_thread.join();
    m_running = true;
    m_kind = kind;
    m_done = 0;
    m_total = 0;
    m_thread = std::thread([this, folder] {
        Expected<ExportResult, ExportFailure> result = unexpected(exportFailure(ExportProblem::Unknown, "unknown"));
        try {
            // Ids of its own: an IdSource is not shared between threads.
            RandomIds ids;
            KioskDatabase db(m_dbPath, m_clock, ids, KioskDatabase::NoIntegrityCheck{});
            AuditLog audit(db, m_clock);
            Exporter exporter(db, m_keys, audit, m_clock, m_program);
            ExportOptions options;
            options.progress = [this](std::int64_t done, std::int64_t total) {
                m_done = done;
                m_total = total;
            };
            result = exporter.exportNext(folder, options);
        } catch (const std::exception& e) {
            result = unexpected(exportFailure(ExportProblem::DatabaseUnreadable, e.what()));
        }
        std::lock_guard<std::mutex> lock(m_mutex);
        m_result = std::move(result);
        m_running = false;
    });
    return true;
}

ExportPoll ExportJob::poll() {
    ExportPoll p;
    p.kind = m_kind;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        p.outcome.swap(m_result);
    }
    if (!p.outcome) {
        p.running = m_running;
        p.done = m_done;
        p.total = m_total;
    }
    return p;
}

}  // namespace hailong::core
