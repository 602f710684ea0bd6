#pragma once
// A kiosk's data directory opened by the `hailong` command (export, key): its database,
// audit log and key pair, as the kiosk itself has them.
#include "base/clock.h"
#include "base/ids.h"
#include "batch/kiosk_keys.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"

#include <filesystem>
#include <memory>

namespace hailong::cli {

struct KioskData {
    explicit KioskData(const std::filesystem::path& dir);
    core::SystemClock clock;
    core::RandomIds ids;
    core::KioskDatabase db;
    core::AuditLog audit;
    core::KioskKeys keys;
};

/// Opens dir/hailong.db (which must exist: a typo in --data-dir must not create a new
/// kiosk) and the keys. Throws std::runtime_error with a message for a person.
std::unique_ptr<KioskData> openKioskData(const std::filesystem::path& dir);

}  // namespace hailong::cli
