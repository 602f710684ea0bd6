#include "kiosk_data.h"

#include <stdexcept>

namespace hailong::cli {

KioskData::KioskData(const std::filesystem::path& dir)
    : db(dir / "hailong.db", clock, ids), audit(db, clock), keys(core::KioskKeys::loadOrCreate(dir, db, audit)) {}

std::unique_ptr<KioskData> openKioskData(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::exists(dir / "hailong.db", ec))
        throw std::runtime_error("no kiosk database in " + dir.string() +
                                 " (hailong.db is missing); give the folder the kiosk uses as --data-dir");
    return std::make_unique<KioskData>(dir);
}

}  // namespace hailong::cli
