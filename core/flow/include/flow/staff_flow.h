#pragma once
// The staff side as an explicit state machine (SPEC 4), next to the citizen's SurveyFlow.
// The UI draws it and turns taps into calls; the rules (PIN, lockout, forced change of
// the factory PIN, officer sign-in, dossier entry, session timeout) live here.
//
//   Closed --open()--> Pin(staff) --right PIN--> [NewPin -> ConfirmPin, if factory PIN] --> Menu
//   Menu --> Officers --pick--> Pin(officer) --> Menu      Menu --> Dossier --> Closed (linked)
//   Pin(staff) --> Officers --pick--> Pin(officer) --> Closed   (an officer starting a shift
//                                                               needs only their own PIN)
//   Menu --> NewPin --> ConfirmPin --> Menu                 Menu --close / timeout--> Closed
//   Menu --> Settings (edit a draft) --save (valid) / cancel--> Menu
//   Settings --> Text (on-screen keyboard, Telex) --done / cancel--> Settings
//   Settings --> Questionnaires --pick (a usable one) / back--> Settings
//   Menu --> Export --pick a drive or folder--> ExportRunning --finished--> ExportDone --> Menu
//            (the app runs the export: takeExportRequest, exportProgress, exportFinished)
//   Menu --> OfficerAdmin --add--> Text(name) -> Text(title) -> Text(id) -> OfficerNewPin
//            -> OfficerConfirmPin --> OfficerAdmin (saved)
//   Menu --> HqKey --pin a key file (fingerprint confirmed)--> HqKey (showing the pinned key)
//   Menu --> Packages --pick a file--> PackagePlan (plan or refusal) --apply--> PackageDone
//            (rules in flow/hq_link_flow.h; only with attachHq, only for the unit's PIN)
//   Menu --> Backup --pick a drive or folder--> BackupRunning --finished--> BackupDone --> Menu
//            (the app runs the copy, flow/backup_job.h: takeBackupRequest, backupFinished;
//            only for the unit's PIN)
//
// Not thread-safe. Storage errors (StorageError) reach the caller; the state stays.
#include "base/clock.h"
#include "batch/export_targets.h"
#include "batch/exporter.h"
#include "flow/backup_job.h"
#include "ime/comment_input.h"
#include "store/audit_log.h"
#include "store/officers.h"
#include "store/questionnaire_choice.h"
#include "store/settings_store.h"
#include "store/staff_auth.h"
#include "survey/questionnaire.h"
#include "survey/scanner_input.h"
#include "survey/settings.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace hailong::core {

class HqLinkFlow;

enum class StaffScreen {
    Closed,
    Pin,
    Menu,
    Officers,
    Dossier,
    Settings,
    Text,
    OfficerAdmin,
    Procedures,
    Questionnaires,
    Export,
    ExportRunning,
    ExportDone,
    HqKey,
    Packages,
    PackagePlan,
    PackageDone,
    Backup,
    BackupRunning,
    BackupDone,
};
/// The settings typed on the on-screen keyboard.
enum class TextField {
    UnitCode,
    UnitName,
    CounterName,
    DossierPattern,
    OfficerName,
    OfficerTitle,
    OfficerId,
    ProcedureCode,
    ProcedureNameVi,
    ProcedureNameEn,
    ExportFolder,
};
enum class PinStep { Staff, Officer, NewPin, ConfirmPin, OfficerNewPin, OfficerConfirmPin };

struct StaffConfig {
    std::int64_t sessionTimeoutMs = 120'000;  ///< no tap this long: the staff menu closes
    std::string dossierPattern = "^[A-Z0-9][A-Z0-9./-]{2,39}$";
    std::size_t maxPinLength = 8;
    std::size_t maxDossierLength = 40;
    /// The questionnaires the administrator can choose from (read when the list is shown);
    /// none: only the built-in one.
    std::function<std::vector<QuestionnaireOption>()> questionnaireCatalog;
    std::string questionnaireDir;  ///< where the catalog looks, shown to the administrator
    /// Drives and folders to export to (looked for when the export screen opens).
    std::function<std::vector<ExportTarget>()> exportTargets;
};

class StaffFlow {
public:
    StaffFlow(StaffAuth& auth, OfficerRegistry& officers, AuditLog& audit, SettingsStore& settings, const Clock& clock,
              StaffConfig config);

    // --- State, for drawing --------------------------------------------------------
    StaffScreen screen() const { return m_screen; }
    bool isOpen() const { return m_screen != StaffScreen::Closed; }
    /// True once the unit's PIN was given (menu, settings, quit); an officer signing in
    /// with their own PIN never gets there.
    bool isAdmin() const { return m_admin; }
    /// "staff:pin", "staff:new_pin", "staff:confirm_pin", "staff:officer_pin", "staff:menu",
    /// "staff:officers", "staff:dossier", "staff:settings", "staff:text:<field>"; "" when closed.
    std::string screenName() const;
    PinStep pinStep() const { return m_pinStep; }
    std::size_t pinLength() const { return m_input.size(); }  ///< digits typed (shown as dots)
    const std::string& dossierInput() const { return m_screen == StaffScreen::Dossier ? m_input : m_empty; }
    /// A UI string key saying what just happened ("staff.pin_wrong", ...), or "".
    const std::string& messageKey() const { return m_messageKey; }
    /// A message already in both languages (from validation), shown instead of the key.
    const std::optional<Text>& problem() const { return m_problem; }
    /// What the staff just got wrong about an officer (an unknown one, a bad name...), shown
    /// instead of the key in words from the language files (officer.*, pin.*).
    const std::optional<OfficerError>& officerError() const { return m_officerError; }
    /// Why the new PIN just typed was refused, shown instead of the key (pin.*).
    const std::optional<PinProblem>& pinError() const { return m_pinError; }
    std::int64_t lockRemainingMs() const { return m_auth.lockRemainingMs(); }
    int attemptsLeft() const { return m_auth.failuresBeforeLock(); }
    /// The officer whose PIN is asked for (PinStep::Officer).
    const std::optional<Officer>& pendingOfficer() const { return m_pendingOfficer; }
    bool quitRequested() const { return m_quit; }
    const StaffConfig& config() const { return m_config; }
    void setDossierPattern(std::string pattern) { m_config.dossierPattern = std::move(pattern); }

    /// A dossier code the officer keyed in, once: the caller links it to the next response.
    [[nodiscard]] std::optional<std::string> takeDossierCode();
    /// True once after the signed-in officer changed: the caller refreshes the context.
    [[nodiscard]] bool takeOfficerChanged();
    /// True once after settings were saved: the caller applies them (no restart needed).
    [[nodiscard]] bool takeSettingsChanged();
    /// The settings being edited on the Settings screen.
    const KioskSettings& draft() const { return m_draft; }

    // --- Events ----------------------------------------------------------------------
    void open();         ///< the hidden gesture or key combination
    void digit(char c);  ///< PIN pad: '0'..'9'; dossier pad: A-Z 0-9 - . /
    void backspace();
    void clearInput();
    void submit();  ///< OK on a pad, Enter on a physical keyboard (also done on a text field)
    void cancel();  ///< back one step (or close)
    void showOfficers();
    void pickOfficer(const std::string& id);
    void signOutOfficer();
    void showDossierEntry();
    void showChangePin();
    void showSettings();
    // Settings edits, on the draft until saveSettings(); only on the Settings screen
    // (elsewhere a call does nothing):
    void stepIdleTimeout(int deltaSeconds);
    void stepFollowUpTimeout(int deltaSeconds);
    /// To the next larger (+1) or smaller (-1) common panel size (commonPanelTenths), 0
    /// (automatic) below the smallest; a size set otherwise steps to its neighbours.
    void stepPanelSize(int direction);
    /// The sound volume by delta (steps of 10), within 0 (sounds off) .. 100.
    void stepVolume(int delta);
    /// To the next unit level: not set, central, province, commune, and round again; the
    /// stored level "district" (before 2025) is among them, before commune, only while stored.
    void cycleUnitLevel();
    void stepOpening(int deltaMinutes);
    void stepClosing(int deltaMinutes);
    void toggleDay(int day);  ///< 0 = Sunday
    void toggleFlagOutsideHours();
    void toggleDefaultLanguage();
    void toggleInputMethod();  ///< Telex <-> VNI on the comment keyboard
    void toggleToneStyle();    ///< old style (hòa) <-> new style (hoà)
    /// Validates and stores the draft (audited key by key); problems are shown, nothing saved.
    void saveSettings();

    // Typing a setting on the same on-screen keyboard as the citizens' comment (Vietnamese by
    // Telex or VNI as set, or EN as typed), without its skip key:
    void editText(TextField field);
    TextField textField() const { return m_textField; }
    /// The keyboard and the text being typed, for drawing.
    const CommentInput& textInput() const { return m_text; }
    std::string textValue() const { return m_text.text(); }
    std::string textComposing() const { return m_text.composing(); }
    bool textVietnamese() const { return m_text.vietnamese(); }
    std::size_t textMaxLength() const;
    /// A key of the on-screen keyboard (ids of CommentInput); done finishes the field (textDone).
    void textTap(std::string_view keyId);
    /// A physical keyboard: a character and backspace.
    void textKey(char32_t c);
    void textBackspace();
    void textClear();
    void textToggleVietnamese();
    /// Puts the typed text into the draft (or the officer being added) and goes on.
    void textDone();

    // The unit's list of officers:
    void showOfficerAdmin();
    void startAddOfficer();
    void deactivateOfficer(const std::string& id);
    /// The officer being added (name, title, id typed so far).
    const Officer& newOfficer() const { return m_newOfficer; }

    // The procedure list, on the settings draft (saved with the settings):
    void showProcedures();     ///< from Settings; back returns there
    void startAddProcedure();  ///< code, then the name in Vietnamese, then in English
    void removeProcedure(const std::string& code);

    // The questionnaire, on the settings draft (saved with the settings):
    void showQuestionnaires();  ///< from Settings; reads the catalog again
    const std::vector<QuestionnaireOption>& questionnaireOptions() const { return m_questionnaires; }
    /// Puts a usable questionnaire ("" = built-in) into the draft and returns to Settings;
    /// one with a problem is refused with that problem as the message.
    void pickQuestionnaire(const std::string& file);
    // Export (SPEC 4): the staff pick where, the app runs it and reports back.
    void showExport();  ///< from the menu; looks for drives again
    const std::vector<ExportTarget>& exportTargets() const { return m_targets; }
    void pickExportTarget(const std::filesystem::path& folder);
    /// The folder to export to, once, when the staff picked one: the caller starts the export.
    [[nodiscard]] std::optional<std::filesystem::path> takeExportRequest();
    void exportProgress(std::int64_t done, std::int64_t total);
    void exportFinished(Expected<ExportResult, ExportFailure> result);
    std::pair<std::int64_t, std::int64_t> exportDoneOfTotal() const { return {m_exportDone, m_exportTotal}; }
    /// The outcome shown on ExportDone: a result or a failure.
    const std::optional<ExportResult>& exportResult() const { return m_exportResult; }
    const std::optional<ExportFailure>& exportFailure() const { return m_exportFailure; }
    /// Switches the automatic export at closing time: only that setting is saved, at once
    /// (audited); nothing else of the draft.
    void toggleAutoExport();

    // Headquarters (issue 19): the key and packages, through the HqLinkFlow attached (none:
    // these calls do nothing). Only for the unit's PIN (isAdmin()).
    void attachHq(HqLinkFlow* hq) { m_hq = hq; }
    HqLinkFlow* hq() const { return m_hq; }
    void showHqKey();  ///< from the menu; looks for key files again
    /// Pins the key of a file listed on HqKey (the person confirmed the fingerprint).
    void pinHqKey(const std::filesystem::path& file);
    void showPackages();  ///< from the menu (or back from a package); looks for packages again
    void pickPackage(const std::filesystem::path& file);  ///< reads it: PackagePlan
    /// Applies the package shown: PackageDone, and takeSettingsChanged() turns true.
    void applyPackage();

    // Backup (issue 19, staff_flow_backup.cpp): a copy of the database onto a drive, for a
    // replacement PC. The staff pick where (the export's drives and folder), the app runs it.
    void showBackup();  ///< from the menu (or a result); looks for drives again
    /// The drives and folders offered (the same as the export's).
    const std::vector<ExportTarget>& backupTargets() const { return m_targets; }
    /// Whether the copy will be sealed: headquarters' key is pinned (read when Backup opens;
    /// false without attachHq).
    bool backupWillBeSealed() const { return m_backupSealed; }
    void pickBackupTarget(const std::filesystem::path& folder);
    /// The folder to write the copy into, once, when the staff picked one: the caller starts it.
    [[nodiscard]] std::optional<std::filesystem::path> takeBackupRequest();
    void backupFinished(Expected<BackupResult, BackupFailure> result);
    /// The outcome shown on BackupDone: the copy written, or why not.
    const std::optional<BackupResult>& backupResult() const { return m_backupResult; }
    const std::optional<BackupFailure>& backupFailure() const { return m_backupFailure; }
    /// When the running backup started (monotonic ms), for the time shown while it runs.
    std::int64_t backupStartedMono() const { return m_backupStartedMono; }

    void close();  ///< back to the citizen screens
    void quit();   ///< stop the kiosk: a first tap asks, a second within 5 s confirms

    /// Session timeout and the end of a lock (call it even while closed); returns true if
    /// the screen changed. While the pad is locked it returns true each second, so the
    /// countdown is redrawn.
    bool tick();
    std::int64_t msUntilNextDeadline() const;

private:
    void show(StaffScreen s);
    void askPin(PinStep step);
    void touch();
    void say(std::string key);
    void refuse(OfficerError e);
    void refuse(PinProblem p);
    /// Settings steppers and toggles act only on the Settings screen (the draft's home).
    bool editingSettings();
    void submitPin();
    void submitDossier();
    /// Saves one setting from the export screen: change applied to the stored settings
    /// (validated, audited), and to the draft if saved; says savedKey, or the problem.
    bool saveExportSetting(const std::function<void(KioskSettings&)>& change, const char* savedKey);

    StaffAuth& m_auth;
    HqLinkFlow* m_hq = nullptr;
    OfficerRegistry& m_officers;
    AuditLog& m_audit;
    SettingsStore& m_settings;
    KioskSettings m_draft;
    CommentInput m_text;
    TextField m_textField = TextField::UnitName;
    Officer m_newOfficer;
    Procedure m_newProcedure;
    std::vector<QuestionnaireOption> m_questionnaires;
    std::vector<ExportTarget> m_targets;
    std::optional<std::filesystem::path> m_exportRequest;
    std::int64_t m_exportDone = 0;
    std::int64_t m_exportTotal = 0;
    std::optional<ExportResult> m_exportResult;
    std::optional<ExportFailure> m_exportFailure;
    std::optional<std::filesystem::path> m_backupRequest;
    std::optional<BackupResult> m_backupResult;
    std::optional<BackupFailure> m_backupFailure;
    bool m_backupSealed = false;
    std::int64_t m_backupStartedMono = 0;
    bool m_settingsChanged = false;
    const Clock& m_clock;
    StaffConfig m_config;

    StaffScreen m_screen = StaffScreen::Closed;
    PinStep m_pinStep = PinStep::Staff;
    bool m_forcedChange = false;
    bool m_admin = false;  ///< the unit's PIN was given in this session
    std::string m_input;
    std::string m_newPin;  ///< first entry of a new PIN, until confirmed
    const std::string m_empty;
    std::string m_messageKey;
    std::optional<Text> m_problem;
    std::optional<OfficerError> m_officerError;
    std::optional<PinProblem> m_pinError;
    std::optional<Officer> m_pendingOfficer;
    std::optional<std::string> m_dossier;
    bool m_officerChanged = false;
    bool m_quit = false;
    std::int64_t m_quitArmedMono = -1;
    std::int64_t m_lastTouchMono = 0;
    std::int64_t m_lastLockShownSeconds = -1;
};

}  // namespace hailong::core
