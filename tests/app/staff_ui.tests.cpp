// The staff side without a window: the hidden gesture, the PIN pad and its lockout,
// officer sign-in, and the dossier keypad, tapped through io.MousePos / io.MouseDown.
#include "batch/batch_format.h"
#include "batch/export_targets.h"
#include "batch/exporter.h"
#include "flow/settings_apply.h"
#include "store/kiosk_database.h"
#include "store/sqlite_response_store.h"
#include "store/today_figures.h"
#include "support/temp_dir.h"
#include "ui/demo.h"
#include "ui/headless_imgui.h"
#include "ui/kiosk_shell.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cfloat>
#include <set>

using namespace hailong;
using core::Screen;

namespace {

struct StaffKiosk {
    test::TempDir dir;
    core::ManualClock clock;
    core::SequentialIds ids;
    core::KioskDatabase db{dir / "kiosk.db", clock, ids};
    core::SqliteResponseStore store{db};
    core::AuditLog audit{db, clock};
    core::PinPolicy policy = core::PinPolicy::fastForTests();
    core::StaffAuth auth{db, clock, audit, policy};
    core::OfficerRegistry officers{db, audit, policy};
    core::Questionnaire q = core::defaultQuestionnaire();
    app::HeadlessImGui imgui;
    core::SurveyFlow flow{q, store, clock, ids, core::FlowConfig{}};
    core::SettingsStore settings{db};
    std::filesystem::path questionnaireDir = dir / "questionnaires";
    std::filesystem::path exportDir = dir / "exports";
    core::KioskKeys signingKeys = core::KioskKeys::loadOrCreate(dir.path(), db, audit);
    core::StaffFlow staff{auth, officers, audit, settings, clock, staffConfig()};
    app::KioskUi citizen{flow, core::Strings::builtIn(), imgui.fonts(), clock};
    app::StaffUi staffUi{staff,
                         officers,
                         flow.questionnaire(),
                         [this] {
                             return app::StaffFigures{
                                 core::computeFigures(db, flow.questionnaire(), 0, clock.wallMs() + 1),
                                 core::storageHealth(db), core::lastExportedBatch(db)};
                         },
                         core::Strings::builtIn(),
                         imgui.fonts(),
                         clock};
    std::unique_ptr<app::KioskShell> shell;
    core::KioskSettings inForce = settings.load();

    core::StaffConfig staffConfig() {
        core::StaffConfig c;
        c.questionnaireDir = questionnaireDir.u8string();
        c.questionnaireCatalog = [this] { return core::listQuestionnaires(questionnaireDir, &db); };
        c.exportTargets = [this] { return core::findExportTargets({}, exportDir); };
        return c;
    }

    explicit StaffKiosk(ImVec2 size = {1366, 768}) : imgui(size) {
        REQUIRE(officers.save(core::Officer{"cb07", "Trần Văn Minh", "Đại úy", true}, std::string("730518")));
        flow.setContext(app::demoContext());
        shell = std::make_unique<app::KioskShell>(flow, citizen, staff, staffUi, officers, clock);
        shell->onSettingsChanged([this] {  // as the kiosk does
            const core::KioskSettings now = settings.load();
            core::applySettings(inForce, now, flow, staff, db, clock.wallMs());
            inForce = now;
        });
        shell->onExportRequested([this](const std::filesystem::path& folder) {  // at once, on this thread
            core::Exporter exporter(db, signingKeys, audit, clock, "hailong test");
            staff.exportFinished(exporter.exportNext(folder));
        });
        frame();
        frame();
    }
    void frame() {
        ImGui::NewFrame();
        shell->update();
        shell->frame();
        ImGui::Render();
    }
    nlohmann::json screen() const { return nlohmann::json::parse(shell->traceLine()); }
    std::string name() const { return screen()["screen"]; }
    std::string label(const std::string& id) const {
        const nlohmann::json j = screen();
        for (const auto& it : j["items"])
            if (it["id"] == id) return it["label"];
        return "";
    }
    bool has(const std::string& id) const {
        const nlohmann::json j = screen();
        for (const auto& it : j["items"])
            if (it["id"] == id) return true;
        return false;
    }
    void tap(const std::string& id) {
        ImVec2 at(-1, -1);
        const nlohmann::json j = screen();
        for (const auto& it : j["items"])
            if (it["id"] == id)
                at = ImVec2(it["x"].get<float>() + it["w"].get<float>() / 2,
                            it["y"].get<float>() + it["h"].get<float>() / 2);
        INFO("tapping " << id << " on " << name());
        REQUIRE(at.x >= 0);
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frame();
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        frame();
        clock.advanceMs(500);
        frame();
    }
    void keys(const std::string& digits) {
        for (char c : digits) tap(std::string("key:") + c);
    }
    // The hidden gesture: a finger held on the top-left corner.
    void longPressCorner(std::int64_t ms) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(12, 12);
        io.MouseDown[0] = true;
        frame();
        for (std::int64_t t = 0; t < ms; t += 500) {
            clock.advanceMs(500);
            frame();
        }
        io.MouseDown[0] = false;
        frame();
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        frame();
    }
    void openMenuWithNewPin() {
        longPressCorner(3000);
        REQUIRE(name() == "staff:pin");
        keys(core::StaffAuth::FactoryPin);
        tap("staff.ok");
        REQUIRE(name() == "staff:new_pin");
        keys("482916");
        tap("staff.ok");
        keys("482916");
        tap("staff.ok");
        REQUIRE(name() == "staff:menu");
    }
};

// Every item inside the display, touch-sized, labelled, and clear of the others.
void checkFits(const nlohmann::json& j, ImVec2 size) {
    INFO("screen " << j.value("screen", std::string("?")));
    REQUIRE(j.contains("items"));
    REQUIRE(j["items"].is_array());
    REQUIRE_FALSE(j["items"].empty());  // a screen that drew nothing fits trivially: not a pass
    for (const auto& it : j["items"]) {
        INFO("item " << it["id"]);
        CHECK(it["x"].get<float>() >= 0);
        CHECK(it["y"].get<float>() >= 0);
        CHECK(it["x"].get<float>() + it["w"].get<float>() <= size.x + 1);
        CHECK(it["y"].get<float>() + it["h"].get<float>() <= size.y + 1);
        CHECK(std::min(it["w"].get<float>(), it["h"].get<float>()) >= 44);
        CHECK(it["label"].get<std::string>().find("⟨") == std::string::npos);
        for (const auto& other : j["items"]) {
            if (other["id"] == it["id"]) continue;
            INFO("overlaps " << other["id"]);
            CHECK_FALSE((it["x"].get<float>() < other["x"].get<float>() + other["w"].get<float>() &&
                         other["x"].get<float>() < it["x"].get<float>() + it["w"].get<float>() &&
                         it["y"].get<float>() < other["y"].get<float>() + other["h"].get<float>() &&
                         other["y"].get<float>() < it["y"].get<float>() + it["h"].get<float>()));
        }
    }
}

}  // namespace

TEST_CASE("a long press on the corner opens the PIN pad, a short one does not", "[ui][staff]") {
    StaffKiosk k;
    k.longPressCorner(1500);
    CHECK(k.name() == "idle");
    k.longPressCorner(3000);
    CHECK(k.name() == "staff:pin");
    k.tap("staff.cancel");
    CHECK(k.name() == "idle");
}

TEST_CASE("five wrong PINs lock the pad, the right PIN works after the lock", "[ui][staff]") {
    StaffKiosk k;
    k.openMenuWithNewPin();
    k.tap("staff.close");
    REQUIRE(k.name() == "idle");
    k.longPressCorner(3000);
    for (int i = 0; i < 5; ++i) {
        k.keys("1357");
        k.tap("staff.ok");
    }
    CHECK(k.name() == "staff:pin");
    CHECK(k.auth.lockRemainingMs() > 0);
    k.keys("482916");
    k.tap("staff.ok");
    CHECK(k.name() == "staff:pin");  // locked: not even the right PIN
    k.clock.advanceMs(k.auth.lockRemainingMs());
    k.frame();
    k.keys("482916");
    k.tap("staff.ok");
    CHECK(k.name() == "staff:menu");
}

TEST_CASE("an officer signs in and the next response carries their id", "[ui][staff]") {
    StaffKiosk k;
    k.openMenuWithNewPin();
    k.tap("staff.officers");
    REQUIRE(k.name() == "staff:officers");
    k.tap("officer:cb07");
    REQUIRE(k.name() == "staff:officer_pin");
    k.keys("730518");
    k.tap("staff.ok");
    REQUIRE(k.name() == "staff:menu");
    CHECK(k.has("staff.officer_sign_out"));
    {
        app::TextCapture drawn;
        k.tap("staff.close");
        REQUIRE(k.name() == "idle");
        const app::TextCapture::Drawn* who = drawn.find("Đại úy Trần Văn Minh");
        REQUIRE(who);  // drawn on the idle screen, inside it
        CHECK(who->box.y >= 0);
        CHECK(who->box.y + who->box.h <= 768);
    }

    k.tap("answer:very_satisfied");
    const auto all = k.store.all();
    REQUIRE(all.size() == 1);
    CHECK(all[0].officerId == "cb07");
}

TEST_CASE("an officer signs in from the PIN pad with their own PIN only", "[ui][staff]") {
    StaffKiosk k;
    k.longPressCorner(3000);
    REQUIRE(k.name() == "staff:pin");
    k.tap("staff.officers");
    REQUIRE(k.name() == "staff:officers");
    k.tap("officer:cb07");
    k.keys("730518");
    k.tap("staff.ok");
    CHECK(k.name() == "idle");
    CHECK(k.flow.context().officerId == "cb07");
}

TEST_CASE("an officer removed from the list meanwhile is said to be unknown, in words", "[ui][staff][officers]") {
    StaffKiosk k;
    k.openMenuWithNewPin();
    k.tap("staff.officers");
    k.tap("officer:cb07");
    REQUIRE(k.name() == "staff:officer_pin");
    REQUIRE(k.officers.deactivate("cb07"));  // e.g. by the unit's administrator elsewhere
    app::TextCapture drawn;
    k.keys("730518");
    k.tap("staff.ok");
    CHECK(k.name() == "staff:officers");
    CHECK(drawn.find("Không tìm thấy cán bộ này trong danh sách."));
    CHECK_FALSE(k.officers.signedIn());
}

TEST_CASE("every officer and PIN problem has words in both language files", "[ui][staff][officers]") {
    const core::Strings& strings = core::Strings::builtIn();
    for (int i = 0; i <= static_cast<int>(core::PinProblem::Factory); ++i) {
        const auto p = static_cast<core::PinProblem>(i);
        CHECK(strings.has(app::pinProblemKey(p)));
        CHECK(app::officerErrorKey({core::OfficerProblem::BadPin, p}) == std::string(app::pinProblemKey(p)));
    }
    for (int i = 0; i <= static_cast<int>(core::OfficerProblem::Unknown); ++i) {
        const auto p = static_cast<core::OfficerProblem>(i);
        INFO(i);
        CHECK(strings.has(app::officerErrorKey({p, std::nullopt})));
    }
    CHECK(std::string(app::officerErrorKey({core::OfficerProblem::Unknown, std::nullopt})) == "officer.unknown");
}

TEST_CASE("a dossier code keyed in on the pad links the next response", "[ui][staff]") {
    StaffKiosk k;
    k.openMenuWithNewPin();
    k.tap("staff.dossier");
    REQUIRE(k.name() == "staff:dossier");
    k.keys("HS-000123");
    k.tap("staff.ok");
    REQUIRE(k.name() == "idle");
    k.tap("answer:satisfied");
    REQUIRE(k.store.all().size() == 1);
    CHECK(k.store.all()[0].dossierCode == "HS-000123");
}

TEST_CASE("a barcode scanner links the next response, a bad scan says so", "[ui][staff][scanner]") {
    StaffKiosk k;
    for (char c : std::string("HS-000777")) {
        k.shell->onChar(static_cast<std::uint32_t>(c));
        k.clock.advanceMs(5);
    }
    k.shell->onEnter();
    k.frame();
    CHECK(k.flow.context().dossierCode == "HS-000777");
    k.clock.advanceMs(1000);
    k.tap("answer:satisfied");
    CHECK(k.store.all().at(0).dossierCode == "HS-000777");

    SECTION("a code that does not match shows a banner and links nothing") {
        k.clock.advanceMs(10'000);
        for (char c : std::string("???")) {
            k.shell->onChar(static_cast<std::uint32_t>(c));
            k.clock.advanceMs(5);
        }
        k.shell->onEnter();
        k.frame();
        CHECK(k.citizen.bannerShown());
        CHECK(k.flow.context().dossierCode.empty());
    }
}

TEST_CASE("settings changed by touch are stored and in force without a restart", "[ui][staff][settings]") {
    StaffKiosk k;
    k.openMenuWithNewPin();
    k.tap("staff.settings");
    REQUIRE(k.name() == "staff:settings");
    k.tap("settings.idle.plus");
    k.tap("settings.idle.plus");
    k.tap("settings.level");
    k.tap("settings.volume.minus");
    if (!k.has("settings.day0")) k.tap("staff.more");  // the second page, where the screen has one
    k.tap("settings.day0");
    k.tap("staff.save");
    CHECK(k.name() == "staff:menu");
    const core::KioskSettings saved = k.settings.load();
    CHECK(saved.idleTimeoutSeconds == 40);
    CHECK(saved.soundVolume == 50);
    CHECK(saved.unitLevel == "central");
    CHECK(saved.hours.days[0]);
    CHECK(k.flow.config().idleTimeoutMs == 40'000);
}

TEST_CASE("a unit level stored before 2025 is shown as such until another is picked", "[ui][staff][settings]") {
    StaffKiosk k;
    k.db.setSetting("unit.level", "district");
    k.openMenuWithNewPin();
    k.tap("staff.settings");
    REQUIRE(k.name() == "staff:settings");
    CHECK(k.label("settings.level") == "Huyện (trước 2025)");
    k.tap("settings.level");
    CHECK(k.label("settings.level") == "Xã, phường, đặc khu");
    k.tap("staff.save");
    CHECK(k.name() == "staff:menu");
    CHECK(k.settings.load().unitLevel == "commune");
}

TEST_CASE("the comment keyboard's typing and tone style are set by touch", "[ui][staff][settings]") {
    StaffKiosk k;
    k.openMenuWithNewPin();
    k.tap("staff.settings");
    REQUIRE(k.name() == "staff:settings");
    CHECK(k.label("settings.input_method") == "Telex");
    CHECK(k.label("settings.tone_style") == "Kiểu cũ (hòa, thủy)");
    k.tap("settings.input_method");
    k.tap("settings.tone_style");
    CHECK(k.label("settings.input_method") == "VNI");
    CHECK(k.label("settings.tone_style") == "Kiểu mới (hoà, thuỷ)");
    SECTION("save stores both") {
        k.tap("staff.save");
        CHECK(k.name() == "staff:menu");
        const core::KioskSettings saved = k.settings.load();
        CHECK(saved.vniInput);
        CHECK(saved.newToneStyle);
    }
    SECTION("cancel keeps what was stored") {
        k.tap("staff.cancel");
        CHECK(k.name() == "staff:menu");
        CHECK_FALSE(k.settings.load().vniInput);
        CHECK_FALSE(k.settings.load().newToneStyle);
    }
}

TEST_CASE("a scan while the PIN pad is open is not taken as a PIN", "[ui][staff][scanner]") {
    StaffKiosk k;
    k.longPressCorner(3000);
    REQUIRE(k.name() == "staff:pin");
    const int before = k.auth.failuresBeforeLock();
    for (char c : std::string("123456789")) {
        k.shell->onChar(static_cast<std::uint32_t>(c));
        k.clock.advanceMs(5);
    }
    k.shell->onEnter();
    k.frame();
    CHECK(k.name() == "staff:pin");
    CHECK(k.staff.pinLength() == 0);
    CHECK(k.auth.failuresBeforeLock() == before);
}

TEST_CASE("a scanned dossier code nobody rated is dropped after a few minutes", "[ui][staff][scanner]") {
    StaffKiosk k;
    for (char c : std::string("HS-000888")) {
        k.shell->onChar(static_cast<std::uint32_t>(c));
        k.clock.advanceMs(5);
    }
    k.shell->onEnter();
    k.frame();
    REQUIRE(k.flow.context().dossierCode == "HS-000888");
    k.clock.advanceMs(app::KioskShell::DossierLinkMs);
    k.frame();
    CHECK(k.flow.context().dossierCode.empty());
    k.tap("answer:satisfied");
    CHECK(k.store.all().at(0).dossierCode.empty());
}

TEST_CASE("a counter name is typed by touch on the on-screen keyboard", "[ui][staff][settings]") {
    StaffKiosk k;
    k.openMenuWithNewPin();
    k.tap("staff.settings");
    k.tap("settings.counter_name");
    REQUIRE(k.name() == "staff:text:counter_name");
    k.tap("key:shift");
    for (char c : std::string("quaayf")) k.tap(std::string("key:") + c);
    k.tap("key:space");
    k.tap("key:page");
    k.tap("key:2");
    k.tap("key:done");
    REQUIRE(k.name() == "staff:settings");
    k.tap("staff.save");
    CHECK(k.settings.load().counterName == "Quầy 2");
}

TEST_CASE("an officer added by touch can start a shift", "[ui][staff][officers]") {
    StaffKiosk k;
    k.openMenuWithNewPin();
    k.tap("staff.officer_admin");
    k.tap("staff.officer_add");
    REQUIRE(k.name() == "staff:text:officer_name");
    auto type = [&](const std::string& keys) {
        for (char c : keys) k.tap(c == ' ' ? std::string("key:space") : std::string("key:") + c);
        k.tap("key:done");
    };
    type("an");
    type("");
    type("an");
    REQUIRE(k.name() == "staff:officer_new_pin");
    k.keys("602847");
    k.tap("staff.ok");
    k.keys("602847");
    k.tap("staff.ok");
    REQUIRE(k.name() == "staff:officer_admin");
    CHECK(k.has("officer_remove:an"));
    k.tap("staff.back");
    k.tap("staff.officers");
    k.tap("officer:an");
    k.keys("602847");
    k.tap("staff.ok");
    CHECK(k.flow.context().officerId == "an");
}

TEST_CASE("long lists are shown a page at a time", "[ui][staff][settings]") {
    StaffKiosk k;
    core::KioskSettings st = k.settings.load();
    for (int i = 0; i < 20; ++i) {
        const std::string code = "P" + std::string(i < 10 ? "0" : "") + std::to_string(i);
        st.procedures.push_back({code, {"Thủ tục " + code, "Procedure " + code}});
    }
    REQUIRE(k.settings.save(st).empty());
    k.openMenuWithNewPin();
    k.tap("staff.settings");
    k.tap("settings.procedures");
    REQUIRE(k.name() == "staff:procedures");
    CHECK(k.has("procedure_remove:P00"));
    CHECK_FALSE(k.has("procedure_remove:P19"));
    REQUIRE(k.has("staff.more"));
    for (int page = 0; page < 5 && !k.has("procedure_remove:P19"); ++page) k.tap("staff.more");
    CHECK(k.has("procedure_remove:P19"));
    CHECK_FALSE(k.has("procedure_remove:P00"));
}

TEST_CASE("quitting comes only from the staff menu", "[ui][staff]") {
    StaffKiosk k;
    CHECK_FALSE(k.shell->quitRequested());
    k.openMenuWithNewPin();
    k.tap("staff.quit");
    CHECK_FALSE(k.shell->quitRequested());
    k.tap("staff.quit");
    CHECK(k.shell->quitRequested());
}

TEST_CASE("every staff screen fits with big targets at every supported resolution", "[ui][staff][layout]") {
    for (const ImVec2 size : {ImVec2(1024, 768), ImVec2(1366, 768), ImVec2(1920, 1080), ImVec2(1080, 1920)}) {
        StaffKiosk k(size);
        k.openMenuWithNewPin();
        auto checkScreen = [&] {
            INFO(k.name() << " at " << size.x << "x" << size.y);
            checkFits(k.screen(), size);
        };
        checkScreen();
        k.tap("staff.officers");
        checkScreen();
        k.tap("officer:cb07");
        checkScreen();
        k.tap("staff.cancel");
        k.tap("staff.back");
        k.tap("staff.dossier");
        checkScreen();
        k.tap("staff.cancel");
        k.tap("staff.settings");
        checkScreen();
        k.tap("settings.unit_name");
        checkScreen();
        k.tap("staff.cancel");
        k.tap("settings.procedures");
        checkScreen();
        k.tap("staff.back");
        k.tap("settings.questionnaire");
        checkScreen();
        k.tap("staff.back");
        k.tap("staff.cancel");
        k.tap("staff.export");
        checkScreen();
        k.tap("export.folder");
        checkScreen();
        k.tap("staff.cancel");
        k.tap("export:" + k.exportDir.string());
        checkScreen();
        k.tap("staff.done");
        k.tap("staff.settings");
        k.tap("staff.cancel");
        k.tap("staff.officer_admin");
        checkScreen();
        k.tap("staff.back");
        k.tap("staff.change_pin");
        checkScreen();
    }
}

TEST_CASE("every settings row can be tapped, also under a message, at every supported resolution",
          "[ui][staff][settings][layout]") {
    const std::vector<std::string> rows = {"settings.unit_name",
                                           "settings.unit_code",
                                           "settings.counter_name",
                                           "settings.level",
                                           "settings.idle.minus",
                                           "settings.idle.plus",
                                           "settings.followup.minus",
                                           "settings.followup.plus",
                                           "settings.panel.minus",
                                           "settings.panel.plus",
                                           "settings.volume.minus",
                                           "settings.volume.plus",
                                           "settings.language",
                                           "settings.input_method",
                                           "settings.tone_style",
                                           "settings.procedures",
                                           "settings.questionnaire",
                                           "settings.opens.minus",
                                           "settings.opens.plus",
                                           "settings.closes.minus",
                                           "settings.closes.plus",
                                           "settings.day0",
                                           "settings.day1",
                                           "settings.day2",
                                           "settings.day3",
                                           "settings.day4",
                                           "settings.day5",
                                           "settings.day6",
                                           "settings.flag",
                                           "settings.dossier_pattern",
                                           "staff.cancel",
                                           "staff.save"};
    for (const ImVec2 size : {ImVec2(1024, 768), ImVec2(1366, 768), ImVec2(1920, 1080), ImVec2(1080, 1920)}) {
        StaffKiosk k(size);
        k.openMenuWithNewPin();
        k.tap("staff.settings");
        // What the pages show (a single page has no "More"), each page checked as it is shown.
        auto shown = [&] {
            std::set<std::string> ids;
            for (int page = 0; page < 4; ++page) {
                const nlohmann::json j = k.screen();
                checkFits(j, size);
                for (const auto& it : j["items"]) ids.insert(it["id"].get<std::string>());
                if (!k.has("staff.more")) break;
                k.tap("staff.more");
            }
            return ids;
        };
        INFO("at " << size.x << "x" << size.y);
        {
            INFO("without a message");
            // All on one page in 4:3; 16:9 has room for 8 rows a column and portrait for 17 in its
            // one column, fewer than the settings (the panel size, the follow-up timeout and the
            // sound volume made them 19 slots): two pages there.
            const bool fourThirds = size.x > size.y && size.x < size.y * 1.5f;
            CHECK(k.has("staff.more") != fourThirds);
            const std::set<std::string> ids = shown();
            for (const std::string& id : rows) {
                INFO(id);
                CHECK(ids.count(id) == 1);
            }
        }
        for (int page = 0; page < 4 && !k.has("settings.day1"); ++page) k.tap("staff.more");
        for (int day = 1; day < 7; ++day) k.tap("settings.day" + std::to_string(day));  // no working day left
        k.tap("staff.save");
        REQUIRE(k.name() == "staff:settings");
        REQUIRE(k.staff.problem().has_value());
        {
            INFO("under the message: " << k.staff.problem()->vi);
            const std::set<std::string> ids = shown();
            for (const std::string& id : rows) {
                INFO(id);
                CHECK(ids.count(id) == 1);
            }
        }
    }
}

TEST_CASE("a questionnaire chosen by touch is used from the next citizen on", "[ui][staff][settings][questionnaire]") {
    StaffKiosk k;
    std::filesystem::create_directories(k.questionnaireDir);
    const std::filesystem::path data = HAILONG_TEST_DATA;
    std::filesystem::copy_file(data / "questionnaires" / "good" / "minimal.toml", k.questionnaireDir / "minimal.toml");
    std::filesystem::copy_file(data / "questionnaires" / "broken" / "unknown_key.toml",
                               k.questionnaireDir / "old.toml");

    k.tap("answer:satisfied");  // the last citizen before the change
    k.tap("thanks.done");
    k.clock.advanceMs(10'000);
    k.frame();
    REQUIRE(k.name() == "idle");
    k.openMenuWithNewPin();
    k.tap("staff.settings");
    k.tap("settings.questionnaire");
    REQUIRE(k.name() == "staff:questionnaires");
    CHECK(k.has("questionnaire:builtin"));
    {
        app::TextCapture drawn;
        k.tap("questionnaire:old.toml");  // the broken one says what is wrong
        CHECK(k.name() == "staff:questionnaires");
        CHECK(drawn.find("old.toml:"));
    }
    k.tap("questionnaire:minimal.toml");
    REQUIRE(k.name() == "staff:settings");
    k.tap("staff.save");
    REQUIRE(k.name() == "staff:menu");
    k.tap("staff.close");
    REQUIRE(k.name() == "idle");
    CHECK(k.flow.questionnaire().id == "minimal");
    CHECK(k.has("answer:yes"));
    k.tap("answer:yes");
    const auto all = k.store.all();
    REQUIRE(all.size() == 2);
    CHECK(all[0].questionnaireId == "default");
    CHECK(all[1].questionnaireId == "minimal");
    CHECK(k.db.lastGoodQuestionnaire() == k.flow.questionnaire().source);
}

TEST_CASE("the staff export the day's ratings by touch and see what was written", "[ui][staff][export]") {
    StaffKiosk k;
    for (const char* face : {"answer:very_satisfied", "answer:satisfied", "answer:not_satisfied"}) {
        k.tap(face);
        if (k.name() == "question:reasons") k.tap("nav.skip");
        k.tap("thanks.done");
        k.clock.advanceMs(60'000);
        k.frame();
        k.clock.advanceMs(1'000);  // past the debounce after the return to idle
        k.frame();
    }
    REQUIRE(k.name() == "idle");
    k.openMenuWithNewPin();
    k.tap("staff.export");
    REQUIRE(k.name() == "staff:export");
    const std::string target = "export:" + k.exportDir.string();
    REQUIRE(k.has(target));
    app::TextCapture drawn;

    // The drive is pulled after the list was shown: the failure says so, nothing is marked.
    std::filesystem::remove_all(k.exportDir);
    k.tap(target);
    REQUIRE(k.name() == "staff:export_done");
    CHECK(drawn.find("Chưa xuất được"));
    CHECK(drawn.find("Chưa có gì được đánh dấu là đã xuất"));
    CHECK_FALSE(core::lastExportedBatch(k.db));
    k.tap("staff.export_again");  // "Thử lại": the list is made again
    REQUIRE(k.name() == "staff:export");

    drawn.clear();
    k.tap(target);
    REQUIRE(k.name() == "staff:export_done");
    CHECK(drawn.find("Đã xuất lô số 1"));
    CHECK(drawn.find("3 đánh giá (số thứ tự 1–3)"));
    std::vector<std::filesystem::path> batches;
    for (const auto& e : std::filesystem::directory_iterator(k.exportDir))
        if (e.path().extension() == ".hlbatch") batches.push_back(e.path());
    REQUIRE(batches.size() == 1);
    CHECK(drawn.find(batches[0].filename().string()));
    const auto batch = core::readBatchFile(batches[0]);
    REQUIRE(batch);
    CHECK(batch->responses.size() == 3);
    k.tap("staff.done");
    CHECK(k.name() == "staff:menu");

    SECTION("exporting again with nothing new says so") {
        drawn.clear();
        k.tap("staff.export");
        k.tap(target);
        CHECK(drawn.find("Không có gì mới để xuất."));
        CHECK(core::lastExportedBatch(k.db)->number == 1);
    }
    SECTION("automatic export is switched on by touch") {
        k.tap("staff.export");
        k.tap("export.auto");
        CHECK(k.settings.load().autoExport);
        CHECK(k.audit.latest()->detail.find("export.auto") != std::string::npos);
    }
}

TEST_CASE("a physical keyboard types a staff field and the citizen's comment, a scanner does not",
          "[ui][staff][comment]") {
    StaffKiosk k;
    auto typeSlowly = [&](const std::u32string& keys) {
        for (const char32_t c : keys) {
            k.shell->onChar(static_cast<std::uint32_t>(c));
            k.clock.advanceMs(150);  // a person, not a scanner
        }
    };
    SECTION("a staff field, Enter is done") {
        k.openMenuWithNewPin();
        k.tap("staff.settings");
        k.tap("settings.counter_name");
        REQUIRE(k.name() == "staff:text:counter_name");
        typeSlowly(U"Quaayf 22");
        k.shell->onBackspace();
        k.shell->onEnter();
        k.frame();
        REQUIRE(k.name() == "staff:settings");
        k.tap("staff.save");
        CHECK(k.settings.load().counterName == "Quầy 2");
    }
    SECTION("the comment: a scan in the middle changes nothing in it and links the next rating") {
        k.tap("answer:satisfied");
        k.tap("thanks.more");
        while (k.flow.screen() == Screen::Question) k.tap("nav.skip");
        REQUIRE(k.name() == "comment");
        k.tap("key:t");  // a tap and keys of a physical keyboard go into one text
        typeSlowly(U"oots");
        for (const char c : std::string("HS-000777")) {  // the scanner, fast
            k.shell->onChar(static_cast<std::uint32_t>(c));
            k.clock.advanceMs(5);
        }
        k.shell->onEnter();
        k.frame();
        REQUIRE(k.name() == "comment");
        CHECK(k.flow.commentInput()->text() == "tốt");
        CHECK(k.flow.context().dossierCode == "HS-000777");
        k.clock.advanceMs(1000);
        typeSlowly(U"!x");
        k.shell->onBackspace();
        k.shell->onEnter();  // Enter of a person: done
        k.frame();
        CHECK(k.name() == "thanks");
        CHECK(k.store.all().at(0).comment == "tốt!");
    }
}
