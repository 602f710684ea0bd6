#pragma once
// The staff's screens for headquarters (issue 19), the rules behind them: finding key files
// and packages on the drives, pinning the key after the person compared its fingerprint,
// reading a package into a plan or a refusal, applying it, and what the menu says about
// headquarters (receipt, unconfirmed batches, message). StaffFlow owns the screens and
// forwards here (attachHq); this class holds no screen state of its own beyond the lists and
// the package being looked at.
//
// Not thread-safe. Storage errors (StorageError) reach the caller.
#include "base/clock.h"
#include "batch/export_targets.h"
#include "batch/hq_keys.h"
#include "flow/package_apply.h"
#include "store/audit_log.h"
#include "store/hq_link.h"
#include "store/kiosk_database.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hailong::core {

/// A headquarters key file found on a drive (it parsed, its fingerprint checked).
struct HqKeyFile {
    std::filesystem::path file;
    HqPublicKey key;
};

/// A package file found on a drive (read only when tapped).
struct PackageFileEntry {
    std::filesystem::path file;
    std::int64_t bytes = 0;
};

/// What the staff menu says about headquarters.
struct HqStatus {
    std::optional<PinnedHqKey> key;  ///< nothing: "no headquarters key yet"
    std::string fingerprint;
    std::optional<StoredReceipt> receipt;
    std::optional<HqNotice> message;
    std::int64_t lastExported = 0;  ///< the last batch exported (0: none)
    /// The last exported batch is above the receipt's up_to (0 without one) and was exported
    /// more than UnconfirmedAfterMs ago: headquarters may not have it.
    bool unconfirmed = false;
};

struct HqLinkConfig {
    /// The drives and folders to look in (the export screen's): their top level only.
    std::function<std::vector<ExportTarget>()> drives;
    std::filesystem::path questionnaireDir;              ///< where delivered questionnaires are written
    std::function<void(const std::string& step)> fault;  ///< tests (PackageApplyOptions::fault)
};

class HqLinkFlow {
public:
    static constexpr std::int64_t UnconfirmedAfterMs = 7LL * 24 * 3600 * 1000;

    HqLinkFlow(KioskDatabase& db, AuditLog& audit, const Clock& clock, HqLinkConfig config);

    HqStatus status() const;

    /// Key files at the top of the drives: *.hlkey and hailong-hq-key*.json that parse.
    void findKeys();
    const std::vector<HqKeyFile>& keyFiles() const { return m_keys; }
    /// Pins the key of a file found by findKeys (read again now); audited. False, changing
    /// nothing, if a key is pinned already or the file no longer reads as the one shown.
    bool pin(const std::filesystem::path& file);

    /// *.hlpack files at the top of the drives, by name.
    void findPackages();
    const std::vector<PackageFileEntry>& packageFiles() const { return m_packages; }
    /// Reads one: a plan, or a refusal (audited as package_refused).
    void read(const std::filesystem::path& file);
    const std::optional<PackagePlan>& plan() const { return m_plan; }
    const std::optional<PackageRefusal>& refusal() const { return m_refusal; }
    /// Applies the plan read: true when applied (outcome()); false with refusal() set.
    /// A storage failure is a refusal too (nothing was applied), its text the technical one.
    bool apply();
    const std::optional<PackageOutcome>& outcome() const { return m_outcome; }

private:
    std::vector<std::filesystem::path> filesOnDrives(const std::function<bool(const std::string&)>& wanted) const;

    KioskDatabase& m_db;
    AuditLog& m_audit;
    const Clock& m_clock;
    HqLinkConfig m_config;
    std::vector<HqKeyFile> m_keys;
    std::vector<PackageFileEntry> m_packages;
    std::optional<PackagePlan> m_plan;
    std::optional<PackageRefusal> m_refusal;
    std::optional<PackageOutcome> m_outcome;
};

}  // namespace hailong::core
