#pragma once
// The staff menu's backup (issue 19, SPEC 5): a copy of the kiosk database written to a drive
// by store/kiosk_backup.h, run beside the kiosk on a worker thread with its own connection (the
// kiosk's database is in WAL mode: ratings go on being stored while the copy is read), and
// what kind of thing stopped it, for the words on the screen.
//
// The owner's thread (the UI's) starts the job and polls it; nothing here calls the screen.
#include "base/clock.h"
#include "base/expected.h"
#include "base/strings.h"
#include "store/kiosk_backup.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace hailong::core {

/// What stopped a backup: what the staff can meet and act on. Words: backupFailureWords.
enum class BackupProblem {
    DriveGone,           ///< the folder is missing: the drive was pulled, or has failed
    DriveFull,           ///< not enough space left on the drive for the copy
    ReadOnly,            ///< a read-only drive (its write-protect switch)
    NotAllowed,          ///< no permission to write in the folder
    WriteFailed,         ///< another error while writing (reason: the technical words)
    DatabaseUnreadable,  ///< the kiosk database could not be opened or read
    Busy,                ///< a backup is already running
    NoRunner,            ///< this kiosk was started without the backup job (a program fault)
};

/// Why a backup was not made: the kind for people, the detail for the log and audit trail.
struct BackupFailure {
    BackupProblem problem = BackupProblem::WriteFailed;
    std::filesystem::path folder;  ///< the folder written to, named by the words
    std::string technical;         ///< backupKioskDatabase's error, or the exception's text
};

/// The kind of a failed backup, judged from the folder after the failure (backupKioskDatabase
/// leaves nothing there under the copy's name): missing, read-only, not writable, or with less
/// free space than neededBytes (the database's size); else from the technical words (a full
/// disk); else WriteFailed.
BackupFailure backupFailureFor(const std::filesystem::path& folder, std::uint64_t neededBytes, std::string technical);

/// The language-file key of a kind ("backup.failed_drive_full", ...).
const char* backupProblemKey(BackupProblem problem);
/// What a person reads about a failure, in lang, with the folder filled in.
std::string backupFailureWords(const BackupFailure& failure, const Strings& strings, Language lang);

/// The bytes a copy of the database at dbPath needs: the file and its WAL.
std::uint64_t backupNeededBytes(const std::filesystem::path& dbPath);

/// A backup of the kiosk database at dbPath into folder, on a connection of its own, sealed to
/// headquarters' key when one is pinned (read from the database). Audited (backup_made /
/// backup_failed) by backupKioskDatabase on that connection. Never throws.
Expected<BackupResult, BackupFailure> makeKioskBackup(const std::filesystem::path& dbPath, const Clock& clock,
                                                      const std::filesystem::path& folder);

/// One backup at a time on a worker thread (makeKioskBackup). start and poll are called from
/// one thread; the worker shares only its outcome, under a lock. The destructor waits for a
/// running backup (it is not stopped half-way).
class BackupJob {
public:
    /// clock must outlive the job and be thread-safe (SystemClock is).
    BackupJob(std::filesystem::path databasePath, const Clock& clock);
    ~BackupJob();
    BackupJob(const BackupJob&) = delete;
    BackupJob& operator=(const BackupJob&) = delete;

    /// Starts a backup into folder; false (nothing started) while one runs or its outcome
    /// was not polled yet.
    [[nodiscard]] bool start(const std::filesystem::path& folder);
    bool running() const { return m_running; }
    /// The outcome of the backup that finished, once.
    [[nodiscard]] std::optional<Expected<BackupResult, BackupFailure>> poll();

private:
    std::filesystem::path m_dbPath;
    const Clock& m_clock;
    std::thread m_thread;
    std::atomic<bool> m_running{false};
    std::mutex m_mutex;
    std::optional<Expected<BackupResult, BackupFailure>> m_result;  // guarded by m_mutex
};

}  // namespace hailong::core
