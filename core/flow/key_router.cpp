#include "flow/key_router.h"

namespace hailong::core {

KeyFocus keyFocus(bool staffOpen, StaffScreen staff, Screen citizen) {
    if (!staffOpen) return citizen == Screen::Comment ? KeyFocus::Comment : KeyFocus::Citizen;
    if (staff == StaffScreen::Pin) return KeyFocus::StaffPin;
    if (staff == StaffScreen::Text) return KeyFocus::StaffText;
    return KeyFocus::StaffPad;
}

KeyRouter::KeyRouter(SurveyFlow& flow, const Clock& clock) : m_flow(flow), m_clock(clock) {}

KeyAction KeyRouter::onChar(std::uint32_t codepoint, KeyFocus focus) {
    const std::int64_t now = m_clock.monoMs();
    m_scanner.onChar(codepoint, now);
    switch (focus) {
    case KeyFocus::Citizen: return KeyAction::None;  // a scan waits for its Enter
    case KeyFocus::Comment:
        // Nothing is dropped while keys come fast: a slow PC may handle a person's keys in
        // one go. The comment is remembered where a scan could have begun instead.
        if (m_scanner.pendingLength() <= 1) m_flow.checkpointComment();
        return KeyAction::Comment;
    case KeyFocus::StaffPin:
        if (m_scanner.inBurst(now)) return KeyAction::ClearStaffInput;
        break;
    case KeyFocus::StaffText: return KeyAction::StaffText;
    case KeyFocus::StaffPad: break;
    }
    return codepoint < 128 ? KeyAction::StaffPad : KeyAction::None;
}

KeyAction KeyRouter::onBackspace(KeyFocus focus) {
    m_scanner.reset();
    switch (focus) {
    case KeyFocus::Citizen: return KeyAction::None;
    case KeyFocus::Comment: return KeyAction::Comment;
    case KeyFocus::StaffText: return KeyAction::StaffText;
    case KeyFocus::StaffPin:
    case KeyFocus::StaffPad: return KeyAction::StaffPad;
    }
    return KeyAction::None;
}

KeyAction KeyRouter::onEnter(KeyFocus focus, const std::string& dossierPattern) {
    const std::optional<std::string> code = m_scanner.onEnter(m_clock.monoMs());
    switch (focus) {
    case KeyFocus::StaffPin: return code ? KeyAction::ClearStaffInput : KeyAction::StaffPad;
    case KeyFocus::StaffText: return KeyAction::StaffText;
    case KeyFocus::StaffPad: return KeyAction::StaffPad;
    case KeyFocus::Citizen:
    case KeyFocus::Comment: break;
    }
    if (!code) return focus == KeyFocus::Comment ? KeyAction::Comment : KeyAction::None;  // Enter of a person
    m_flow.rollbackComment();  // the scan typed into the comment (if on screen): taken out
    const DossierCheck check = checkDossierCode(*code, dossierPattern);
    if (check.problem) return KeyAction::BadScan;
    linkDossier(check.code);
    return KeyAction::DossierLinked;
}

void KeyRouter::linkDossier(const std::string& code) {
    SessionContext c = m_flow.context();
    c.dossierCode = code;
    m_flow.setContext(std::move(c));
    m_linkedMonoMs = m_clock.monoMs();
}

bool KeyRouter::tick() {
    if (m_flow.context().dossierCode.empty() || m_flow.screen() != Screen::Idle ||
        m_clock.monoMs() - m_linkedMonoMs < DossierLinkMs)
        return false;
    linkDossier("");
    return true;
}

}  // namespace hailong::core
