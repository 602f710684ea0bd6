// The staff side: PIN pad, lockout, factory PIN, officer sign-in, dossier entry.
#include "flow/staff_flow.h"

#include "support/temp_dir.h"

#include <catch2/catch.hpp>

using namespace hailong::core;

namespace {

struct Staff {
    hailong::test::TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db{dir / "kiosk.db", clock, ids};
    AuditLog audit{db, clock};
    PinPolicy policy = PinPolicy::fastForTests();
    StaffAuth auth{db, clock, audit, policy};
    OfficerRegistry officers{db, audit, policy};
    SettingsStore settings{db};
    StaffFlow flow{auth, officers, audit, settings, clock, StaffConfig{}};

    void type(const std::string& digits) {
        for (char c : digits) flow.digit(c);
    }
    void enter(const std::string& digits) {
        type(digits);
        flow.submit();
    }
    // Opens the menu with a changed PIN.
    void openMenu() {
        flow.open();
        enter(StaffAuth::FactoryPin);
        enter("482916");
        enter("482916");
        REQUIRE(flow.screen() == StaffScreen::Menu);
    }
    std::vector<std::string> events() const {
        std::vector<std::string> out;
        for (const AuditEntry& e : audit.since(0)) out.push_back(e.event);
        return out;
    }
};

}  // namespace

TEST_CASE("the factory PIN opens the staff side only after it is changed", "[staff]") {
    Staff s;
    REQUIRE(s.flow.screenName().empty());
    s.flow.open();
    REQUIRE(s.flow.screenName() == "staff:pin");
    s.enter(StaffAuth::FactoryPin);
    CHECK(s.flow.screenName() == "staff:new_pin");
    CHECK(s.flow.messageKey() == "staff.pin_change_factory");

    SECTION("a weak new PIN is refused with the reason") {
        s.enter("1111");
        CHECK(s.flow.screenName() == "staff:new_pin");
        CHECK(s.flow.pinError() == PinProblem::TooSimple);
        CHECK(s.flow.messageKey().empty());
    }
    SECTION("two different entries are refused") {
        s.enter("482916");
        CHECK(s.flow.screenName() == "staff:confirm_pin");
        s.enter("482917");
        CHECK(s.flow.screenName() == "staff:new_pin");
        CHECK(s.flow.messageKey() == "staff.pin_mismatch");
    }
    SECTION("cancelling the forced change closes the staff side") {
        s.flow.cancel();
        CHECK_FALSE(s.flow.isOpen());
        s.flow.open();
        s.enter(StaffAuth::FactoryPin);
        CHECK(s.flow.screenName() == "staff:new_pin");
    }
    SECTION("a confirmed new PIN opens the menu and replaces the factory PIN") {
        s.enter("482916");
        s.enter("482916");
        CHECK(s.flow.screenName() == "staff:menu");
        CHECK(s.flow.messageKey() == "staff.pin_changed");
        CHECK_FALSE(s.auth.mustChangePin());
        s.flow.close();
        s.flow.open();
        s.enter("482916");
        CHECK(s.flow.screenName() == "staff:menu");
        const auto ev = s.events();
        CHECK(std::count(ev.begin(), ev.end(), std::string(audit::PinChanged)) == 1);
        CHECK(std::count(ev.begin(), ev.end(), std::string(audit::StaffSignIn)) == 2);
        CHECK(std::count(ev.begin(), ev.end(), std::string(audit::StaffSignOut)) == 1);
    }
}

TEST_CASE("five wrong PINs lock the pad with a countdown", "[staff][auth]") {
    Staff s;
    s.openMenu();
    s.flow.close();
    s.flow.open();
    for (int i = 0; i < 4; ++i) {
        s.enter("999999");
        CHECK(s.flow.messageKey() == "staff.pin_wrong");
        s.clock.advanceMs(1000);
    }
    s.enter("999999");
    CHECK(s.flow.messageKey() == "staff.pin_locked");
    const std::int64_t lock = s.flow.lockRemainingMs();
    CHECK(lock > 0);
    SECTION("digits are not taken and the right PIN does not open while locked") {
        s.type("482916");
        CHECK(s.flow.pinLength() == 0);
        s.flow.submit();
        CHECK(s.flow.screenName() == "staff:pin");
    }
    SECTION("the countdown is redrawn every second and the right PIN works after it") {
        CHECK(s.flow.msUntilNextDeadline() <= 1000);
        s.flow.tick();
        s.clock.advanceMs(999);
        CHECK_FALSE(s.flow.tick());  // the same whole second is still shown
        s.clock.advanceMs(1);
        CHECK(s.flow.tick());
        CHECK(s.flow.lockRemainingMs() == lock - 1000);
        s.clock.advanceMs(lock);
        s.flow.tick();
        s.enter("482916");
        CHECK(s.flow.screenName() == "staff:menu");
    }
}

TEST_CASE("an officer signs in with their own PIN and out again", "[staff][officers]") {
    Staff s;
    REQUIRE(s.officers.save(Officer{"cb01", "Nguyễn Thị Lan", "Thượng úy", true}, std::string("735194")));
    s.openMenu();
    s.flow.showOfficers();
    REQUIRE(s.flow.screenName() == "staff:officers");
    s.flow.pickOfficer("cb01");
    REQUIRE(s.flow.screenName() == "staff:officer_pin");
    REQUIRE(s.flow.pendingOfficer().has_value());
    s.enter("000001");
    CHECK(s.flow.messageKey() == "staff.pin_wrong");
    CHECK_FALSE(s.officers.signedIn().has_value());
    s.enter("735194");
    CHECK(s.flow.screenName() == "staff:menu");
    REQUIRE(s.officers.signedIn().has_value());
    CHECK(s.officers.signedIn()->name == "Nguyễn Thị Lan");
    CHECK(s.flow.takeOfficerChanged());
    CHECK_FALSE(s.flow.takeOfficerChanged());
    s.flow.signOutOfficer();
    CHECK_FALSE(s.officers.signedIn().has_value());
    CHECK(s.flow.takeOfficerChanged());

    SECTION("cancel on the officer's PIN returns to the list") {
        s.flow.showOfficers();
        s.flow.pickOfficer("cb01");
        s.flow.cancel();
        CHECK(s.flow.screenName() == "staff:officers");
        s.flow.cancel();
        CHECK(s.flow.screenName() == "staff:menu");
    }
}

TEST_CASE("a dossier code keyed in is checked and handed over once", "[staff][dossier]") {
    Staff s;
    s.openMenu();
    s.flow.showDossierEntry();
    REQUIRE(s.flow.screenName() == "staff:dossier");
    for (char c : std::string("hs-0001x")) s.flow.digit(c);
    CHECK(s.flow.dossierInput() == "HS-0001X");
    s.flow.backspace();
    CHECK(s.flow.dossierInput() == "HS-0001");
    SECTION("a valid code closes the staff side and links the next response") {
        s.flow.submit();
        CHECK_FALSE(s.flow.isOpen());
        CHECK(s.flow.takeDossierCode() == std::optional<std::string>("HS-0001"));
        CHECK_FALSE(s.flow.takeDossierCode().has_value());
    }
    SECTION("a code that does not match the pattern is refused with a message") {
        s.flow.clearInput();
        s.flow.digit('-');
        s.flow.submit();
        CHECK(s.flow.screenName() == "staff:dossier");
        REQUIRE(s.flow.problem().has_value());
        CHECK_FALSE(s.flow.problem()->vi.empty());
        CHECK_FALSE(s.flow.problem()->en.empty());
        CHECK_FALSE(s.flow.takeDossierCode().has_value());
    }
}

TEST_CASE("the staff side closes by itself when left alone", "[staff]") {
    Staff s;
    s.openMenu();
    s.clock.advanceMs(s.flow.config().sessionTimeoutMs - 1);
    CHECK_FALSE(s.flow.tick());
    s.clock.advanceMs(1);
    CHECK(s.flow.tick());
    CHECK_FALSE(s.flow.isOpen());
    CHECK(s.events().back() == audit::StaffSignOut);
}

TEST_CASE("quitting is only possible from the menu", "[staff]") {
    Staff s;
    s.flow.open();
    s.flow.quit();
    CHECK_FALSE(s.flow.quitRequested());
    s.enter(StaffAuth::FactoryPin);
    s.enter("482916");
    s.enter("482916");
    s.flow.quit();
    CHECK_FALSE(s.flow.quitRequested());  // asks first
    CHECK(s.flow.messageKey() == "staff.quit_confirm");
    SECTION("a second tap soon after confirms") {
        s.clock.advanceMs(2000);
        s.flow.quit();
        CHECK(s.flow.quitRequested());
    }
    SECTION("a second tap much later asks again") {
        s.clock.advanceMs(6000);
        s.flow.quit();
        CHECK_FALSE(s.flow.quitRequested());
    }
}

TEST_CASE("settings are edited on a draft and saved only when valid", "[staff][settings]") {
    Staff s;
    s.openMenu();
    s.flow.showSettings();
    REQUIRE(s.flow.screenName() == "staff:settings");
    s.flow.stepIdleTimeout(+15);
    s.flow.cycleUnitLevel();
    s.flow.toggleDay(0);
    s.flow.stepClosing(+60);
    s.flow.toggleDefaultLanguage();
    CHECK(s.settings.load().idleTimeoutSeconds == 30);  // nothing saved yet
    SECTION("saving stores every change, audits it, and tells the kiosk") {
        s.flow.saveSettings();
        CHECK(s.flow.screenName() == "staff:menu");
        CHECK(s.flow.messageKey() == "staff.settings_saved");
        const KioskSettings saved = s.settings.load();
        CHECK(saved.idleTimeoutSeconds == 45);
        CHECK(saved.unitLevel == "central");
        CHECK(saved.hours.days[0]);
        CHECK(saved.hours.closeMinute == 18 * 60);
        CHECK(saved.defaultLanguage == Language::En);
        CHECK(s.flow.takeSettingsChanged());
        CHECK_FALSE(s.flow.takeSettingsChanged());
        const auto ev = s.events();
        CHECK(std::count(ev.begin(), ev.end(), std::string(audit::SettingChanged)) == 5);
    }
    SECTION("cancel keeps the stored settings") {
        s.flow.cancel();
        CHECK(s.flow.screenName() == "staff:menu");
        CHECK(s.settings.load().idleTimeoutSeconds == 30);
        CHECK_FALSE(s.flow.takeSettingsChanged());
    }
    SECTION("steppers stay within what validation accepts") {
        for (int i = 0; i < 100; ++i) s.flow.stepIdleTimeout(-5);
        CHECK(s.flow.draft().idleTimeoutSeconds == 10);
        for (int i = 0; i < 200; ++i) s.flow.stepOpening(+15);
        CHECK(s.flow.draft().hours.openMinute < s.flow.draft().hours.closeMinute);
    }
    SECTION("a draft that is not valid is refused with a message in both languages") {
        for (int d = 0; d < 7; ++d)
            if (s.flow.draft().hours.days[static_cast<std::size_t>(d)]) s.flow.toggleDay(d);
        s.flow.saveSettings();
        CHECK(s.flow.screenName() == "staff:settings");
        REQUIRE(s.flow.problem().has_value());
        CHECK_FALSE(s.flow.problem()->vi.empty());
        CHECK(s.settings.load().hours.days[1]);
    }
}

TEST_CASE("the unit level offers today's levels, a stored district is shown until another is picked",
          "[staff][settings]") {
    Staff s;
    s.openMenu();
    const auto cycle = [&](int taps) {
        std::vector<std::string> seen;
        for (int i = 0; i < taps; ++i) {
            s.flow.cycleUnitLevel();
            seen.push_back(s.flow.draft().unitLevel);
        }
        return seen;
    };
    SECTION("a new kiosk: central, province, commune and not set, never district") {
        s.flow.showSettings();
        CHECK(cycle(8) ==
              std::vector<std::string>{"central", "province", "commune", "", "central", "province", "commune", ""});
    }
    SECTION("a kiosk that holds district from before 2025") {
        s.db.setSetting("unit.level", "district");
        s.flow.showSettings();
        CHECK(s.flow.draft().unitLevel == "district");
        SECTION("it stays among the choices while stored, so a tap too many can come back to it") {
            CHECK(cycle(5) == std::vector<std::string>{"commune", "", "central", "province", "district"});
            s.flow.stepIdleTimeout(+5);
            s.flow.saveSettings();
            CHECK(s.flow.screenName() == "staff:menu");
            CHECK(s.settings.load().unitLevel == "district");
            CHECK(s.settings.load().idleTimeoutSeconds == 35);
        }
        SECTION("once another level is saved, district is no longer offered") {
            CHECK(cycle(1) == std::vector<std::string>{"commune"});
            s.flow.saveSettings();
            REQUIRE(s.flow.screenName() == "staff:menu");
            CHECK(s.settings.load().unitLevel == "commune");
            s.flow.showSettings();
            CHECK(cycle(4) == std::vector<std::string>{"", "central", "province", "commune"});
        }
    }
}

TEST_CASE("a settings stepper or toggle does nothing outside the Settings screen", "[staff][settings]") {
    Staff s;
    s.openMenu();
    const KioskSettings stored = s.settings.load();
    const auto tapEverything = [&] {
        s.flow.stepIdleTimeout(+15);
        s.flow.stepFollowUpTimeout(+15);
        s.flow.stepPanelSize(+1);
        s.flow.cycleUnitLevel();
        s.flow.stepOpening(-60);
        s.flow.stepClosing(+60);
        s.flow.toggleDay(0);
        s.flow.toggleFlagOutsideHours();
        s.flow.toggleDefaultLanguage();
        s.flow.toggleInputMethod();
        s.flow.toggleToneStyle();
    };
    const auto unchanged = [&](const KioskSettings& d) {
        CHECK(d.idleTimeoutSeconds == stored.idleTimeoutSeconds);
        CHECK(d.followUpTimeoutSeconds == stored.followUpTimeoutSeconds);
        CHECK(d.panelTenthsInch == stored.panelTenthsInch);
        CHECK(d.unitLevel == stored.unitLevel);
        CHECK(d.hours.openMinute == stored.hours.openMinute);
        CHECK(d.hours.closeMinute == stored.hours.closeMinute);
        CHECK(d.hours.days == stored.hours.days);
        CHECK(d.flagOutsideHours == stored.flagOutsideHours);
        CHECK(d.defaultLanguage == stored.defaultLanguage);
        CHECK(d.vniInput == stored.vniInput);
        CHECK(d.newToneStyle == stored.newToneStyle);
    };
    SECTION("on the menu") {
        tapEverything();
        unchanged(s.flow.draft());
    }
    SECTION("on the export screen (a late tap), and the automatic export switch beside it saves none of it") {
        s.flow.showExport();
        REQUIRE(s.flow.screenName() == "staff:export");
        tapEverything();
        unchanged(s.flow.draft());
        s.flow.toggleAutoExport();
        unchanged(s.settings.load());
        CHECK(s.settings.load().autoExport != stored.autoExport);
    }
    SECTION("on the Settings screen they do change the draft") {
        s.flow.showSettings();
        tapEverything();
        CHECK(s.flow.draft().idleTimeoutSeconds == stored.idleTimeoutSeconds + 15);
        CHECK(s.flow.draft().vniInput != stored.vniInput);
        CHECK(s.settings.load().idleTimeoutSeconds == stored.idleTimeoutSeconds);  // a draft until saved
    }
}

TEST_CASE("the automatic export switch saves only that setting", "[staff][settings][export]") {
    Staff s;
    s.openMenu();
    s.flow.showExport();
    REQUIRE(s.flow.screenName() == "staff:export");
    // The stored settings change after the export screen read its draft (another save):
    // switching must not put the draft's older values back.
    KioskSettings other = s.settings.load();
    other.idleTimeoutSeconds = 60;
    other.unitName = "UBND phường Bến Nghé";
    REQUIRE(s.settings.save(other).empty());
    const std::size_t before = s.audit.since(0).size();
    const bool wasOn = s.flow.draft().autoExport;

    s.flow.toggleAutoExport();
    CHECK(s.flow.messageKey() == (wasOn ? "staff.auto_export_off" : "staff.auto_export_on"));
    const KioskSettings stored = s.settings.load();
    CHECK(stored.autoExport != wasOn);
    CHECK(stored.idleTimeoutSeconds == 60);
    CHECK(stored.unitName == "UBND phường Bến Nghé");
    CHECK(s.flow.draft().autoExport == stored.autoExport);
    CHECK(s.flow.takeSettingsChanged());
    const std::vector<AuditEntry> log = s.audit.since(0);
    REQUIRE(log.size() == before + 1);  // one setting changed, one entry
    CHECK(log.back().event == audit::SettingChanged);
    CHECK(log.back().detail.find("export.auto") != std::string::npos);

    const auto typeFolder = [&](const std::string& folder) {
        s.flow.editText(TextField::ExportFolder);
        REQUIRE(s.flow.screenName() == "staff:text:export_folder");
        for (char c : folder) s.flow.textKey(static_cast<char32_t>(c));
        s.flow.textDone();
        CHECK(s.flow.screenName() == "staff:export");
    };
    SECTION("so does the automatic export folder typed beside it") {
        const std::filesystem::path folder = s.dir / "xuat";
        std::filesystem::create_directories(folder);
        typeFolder(folder.string());
        CHECK(s.settings.load().exportFolder == folder.string());
        CHECK(s.flow.draft().exportFolder == folder.string());
        CHECK(s.settings.load().idleTimeoutSeconds == 60);
        CHECK(s.settings.load().unitName == "UBND phường Bến Nghé");
    }
    SECTION("a folder that is not there is refused and the stored one stays") {
        typeFolder("/no/such/folder/xuat");
        REQUIRE(s.flow.problem());
        CHECK(s.settings.load().exportFolder.empty());
        CHECK(s.flow.draft().exportFolder.empty());
    }
}

TEST_CASE("the comment keyboard's input method and tone style are toggled on the draft", "[staff][settings]") {
    Staff s;
    s.openMenu();
    s.flow.showSettings();
    REQUIRE_FALSE(s.flow.draft().vniInput);
    REQUIRE_FALSE(s.flow.draft().newToneStyle);
    s.flow.toggleInputMethod();
    s.flow.toggleToneStyle();
    CHECK(s.flow.draft().vniInput);
    CHECK(s.flow.draft().newToneStyle);
    CHECK_FALSE(s.settings.load().vniInput);  // nothing saved yet
    SECTION("toggling again goes back") {
        s.flow.toggleInputMethod();
        s.flow.toggleToneStyle();
        CHECK_FALSE(s.flow.draft().vniInput);
        CHECK_FALSE(s.flow.draft().newToneStyle);
    }
    SECTION("saving stores both, audits each key, and tells the kiosk") {
        s.flow.saveSettings();
        CHECK(s.flow.screenName() == "staff:menu");
        const KioskSettings saved = s.settings.load();
        CHECK(saved.vniInput);
        CHECK(saved.newToneStyle);
        CHECK(s.settings.problemsAtLoad().empty());
        CHECK(s.flow.takeSettingsChanged());
        std::vector<std::string> details;
        for (const AuditEntry& e : s.audit.since(0))
            if (e.event == audit::SettingChanged) details.push_back(e.detail);
        CHECK(details ==
              std::vector<std::string>{"input.method: \"telex\" -> \"vni\"", "input.tone_style: \"old\" -> \"new\""});
        SECTION("the next edit starts from the stored values") {
            s.flow.showSettings();
            CHECK(s.flow.draft().vniInput);
            CHECK(s.flow.draft().newToneStyle);
        }
    }
    SECTION("cancel discards them") {
        s.flow.cancel();
        CHECK(s.flow.screenName() == "staff:menu");
        CHECK_FALSE(s.settings.load().vniInput);
        CHECK_FALSE(s.settings.load().newToneStyle);
        CHECK_FALSE(s.flow.takeSettingsChanged());
        s.flow.showSettings();
        CHECK_FALSE(s.flow.draft().vniInput);
        CHECK_FALSE(s.flow.draft().newToneStyle);
    }
}

TEST_CASE("a lock that ran out is not imposed again after a restart", "[staff][auth]") {
    Staff s;
    s.openMenu();
    s.flow.close();
    s.flow.open();
    for (int i = 0; i < 5; ++i) s.enter("999999");
    REQUIRE(s.auth.lockRemainingMs() > 0);
    s.clock.advanceMs(s.auth.lockRemainingMs() + 1000);
    s.flow.tick();  // the kiosk notices the end of the lock
    ManualClock afterReboot(s.clock.wallMs() + 60'000, 5'000, 420, "another-boot");
    StaffAuth restarted(s.db, afterReboot, s.audit, s.policy);
    CHECK(restarted.lockRemainingMs() == 0);
}

TEST_CASE("keying in a dossier code signs the staff out in the audit log", "[staff][dossier]") {
    Staff s;
    s.openMenu();
    s.flow.showDossierEntry();
    for (char c : std::string("HS-000123")) s.flow.digit(c);
    s.flow.submit();
    REQUIRE_FALSE(s.flow.isOpen());
    CHECK(s.events().back() == audit::StaffSignOut);
}

TEST_CASE("an officer starts a shift with only their own PIN", "[staff][officers]") {
    Staff s;
    REQUIRE(s.officers.save(Officer{"cb01", "Nguyễn Thị Lan", "Thượng úy", true}, std::string("735194")));
    s.flow.open();
    s.flow.showOfficers();  // from the PIN pad, without the unit's PIN
    REQUIRE(s.flow.screenName() == "staff:officers");
    CHECK_FALSE(s.flow.isAdmin());
    SECTION("back returns to the PIN pad, not to the menu") {
        s.flow.cancel();
        CHECK(s.flow.screenName() == "staff:pin");
    }
    SECTION("the officer's PIN signs them in and returns to the citizens") {
        s.flow.pickOfficer("cb01");
        s.enter("735194");
        CHECK_FALSE(s.flow.isOpen());
        REQUIRE(s.officers.signedIn().has_value());
        CHECK(s.officers.signedIn()->id == "cb01");
        const auto ev = s.events();
        CHECK(std::count(ev.begin(), ev.end(), std::string(audit::StaffSignIn)) == 0);
        CHECK(std::count(ev.begin(), ev.end(), std::string(audit::OfficerSignIn)) == 1);
    }
    SECTION("the menu stays out of reach") {
        s.flow.quit();
        s.flow.showSettings();
        CHECK_FALSE(s.flow.quitRequested());
        CHECK(s.flow.screenName() == "staff:officers");
    }
}

TEST_CASE("a unit name is typed in Vietnamese on the keyboard and saved", "[staff][settings][telex]") {
    Staff s;
    s.openMenu();
    s.flow.showSettings();
    s.flow.editText(TextField::UnitName);
    REQUIRE(s.flow.screenName() == "staff:text:unit_name");
    CHECK(s.flow.textVietnamese());
    for (char c : std::string("Coong an phuwowngf Beesn Thafnh")) s.flow.textKey(static_cast<char32_t>(c));
    s.flow.textDone();
    CHECK(s.flow.screenName() == "staff:settings");
    CHECK(s.flow.draft().unitName == "Công an phường Bến Thành");
    s.flow.saveSettings();
    CHECK(s.settings.load().unitName == "Công an phường Bến Thành");

    SECTION("editing again starts from the stored text, and cancel keeps the draft") {
        s.flow.showSettings();
        s.flow.editText(TextField::UnitName);
        CHECK(s.flow.textValue() == "Công an phường Bến Thành");
        s.flow.textClear();
        s.flow.cancel();
        CHECK(s.flow.screenName() == "staff:settings");
        CHECK(s.flow.draft().unitName == "Công an phường Bến Thành");
    }
    SECTION("codes are typed as they are") {
        s.flow.showSettings();
        s.flow.editText(TextField::UnitCode);
        CHECK_FALSE(s.flow.textVietnamese());
        for (char c : std::string("CA-P-BT01")) s.flow.textKey(static_cast<char32_t>(c));
        s.flow.textDone();
        CHECK(s.flow.draft().unitCode == "CA-P-BT01");
    }
}

TEST_CASE("an officer is added by touch: name, title, code, then their own PIN", "[staff][officers][telex]") {
    Staff s;
    s.openMenu();
    s.flow.showOfficerAdmin();
    REQUIRE(s.flow.screenName() == "staff:officer_admin");
    s.flow.startAddOfficer();
    REQUIRE(s.flow.screenName() == "staff:text:officer_name");
    auto type = [&](const std::string& keys) {
        for (char c : keys) s.flow.textKey(static_cast<char32_t>(c));
        s.flow.textDone();
    };
    type("Phajm Thij Hoaf");
    REQUIRE(s.flow.screenName() == "staff:text:officer_title");
    type("Trung tas");
    REQUIRE(s.flow.screenName() == "staff:text:officer_id");
    CHECK_FALSE(s.flow.textVietnamese());
    type("cb-09");
    REQUIRE(s.flow.screenName() == "staff:officer_new_pin");
    s.enter("1111");
    CHECK(s.flow.pinError() == PinProblem::TooSimple);
    s.enter("602847");
    REQUIRE(s.flow.screenName() == "staff:officer_confirm_pin");
    s.enter("602847");
    CHECK(s.flow.screenName() == "staff:officer_admin");
    CHECK(s.flow.messageKey() == "staff.officer_saved");
    const auto added = s.officers.find("cb-09");
    REQUIRE(added.has_value());
    CHECK(added->name == "Phạm Thị Hòa");
    CHECK(added->title == "Trung tá");
    CHECK(s.auth.checkOfficerPin("cb-09", "602847") == PinCheck::Accepted);

    SECTION("removing keeps the officer for history but hides them") {
        s.flow.deactivateOfficer("cb-09");
        CHECK(s.officers.list().empty());
        CHECK(s.officers.find("cb-09").has_value());
    }
    SECTION("a code with accents is refused with the reason") {
        s.flow.startAddOfficer();
        type("Lee Vawn An");
        type("");
        s.flow.textToggleVietnamese();  // even typed in Vietnamese, a code may not carry accents
        type("ddaf");
        s.enter("602847");
        s.enter("602847");
        CHECK(s.flow.screenName() == "staff:officer_admin");
        REQUIRE(s.flow.officerError());
        CHECK(s.flow.officerError()->problem == OfficerProblem::BadId);
        CHECK(s.flow.messageKey().empty());
        CHECK_FALSE(s.officers.find("ddaf"));
    }
    SECTION("a weak officer PIN is refused with the reason, on the pad") {
        s.flow.startAddOfficer();
        type("An");
        type("");
        type("cb-10");
        s.enter("1234");
        CHECK(s.flow.screenName() == "staff:officer_new_pin");
        CHECK(s.flow.pinError() == PinProblem::TooSimple);
        s.enter("602847");  // the next step clears it
        CHECK_FALSE(s.flow.pinError());
    }
}

TEST_CASE("an officer no longer in the list is said to be unknown", "[staff][officers]") {
    Staff s;
    REQUIRE(s.officers.save(Officer{"cb01", "Nguyễn Thị Lan", "Thượng úy", true}, std::string("735194")));
    s.openMenu();
    const OfficerError unknown{OfficerProblem::Unknown, std::nullopt};
    SECTION("picked from a list older than the registry") {
        s.flow.showOfficers();
        s.flow.pickOfficer("cb99");
        CHECK(s.flow.screenName() == "staff:officers");
        CHECK(s.flow.officerError() == unknown);
        REQUIRE(s.officers.deactivate("cb01"));
        s.flow.pickOfficer("cb01");  // inactive now
        CHECK(s.flow.officerError() == unknown);
        CHECK_FALSE(s.flow.pendingOfficer());
    }
    SECTION("removed between the pick and the PIN: no wrong PIN is counted") {
        s.flow.showOfficers();
        s.flow.pickOfficer("cb01");
        REQUIRE(s.flow.screenName() == "staff:officer_pin");
        REQUIRE(s.officers.deactivate("cb01"));
        const int attempts = s.flow.attemptsLeft();
        s.enter("735194");
        CHECK(s.flow.screenName() == "staff:officers");
        CHECK(s.flow.officerError() == unknown);
        CHECK(s.flow.attemptsLeft() == attempts);
        CHECK_FALSE(s.officers.signedIn());
    }
    SECTION("removed from the officers' list twice") {
        s.flow.showOfficerAdmin();
        s.flow.deactivateOfficer("cb99");
        CHECK(s.flow.screenName() == "staff:officer_admin");
        CHECK(s.flow.officerError() == unknown);
        s.flow.deactivateOfficer("cb01");
        CHECK(s.flow.messageKey() == "staff.officer_removed");
        CHECK_FALSE(s.flow.officerError());
    }
}

TEST_CASE("procedures and the dossier pattern are edited by touch and saved with the settings",
          "[staff][settings][telex]") {
    Staff s;
    s.openMenu();
    s.flow.showSettings();
    auto type = [&](const std::string& keys) {
        for (char c : keys) s.flow.textKey(static_cast<char32_t>(c));
        s.flow.textDone();
    };
    s.flow.showProcedures();
    REQUIRE(s.flow.screenName() == "staff:procedures");
    s.flow.startAddProcedure();
    REQUIRE(s.flow.screenName() == "staff:text:procedure_code");
    type("TAMTRU");
    REQUIRE(s.flow.screenName() == "staff:text:procedure_name_vi");
    type("DDawng kys tamj trus");
    REQUIRE(s.flow.screenName() == "staff:text:procedure_name_en");
    type("Temporary residence");
    CHECK(s.flow.screenName() == "staff:procedures");
    REQUIRE(s.flow.draft().procedures.size() == 1);
    CHECK(s.flow.draft().procedures[0].name.vi == "Đăng ký tạm trú");
    s.flow.cancel();
    REQUIRE(s.flow.screenName() == "staff:settings");
    s.flow.editText(TextField::DossierPattern);
    s.flow.textClear();
    type("^HS-[0-9]{6}$");
    s.flow.saveSettings();
    REQUIRE(s.flow.screenName() == "staff:menu");
    const KioskSettings saved = s.settings.load();
    REQUIRE(saved.procedures.size() == 1);
    CHECK(saved.procedures[0].code == "TAMTRU");
    CHECK(saved.procedures[0].name.en == "Temporary residence");
    CHECK(saved.dossierPattern == "^HS-[0-9]{6}$");

    SECTION("a pattern that does not compile is refused at save with the reason") {
        s.flow.showSettings();
        s.flow.editText(TextField::DossierPattern);
        s.flow.textClear();
        type("[A-Z");
        s.flow.saveSettings();
        CHECK(s.flow.screenName() == "staff:settings");
        REQUIRE(s.flow.problem().has_value());
        CHECK(s.settings.load().dossierPattern == "^HS-[0-9]{6}$");
    }
    SECTION("a procedure can be removed from the list") {
        s.flow.showSettings();
        s.flow.showProcedures();
        s.flow.removeProcedure("TAMTRU");
        s.flow.cancel();
        s.flow.saveSettings();
        CHECK(s.settings.load().procedures.empty());
    }
}

TEST_CASE("the questionnaire is chosen from the catalog and saved with the settings",
          "[staff][settings][questionnaire]") {
    Staff s;
    const std::filesystem::path dir = s.dir / "questionnaires";
    std::filesystem::create_directories(dir);
    const std::filesystem::path data = HAILONG_TEST_DATA;
    std::filesystem::copy_file(data / "questionnaires" / "good" / "minimal.toml", dir / "minimal.toml");
    std::filesystem::copy_file(data / "questionnaires" / "broken" / "unknown_key.toml", dir / "broken.toml");
    int catalogReads = 0;
    StaffConfig config;
    config.questionnaireCatalog = [&] {
        ++catalogReads;
        return listQuestionnaires(dir, &s.db);
    };
    StaffFlow flow{s.auth, s.officers, s.audit, s.settings, s.clock, config};
    flow.open();
    for (const char* pin : {StaffAuth::FactoryPin, "482916", "482916"}) {
        for (const char* c = pin; *c; ++c) flow.digit(*c);
        flow.submit();
    }
    REQUIRE(flow.screenName() == "staff:menu");

    flow.showQuestionnaires();  // only from the settings screen
    CHECK(flow.screenName() == "staff:menu");
    flow.showSettings();
    flow.showQuestionnaires();
    REQUIRE(flow.screenName() == "staff:questionnaires");
    CHECK(catalogReads == 1);
    REQUIRE(flow.questionnaireOptions().size() == 3);  // built-in, broken.toml, minimal.toml

    const std::string broken = (dir / "broken.toml").u8string();
    flow.pickQuestionnaire(broken);
    CHECK(flow.screenName() == "staff:questionnaires");
    REQUIRE(flow.problem());
    CHECK_THAT(flow.problem()->en, Catch::Contains("broken.toml:"));
    CHECK(flow.draft().questionnaireFile.empty());

    const std::string minimal = (dir / "minimal.toml").u8string();
    flow.pickQuestionnaire(minimal);
    CHECK(flow.screenName() == "staff:settings");
    CHECK_FALSE(flow.problem());
    CHECK(flow.draft().questionnaireFile == minimal);
    flow.saveSettings();
    REQUIRE(flow.screenName() == "staff:menu");
    CHECK(s.settings.load().questionnaireFile == minimal);
    CHECK(flow.takeSettingsChanged());
    const auto changes = s.audit.since(0);
    CHECK(std::any_of(changes.begin(), changes.end(), [&](const AuditEntry& e) {
        return e.event == audit::SettingChanged && e.detail.find("questionnaire.file") != std::string::npos;
    }));

    SECTION("back to the built-in one") {
        flow.showSettings();
        flow.showQuestionnaires();
        CHECK(catalogReads == 2);
        flow.pickQuestionnaire("");
        flow.saveSettings();
        CHECK(s.settings.load().questionnaireFile.empty());
    }
    SECTION("back from the list keeps the draft as it was") {
        flow.showSettings();
        flow.showQuestionnaires();
        flow.cancel();
        CHECK(flow.screenName() == "staff:settings");
        CHECK(flow.draft().questionnaireFile == minimal);
    }
}
