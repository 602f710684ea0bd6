#pragma once
// A copy of the kiosk database for a replacement PC (SPEC 5, issue 19), and its restore.
//
// The copy is made with SQLite's online backup API, never by copying the live file, and
// written durably (temporary name, fsync, rename). Once headquarters' key is pinned the copy
// holds comments and dossier codes that only headquarters may read, so it is sealed to
// headquarters' X25519 key (`hailong-backup/1`, below); headquarters opens it
// (openSealedBackup, `hailong hq backup-open`) before a kiosk can restore it.
//
//   line 1   {"format":"hailong-backup/1","kiosk_id":"…","made_utc_ms":…,"sealed_to":"<64 hex>",
//             "key":"<base64 of crypto_box_seal(32-byte stream key, sealed_to)>"}\n
//   then     the 24-byte header of a crypto_secretstream_xchacha20poly1305 stream, and its
//            messages, each as a 4-byte little-endian length and that many bytes; each holds
//            up to 1 MiB of the database file; the last one, and only it, has the tag FINAL.
//
// A restored kiosk must not reuse the batch, sequence and audit numbers that headquarters
// already holds from it (batches exported after the copy was made): until a receipt from
// headquarters says where they continue (settleRestoredNumbers), it keeps recording ratings
// but does not export.
#include "base/clock.h"
#include "base/expected.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace hailong::core {

inline constexpr const char* BackupFormat = "hailong-backup/1";

struct BackupResult {
    std::filesystem::path file;
    std::uint64_t bytes = 0;
    bool sealed = false;
};

/// The name a backup made at utcMs takes (the one naming rule, for the CLI and the staff menu):
///   hailong-backup-<first 8 of the kiosk id>-<UTC yyyymmdd-hhmmss>.db        (plain SQLite)
///   hailong-backup-<first 8 of the kiosk id>-<UTC yyyymmdd-hhmmss>.hlbackup  (sealed)
std::string backupFileName(const std::string& kioskId, std::int64_t utcMs, bool sealed);

/// Writes a copy of db into folder (which must exist), named by backupFileName:
/// sealed to hqBoxHex when given. A sealed copy passes through a temporary file beside the database, never in clear on the
/// drive. Records audit::BackupMade, or audit::BackupFailed. The error (a person's words, English / Vietnamese) leaves
/// no file under the final name.
Expected<BackupResult, std::string> backupKioskDatabase(KioskDatabase& db, AuditLog& audit,
                                                        const std::filesystem::path& folder,
                                                        const std::optional<std::string>& hqBoxHex);

/// Headquarters: writes the database held in a sealed backup to out (durably). secretFor gives
/// the X25519 secret (32 bytes) for a public box key, if held. Errors name the file.
Expected<std::string, std::string> openSealedBackup(
    const std::filesystem::path& sealed, const std::filesystem::path& out,
    const std::function<std::optional<std::string>(std::string_view boxHex)>& secretFor);

/// What a restore brought back.
struct RestoreInfo {
    std::string kioskId;
    std::int64_t responses = 0;
    std::int64_t lastBatch = 0;  ///< the last batch the copy knows of (0: none)
};

/// Copies a plain backup (a kiosk database) to dbPath with the backup API. Refuses, changing
/// nothing, when dbPath (or its WAL) already exists, when the file is sealed (headquarters
/// must open it first), not a kiosk database, damaged, or from a newer program. After it,
/// open the database and call markRestored.
Expected<RestoreInfo, std::string> restoreKioskDatabase(const std::filesystem::path& backup,
                                                        const std::filesystem::path& dbPath);
/// Notes in the restored database the numbers it held when restored and that it waits for a
/// receipt before exporting; records audit::KioskRestored.
void markRestored(KioskDatabase& db, AuditLog& audit, const std::string& fromFile);

/// True while a restored kiosk waits for headquarters' receipt (no export until then).
bool awaitingReceipt(const KioskDatabase& db);

/// What headquarters holds of this kiosk: its highest-numbered batch (from a receipt).
struct HqHolds {
    std::int64_t number = 0;
    std::string digestHex;
    std::int64_t seqLast = 0;
    std::int64_t auditLast = 0;
};

struct Settlement {
    bool changed = false;                  ///< numbers were moved or a batch recorded
    std::int64_t responsesRenumbered = 0;  ///< ratings recorded since the restore, moved past seqLast
    std::int64_t auditRenumbered = 0;
    std::int64_t nextBatch = 0;  ///< the number the next export takes
    std::int64_t nextSeq = 0;    ///< the first seq it holds
};

/// Settles a restored kiosk's numbers from headquarters' receipt, inside the caller's
/// transaction (it opens none): ratings and audit entries recorded since the restore move past
/// the numbers headquarters holds, headquarters' last batch is recorded as exported (so the
/// next batch continues its chain) and the kiosk may export again. Ratings the copy held that
/// headquarters already has (exported after the copy was made) count as exported. A kiosk not
/// restored, or a receipt that holds nothing newer than this database, only ends the wait.
/// Throws StorageError, and std::invalid_argument when the receipt contradicts this database
/// (headquarters' last batch ends before what this kiosk exported).
Settlement settleRestoredNumbers(KioskDatabase& db, const HqHolds& holds);

}  // namespace hailong::core
