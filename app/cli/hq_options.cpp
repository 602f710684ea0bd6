#include "hq_options.h"

#include "base/clock.h"
#include "hq/hq_tally.h"
#include "hq/pg_connection.h"
#include "hq/pg_hq_store.h"
#include "hq/sqlite_hq_store.h"

#include <stdexcept>

namespace hailong::cli {

std::unique_ptr<core::HqStore> openHqStore(const std::filesystem::path& db) {
    if (core::isPostgresTarget(db.string())) return std::make_unique<core::PgHqStore>(db.string());
    std::error_code ec;
    if (!db.parent_path().empty()) std::filesystem::create_directories(db.parent_path(), ec);
    return std::make_unique<core::SqliteHqStore>(db);
}

std::int64_t dayOption(const std::string& option, const std::string& value) {
    if (value == "today") {
        const core::SystemClock clock;
        return core::localDay(clock.wallMs(), clock.utcOffsetMinutes());
    }
    const auto day = core::dayFromString(value);
    if (!day)
        throw std::runtime_error(option + " must be a date like 2026-12-31 or today, not \"" + value +
                                 "\" (ngày dạng 2026-12-31)");
    return *day;
}

}  // namespace hailong::cli
