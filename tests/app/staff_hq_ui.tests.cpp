// The staff's screens for headquarters without a window (issue 19): pinning the key from a
// folder standing in for a USB stick, reading a package, applying it by taps, and the next
// citizen getting the new questionnaire and procedures.
#include "batch/export_targets.h"
#include "batch/exporter.h"
#include "batch/package.h"
#include "flow/hq_link_flow.h"
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
#include <fstream>

using namespace hailong;

namespace {

std::string questionnaireText(const std::string& id, int version) {
    std::string s = core::defaultQuestionnaire().source;
    s.replace(s.find("id = \"default\""), 14, "id = \"" + id + "\"");
    const auto at = s.find("\nversion = ");
    s.replace(at, s.find('\n', at + 1) - at, "\nversion = " + std::to_string(version));
    return s;
}

struct HqKiosk {
    test::TempDir dir;
    core::ManualClock clock;
    core::SequentialIds ids;
    core::KioskDatabase db{dir / "kiosk.db", clock, ids};
    core::SqliteResponseStore store{db};
    core::AuditLog audit{db, clock};
    core::PinPolicy policy = core::PinPolicy::fastForTests();
    core::StaffAuth auth{db, clock, audit, policy};
    core::OfficerRegistry officers{db, audit, policy};
    app::HeadlessImGui imgui;
    core::SettingsStore settings{db};
    core::SurveyFlow flow{core::chooseQuestionnaire({}, db, clock.wallMs()).questionnaire, store, clock, ids,
                          core::FlowConfig{}};
    std::filesystem::path drive = dir / "USB";
    std::filesystem::path questionnaireDir = dir / "questionnaires";
    core::StaffConfig staffConfig() {
        core::StaffConfig c;
        c.questionnaireDir = questionnaireDir.u8string();
        c.exportTargets = [this] { return std::vector<core::ExportTarget>{{drive, "USB", true, 1'000'000'000}}; };
        return c;
    }
    core::StaffFlow staff{auth, officers, audit, settings, clock, staffConfig()};
    core::HqLinkFlow hq{db, audit, clock, core::HqLinkConfig{staffConfig().exportTargets, questionnaireDir, {}}};
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
    core::KioskSettings inForce;

    explicit HqKiosk(ImVec2 size = {1366, 768}) : imgui(size) {
        std::filesystem::create_directories(drive);
        core::KioskSettings s = settings.load();
        s.unitCode = "CA-NA-VINH";
        s.unitName = "Công an phường Vinh";
        REQUIRE(settings.save(s).empty());
        inForce = settings.load();
        flow.setConfig(core::flowConfigFrom(inForce));
        staff.attachHq(&hq);
        shell = std::make_unique<app::KioskShell>(flow, citizen, staff, staffUi, officers, clock);
        shell->onSettingsChanged([this] {  // as the kiosk does
            const core::KioskSettings now = settings.load();
            core::applySettings(inForce, now, flow, staff, db, clock.wallMs());
            inForce = now;
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
        const nlohmann::json j = screen();  // kept: the items are references into it
        for (const auto& it : j["items"])
            if (it["id"] == id) return it["label"];
        return "";
    }
    void tap(const std::string& id) {
        ImVec2 at(-1, -1);
        const nlohmann::json j = screen();
        for (const auto& it : j["items"])
            if (it["id"] == id)
                at = ImVec2(it["x"].get<float>() + it["w"].get<float>() / 2,
                            it["y"].get<float>() + it["h"].get<float>() / 2);
        INFO("tapping " << id << " on " << name() << ": " << shell->traceLine());
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
    void openMenu() {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(12, 12);
        io.MouseDown[0] = true;
        frame();
        for (int t = 0; t < 3000; t += 500) {
            clock.advanceMs(500);
            frame();
        }
        io.MouseDown[0] = false;
        frame();
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        frame();
        REQUIRE(name() == "staff:pin");
        for (const std::string& pin :
             {std::string(core::StaffAuth::FactoryPin), std::string("482916"), std::string("482916")}) {
            for (char c : pin) tap(std::string("key:") + c);
            tap("staff.ok");
        }
        REQUIRE(name() == "staff:menu");
    }
};

// Every item inside the display, touch-sized, and clear of the others.
void checkFits(const nlohmann::json& j, ImVec2 size) {
    INFO("screen " << j.value("screen", std::string("?")));
    REQUIRE_FALSE(j["items"].empty());
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

TEST_CASE("the staff pin headquarters' key and apply a package by taps", "[ui][staff][package]") {
    const ImVec2 size = GENERATE(ImVec2{1366, 768}, ImVec2{800, 1280}, ImVec2{1920, 1080});
    HqKiosk k(size);
    test::TempDir hqDir;
    const core::HqKeyring keyring = core::HqKeyring::create(hqDir / "hq", "Công an tỉnh Nghệ An");
    std::ofstream(k.drive / "hailong-hq-key.hlkey") << core::formatHqKeyFile(keyring.current());

    k.openMenu();
    checkFits(k.screen(), size);  // the menu with headquarters' two buttons
    k.tap("hq.menu_key");
    REQUIRE(k.name() == "staff:hq_key");
    checkFits(k.screen(), size);
    CHECK(k.label("hq.key_confirm:hailong-hq-key.hlkey") == "Đúng, mã khớp");
    k.tap("hq.key_confirm:hailong-hq-key.hlkey");
    CHECK(k.hq.status().fingerprint == keyring.current().fingerprint());
    CHECK(k.label("hq.key_confirm:hailong-hq-key.hlkey").empty());  // pinned: shown, not offered again
    k.tap("staff.back");
    REQUIRE(k.name() == "staff:menu");

    core::Package p;
    p.hqSignHex = keyring.current().signHex;
    p.serial = 4;
    p.madeUtcMs = k.clock.wallMs();
    p.target.unitCode = "CA-NA-VINH";
    p.questionnaire = core::QuestionnaireDef{"ca-na", 3, questionnaireText("ca-na", 3)};
    const std::vector<core::Procedure> procedures{
        core::Procedure{"CCCD", core::Text{"Cấp thẻ căn cước", "Identity card"}},
        core::Procedure{"HK", core::Text{"Đăng ký thường trú", "Permanent residence"}}};
    p.settings.procedures = procedures;
    p.message = core::Text{"Chào các đồng chí", "Hello, colleagues"};
    p.receipts = {core::BatchReceipt{k.db.kioskId(), 9, 9, std::string(64, 'a'), 300, 40}};
    const std::string file = core::packageFileName(p);
    std::ofstream(k.drive / file, std::ios::binary) << core::writePackage(p, keyring);

    k.tap("hq.menu_package");
    REQUIRE(k.name() == "staff:packages");
    checkFits(k.screen(), size);
    k.tap("package:" + file);
    REQUIRE(k.name() == "staff:package");
    checkFits(k.screen(), size);
    CHECK(k.label("hq.apply") == "Áp dụng");
    k.tap("hq.apply");
    REQUIRE(k.name() == "staff:package_done");
    checkFits(k.screen(), size);
    k.tap("staff.done");
    REQUIRE(k.name() == "staff:menu");
    // In force for the next citizen, without a restart.
    CHECK(k.flow.questionnaire().id == "ca-na");
    CHECK(k.flow.questionnaire().version == 3);
    CHECK(k.flow.config().procedures == procedures);
    CHECK(core::HqLink(k.db).receipt()->upTo == 9);

    // The same package again is refused, with the reason on screen.
    k.tap("hq.menu_package");
    k.tap("package:" + file);
    REQUIRE(k.name() == "staff:package");
    CHECK(k.label("hq.apply").empty());
    CHECK(k.hq.refusal());
    k.tap("staff.back");
    CHECK(k.name() == "staff:packages");
}
