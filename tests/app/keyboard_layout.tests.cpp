// The comment keyboard as drawn (issue 14): no two texts of the keys overlap on any page, the
// direct letter and tone keys type a comment without Telex, quick phrases, undo of clear, and
// done apart from the keys that lose the text. Headless ImGui, taps through the flow or a finger.
#include "store/kiosk_database.h"
#include "store/sqlite_response_store.h"
#include "support/temp_dir.h"
#include "ui/demo.h"
#include "ui/headless_imgui.h"
#include "ui/keyboard.h"
#include "ui/kiosk_ui.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cfloat>
#include <memory>

using namespace hailong;
using core::Screen;

namespace {

const ImVec2 Sizes[] = {{1024, 768}, {1366, 768}, {1920, 1080}, {1080, 1920}};

core::Questionnaire withPhrases() {
    core::Questionnaire q = core::defaultQuestionnaire();
    q.quickComments = {{"Cán bộ nhiệt tình", "Helpful staff"},
                       {"Thủ tục nhanh gọn", "Quick procedure"},
                       {"Thời gian chờ lâu", "Long wait"}};
    return q;
}

// A kiosk on a real SQLite file at the comment screen.
struct Kiosk {
    test::TempDir dir;
    core::ManualClock clock;
    core::SequentialIds ids;
    core::KioskDatabase db{dir / "kiosk.db", clock, ids};
    core::SqliteResponseStore store{db};
    core::Questionnaire q;
    app::HeadlessImGui imgui;
    std::unique_ptr<core::SurveyFlow> flow;
    std::unique_ptr<app::KioskUi> ui;

    explicit Kiosk(ImVec2 size, core::FlowConfig config = {}, core::Questionnaire questionnaire = withPhrases())
        : q(std::move(questionnaire)), imgui(size) {
        flow = std::make_unique<core::SurveyFlow>(q, store, clock, ids, std::move(config));
        flow->setContext(app::demoContext());
        ui = std::make_unique<app::KioskUi>(*flow, core::Strings::builtIn(), imgui.fonts(), clock);
        REQUIRE(app::driveToScreen(*flow, clock, "comment"));
        // The screenshot driver types a sample comment: taken away by backspace (clear would
        // leave its undo on screen).
        while (!flow->commentInput()->text().empty()) {
            clock.advanceMs(100);
            REQUIRE(flow->commentKey("key:bs") == core::TapResult::Accepted);
        }
        frame();
    }
    void frame() {
        ImGui::NewFrame();
        ui->update();
        ui->frame();
        ImGui::Render();
    }
    const app::UiItem* item(const std::string& id) const {
        for (const app::UiItem& it : ui->items())
            if (it.id == id) return &it;
        return nullptr;
    }
    // A finger: down on the item's centre in one frame, up in the next, then a second passes.
    void tap(const std::string& id) {
        clock.advanceMs(1000);
        frame();
        const app::UiItem* it = item(id);
        if (!it) FAIL("no item " << id << " on " << flow->screenName());
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = it->rect.center();
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frame();
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        frame();
    }
    std::string text() const { return flow->commentInput()->text(); }
};

bool overlaps(const app::Rect& a, const app::Rect& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool inside(const app::Rect& in, const app::Rect& out) {
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w && in.y + in.h <= out.y + out.h;
}

/// Every label and hint inside its key, on one line, and apart from every other text.
void checkFaces(const std::vector<app::KeyFace>& faces, ImVec2 size) {
    REQUIRE(faces.size() > 30);
    struct Text {
        std::string what;
        app::Rect r;
    };
    std::vector<Text> texts;
    for (const app::KeyFace& f : faces) {
        INFO("key " << f.id << " \"" << f.label << "\"");
        CHECK(std::min(f.key.w, f.key.h) >= 50.0f);
        CHECK(f.key.x >= 0);
        CHECK(f.key.y + f.key.h <= size.y);
        CHECK_FALSE(f.label.empty());
        CHECK(f.label.find("⟨") == std::string::npos);  // no missing translation
        CHECK(inside(f.labelRect, f.key));
        // One line: a line as tall as the font size it is drawn at.
        CHECK(f.labelRect.h <= f.labelSize * 1.01f);
        // Not shrunk to nothing: at least 60 % of the small font.
        CHECK(f.labelSize >= f.labelFont->FontSize * 0.6f);
        texts.push_back({f.id + " label", f.labelRect});
        if (!f.hint.empty()) {
            CHECK(inside(f.hintRect, f.key));
            texts.push_back({f.id + " hint " + f.hint, f.hintRect});
        }
    }
    for (std::size_t i = 0; i < texts.size(); ++i)
        for (std::size_t j = i + 1; j < texts.size(); ++j) {
            INFO(texts[i].what << " and " << texts[j].what);
            CHECK_FALSE(overlaps(texts[i].r, texts[j].r));
        }
}

}  // namespace

/// A key tapped through the flow, a second after the last one.
void press(Kiosk& k, const std::string& id) {
    k.clock.advanceMs(1000);
    REQUIRE(k.flow->commentKey(id) == core::TapResult::Accepted);
}

TEST_CASE("no two labels or hints of the keys overlap on any page at any supported resolution",
          "[ui][layout][comment][keyboard]") {
    for (const ImVec2 size : Sizes)
        for (const bool vni : {false, true}) {
            core::FlowConfig config;
            config.comment.telex.vni = vni;
            Kiosk k(size, config);
            // Every page: letters and numbers, shift off, once and caps, VI and EN.
            for (const bool en : {false, true}) {
                if (en) press(k, "key:vi_en");
                for (int shift = 0; shift < 3; ++shift) {
                    for (int page = 0; page < 2; ++page) {
                        INFO("at " << size.x << "x" << size.y << (vni ? " VNI" : " Telex") << (en ? " EN" : " VI")
                                   << " shift " << shift << " page " << page);
                        REQUIRE(k.flow->commentInput()->vietnamese() == !en);
                        REQUIRE(static_cast<int>(k.flow->commentInput()->shift()) == shift);
                        app::KeyFaceCapture capture;
                        k.frame();
                        checkFaces(capture.faces(), size);
                        // The direct keys are on the letters page, without switching pages.
                        const bool letters = page == 0;
                        CHECK((k.item("key:tone:hoi") != nullptr) == letters);
                        CHECK((k.item("key:ư") != nullptr) == letters);
                        press(k, "key:page");
                    }
                    press(k, "key:shift");
                }
            }
        }
}

TEST_CASE("the staff text fields keep their keyboard, without skip, and no texts overlap",
          "[ui][layout][staff][keyboard]") {
    for (const ImVec2 size : Sizes) {
        INFO("at " << size.x << "x" << size.y);
        app::HeadlessImGui imgui(size);
        const core::Questionnaire q = core::defaultQuestionnaire();
        app::StaffDemo demo(q, core::Strings::builtIn(), imgui.fonts());
        REQUIRE(demo.driveTo("staff:text:unit_name"));
        app::KeyFaceCapture capture;
        ImGui::NewFrame();
        demo.ui().frame();
        ImGui::Render();
        checkFaces(capture.faces(), size);
        std::vector<std::string> ids;
        for (const app::UiItem& it : demo.ui().items()) ids.push_back(it.id);
        const auto has = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
        CHECK(has("key:done"));
        CHECK(has("key:clear"));
        CHECK(has("staff.cancel"));
        CHECK(has("key:tone:sac"));
        CHECK_FALSE(has("key:skip"));
        for (const app::UiItem& a : demo.ui().items())
            for (const app::UiItem& b : demo.ui().items()) {
                INFO(a.id << " and " << b.id);
                CHECK((&a == &b || !overlaps(a.rect, b.rect)));
            }
    }
}

TEST_CASE("Thủ tục nhanh is typed by 16 taps without knowing Telex", "[ui][comment][direct]") {
    Kiosk k({1366, 768});
    const std::vector<std::string> taps = {"key:shift", "key:t", "key:h", "key:u",         "key:tone:hoi", "key:space",
                                           "key:t",     "key:u", "key:c", "key:tone:nang", "key:space",    "key:n",
                                           "key:h",     "key:a", "key:n", "key:h"};
    CHECK(k.item("key:tone:hoi")->label == "ả hỏi");
    CHECK(k.item("key:tone:nang")->label == "ạ nặng");
    for (const std::string& id : taps) k.tap(id);
    CHECK(k.text() == "Thủ tục nhanh");
    CHECK(taps.size() == 16);
    k.tap("key:done");
    REQUIRE(k.flow->screen() == Screen::Thanks);
    REQUIRE(k.store.all().size() == 1);
    CHECK(k.store.all().front().comment == "Thủ tục nhanh");
}

TEST_CASE("quick phrases are buttons in the citizen's language that add to the comment", "[ui][comment][quick]") {
    for (const ImVec2 size : Sizes) {
        INFO("at " << size.x << "x" << size.y);
        Kiosk k(size);
        for (int i = 0; i < 3; ++i) {
            INFO("quick:" << i);
            REQUIRE(k.item("quick:" + std::to_string(i)) != nullptr);
            CHECK(k.item("quick:" + std::to_string(i))->label == k.q.quickComments[static_cast<std::size_t>(i)].vi);
        }
        k.tap("key:o");
        k.tap("key:k");
        k.tap("quick:0");
        k.tap("quick:2");
        CHECK(k.text() == "ok, Cán bộ nhiệt tình, Thời gian chờ lâu");
        k.tap("language");
        CHECK(k.item("quick:1")->label == "Quick procedure");
        k.tap("quick:1");
        CHECK(k.text() == "ok, Cán bộ nhiệt tình, Thời gian chờ lâu, Quick procedure");
    }
    SECTION("every phrase shown stays inside its button, in both languages") {
        for (const ImVec2 size : Sizes) {
            Kiosk k(size);
            for (const bool en : {false, true}) {
                INFO("at " << size.x << "x" << size.y << (en ? " EN" : " VI"));
                if (en) k.flow->setLanguage(core::Language::En);
                app::TextCapture capture;
                k.frame();
                int shown = 0;
                for (const app::UiItem& it : k.ui->items()) {
                    if (it.id.rfind("quick:", 0) != 0) continue;
                    ++shown;
                    INFO(it.label);
                    const app::TextCapture::Drawn* d = capture.find(it.label);
                    REQUIRE(d != nullptr);
                    CHECK(inside(d->box, it.rect));
                }
                CHECK(shown == 3);  // every phrase of about 20 characters, at every size
            }
        }
    }
    SECTION("a questionnaire without phrases shows none") {
        core::Questionnaire none = core::defaultQuestionnaire();
        none.quickComments.clear();
        Kiosk k({1366, 768}, {}, none);
        CHECK(k.item("quick:0") == nullptr);
        CHECK(k.flow->quickComment(0) == core::TapResult::Invalid);
    }
}

TEST_CASE("clear is undone by the key shown in its place", "[ui][comment][undo]") {
    Kiosk k({1366, 768});
    for (const char* id : {"key:x", "key:i", "key:n"}) k.tap(id);
    CHECK(k.item("key:clear")->label == "Xóa hết");
    k.tap("key:clear");
    CHECK(k.text().empty());
    REQUIRE(k.item("key:undo") != nullptr);
    CHECK(k.item("key:undo")->label == "Hoàn tác");
    CHECK(k.item("key:clear") == nullptr);
    k.tap("key:undo");
    CHECK(k.text() == "xin");
    CHECK(k.item("key:undo") == nullptr);
    k.tap("key:clear");
    k.tap("key:a");  // another key: the undo is gone
    CHECK(k.text() == "a");
    CHECK(k.item("key:undo") == nullptr);
    CHECK(k.item("key:clear") != nullptr);
}

TEST_CASE("done is the largest action and far from clear and skip at every resolution", "[ui][layout][comment]") {
    for (const ImVec2 size : Sizes) {
        INFO("at " << size.x << "x" << size.y);
        Kiosk k(size);
        const app::UiItem* done = k.item("key:done");
        REQUIRE(done != nullptr);
        for (const char* id : {"key:clear", "key:skip", "nav.back"}) {
            INFO(id);
            const app::UiItem* other = k.item(id);
            REQUIRE(other != nullptr);
            CHECK(done->rect.w * done->rect.h > other->rect.w * other->rect.h);
            if (std::string(id) == "nav.back") continue;  // back keeps the text
            // The gap between the two buttons: today's 3 mm became several centimetres.
            const float dx = std::max(
                {0.0f, other->rect.x - (done->rect.x + done->rect.w), done->rect.x - (other->rect.x + other->rect.w)});
            const float dy = std::max(
                {0.0f, other->rect.y - (done->rect.y + done->rect.h), done->rect.y - (other->rect.y + other->rect.h)});
            CHECK(std::max(dx, dy) >= 0.1f * std::min(size.x, size.y));
        }
    }
}
