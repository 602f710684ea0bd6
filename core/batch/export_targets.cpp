#include "batch/export_targets.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

namespace hailong::core {

namespace fs = std::filesystem;

namespace {
bool isMountPoint(const fs::path& dir) {
    struct stat self {
    }, parent{};
    if (::stat(dir.c_str(), &self) != 0 || ::stat(dir.parent_path().c_str(), &parent) != 0) return false;
    return S_ISDIR(self.st_mode) && self.st_dev != parent.st_dev;
}

std::int64_t freeBytes(const fs::path& dir) {
    std::error_code ec;
    const auto space = fs::space(dir, ec);
    return ec ? -1 : static_cast<std::int64_t>(space.available);
}

void scan(const fs::path& dir, int depth, std::vector<ExportTarget>& out) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code typeError;
        if (!it->is_directory(typeError)) continue;
        const fs::path p = it->path();
        if (isMountPoint(p)) {
            if (::access(p.c_str(), W_OK) == 0) out.push_back({p, p.filename().string(), true, freeBytes(p)});
        } else if (depth > 0) {
            scan(p, depth - 1, out);  // /media/USER/DRIVE
        }
    }
}
}  // namespace

std::vector<ExportTarget> findExportTargets(const std::vector<fs::path>& roots, const fs::path& fallbackFolder) {
    std::vector<ExportTarget> out;
    for (const fs::path& root : roots) scan(root, 1, out);
    std::sort(out.begin(), out.end(), [](const ExportTarget& a, const ExportTarget& b) { return a.folder < b.folder; });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const ExportTarget& a, const ExportTarget& b) { return a.folder == b.folder; }),
              out.end());
    if (!fallbackFolder.empty()) {
        std::error_code ec;
        fs::create_directories(fallbackFolder, ec);
        if (fs::is_directory(fallbackFolder, ec))
            out.push_back({fallbackFolder, fallbackFolder.string(), false, freeBytes(fallbackFolder)});
    }
    return out;
}

std::vector<fs::path> defaultDriveRoots() { return {"/media", "/run/media"}; }

}  // namespace hailong::core
