#pragma once
// One entry of a kiosk's audit log (SPEC 4, 5) as it travels in batches: the kiosk writes it
// (store/audit_log.h), headquarters reads it. Never a comment, a dossier code or a PIN.
#include <cstdint>
#include <string>

namespace hailong::core {

struct AuditEntry {
    std::int64_t id = 0;  ///< increasing, never reused
    std::int64_t utcMs = 0;
    int utcOffsetMinutes = 0;
    std::int64_t monoMs = 0;
    std::string bootId;
    std::string event;   ///< one of the audit:: names
    std::string detail;  ///< free text, e.g. "officer=cb-07", "unit.name: A -> B"
};

namespace audit {  // event names; they travel in batches, never rename
inline constexpr const char* KioskStart = "kiosk_start";
inline constexpr const char* KioskQuit = "kiosk_quit";
inline constexpr const char* StaffSignIn = "staff_sign_in";
inline constexpr const char* StaffSignOut = "staff_sign_out";
inline constexpr const char* PinFailure = "pin_failure";
inline constexpr const char* PinLockout = "pin_lockout";
inline constexpr const char* PinChanged = "pin_changed";
inline constexpr const char* OfficerSignIn = "officer_sign_in";
inline constexpr const char* OfficerSignOut = "officer_sign_out";
inline constexpr const char* OfficerChanged = "officer_changed";
inline constexpr const char* SettingChanged = "setting_changed";
inline constexpr const char* ClockJump = "clock_jump";
inline constexpr const char* KioskKeyReplaced = "kiosk_key_replaced";
inline constexpr const char* BatchExported = "batch_exported";
inline constexpr const char* ExportFailed = "export_failed";
/// A misuse flag found for a response already exported: "uuid=<uuid> flags=<bits>".
inline constexpr const char* MisuseFlagAdded = "misuse_flag_added";
/// A copy of the database written to a drive: "file=<name> sealed|plain".
inline constexpr const char* BackupMade = "backup_made";
inline constexpr const char* BackupFailed = "backup_failed";
/// This database was restored from a copy: "file=<name> seq_max=<n> audit_max=<n>".
inline constexpr const char* KioskRestored = "kiosk_restored";
/// Headquarters' public key pinned by the unit's administrator (issue 19):
/// "fingerprint=<8 groups> sign=<hex> box=<hex>".
inline constexpr const char* HqKeyPinned = "hq_key_pinned";
/// A new headquarters key announced by a package signed with the pinned one: same detail.
inline constexpr const char* HqKeyReplaced = "hq_key_replaced";
/// A package from headquarters applied: "serial=N for=unit:CODE|kiosk:ID changes=a,b,c".
inline constexpr const char* PackageApplied = "package_applied";
/// A package refused at the kiosk: "serial=N reason=<English>" (serial 0 when unreadable).
inline constexpr const char* PackageRefused = "package_refused";
}  // namespace audit

}  // namespace hailong::core
