#pragma once
// Where the staff can export to (SPEC 4, issue 4): removable drives mounted under /media or
// /run/media (or other configured roots), else a configured folder.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hailong::core {

struct ExportTarget {
    std::filesystem::path folder;
    std::string label;            ///< the drive's name (its mount folder's name), or the folder
    bool removable = false;       ///< a mounted drive, not the configured folder
    std::int64_t freeBytes = -1;  ///< -1 if unknown
};

/// Mounted, writable drives found under the roots (each root's entries, and one level deeper
/// for the per-user folders of /media/USER and /run/media/USER), by path; then, always last,
/// the fallback folder (created if missing; left out if it cannot be made). A drive is a
/// folder on another file system than its parent (a mount point).
std::vector<ExportTarget> findExportTargets(const std::vector<std::filesystem::path>& roots,
                                            const std::filesystem::path& fallbackFolder);

/// The roots a kiosk looks under: /media and /run/media.
std::vector<std::filesystem::path> defaultDriveRoots();

}  // namespace hailong::core
