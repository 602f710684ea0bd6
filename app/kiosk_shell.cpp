#include "app/kiosk_shell.h"

#include <imgui.h>

#include <algorithm>

namespace hailong::app {

KioskShell::KioskShell(core::SurveyFlow& flow, KioskUi& citizen, core::StaffFlow& staff, StaffUi& staffUi,
                       core::OfficerRegistry& officers, const core::Clock& clock)
    : m_flow(flow), m_citizen(citizen), m_staff(staff), m_staffUi(staffUi), m_officers(officers), m_clock(clock) {
    refreshOfficer();
}

void KioskShell::refreshOfficer() {
    core::SessionContext c = m_flow.context();
    const std::optional<core::Officer> onDuty = m_officers.signedIn();
    c.officerId = onDuty ? onDuty->id : "";
    c.officerName = onDuty ? onDuty->name : "";
    c.officerTitle = onDuty ? onDuty->title : "";
    m_flow.setContext(std::move(c));
}

void KioskShell::linkDossier(const std::string& code) {
    core::SessionContext c = m_flow.context();
    c.dossierCode = code;
    m_flow.setContext(std::move(c));
}

void KioskShell::syncFromStaff() {
    if (m_staff.takeOfficerChanged()) refreshOfficer();
    if (auto code = m_staff.takeDossierCode()) linkDossier(*code);
    if (m_staff.takeSettingsChanged() && m_applySettings) m_applySettings();
}

bool KioskShell::update() {
    bool changed = m_staff.isOpen() ? m_staffUi.update() : m_citizen.update();
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

std::string KioskShell::traceLine() const {
    return m_staff.isOpen() ? m_staffUi.traceLine() : m_citizen.traceLine();
}

std::int64_t KioskShell::msUntilNextChange() const {
    std::int64_t next = m_staff.isOpen() ? m_staffUi.msUntilNextChange() : m_citizen.msUntilNextChange();
    if (m_pressing) {
        const std::int64_t left = std::max<std::int64_t>(0, m_pressStartMono + LongPressMs - m_clock.monoMs());
        next = next < 0 ? left : std::min(next, left);
    }
    return next;
}

void KioskShell::onChar(std::uint32_t codepoint) {
    if (m_staff.isOpen()) {  // a keyboard on the staff side types into its pad
        if (codepoint < 128) m_staff.digit(static_cast<char>(codepoint));
        return;
    }
    m_scanner.onChar(codepoint, m_clock.monoMs());
}

void KioskShell::onEnter() {
    if (m_staff.isOpen()) {
        m_staff.submit();
        syncFromStaff();
        return;
    }
    const std::optional<std::string> code = m_scanner.onEnter(m_clock.monoMs());
    if (!code) return;
    const core::DossierCheck check = core::checkDossierCode(*code, m_staff.config().dossierPattern);
    if (check.problem) m_citizen.showBanner("scan.bad_code");
    else linkDossier(check.code);
}

} // namespace hailong::app
