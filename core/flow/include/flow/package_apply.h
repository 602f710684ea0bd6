#pragma once
// Deciding on and applying a package from headquarters at the kiosk (SPEC 6, issue 19).
//
// planPackage reads a file's bytes against the kiosk's state and either refuses it, with the
// reason in both languages, or returns the plan a person reads before tapping "Apply": each
// setting old -> new, the questionnaire, the procedures, the hours, the message, the receipt,
// a new headquarters key. It writes nothing. Refused: no key pinned; damaged or truncated
// (readPackage's reason); signed by another key than the pinned one; meant for another unit
// (the kiosk's current unit code) or another kiosk; a serial at or below the last applied
// (a replay or a rollback); settings that fail validation; a questionnaire that does not load
// or whose version was used before with other content.
//
// applyPackage applies a plan all or nothing: the questionnaire file is written durably first
// (into the questionnaire folder, "hq-<id>-v<version>.toml"), then ONE SQLite transaction
// holds the settings (each change audited as setting_changed), the questionnaire remembered,
// the message, the receipt, the serial, a new key (hq_key_replaced) and package_applied. A
// failure anywhere rolls all of it back; the kiosk is as it was (a questionnaire file may stay
// in the folder, used by nothing).
#include "base/clock.h"
#include "base/expected.h"
#include "base/text.h"
#include "batch/package.h"
#include "store/audit_log.h"
#include "store/hq_link.h"
#include "store/kiosk_backup.h"
#include "store/kiosk_database.h"
#include "survey/questionnaire.h"
#include "survey/settings.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::core {

/// One line of a plan: what changes, from what, to what (both languages: names of procedures
/// and days differ). key is the language-file key of the line's label ("hq.change.unit_name").
struct PackageChange {
    std::string key;
    Text before;  ///< empty texts: there was none
    Text after;
};

struct PackageRefusal {
    std::string file;
    std::int64_t serial = 0;  ///< 0 when the file could not be read
    Text reason;
};

struct PackagePlan {
    std::string file;
    Package package;
    std::vector<PackageChange> changes;
    KioskSettings settings;  ///< the settings after applying (questionnaire.file set at apply)
    bool settingsChange = false;
    std::optional<Questionnaire> questionnaire;  ///< loaded and checked
    std::optional<StoredReceipt> receipt;        ///< this kiosk's, newer than the one held
    /// A kiosk restored from a copy: the receipt settles where its numbers continue
    /// (settleRestoredNumbers, store/kiosk_backup.h), in the same transaction.
    bool settles = false;
    std::optional<PinnedHqKey> newKey;  ///< a rotation
    std::string newKeyFingerprint;
};

struct PackageApplyOptions {
    std::filesystem::path questionnaireDir;  ///< where a delivered questionnaire is written
    /// Tests: called at each step inside the transaction ("settings", "questionnaire",
    /// "message", "receipt", "key", "serial"); an exception thrown there rolls everything back.
    std::function<void(const std::string& step)> fault;
};

struct PackageOutcome {
    std::int64_t serial = 0;
    std::vector<PackageChange> changes;
    bool settingsChanged = false;
    bool questionnaireChanged = false;
    std::filesystem::path questionnaireFile;  ///< written, when the package carried one
    std::optional<Settlement> settlement;     ///< a restored kiosk's numbers settled
};

/// Decides on a package's bytes (file names it in the reason). Reads db, writes nothing.
Expected<PackagePlan, PackageRefusal> planPackage(std::string_view bytes, const std::string& file, KioskDatabase& db);
/// The same from a file (refused if unreadable or larger than readPackage takes).
Expected<PackagePlan, PackageRefusal> planPackageFile(const std::filesystem::path& file, KioskDatabase& db);

/// Applies a plan made by planPackage, all or nothing (see above). Refused (nothing changed)
/// if the kiosk's state moved since the plan (another package applied, the key replaced) or
/// the questionnaire file cannot be written. Throws StorageError if the database fails (the
/// transaction then rolled back), and passes on what options.fault throws, likewise.
Expected<PackageOutcome, PackageRefusal> applyPackage(const PackagePlan& plan, KioskDatabase& db, AuditLog& audit,
                                                      const PackageApplyOptions& options);

/// Records package_refused ("serial=N reason=<English>").
void recordPackageRefusal(AuditLog& audit, const PackageRefusal& refusal);

/// "unit:CODE" or "kiosk:ID".
std::string packageTargetText(const PackageTarget& target);

}  // namespace hailong::core
