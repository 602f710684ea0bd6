#pragma once
// Demo data and navigation for screenshots and layout tests: reaches any screen the
// way a citizen would, with a manual clock.
#include "base/clock.h"
#include "flow/survey_flow.h"

#include <string>
#include <vector>

namespace hailong::app {

/// A plausible unit and counter for pictures.
core::SessionContext demoContext();
/// A few procedures of a police unit's one-stop counter, for pictures and tests.
std::vector<core::Procedure> demoProcedures();
/// Taps through flow until screenName() is `screen` ("idle", "main", "question:<id>",
/// "comment" (with a comment typed), "thanks"); returns false for a screen that does not exist.
bool driveToScreen(core::SurveyFlow& flow, core::ManualClock& clock, const std::string& screen);
/// Every screen name of a questionnaire ("procedure" too when withProcedure).
std::vector<std::string> allScreens(const core::Questionnaire& q, bool withProcedure = false);

}  // namespace hailong::app

#include "flow/hq_link_flow.h"
#include "flow/staff_flow.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"
#include "store/officers.h"
#include "store/settings_store.h"
#include "store/sqlite_response_store.h"
#include "store/staff_auth.h"
#include "survey/settings.h"
#include "ui/staff_ui.h"

#include <memory>

namespace hailong::app {

/// The staff side on an in-memory database with a day of demo ratings and officers,
/// for screenshots of the staff screens.
class StaffDemo {
public:
    StaffDemo(const core::Questionnaire& q, const core::Strings& strings, const FontSet& fonts);
    ~StaffDemo();  ///< removes the demo's drive folder and headquarters' keys
    StaffDemo(const StaffDemo&) = delete;
    StaffDemo& operator=(const StaffDemo&) = delete;
    /// "staff:pin", "staff:menu", "staff:officers", "staff:dossier", "staff:new_pin",
    /// "staff:settings"; false if unknown.
    bool driveTo(const std::string& screen);
    StaffUi& ui() { return *m_ui; }
    static std::vector<std::string> screens();

private:
    core::ManualClock m_clock;
    core::SequentialIds m_ids;
    core::KioskDatabase m_db;
    core::SqliteResponseStore m_store;
    core::AuditLog m_audit;
    core::StaffAuth m_auth;
    core::OfficerRegistry m_officers;
    core::SettingsStore m_settings;
    core::StaffFlow m_flow;
    std::unique_ptr<StaffUi> m_ui;
    /// A folder standing in for a USB stick, with headquarters' key file and packages made
    /// by a demo keyring (issue 19); made only for the screens that show them.
    std::filesystem::path m_hqDir;
    std::unique_ptr<core::HqLinkFlow> m_hq;
    bool driveToHq(const std::string& screen);
    bool driveToBackup(const std::string& screen);
};

}  // namespace hailong::app
