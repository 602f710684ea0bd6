#pragma once
// The kiosk's two sides on one screen: the citizen screens (KioskUi) and the staff
// screens (StaffUi). It decides which is shown, opens the staff side on the hidden
// gesture (a long press on the top-left corner of the idle screen) or the key
// combination, feeds keyboard and barcode-scanner input to the right side, and carries
// what the staff side decides (officer on duty, dossier code) into the citizen flow.
// ImGui core only: tests drive it headless.
#include "flow/key_router.h"
#include "flow/staff_flow.h"
#include "flow/survey_flow.h"
#include "store/officers.h"
#include "ui/kiosk_ui.h"
#include "ui/staff_ui.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace hailong::app {

class KioskShell {
public:
    static constexpr std::int64_t LongPressMs = 3'000;
    /// A linked dossier code no rating followed is dropped after this (core::KeyRouter's rule).
    static constexpr std::int64_t DossierLinkMs = core::KeyRouter::DossierLinkMs;

    KioskShell(core::SurveyFlow& flow, KioskUi& citizen, core::StaffFlow& staff, StaffUi& staffUi,
               core::OfficerRegistry& officers, const core::Clock& clock);

    bool update();  ///< timers of both sides; true if the screen changed
    void frame();   ///< the screen of the side in front
    std::string traceLine() const;
    std::int64_t msUntilNextChange() const;
    bool staffOpen() const { return m_staff.isOpen(); }
    bool quitRequested() const { return m_staff.quitRequested(); }

    /// The staff key combination (only from the idle screen, like the gesture).
    void openStaff();
    /// A typed character (physical keyboard or barcode scanner), the Enter and Backspace keys,
    /// sent where core::KeyRouter says. On the comment screen they type the comment through the
    /// same input method as the on-screen keys; a scanner's burst, told by its fast keys ending
    /// with Enter, is taken out of the comment again, and its code links the next response as
    /// anywhere else.
    void onChar(std::uint32_t codepoint);
    void onEnter();
    void onBackspace();
    /// Sets the officer shown and stamped on responses from the registry.
    void refreshOfficer();
    /// Receives the text of storage errors met here (for the log).
    void onError(std::function<void(const std::string&)> handler) { m_onError = std::move(handler); }
    /// Called after the staff side saved settings, to apply them without a restart.
    void onSettingsChanged(std::function<void()> apply) { m_applySettings = std::move(apply); }
    /// Called when the staff picked where to export: the caller starts the export and reports
    /// to StaffFlow::exportProgress / exportFinished (possibly from within this call).
    void onExportRequested(std::function<void(const std::filesystem::path&)> start) {
        m_startExport = std::move(start);
    }
    /// Called when the staff picked where to write a backup: the caller starts it
    /// (core::BackupJob) and reports to StaffFlow::backupFinished (possibly from within this call).
    void onBackupRequested(std::function<void(const std::filesystem::path&)> start) {
        m_startBackup = std::move(start);
    }

private:
    core::KeyFocus keyFocus() const;
    void syncFromStaff();
    void watchCornerPress();

    core::SurveyFlow& m_flow;
    KioskUi& m_citizen;
    core::StaffFlow& m_staff;
    StaffUi& m_staffUi;
    core::OfficerRegistry& m_officers;
    const core::Clock& m_clock;
    core::KeyRouter m_keys;
    bool m_pressing = false;
    std::int64_t m_pressStartMono = 0;
    bool m_wasStaffOpen = false;
    std::function<void(const std::string&)> m_onError;
    std::function<void()> m_applySettings;
    std::function<void(const std::filesystem::path&)> m_startExport;
    std::function<void(const std::filesystem::path&)> m_startBackup;
};

}  // namespace hailong::app
