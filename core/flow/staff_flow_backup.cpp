// StaffFlow's backup screens (issue 19): where to, while it runs, and what was written. The
// copy itself is store/kiosk_backup.h, run by the app (flow/backup_job.h).
#include "flow/hq_link_flow.h"
#include "flow/staff_flow.h"

#include <algorithm>

namespace hailong::core {

void StaffFlow::showBackup() {
    if (!m_admin || (m_screen != StaffScreen::Menu && m_screen != StaffScreen::BackupDone)) return;
    say("");
    m_targets = m_config.exportTargets ? m_config.exportTargets() : std::vector<ExportTarget>{};
    m_backupSealed = m_hq && m_hq->status().key.has_value();
    show(StaffScreen::Backup);
}

void StaffFlow::pickBackupTarget(const std::filesystem::path& folder) {
    if (m_screen != StaffScreen::Backup) return;
    const bool known = std::any_of(m_targets.begin(), m_targets.end(),
                                   [&](const ExportTarget& t) { return t.folder == folder; });
    if (!known) return;
    say("");
    m_backupRequest = folder;
    m_backupResult.reset();
    m_backupFailure.reset();
    m_backupStartedMono = m_clock.monoMs();
    show(StaffScreen::BackupRunning);
}

std::optional<std::filesystem::path> StaffFlow::takeBackupRequest() {
    auto request = std::move(m_backupRequest);
    m_backupRequest.reset();
    return request;
}

void StaffFlow::backupFinished(Expected<BackupResult, BackupFailure> result) {
    if (m_screen != StaffScreen::BackupRunning) return;
    if (result) m_backupResult = std::move(*result);
    else m_backupFailure = std::move(result.error());
    show(StaffScreen::BackupDone);
}

}  // namespace hailong::core
