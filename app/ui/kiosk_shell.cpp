#include "ui/kiosk_shell.h"

#include <imgui.h>

#include <algorithm>

namespace hailong::app {

KioskShell::KioskShell(core::SurveyFlow& flow, KioskUi& citizen, core::StaffFlow& staff, StaffUi& staffUi,
                       core::OfficerRegistry& officers, const core::Clock& clock)
    : m_flow(flow),
      m_citizen(citizen),
      m_staff(staff),
      m_staffUi(staffUi),
      m_officers(officers),
      m_clock(clock),
      m_keys(flow, clock) {
    refreshOfficer();
}

void KioskShell::refreshOfficer() {
    core::SessionContext c = m_flow.context();
    std::optional<core::Officer> onDuty;
    try {
        onDuty = m_officers.signedIn();
    } catch (const std::exception& e) {  // a busy or failing disk must not stop the kiosk
        if (m_onError) m_onError(e.what());
        return;
    }
    c.officerId = onDuty ? onDuty->id : "";
    c.officerName = onDuty ? onDuty->name : "";
    c.officerTitle = onDuty ? onDuty->title : "";
    m_flow.setContext(std::move(c));
}

core::KeyFocus KioskShell::keyFocus() const {
    return core::keyFocus(m_staff.isOpen(), m_staff.screen(), m_flow.screen());
}

void KioskShell::syncFromStaff() {
    if (m_staff.takeOfficerChanged()) refreshOfficer();
    if (auto code = m_staff.takeDossierCode()) m_keys.linkDossier(*code);
    if (m_staff.takeSettingsChanged() && m_applySettings) m_applySettings();
    if (auto folder = m_staff.takeExportRequest()) {
        if (m_startExport) m_startExport(*folder);
        else
            m_staff.exportFinished(
                core::unexpected(core::exportFailure(core::ExportProblem::NoExporter, "no exporter")));
    }
    if (auto folder = m_staff.takeBackupRequest()) {
        if (m_startBackup) m_startBackup(*folder);
        else
            m_staff.backupFinished(
                core::unexpected(core::BackupFailure{core::BackupProblem::NoRunner, *folder, "no backup job"}));
    }
}

bool KioskShell::update() {
    bool changed = m_staffUi.update();  // the staff side's timers run even while it is closed
    changed = m_citizen.update() || changed;
    if (m_keys.tick()) changed = true;  // a dossier code nobody rated: dropped
    syncFromStaff();
    if (m_staff.isOpen() != m_wasStaffOpen) {
        m_wasStaffOpen = m_staff.isOpen();
        changed = true;
    }
    return changed;
}

void KioskShell::openStaff() {
    if (m_staff.isOpen() || m_flow.screen() != core::Screen::Idle) return;
    m_staff.open();
}

// The hidden gesture: a finger held still on the top-left corner of the idle screen.
// Timed with the kiosk's clock, so tests (and a frame loop that sleeps) see it alike.
void KioskShell::watchCornerPress() {
    const ImGuiIO& io = ImGui::GetIO();
    const float corner = std::min(io.DisplaySize.x, io.DisplaySize.y) * 0.14f;
    const bool inCorner = io.MousePos.x >= 0 && io.MousePos.y >= 0 && io.MousePos.x < corner && io.MousePos.y < corner;
    const bool eligible = !m_staff.isOpen() && m_flow.screen() == core::Screen::Idle;
    if (!io.MouseDown[0] || !inCorner || !eligible) {
        m_pressing = false;
        return;
    }
    const std::int64_t now = m_clock.monoMs();
    if (!m_pressing) {
        if (!io.MouseClicked[0]) return;  // the press must start in the corner
        m_pressing = true;
        m_pressStartMono = now;
    }
    if (now - m_pressStartMono >= LongPressMs) {
        m_pressing = false;
        m_staff.open();
    }
}

void KioskShell::frame() {
    if (m_staff.isOpen()) m_staffUi.frame();
    else {
        m_citizen.frame();
        watchCornerPress();
    }
    syncFromStaff();
}

std::string KioskShell::traceLine() const { return m_staff.isOpen() ? m_staffUi.traceLine() : m_citizen.traceLine(); }

std::int64_t KioskShell::msUntilNextChange() const {
    std::int64_t next = m_staff.isOpen() ? m_staffUi.msUntilNextChange() : m_citizen.msUntilNextChange();
    if (m_pressing) {
        const std::int64_t left = std::max<std::int64_t>(0, m_pressStartMono + LongPressMs - m_clock.monoMs());
        next = next < 0 ? left : std::min(next, left);
    }
    return next;
}

// Every key goes where core::KeyRouter says (see there for the rules); only the calls are here.
void KioskShell::onChar(std::uint32_t codepoint) {
    switch (m_keys.onChar(codepoint, keyFocus())) {
    case core::KeyAction::Comment: m_citizen.perform([&] { m_flow.typeChar(static_cast<char32_t>(codepoint)); }); break;
    case core::KeyAction::StaffText: m_staff.textKey(static_cast<char32_t>(codepoint)); break;
    case core::KeyAction::StaffPad: m_staff.digit(static_cast<char>(codepoint)); break;
    case core::KeyAction::ClearStaffInput: m_staff.clearInput(); break;
    case core::KeyAction::None:
    case core::KeyAction::DossierLinked:
    case core::KeyAction::BadScan: break;
    }
}

void KioskShell::onBackspace() {
    switch (m_keys.onBackspace(keyFocus())) {
    case core::KeyAction::Comment: m_citizen.perform([&] { m_flow.typeBackspace(); }); break;
    case core::KeyAction::StaffText: m_staff.textBackspace(); break;
    case core::KeyAction::StaffPad: m_staff.backspace(); break;
    case core::KeyAction::None:
    case core::KeyAction::ClearStaffInput:
    case core::KeyAction::DossierLinked:
    case core::KeyAction::BadScan: break;
    }
}

void KioskShell::onEnter() {
    switch (m_keys.onEnter(keyFocus(), m_staff.config().dossierPattern)) {
    case core::KeyAction::Comment: m_citizen.perform([&] { m_flow.typeEnter(); }); break;
    case core::KeyAction::StaffText:
    case core::KeyAction::StaffPad:
        m_staff.submit();
        syncFromStaff();
        break;
    case core::KeyAction::ClearStaffInput: m_staff.clearInput(); break;
    case core::KeyAction::BadScan: m_citizen.showBanner("scan.bad_code"); break;
    case core::KeyAction::None:
    case core::KeyAction::DossierLinked: break;
    }
}

}  // namespace hailong::app
