#pragma once
// The kiosk's settings in its database (the model and its encoding: survey/settings.h).
#include "survey/settings.h"

#include <functional>
#include <string>
#include <vector>

namespace hailong::core {

class AuditLog;
class KioskDatabase;

/// Settings in the kiosk database. Not thread-safe; the database must outlive the store.
/// Storage failures throw StorageError (from KioskDatabase or SQLite).
class SettingsStore {
public:
    using OnChange =
        std::function<void(const std::string& key, const std::string& oldValue, const std::string& newValue)>;

    explicit SettingsStore(KioskDatabase& db) : m_db(db) {}

    /// The stored settings; defaults for missing keys. A unit level stored before 2025
    /// ("district") loads as it is, without a problem. A stored value that is damaged
    /// (unreadable, out of range, a pattern that does not compile, closing before opening)
    /// falls back to its default and is reported by problemsAtLoad(); in the procedure list
    /// only the damaged lines are dropped. The questionnaire file is not looked for here:
    /// a file that went missing is for the questionnaire loader to report.
    KioskSettings load() const;
    /// What load() found damaged (reads the database again).
    std::vector<SettingProblem> problemsAtLoad() const;

    /// Validates s (and refuses to empty a unit code that is set, and a former unit level,
    /// "district", as a new value: the level stored is kept, and a kiosk whose database was
    /// made before 1 July 2025, when district units still existed, may be given it, as the
    /// demo's kiosks of early 2025 are). If there is any problem
    /// nothing is written and the problems are returned. Otherwise writes every changed key
    /// in ONE transaction and, after it committed, calls onChange(key, old, new) for each
    /// changed key in the order of the table above (the caller audits). "Changed" compares
    /// the encoded value with the stored text, a missing key counting as its default, so
    /// saving what load() returned changes nothing (but repairs damaged values). Returns {} on
    /// success. An exception from onChange propagates, the settings staying saved
    /// (auditSettingChanges wires the audit log).
    [[nodiscard]] std::vector<SettingProblem> save(const KioskSettings& s, const OnChange& onChange = {});

private:
    KioskSettings read(std::vector<SettingProblem>* problems) const;
    KioskDatabase& m_db;
};

/// An onChange for SettingsStore::save that records one audit::SettingChanged entry per changed
/// key, detail `key: "old" -> "new"` (line breaks shown as " | ", each value shortened to 200
/// characters). The log must outlive the returned function. Settings hold no personal data.
SettingsStore::OnChange auditSettingChanges(AuditLog& log);

}  // namespace hailong::core
