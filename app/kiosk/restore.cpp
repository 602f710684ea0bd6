#include "restore.h"

#include "base/clock.h"
#include "base/ids.h"
#include "batch/kiosk_keys.h"
#include "store/audit_log.h"
#include "store/kiosk_backup.h"
#include "store/kiosk_database.h"

#include <iostream>
#include <system_error>

namespace hailong::app {

namespace fs = std::filesystem;

int runRestore(const Options& o) {
    std::error_code ec;
    fs::create_directories(o.dataDir, ec);
    if (ec) {
        std::cerr << "Cannot create the data directory " << o.dataDir << ": " << ec.message()
                  << " / Không tạo được thư mục dữ liệu " << o.dataDir << "\n";
        return ExitRuntimeError;
    }
    const auto info = core::restoreKioskDatabase(o.restore, o.dataDir / "hailong.db");
    if (!info) {
        std::cerr << info.error() << "\n";
        return ExitRuntimeError;
    }
    try {
        core::SystemClock clock;
        core::RandomIds ids;
        core::KioskDatabase db(o.dataDir / "hailong.db", clock, ids);
        core::AuditLog audit(db, clock);
        core::markRestored(db, audit, o.restore.string());
        // The signing key stayed on the old PC: this one makes its own (audited as a replacement).
        const auto keys = core::KioskKeys::loadOrCreate(o.dataDir, db, audit);
        std::cout << "Đã khôi phục máy " << info->kioskId << ": " << info->responses << " lượt đánh giá, lô cuối "
                  << info->lastBatch << ".\n"
                  << "Restored kiosk " << info->kioskId << ": " << info->responses << " ratings, last batch "
                  << info->lastBatch << ".\n\n"
                  << "Máy này có khóa ký mới: mang tệp khóa (hailong key --data-dir " << o.dataDir.string()
                  << ") về trung tâm để đăng ký. Máy vẫn ghi nhận đánh giá, nhưng chỉ xuất dữ liệu sau khi nhận "
                     "một gói từ trung tâm có biên nhận các lô trung tâm đã có.\n"
                  << "This kiosk has a new signing key: take its key file (hailong key --data-dir "
                  << o.dataDir.string()
                  << ") to headquarters to be registered. It records ratings, but exports only after it has "
                     "received a package from headquarters with its receipt of the batches it holds.\n";
        (void)keys;
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return ExitRuntimeError;
    }
    return ExitOk;
}

}  // namespace hailong::app
