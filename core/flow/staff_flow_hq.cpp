// StaffFlow's screens for headquarters (issue 19): the key and packages; the rules are in
// HqLinkFlow (flow/hq_link_flow.h), these only move between screens.
#include "flow/hq_link_flow.h"
#include "flow/staff_flow.h"

namespace hailong::core {

void StaffFlow::showHqKey() {
    if (!m_hq || !m_admin || m_screen != StaffScreen::Menu) return;
    say("");
    m_hq->findKeys();
    show(StaffScreen::HqKey);
}

void StaffFlow::pinHqKey(const std::filesystem::path& file) {
    if (!m_hq || m_screen != StaffScreen::HqKey) return;
    touch();
    say(m_hq->pin(file) ? "hq.key_pinned" : "hq.key_not_pinned");
}

void StaffFlow::showPackages() {
    if (!m_hq || !m_admin || (m_screen != StaffScreen::Menu && m_screen != StaffScreen::PackageDone)) return;
    say("");
    m_hq->findPackages();
    show(StaffScreen::Packages);
}

void StaffFlow::pickPackage(const std::filesystem::path& file) {
    if (!m_hq || m_screen != StaffScreen::Packages) return;
    say("");
    m_hq->read(file);
    show(StaffScreen::PackagePlan);
}

void StaffFlow::applyPackage() {
    if (!m_hq || m_screen != StaffScreen::PackagePlan || !m_hq->plan()) return;
    say("");
    if (m_hq->apply()) {
        m_settingsChanged = true;  // the app puts the new settings and questionnaire in force
        m_draft = m_settings.load();
        return show(StaffScreen::PackageDone);
    }
    touch();  // refused: the reason is shown where the plan was
}

}  // namespace hailong::core
