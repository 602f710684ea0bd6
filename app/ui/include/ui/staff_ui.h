#pragma once
// The staff screens: PIN pad, menu with today's figures, officer sign-in, dossier
// keypad. Draws core::StaffFlow and turns taps into its calls (STYLE 2.4); like
// KioskUi it needs only ImGui core, so tests drive it headless.
#include "base/clock.h"
#include "base/strings.h"
#include "flow/hq_link_flow.h"
#include "flow/staff_flow.h"
#include "store/officers.h"
#include "store/today_figures.h"
#include "ui/fonts.h"
#include "ui/keyboard.h"
#include "ui/widgets.h"

#include <functional>
#include <string>

namespace hailong::app {

/// What the menu shows, read when the menu opens and every few seconds after.
struct StaffFigures {
    core::TodayFigures today;
    core::StorageHealth health;
    std::optional<core::BatchRecord> lastBatch;  ///< the last export, if any
};

/// The language-file key saying why a new PIN was refused ("pin.too_simple", ...): core
/// says what is wrong, the words are read here at the edge (STYLE 1.5).
const char* pinProblemKey(core::PinProblem p);
/// The language-file key saying what is wrong about an officer ("officer.unknown", ...).
const char* officerErrorKey(const core::OfficerError& e);

class StaffUi {
public:
    StaffUi(core::StaffFlow& flow, core::OfficerRegistry& officers, const core::Questionnaire& questionnaire,
            std::function<StaffFigures()> figures, const core::Strings& strings, FontSet fonts,
            const core::Clock& clock);

    /// After the fonts were built again (the panel size setting changed).
    void setFonts(const FontSet& fonts) { m_fonts = fonts.forStaff(); }
    /// Applies timers; true if the screen changed.
    bool update();
    /// Builds the staff screen into the current ImGui frame.
    void frame();
    const std::vector<UiItem>& items() const { return m_items.items(); }
    std::string traceLine() const;
    /// Flow timers; on the menu also the next refresh of today's figures (every 10 s).
    std::int64_t msUntilNextChange() const;
    void setLanguage(core::Language lang) { m_language = lang; }
    /// Receives the technical text of storage errors (shown as a message).
    void onError(std::function<void(const std::string&)> handler) { m_onError = std::move(handler); }

private:
    struct Layout;
    template <class F>
    void act(F&& call);
    std::string tr(const char* key) const;
    std::string message() const;
    std::string lastExportText() const;

    void topBar(const Layout& l);
    void pinScreen(const Layout& l);
    void menuScreen(const Layout& l);
    void officersScreen(const Layout& l);
    void dossierScreen(const Layout& l);
    void settingsScreen(const Layout& l);
    void textScreen(const Layout& l);
    void officerAdminScreen(const Layout& l);
    void proceduresScreen(const Layout& l);
    void questionnairesScreen(const Layout& l);
    void exportScreen(const Layout& l);
    void exportRunningScreen(const Layout& l);
    void exportDoneScreen(const Layout& l);
    // Headquarters (staff_hq_ui.cpp):
    void hqKeyScreen(const Layout& l);
    void packagesScreen(const Layout& l);
    void packagePlanScreen(const Layout& l);
    void packageDoneScreen(const Layout& l);
    // The backup onto a drive (staff_backup_ui.cpp):
    void backupScreen(const Layout& l);
    void backupRunningScreen(const Layout& l);
    void backupDoneScreen(const Layout& l);
    /// The fingerprint in large digit groups, centred in area; returns the height used.
    float fingerprintBlock(const Layout& l, const std::string& fingerprint, Rect area);
    /// The menu's lines about headquarters, with their colour (none without attachHq).
    std::vector<std::pair<std::string, ImU32>> hqStatusLines() const;
    void refreshHqStatus();
    /// The menu's buttons for headquarters: language-file key (also the item id) and call.
    std::vector<std::pair<std::string, std::function<void()>>> hqMenuEntries();
    std::string changeLine(const core::PackageChange& change, bool withBefore) const;
    /// A drive or folder to write to, as its button says it (export and backup).
    std::string targetLabel(const core::ExportTarget& target) const;
    /// First index shown of a list of `total` with `perPage` per page, and the "More" button
    /// in slot when there is more than one page (page state is the UI's own).
    std::size_t pageStart(std::size_t total, std::size_t perPage);
    void pager(Rect slot, std::size_t total, std::size_t perPage);
    void figuresPanel(const Layout& l, Rect area);
    void keypad(const Layout& l, Rect area);

    core::StaffFlow& m_flow;
    core::OfficerRegistry& m_officers;
    const core::Questionnaire& m_questionnaire;
    std::function<StaffFigures()> m_figuresSource;
    const core::Strings& m_strings;
    FontSet m_fonts;
    const core::Clock& m_clock;
    core::Language m_language = core::Language::Vi;
    ItemList m_items;
    std::string m_drawnScreen;
    std::vector<std::function<void()>> m_pending;
    std::function<void(const std::string&)> m_onError;
    StaffFigures m_figures;
    std::optional<core::HqStatus> m_hqStatus;  ///< read with the figures
    std::int64_t m_figuresAtMono = -1;
    std::string m_lastScreen;
    std::size_t m_page = 0;
};

}  // namespace hailong::app
