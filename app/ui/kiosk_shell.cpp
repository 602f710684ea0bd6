#include "ui/kiosk_shell.h"

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

void KioskShell::linkDossier(const std::string& code) {
    core::SessionContext c = m_flow.context();
    c.dossierCode = code;
    m_flow.setContext(std::move(c));
    m_dossierLinkedMono = m_clock.monoMs();
}

void KioskShell::syncFromStaff() {
    if (m_staff.takeOfficerChanged()) refreshOfficer();
    if (auto code = m_staff.takeDossierCode()) linkDossier(*code);
    if (m_staff.takeSettingsChanged() && m_applySettings) m_applySettings();
    if (auto folder = m_staff.takeExportRequest()) {
        if (m_startExport) m_startExport(*folder);
        else m_staff.exportFinished(core::unexpected(core::ExportFailure{core::ExportProblem::NoExporter, "no exporter", {}, 0, {}}));
    }
}

bool KioskShell::update() {
    bool changed = m_staffUi.update();  // the staff side's timers run even while it is closed
    changed = m_citizen.update() || changed;
    if (!m_flow.context().dossierCode.empty() && m_flow.screen() == core::Screen::Idle &&
        m_clock.monoMs() - m_dossierLinkedMono >= DossierLinkMs) {
        linkDossier("");
        changed = true;
    }
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

// Every key goes through the scanner detector first. On the PIN pad, a scanner burst is
// dropped (a scan must never count as a wrong PIN, let alone set one); on the dossier pad
// the keys type the code; on the citizen side a complete scan links a dossier, and on the
// comment screen the keys a person types go into the comment.
void KioskShell::onChar(std::uint32_t codepoint) {
    const std::int64_t now = m_clock.monoMs();
    m_scanner.onChar(codepoint, now);
    if (!m_staff.isOpen()) {
        if (m_flow.screen() != core::Screen::Comment) return;
        // Every key is typed; a scan can only be told by the Enter that ends it, so the comment
        // is remembered where a scan could have begun, and onEnter takes a scan out again.
        // (Nothing is dropped while keys come fast: a slow PC may handle a person's keys in one go.)
        if (m_scanner.pendingLength() <= 1) m_flow.checkpointComment();
        m_citizen.perform([&] { m_flow.typeChar(static_cast<char32_t>(codepoint)); });
        return;
    }
    if (m_staff.screen() == core::StaffScreen::Pin && m_scanner.inBurst(now)) {
        m_staff.clearInput();
        return;
    }
    if (m_staff.screen() == core::StaffScreen::Text) m_staff.textKey(static_cast<char32_t>(codepoint));
    else if (codepoint < 128) m_staff.digit(static_cast<char>(codepoint));
}

void KioskShell::onBackspace() {
    m_scanner.reset();
    if (m_staff.isOpen() && m_staff.screen() == core::StaffScreen::Text) m_staff.textBackspace();
    else if (m_staff.isOpen()) m_staff.backspace();
    else if (m_flow.screen() == core::Screen::Comment) m_citizen.perform([&] { m_flow.typeBackspace(); });
}

void KioskShell::onEnter() {
    if (m_staff.isOpen()) {
        const bool scanned = m_scanner.onEnter(m_clock.monoMs()).has_value();
        if (scanned && m_staff.screen() == core::StaffScreen::Pin) {
            m_staff.clearInput();
            return;
        }
        m_staff.submit();
        syncFromStaff();
        return;
    }
    const std::optional<std::string> code = m_scanner.onEnter(m_clock.monoMs());
    if (!code) {
        // Enter typed by a person: on the comment screen it is "done".
        if (m_flow.screen() == core::Screen::Comment) m_citizen.perform([&] { m_flow.typeEnter(); });
        return;
    }
    m_flow.rollbackComment();  // the scan typed into the comment (if on screen): taken out
    const core::DossierCheck check = core::checkDossierCode(*code, m_staff.config().dossierPattern);
    if (check.problem) m_citizen.showBanner("scan.bad_code");
    else linkDossier(check.code);
}

} // namespace hailong::app
