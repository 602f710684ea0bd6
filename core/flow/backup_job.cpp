#include "flow/backup_job.h"

#include "base/ids.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"

#include <unistd.h>

#include <cerrno>
#include <string_view>

namespace hailong::core {

namespace fs = std::filesystem;

namespace {
bool mentions(const std::string& text, std::string_view what) { return text.find(what) != std::string::npos; }
}  // namespace

std::uint64_t backupNeededBytes(const fs::path& dbPath) {
    std::error_code ec;
    std::uint64_t bytes = 0;
    for (const fs::path& p : {dbPath, fs::path(dbPath.string() + "-wal")}) {
        const auto size = fs::file_size(p, ec);
        if (!ec) bytes += size;
    }
    return bytes;
}

BackupFailure backupFailureFor(const fs::path& folder, std::uint64_t neededBytes, std::string technical) {
    BackupFailure f{BackupProblem::WriteFailed, folder, std::move(technical)};
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        f.problem = BackupProblem::DriveGone;
        return f;
    }
    if (::access(folder.c_str(), W_OK) != 0) {
        f.problem = errno == EROFS ? BackupProblem::ReadOnly : BackupProblem::NotAllowed;
        return f;
    }
    const fs::space_info space = fs::space(folder, ec);
    const bool tooSmall = !ec && space.available < neededBytes + 64 * 1024;  // the copy, and a margin
    if (tooSmall || mentions(f.technical, "disk is full") || mentions(f.technical, "No space left"))
        f.problem = BackupProblem::DriveFull;
    else if (mentions(f.technical, "Read-only file system")) f.problem = BackupProblem::ReadOnly;
    else if (mentions(f.technical, "Input/output error") || mentions(f.technical, "No such device"))
        f.problem = BackupProblem::DriveGone;
    return f;
}

const char* backupProblemKey(BackupProblem problem) {
    switch (problem) {
    case BackupProblem::DriveGone: return "backup.failed_drive_gone";
    case BackupProblem::DriveFull: return "backup.failed_drive_full";
    case BackupProblem::ReadOnly: return "backup.failed_read_only";
    case BackupProblem::NotAllowed: return "backup.failed_not_allowed";
    case BackupProblem::WriteFailed: return "backup.failed_write";
    case BackupProblem::DatabaseUnreadable: return "backup.failed_database";
    case BackupProblem::Busy: return "backup.failed_busy";
    case BackupProblem::NoRunner: return "backup.failed_no_runner";
    }
    return "backup.failed_write";
}

std::string backupFailureWords(const BackupFailure& failure, const Strings& strings, Language lang) {
    return fillIn(strings.get(backupProblemKey(failure.problem), lang), {{"folder", failure.folder.string()}});
}

Expected<BackupResult, BackupFailure> makeKioskBackup(const fs::path& dbPath, const Clock& clock,
                                                      const fs::path& folder) {
    try {
        RandomIds ids;  // its own: an IdSource is not shared between threads
        KioskDatabase db(dbPath, clock, ids, KioskDatabase::NoIntegrityCheck{});
        AuditLog audit(db, clock);
        auto made = backupKioskDatabase(db, audit, folder, db.meta("hq_box_key"));
        if (made) return std::move(*made);
        return unexpected(backupFailureFor(folder, backupNeededBytes(dbPath), made.error()));
    } catch (const std::exception& e) {
        return unexpected(BackupFailure{BackupProblem::DatabaseUnreadable, folder, e.what()});
    }
}

BackupJob::BackupJob(fs::path databasePath, const Clock& clock) : m_dbPath(std::move(databasePath)), m_clock(clock) {}

BackupJob::~BackupJob() {
    if (m_thread.joinable()) m_thread.join();
}

bool BackupJob::start(const fs::path& folder) {
    if (m_running) return false;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_result) return false;  // the last outcome is not delivered yet: it goes first
    }
    if (m_thread.joinable()) m_thread.join();
    m_running = true;
    m_thread = std::thread([this, folder] {
        auto outcome = makeKioskBackup(m_dbPath, m_clock, folder);
        std::lock_guard<std::mutex> lock(m_mutex);
        m_result = std::move(outcome);
        m_running = false;
    });
    return true;
}

std::optional<Expected<BackupResult, BackupFailure>> BackupJob::poll() {
    std::optional<Expected<BackupResult, BackupFailure>> out;
    std::lock_guard<std::mutex> lock(m_mutex);
    out.swap(m_result);
    return out;
}

}  // namespace hailong::core
