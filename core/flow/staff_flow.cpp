#include "flow/staff_flow.h"

#include <algorithm>
#include <cctype>

namespace hailong::core {

namespace {
bool isOfficerField(TextField f) {
    return f == TextField::OfficerName || f == TextField::OfficerTitle || f == TextField::OfficerId;
}
}  // namespace

StaffFlow::StaffFlow(StaffAuth& auth, OfficerRegistry& officers, AuditLog& audit, SettingsStore& settings,
                     const Clock& clock, StaffConfig config)
    : m_auth(auth),
      m_officers(officers),
      m_audit(audit),
      m_settings(settings),
      m_clock(clock),
      m_config(std::move(config)) {}

std::string StaffFlow::screenName() const {
    switch (m_screen) {
    case StaffScreen::Closed: return "";
    case StaffScreen::Menu: return "staff:menu";
    case StaffScreen::Officers: return "staff:officers";
    case StaffScreen::Dossier: return "staff:dossier";
    case StaffScreen::Settings: return "staff:settings";
    case StaffScreen::OfficerAdmin: return "staff:officer_admin";
    case StaffScreen::Procedures: return "staff:procedures";
    case StaffScreen::Questionnaires: return "staff:questionnaires";
    case StaffScreen::Export: return "staff:export";
    case StaffScreen::ExportRunning: return "staff:export_running";
    case StaffScreen::ExportDone: return "staff:export_done";
    case StaffScreen::HqKey: return "staff:hq_key";
    case StaffScreen::Packages: return "staff:packages";
    case StaffScreen::PackagePlan: return "staff:package";
    case StaffScreen::PackageDone: return "staff:package_done";
    case StaffScreen::Backup: return "staff:backup";
    case StaffScreen::BackupRunning: return "staff:backup_running";
    case StaffScreen::BackupDone: return "staff:backup_done";
    case StaffScreen::Text:
        switch (m_textField) {
        case TextField::UnitCode: return "staff:text:unit_code";
        case TextField::UnitName: return "staff:text:unit_name";
        case TextField::CounterName: return "staff:text:counter_name";
        case TextField::DossierPattern: return "staff:text:dossier_pattern";
        case TextField::ProcedureCode: return "staff:text:procedure_code";
        case TextField::ProcedureNameVi: return "staff:text:procedure_name_vi";
        case TextField::ProcedureNameEn: return "staff:text:procedure_name_en";
        case TextField::OfficerName: return "staff:text:officer_name";
        case TextField::OfficerTitle: return "staff:text:officer_title";
        case TextField::OfficerId: return "staff:text:officer_id";
        case TextField::ExportFolder: return "staff:text:export_folder";
        }
        return "staff:text";
    case StaffScreen::Pin:
        switch (m_pinStep) {
        case PinStep::Staff: return "staff:pin";
        case PinStep::Officer: return "staff:officer_pin";
        case PinStep::NewPin: return "staff:new_pin";
        case PinStep::ConfirmPin: return "staff:confirm_pin";
        case PinStep::OfficerNewPin: return "staff:officer_new_pin";
        case PinStep::OfficerConfirmPin: return "staff:officer_confirm_pin";
        }
        return "staff:pin";
    }
    return "staff:unknown";
}

std::optional<std::string> StaffFlow::takeDossierCode() {
    auto code = std::move(m_dossier);
    m_dossier.reset();
    return code;
}

bool StaffFlow::takeSettingsChanged() {
    const bool changed = m_settingsChanged;
    m_settingsChanged = false;
    return changed;
}

bool StaffFlow::takeOfficerChanged() {
    const bool changed = m_officerChanged;
    m_officerChanged = false;
    return changed;
}

void StaffFlow::touch() { m_lastTouchMono = m_clock.monoMs(); }

void StaffFlow::say(std::string key) {
    m_messageKey = std::move(key);
    m_problem.reset();
    m_officerError.reset();
    m_pinError.reset();
}

void StaffFlow::refuse(OfficerError e) {
    say("");
    m_officerError = e;
}

void StaffFlow::refuse(PinProblem p) {
    say("");
    m_pinError = p;
}

bool StaffFlow::editingSettings() {
    if (m_screen != StaffScreen::Settings) return false;
    touch();
    return true;
}

void StaffFlow::show(StaffScreen s) {
    m_screen = s;
    m_input.clear();
    touch();
}

void StaffFlow::askPin(PinStep step) {
    show(StaffScreen::Pin);
    m_pinStep = step;
}

void StaffFlow::open() {
    if (isOpen()) return;
    say("");
    m_forcedChange = false;
    askPin(PinStep::Staff);
}

void StaffFlow::digit(char c) {
    touch();
    if (m_screen == StaffScreen::Pin) {
        if (c < '0' || c > '9' || m_input.size() >= m_config.maxPinLength) return;
        const bool choosing = m_pinStep == PinStep::NewPin || m_pinStep == PinStep::ConfirmPin ||
                              m_pinStep == PinStep::OfficerNewPin || m_pinStep == PinStep::OfficerConfirmPin;
        if (!choosing && m_auth.lockRemainingMs() > 0) return;
        m_input.push_back(c);
    } else if (m_screen == StaffScreen::Dossier) {
        const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const bool ok = (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' || u == '.' || u == '/';
        if (ok && m_input.size() < m_config.maxDossierLength) m_input.push_back(u);
    }
}

void StaffFlow::backspace() {
    touch();
    if (!m_input.empty()) m_input.pop_back();
}

void StaffFlow::clearInput() {
    touch();
    m_input.clear();
}

void StaffFlow::submit() {
    touch();
    if (m_screen == StaffScreen::Pin) submitPin();
    else if (m_screen == StaffScreen::Dossier) submitDossier();
    else if (m_screen == StaffScreen::Text) textDone();  // Enter on a physical keyboard
}

void StaffFlow::submitPin() {
    const std::string pin = m_input;
    m_input.clear();
    switch (m_pinStep) {
    case PinStep::Staff: {
        const PinCheck r = m_auth.checkStaffPin(pin);
        if (r == PinCheck::Locked) return say("staff.pin_locked");
        if (r == PinCheck::Wrong) return say(m_auth.lockRemainingMs() > 0 ? "staff.pin_locked" : "staff.pin_wrong");
        m_audit.record(audit::StaffSignIn, "");
        m_admin = true;
        if (m_auth.mustChangePin()) {  // the factory PIN opens the menu only after it is changed
            m_forcedChange = true;
            say("staff.pin_change_factory");
            return askPin(PinStep::NewPin);
        }
        say("");
        return show(StaffScreen::Menu);
    }
    case PinStep::Officer: {
        if (!m_pendingOfficer) return show(StaffScreen::Officers);
        if (const auto now = m_officers.find(m_pendingOfficer->id); !now || !now->active) {
            // Removed since picked: say so, rather than count a wrong PIN against the pad.
            m_pendingOfficer.reset();
            refuse(OfficerError{OfficerProblem::Unknown, std::nullopt});
            return show(StaffScreen::Officers);
        }
        const PinCheck r = m_auth.checkOfficerPin(m_pendingOfficer->id, pin);
        if (r == PinCheck::Locked) return say("staff.pin_locked");
        if (r == PinCheck::Wrong) return say(m_auth.lockRemainingMs() > 0 ? "staff.pin_locked" : "staff.pin_wrong");
        const auto signedIn = m_officers.signIn(m_pendingOfficer->id);
        m_pendingOfficer.reset();
        if (!signedIn) {  // removed from the list meanwhile: back to the list, saying so
            refuse(signedIn.error());
            return show(StaffScreen::Officers);
        }
        m_officerChanged = true;
        if (!m_admin) {  // an officer starting their shift: straight back to the citizens
            close();
            return say("staff.officer_signed_in");
        }
        say("staff.officer_signed_in");
        return show(StaffScreen::Menu);
    }
    case PinStep::NewPin:
        if (auto problem = pinProblem(pin)) return refuse(*problem);
        m_newPin = pin;
        say("staff.pin_confirm");
        return askPin(PinStep::ConfirmPin);
    case PinStep::OfficerNewPin:
        if (auto problem = pinProblem(pin)) return refuse(*problem);
        m_newPin = pin;
        say("staff.pin_confirm");
        return askPin(PinStep::OfficerConfirmPin);
    case PinStep::OfficerConfirmPin:
        if (pin != m_newPin) {
            m_newPin.clear();
            say("staff.pin_mismatch");
            return askPin(PinStep::OfficerNewPin);
        }
        m_newPin.clear();
        if (const auto saved = m_officers.save(m_newOfficer, pin); !saved) refuse(saved.error());
        else say("staff.officer_saved");
        return show(StaffScreen::OfficerAdmin);
    case PinStep::ConfirmPin:
        if (pin != m_newPin) {
            m_newPin.clear();
            say("staff.pin_mismatch");
            return askPin(PinStep::NewPin);
        }
        m_newPin.clear();
        if (const auto changed = m_auth.changeStaffPin(pin); !changed) {  // checked at NewPin: cannot happen
            refuse(changed.error());
            return askPin(PinStep::NewPin);
        }
        m_forcedChange = false;
        say("staff.pin_changed");
        return show(StaffScreen::Menu);
    }
}

void StaffFlow::submitDossier() {
    DossierCheck check = checkDossierCode(m_input, m_config.dossierPattern);
    if (check.problem) {
        m_messageKey.clear();
        m_problem = check.problem;
        return;
    }
    m_dossier = check.code;
    close();  // the citizen rates next; the code links that response
    say("staff.dossier_linked");
}

void StaffFlow::cancel() {
    touch();
    say("");
    switch (m_screen) {
    case StaffScreen::Closed: return;
    case StaffScreen::Pin:
        if (m_pinStep == PinStep::Officer) return show(StaffScreen::Officers);
        if (m_pinStep == PinStep::OfficerNewPin || m_pinStep == PinStep::OfficerConfirmPin) {
            m_newPin.clear();
            return show(StaffScreen::OfficerAdmin);
        }
        if ((m_pinStep == PinStep::NewPin || m_pinStep == PinStep::ConfirmPin) && !m_forcedChange)
            return show(StaffScreen::Menu);
        return close();
    case StaffScreen::Officers:
        if (!m_admin) return askPin(PinStep::Staff);
        return show(StaffScreen::Menu);
    case StaffScreen::Dossier:
    case StaffScreen::Settings: return show(StaffScreen::Menu);
    case StaffScreen::Text:  // the draft is kept; an officer being added is dropped
        m_screen = m_textField == TextField::ExportFolder ? StaffScreen::Export
                   : isOfficerField(m_textField)          ? StaffScreen::OfficerAdmin
                   : m_textField == TextField::ProcedureCode || m_textField == TextField::ProcedureNameVi ||
                           m_textField == TextField::ProcedureNameEn
                       ? StaffScreen::Procedures
                       : StaffScreen::Settings;
        return;
    case StaffScreen::OfficerAdmin: return show(StaffScreen::Menu);
    case StaffScreen::Procedures:
    case StaffScreen::Questionnaires: m_screen = StaffScreen::Settings; return;
    case StaffScreen::Export:
    case StaffScreen::ExportDone: return show(StaffScreen::Menu);
    case StaffScreen::ExportRunning: return;  // an export cannot be stopped half-way
    case StaffScreen::HqKey:
    case StaffScreen::Packages:
    case StaffScreen::PackageDone: return show(StaffScreen::Menu);
    case StaffScreen::PackagePlan: return show(StaffScreen::Packages);
    case StaffScreen::Backup:
    case StaffScreen::BackupDone: return show(StaffScreen::Menu);
    case StaffScreen::BackupRunning: return;  // the copy finishes (or fails) by itself
    case StaffScreen::Menu: return close();
    }
}

void StaffFlow::showOfficers() {
    const bool fromPad = m_screen == StaffScreen::Pin && m_pinStep == PinStep::Staff;
    if (m_screen != StaffScreen::Menu && !fromPad) return;
    say("");
    show(StaffScreen::Officers);
}

void StaffFlow::pickOfficer(const std::string& id) {
    if (m_screen != StaffScreen::Officers) return;
    touch();
    m_pendingOfficer = m_officers.find(id);
    if (!m_pendingOfficer || !m_pendingOfficer->active) {  // the list was older than the registry
        m_pendingOfficer.reset();
        return refuse(OfficerError{OfficerProblem::Unknown, std::nullopt});
    }
    say("");
    askPin(PinStep::Officer);
}

void StaffFlow::signOutOfficer() {
    if ((m_screen != StaffScreen::Menu && m_screen != StaffScreen::Officers) || !m_officers.signedIn()) return;
    m_officers.signOut("officer");
    m_officerChanged = true;
    say("staff.officer_signed_out");
    touch();
}

void StaffFlow::showDossierEntry() {
    if (m_screen != StaffScreen::Menu) return;
    say("");
    show(StaffScreen::Dossier);
}

void StaffFlow::showChangePin() {
    if (m_screen != StaffScreen::Menu) return;
    say("");
    askPin(PinStep::NewPin);
}

// [SECTION] Settings

void StaffFlow::showSettings() {
    if (m_screen != StaffScreen::Menu) return;
    say("");
    m_draft = m_settings.load();
    show(StaffScreen::Settings);
}

namespace {
int clampInt(int v, int lo, int hi) { return std::max(lo, std::min(hi, v)); }
}  // namespace

// The steppers stay inside what validation accepts, so a tap can never make a bad value;
// validation at save still has the last word. On another screen a stale tap does nothing:
// the draft is the Settings screen's (the export screen's switch saves its own setting).
void StaffFlow::stepIdleTimeout(int deltaSeconds) {
    if (!editingSettings()) return;
    m_draft.idleTimeoutSeconds = clampInt(m_draft.idleTimeoutSeconds + deltaSeconds, 10, 300);
}

void StaffFlow::stepFollowUpTimeout(int deltaSeconds) {
    if (!editingSettings()) return;
    m_draft.followUpTimeoutSeconds = clampInt(m_draft.followUpTimeoutSeconds + deltaSeconds, 5, 120);
}

void StaffFlow::stepVolume(int delta) {
    if (!editingSettings()) return;
    m_draft.soundVolume = clampInt(m_draft.soundVolume + delta, 0, 100);
}

void StaffFlow::stepPanelSize(int direction) {
    if (!editingSettings()) return;
    const std::vector<int>& sizes = commonPanelTenths();
    const int now = m_draft.panelTenthsInch;
    if (direction > 0) {
        const auto next = std::upper_bound(sizes.begin(), sizes.end(), now);
        if (next != sizes.end()) m_draft.panelTenthsInch = *next;
    } else if (direction < 0) {
        const auto below = std::lower_bound(sizes.begin(), sizes.end(), now);
        m_draft.panelTenthsInch = below == sizes.begin() ? 0 : *(below - 1);
    }
}

// The levels of today's state (SPEC 2), in the order of the hierarchy. "district" (before 2025)
// is among them only while it is the stored level: shown until another is picked, and one tap
// too many can come back to it before saving, but a kiosk never takes it as a new value.
void StaffFlow::cycleUnitLevel() {
    if (!editingSettings()) return;
    std::vector<std::string> levels{"", "central", "province", "commune"};
    if (const std::string stored = m_settings.load().unitLevel; isFormerUnitLevel(stored))
        levels.insert(levels.end() - 1, stored);
    const auto at = std::find(levels.begin(), levels.end(), m_draft.unitLevel);
    m_draft.unitLevel = at == levels.end() || at + 1 == levels.end() ? levels.front() : *(at + 1);
}

void StaffFlow::stepOpening(int deltaMinutes) {
    if (!editingSettings()) return;
    m_draft.hours.openMinute = clampInt(m_draft.hours.openMinute + deltaMinutes, 0, m_draft.hours.closeMinute - 15);
}

void StaffFlow::stepClosing(int deltaMinutes) {
    if (!editingSettings()) return;
    m_draft.hours.closeMinute = clampInt(m_draft.hours.closeMinute + deltaMinutes, m_draft.hours.openMinute + 15, 1439);
}

void StaffFlow::toggleDay(int day) {
    if (!editingSettings()) return;
    if (day < 0 || day > 6) return;
    auto& d = m_draft.hours.days[static_cast<std::size_t>(day)];
    d = !d;
}

void StaffFlow::toggleFlagOutsideHours() {
    if (!editingSettings()) return;
    m_draft.flagOutsideHours = !m_draft.flagOutsideHours;
}

void StaffFlow::toggleDefaultLanguage() {
    if (!editingSettings()) return;
    m_draft.defaultLanguage = m_draft.defaultLanguage == Language::Vi ? Language::En : Language::Vi;
}

void StaffFlow::toggleInputMethod() {
    if (!editingSettings()) return;
    m_draft.vniInput = !m_draft.vniInput;
}

void StaffFlow::toggleToneStyle() {
    if (!editingSettings()) return;
    m_draft.newToneStyle = !m_draft.newToneStyle;
}

void StaffFlow::saveSettings() {
    if (m_screen != StaffScreen::Settings) return;
    touch();
    const std::vector<SettingProblem> problems = m_settings.save(m_draft, auditSettingChanges(m_audit));
    if (!problems.empty()) {
        m_messageKey.clear();
        m_problem = problems.front().message;
        return;
    }
    m_settingsChanged = true;
    say("staff.settings_saved");
    show(StaffScreen::Menu);
}

// [SECTION] Typing a setting

namespace {
std::string& fieldOf(KioskSettings& s, Officer& o, Procedure& p, TextField f) {
    switch (f) {
    case TextField::DossierPattern: return s.dossierPattern;
    case TextField::ExportFolder: return s.exportFolder;
    case TextField::ProcedureCode: return p.code;
    case TextField::ProcedureNameVi: return p.name.vi;
    case TextField::ProcedureNameEn: return p.name.en;
    case TextField::UnitCode: return s.unitCode;
    case TextField::UnitName: return s.unitName;
    case TextField::CounterName: return s.counterName;
    case TextField::OfficerName: return o.name;
    case TextField::OfficerTitle: return o.title;
    case TextField::OfficerId: return o.id;
    }
    return s.unitName;
}
}  // namespace

std::size_t StaffFlow::textMaxLength() const {
    switch (m_textField) {
    case TextField::UnitCode:
    case TextField::OfficerId:
    case TextField::ProcedureCode: return 32;
    case TextField::DossierPattern: return 200;
    case TextField::ExportFolder: return 200;
    case TextField::ProcedureNameVi:
    case TextField::ProcedureNameEn: return 120;
    case TextField::UnitName: return 120;
    case TextField::OfficerName:
    case TextField::OfficerTitle: return 80;
    case TextField::CounterName: return 60;
    }
    return 60;
}

void StaffFlow::editText(TextField field) {
    const bool fromSettings = (m_screen == StaffScreen::Settings || m_screen == StaffScreen::Text ||
                               m_screen == StaffScreen::Procedures ||
                               (m_screen == StaffScreen::Export && field == TextField::ExportFolder)) &&
                              !isOfficerField(field);
    const bool inWizard = isOfficerField(field) &&
                          (m_screen == StaffScreen::OfficerAdmin || m_screen == StaffScreen::Text);
    if (!fromSettings && !inWizard) return;
    say("");
    m_textField = field;
    // The current value is put back as typed text (EN mode inserts keys as they are), then
    // the keyboard starts in Vietnamese, except for codes.
    CommentInputOptions o;
    o.telex = TelexOptions{false, m_draft.vniInput, m_draft.newToneStyle};
    o.maxLength = textMaxLength();
    o.skippable = false;
    m_text = CommentInput(o);
    for (char32_t c : utf8ToCodePoints(fieldOf(m_draft, m_newOfficer, m_newProcedure, field))) m_text.typeChar(c);
    const bool code = field == TextField::UnitCode || field == TextField::OfficerId ||
                      field == TextField::DossierPattern || field == TextField::ProcedureCode ||
                      field == TextField::ProcedureNameEn || field == TextField::ExportFolder;
    m_text.setVietnamese(!code);
    m_screen = StaffScreen::Text;
    touch();
}

void StaffFlow::textTap(std::string_view keyId) {
    if (m_screen != StaffScreen::Text) return;
    touch();
    if (m_text.tap(keyId) == InputResult::Done) textDone();
}

void StaffFlow::textKey(char32_t c) {
    if (m_screen != StaffScreen::Text) return;
    touch();
    m_text.typeChar(c);
}

void StaffFlow::textBackspace() {
    if (m_screen != StaffScreen::Text) return;
    touch();
    m_text.typeBackspace();
}

void StaffFlow::textClear() {
    if (m_screen != StaffScreen::Text) return;
    touch();
    m_text.tap("key:clear");
}

void StaffFlow::textToggleVietnamese() {
    if (m_screen != StaffScreen::Text) return;
    touch();
    m_text.setVietnamese(!m_text.vietnamese());
}

void StaffFlow::textDone() {
    if (m_screen != StaffScreen::Text) return;
    touch();
    m_text.typeEnter();
    fieldOf(m_draft, m_newOfficer, m_newProcedure, m_textField) = m_text.comment();
    switch (m_textField) {  // an officer is added field by field, then gets a PIN
    case TextField::OfficerName: return editText(TextField::OfficerTitle);
    case TextField::OfficerTitle: return editText(TextField::OfficerId);
    case TextField::OfficerId: return askPin(PinStep::OfficerNewPin);
    case TextField::ProcedureCode: return editText(TextField::ProcedureNameVi);
    case TextField::ProcedureNameVi: return editText(TextField::ProcedureNameEn);
    case TextField::ProcedureNameEn:
        m_draft.procedures.push_back(m_newProcedure);  // validated with the settings at save
        m_screen = StaffScreen::Procedures;
        return;
    case TextField::ExportFolder: {  // saved at once, like the switch beside it
        const std::string folder = m_draft.exportFolder;
        m_screen = StaffScreen::Export;
        if (saveExportSetting([&folder](KioskSettings& s) { s.exportFolder = folder; }, "staff.settings_saved"))
            m_targets = m_config.exportTargets ? m_config.exportTargets() : std::vector<ExportTarget>{};
        else m_draft.exportFolder = m_settings.load().exportFolder;  // refused: the stored one stays
        return;
    }
    default: m_screen = StaffScreen::Settings;  // saved with the other settings (and validated then)
    }
}

void StaffFlow::showProcedures() {
    if (m_screen != StaffScreen::Settings) return;
    say("");
    m_screen = StaffScreen::Procedures;  // the draft is kept
    touch();
}

void StaffFlow::startAddProcedure() {
    if (m_screen != StaffScreen::Procedures) return;
    say("");
    m_newProcedure = Procedure{};
    editText(TextField::ProcedureCode);
}

void StaffFlow::removeProcedure(const std::string& code) {
    if (m_screen != StaffScreen::Procedures) return;
    touch();
    auto& list = m_draft.procedures;
    list.erase(std::remove_if(list.begin(), list.end(), [&](const Procedure& p) { return p.code == code; }),
               list.end());
}

void StaffFlow::showQuestionnaires() {
    if (m_screen != StaffScreen::Settings) return;
    say("");
    m_questionnaires = m_config.questionnaireCatalog ? m_config.questionnaireCatalog()
                                                     : listQuestionnaires({}, nullptr);
    m_screen = StaffScreen::Questionnaires;  // the draft is kept
    touch();
}

void StaffFlow::pickQuestionnaire(const std::string& file) {
    if (m_screen != StaffScreen::Questionnaires) return;
    touch();
    const auto it = std::find_if(m_questionnaires.begin(), m_questionnaires.end(),
                                 [&](const QuestionnaireOption& o) { return o.file == file; });
    if (it == m_questionnaires.end()) return;
    if (it->problem) {
        m_messageKey.clear();
        m_problem = it->problem;
        return;
    }
    say("");
    m_draft.questionnaireFile = file;
    m_screen = StaffScreen::Settings;
}

// [SECTION] Export

void StaffFlow::showExport() {
    if (m_screen != StaffScreen::Menu && m_screen != StaffScreen::ExportDone) return;
    say("");
    m_draft = m_settings.load();
    m_targets = m_config.exportTargets ? m_config.exportTargets() : std::vector<ExportTarget>{};
    show(StaffScreen::Export);
}

void StaffFlow::pickExportTarget(const std::filesystem::path& folder) {
    if (m_screen != StaffScreen::Export) return;
    const bool known = std::any_of(m_targets.begin(), m_targets.end(),
                                   [&](const ExportTarget& t) { return t.folder == folder; });
    if (!known) return;
    say("");
    m_exportRequest = folder;
    m_exportDone = m_exportTotal = 0;
    m_exportResult.reset();
    m_exportFailure.reset();
    show(StaffScreen::ExportRunning);
}

std::optional<std::filesystem::path> StaffFlow::takeExportRequest() {
    auto request = std::move(m_exportRequest);
    m_exportRequest.reset();
    return request;
}

void StaffFlow::exportProgress(std::int64_t done, std::int64_t total) {
    m_exportDone = done;
    m_exportTotal = total;
    touch();  // the staff are waiting: no session timeout meanwhile
}

void StaffFlow::exportFinished(Expected<ExportResult, ExportFailure> result) {
    if (m_screen != StaffScreen::ExportRunning) return;
    if (result) m_exportResult = std::move(*result);
    else m_exportFailure = std::move(result.error());
    touch();
    show(StaffScreen::ExportDone);
}

void StaffFlow::toggleAutoExport() {
    if (m_screen != StaffScreen::Export) return;
    touch();
    const bool on = !m_draft.autoExport;
    saveExportSetting([on](KioskSettings& s) { s.autoExport = on; },
                      on ? "staff.auto_export_on" : "staff.auto_export_off");
}

// Only the one setting goes to storage: the rest of the draft may hold edits the staff have
// not saved (or have given up), which must not be saved behind their back.
bool StaffFlow::saveExportSetting(const std::function<void(KioskSettings&)>& change, const char* savedKey) {
    KioskSettings stored = m_settings.load();
    change(stored);
    const auto problems = m_settings.save(stored, auditSettingChanges(m_audit));
    if (!problems.empty()) {  // refused: the stored settings stay, and so does the screen
        m_messageKey.clear();
        m_problem = problems.front().message;
        return false;
    }
    change(m_draft);
    m_settingsChanged = true;
    say(savedKey);
    return true;
}

void StaffFlow::showOfficerAdmin() {
    if (m_screen != StaffScreen::Menu) return;
    say("");
    show(StaffScreen::OfficerAdmin);
}

void StaffFlow::startAddOfficer() {
    if (m_screen != StaffScreen::OfficerAdmin) return;
    say("");
    m_newOfficer = Officer{};
    editText(TextField::OfficerName);
}

void StaffFlow::deactivateOfficer(const std::string& id) {
    if (m_screen != StaffScreen::OfficerAdmin) return;
    touch();
    const bool wasOnDuty = m_officers.signedIn() && m_officers.signedIn()->id == id;
    if (const auto removed = m_officers.deactivate(id); !removed) return refuse(removed.error());
    if (wasOnDuty) m_officerChanged = true;
    say("staff.officer_removed");
}

void StaffFlow::close() {
    if (!isOpen()) return;
    if (m_admin) m_audit.record(audit::StaffSignOut, "");
    m_admin = false;
    m_pendingOfficer.reset();
    m_newPin.clear();
    show(StaffScreen::Closed);
}

// Shutting the kiosk down at a counter by mistake costs a morning: ask once more.
void StaffFlow::quit() {
    if (m_screen != StaffScreen::Menu) return;
    const std::int64_t now = m_clock.monoMs();
    if (m_quitArmedMono >= 0 && now - m_quitArmedMono <= 5'000) {
        m_quit = true;
        return;
    }
    m_quitArmedMono = now;
    touch();
    say("staff.quit_confirm");
}

bool StaffFlow::tick() {
    m_auth.expireLock();
    if (!isOpen()) return false;
    const std::int64_t now = m_clock.monoMs();
    const bool working = m_screen == StaffScreen::ExportRunning || m_screen == StaffScreen::BackupRunning;
    if (!working && now - m_lastTouchMono >= m_config.sessionTimeoutMs) {
        m_forcedChange = false;
        close();
        say("");
        return true;
    }
    // The countdown on a locked pad changes every second.
    const std::int64_t lock = m_auth.lockRemainingMs();
    const std::int64_t shown = (lock + 999) / 1000;
    const bool changed = m_lastLockShownSeconds >= 0 && shown != m_lastLockShownSeconds;
    m_lastLockShownSeconds = shown;
    return changed;
}

std::int64_t StaffFlow::msUntilNextDeadline() const {
    if (!isOpen()) return -1;
    if (m_screen == StaffScreen::ExportRunning || m_screen == StaffScreen::BackupRunning)
        return 100;  // progress (the time so far) is redrawn while it runs
    std::int64_t next = std::max<std::int64_t>(0, m_lastTouchMono + m_config.sessionTimeoutMs - m_clock.monoMs());
    const std::int64_t lock = m_auth.lockRemainingMs();
    if (lock > 0) next = std::min(next, (lock - 1) % 1000 + 1);
    return next;
}

}  // namespace hailong::core
