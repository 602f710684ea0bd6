// The staff menu's backup without a window (issue 19): menu → backup → a drive → the copy
// written (sealed to headquarters' key or not) or the reason it was not, by taps; and every
// backup screen fitting with big separate targets at each supported resolution.
#include "batch/hq_keys.h"
#include "flow/backup_job.h"
#include "flow/hq_link_flow.h"
#include "store/hq_link.h"
#include "store/kiosk_database.h"
#include "store/sqlite_response_store.h"
#include "store/today_figures.h"
#include "support/temp_dir.h"
#include "ui/headless_imgui.h"
#include "ui/kiosk_shell.h"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cfloat>

using namespace hailong;
namespace fs = std::filesystem;

namespace {

struct BackupKiosk {
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
    core::SurveyFlow flow{core::defaultQuestionnaire(), store, clock, ids, core::FlowConfig{}};
    fs::path drive = dir / "KINGSTON";
    core::StaffConfig staffConfig() {
        core::StaffConfig c;
        c.exportTargets = [this] {
            return std::vector<core::ExportTarget>{{drive, "KINGSTON", true, 14'200'000'000},
                                                   {dir / "exports", (dir / "exports").string(), false, -1}};
        };
        return c;
    }
    core::StaffFlow staff{auth, officers, audit, settings, clock, staffConfig()};
    core::HqLinkFlow hq{db, audit, clock, core::HqLinkConfig{staffConfig().exportTargets, dir / "questionnaires", {}}};
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
    std::optional<fs::path> requested;  ///< the folder the staff picked, until finishBackup()

    explicit BackupKiosk(ImVec2 size = {1366, 768}) : imgui(size) {
        fs::create_directories(drive);
        fs::create_directories(dir / "exports");
        staff.attachHq(&hq);
        shell = std::make_unique<app::KioskShell>(flow, citizen, staff, staffUi, officers, clock);
        shell->onBackupRequested([this](const fs::path& folder) { requested = folder; });
        frame();
        frame();
    }
    // What the kiosk's loop does when the job is done: the copy on a connection of its own.
    void finishBackup() {
        REQUIRE(requested);
        staff.backupFinished(core::makeKioskBackup(db.path(), clock, *requested));
        requested.reset();
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
        staff.open();
        frame();
        for (const std::string& pin :
             {std::string(core::StaffAuth::FactoryPin), std::string("482916"), std::string("482916")}) {
            for (char c : pin) tap(std::string("key:") + c);
            tap("staff.ok");
        }
        REQUIRE(name() == "staff:menu");
    }
    std::vector<std::string> files(const fs::path& folder) const {
        std::vector<std::string> out;
        std::error_code ec;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
            out.push_back(it->path().filename().string());
        return out;
    }
};

// Every item inside the display, touch-sized, labelled, and clear of the others; and no text
// drawn (other than a label) running into a button or off the screen.
void checkFits(const nlohmann::json& j, const app::TextCapture& drawn, ImVec2 size) {
    INFO("screen " << j.value("screen", std::string("?")) << " at " << size.x << "x" << size.y);
    REQUIRE_FALSE(j["items"].empty());
    auto rect = [](const nlohmann::json& it) {
        return app::Rect{it["x"].get<float>(), it["y"].get<float>(), it["w"].get<float>(), it["h"].get<float>()};
    };
    auto overlap = [](app::Rect a, app::Rect b) {
        return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    };
    for (const auto& it : j["items"]) {
        INFO("item " << it["id"]);
        const app::Rect r = rect(it);
        CHECK(r.x >= 0);
        CHECK(r.y >= 0);
        CHECK(r.x + r.w <= size.x + 1);
        CHECK(r.y + r.h <= size.y + 1);
        CHECK(std::min(r.w, r.h) >= 44);
        CHECK(it["label"].get<std::string>().find("⟨") == std::string::npos);
        for (const auto& other : j["items"]) {
            if (other["id"] == it["id"]) continue;
            INFO("overlaps " << other["id"]);
            CHECK_FALSE(overlap(r, rect(other)));
        }
    }
    for (const app::TextCapture::Drawn& d : drawn.drawn()) {
        INFO("text " << d.text);
        CHECK(d.text.find("⟨") == std::string::npos);
        CHECK(d.box.y + d.box.h <= size.y + 1);
        bool isLabel = false;
        for (const auto& it : j["items"])
            if (overlap(d.box, rect(it)) &&
                it["label"].get<std::string>().find(d.text.substr(0, 12)) != std::string::npos)
                isLabel = true;
        if (isLabel) continue;
        for (const auto& it : j["items"]) {
            INFO("runs into " << it["id"]);
            CHECK_FALSE(overlap(d.box, rect(it)));
        }
    }
}

void pinHqKey(BackupKiosk& k, const fs::path& keys) {
    const core::HqKeyring ring = core::HqKeyring::create(keys, "Công an tỉnh Nghệ An");
    const core::HqPublicKey& key = ring.current();
    REQUIRE(core::HqLink(k.db).pinFirst(core::PinnedHqKey{key.signHex, key.boxHex, "Công an tỉnh Nghệ An"},
                                        key.fingerprint(), k.audit));
}

}  // namespace

TEST_CASE("the staff back up the database by touch and read whether it is sealed", "[ui][staff][backup]") {
    BackupKiosk k;
    k.openMenu();
    app::TextCapture drawn;
    k.tap("backup.menu");
    REQUIRE(k.name() == "staff:backup");
    CHECK(drawn.find("KHÔNG được niêm phong"));  // no headquarters key: the warning before
    const std::string target = "backup:" + k.drive.string();
    k.tap(target);
    REQUIRE(k.name() == "staff:backup_running");
    CHECK(drawn.find("Đang sao lưu"));
    k.clock.advanceMs(5 * 60'000);  // the copy takes long: the session stays open
    k.frame();
    REQUIRE(k.name() == "staff:backup_running");

    drawn.clear();
    k.finishBackup();
    REQUIRE(k.name() == "staff:backup_done");
    const std::vector<std::string> written = k.files(k.drive);
    REQUIRE(written.size() == 1);
    CHECK(fs::path(written[0]).extension() == ".db");
    CHECK(drawn.find("Đã ghi bản sao"));
    CHECK(drawn.find(written[0]));
    CHECK(drawn.find("KHÔNG niêm phong"));
    k.tap("staff.done");
    CHECK(k.name() == "staff:menu");

    SECTION("the drive pulled out: the reason, and nothing left") {
        k.tap("backup.menu");
        fs::remove_all(k.drive);
        drawn.clear();
        k.tap(target);
        k.finishBackup();
        REQUIRE(k.name() == "staff:backup_done");
        CHECK(drawn.find("Chưa sao lưu được"));
        CHECK(drawn.find("ổ đĩa đã bị rút ra"));
        CHECK(drawn.find("Không có tệp nào bị để lại"));
        CHECK_FALSE(fs::exists(k.drive));
        CHECK(k.audit.latest()->event == core::audit::BackupFailed);
        k.tap("backup.again");  // "Thử lại": the list is made again
        CHECK(k.name() == "staff:backup");
    }
    SECTION("with headquarters' key pinned the copy is sealed, and says so in English too") {
        test::TempDir keys;
        pinHqKey(k, keys / "hq");
        k.staffUi.setLanguage(core::Language::En);
        k.tap("backup.menu");
        CHECK(drawn.find("will be sealed to headquarters' key"));
        k.tap(target);
        drawn.clear();
        k.finishBackup();
        CHECK(drawn.find("Backup written"));
        CHECK(drawn.find("Sealed to headquarters' key"));
        std::size_t sealed = 0;
        for (const std::string& f : k.files(k.drive)) sealed += fs::path(f).extension() == ".hlbackup";
        CHECK(sealed == 1);
    }
}

TEST_CASE("every backup screen fits with big targets at every supported resolution", "[ui][staff][layout][backup]") {
    for (const ImVec2 size : {ImVec2(1024, 768), ImVec2(1366, 768), ImVec2(1920, 1080), ImVec2(1080, 1920)}) {
        for (const core::Language lang : {core::Language::Vi, core::Language::En}) {
            BackupKiosk k(size);
            k.staffUi.setLanguage(lang);
            k.openMenu();
            app::TextCapture drawn;
            auto check = [&] {
                drawn.clear();
                k.frame();
                checkFits(k.screen(), drawn, size);
            };
            check();  // the menu with the backup and headquarters' buttons
            k.tap("backup.menu");
            check();
            k.tap("backup:" + k.drive.string());
            check();  // running
            k.finishBackup();
            check();  // written, not sealed
            k.tap("staff.done");
            k.tap("backup.menu");
            fs::remove_all(k.drive);
            k.tap("backup:" + k.drive.string());
            k.finishBackup();
            check();  // failed
        }
    }
}
