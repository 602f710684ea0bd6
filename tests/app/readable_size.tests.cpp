// Readable in millimetres (SPEC 3, issue 14): every citizen screen, at every supported
// resolution on the panels kiosks are sold with, is built headless; each text drawn is
// traced (TextCapture: its font and box) and each tappable item too (--trace-ui rectangles).
// The capital height of each font is measured on the pixels of its H in the font atlas
// (ImGui draws glyphs 1:1, so these are the pixels the panel lights) and converted with the
// panel's px/mm. Also: the control edges and faces reach 3:1, and the PIN pads keep their
// buttons apart.
#include "flow/panel.h"
#include "survey/response_store.h"
#include "ui/demo.h"
#include "ui/faces.h"
#include "ui/headless_imgui.h"
#include "ui/kiosk_ui.h"
#include "ui/theme.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

using namespace hailong;

namespace {

struct Panel {
    ImVec2 size;
    double inches;  ///< 0: nothing known (the assumed density)
    const char* what;
};

// Typical kiosk panels at each supported resolution; the smallest panel of a resolution has
// the densest pixels and so the smallest millimetres for a pixel size.
const std::vector<Panel>& panels() {
    static const std::vector<Panel> list{
        {{1024, 768}, 15.0, "15\" 4:3"},       {{1024, 768}, 17.0, "17\" 4:3"},
        {{1366, 768}, 15.6, "15.6\""},         {{1366, 768}, 18.5, "18.5\""},
        {{1920, 1080}, 15.6, "15.6\" FHD"},    {{1920, 1080}, 21.5, "21.5\""},
        {{1920, 1080}, 32.0, "32\""},          {{1080, 1920}, 21.5, "21.5\" portrait"},
        {{1080, 1920}, 32.0, "32\" portrait"}, {{1024, 768}, 0, "unknown"},
        {{1366, 768}, 0, "unknown"},           {{1920, 1080}, 0, "unknown"},
        {{1080, 1920}, 0, "unknown"},
    };
    return list;
}

double densityOf(const Panel& p) {
    return core::resolvePanelDensity(static_cast<int>(p.size.x), static_cast<int>(p.size.y), p.inches, 0).pxPerMm;
}

struct Screen {
    std::string name;
    std::vector<app::TextCapture::Drawn> texts;
    std::vector<app::UiItem> items;
};

// Every citizen screen in both languages, built as --screenshot builds it (demo data).
std::vector<Screen> citizenScreens(const app::FontSet& fonts) {
    std::vector<Screen> out;
    const core::Questionnaire q = core::defaultQuestionnaire();
    for (const core::Language lang : {core::Language::Vi, core::Language::En})
        for (const std::string& name : app::allScreens(q, true)) {
            core::ManualClock clock;
            core::SequentialIds ids;
            core::InMemoryResponseStore store;
            core::FlowConfig config;
            config.procedures = app::demoProcedures();
            core::SurveyFlow flow(q, store, clock, ids, config);
            flow.setContext(app::demoContext());
            flow.setLanguage(lang);
            REQUIRE(app::driveToScreen(flow, clock, name));
            app::KioskUi ui(flow, core::Strings::builtIn(), fonts, clock);
            app::TextCapture capture;
            for (int i = 0; i < 2; ++i) {
                capture.clear();
                ImGui::NewFrame();
                ui.frame();
                ImGui::Render();
            }
            out.push_back({name + "-" + std::string(core::languageCode(lang)), capture.drawn(), ui.items()});
        }
    return out;
}

bool inside(const app::Rect& inner, const app::Rect& outer) {
    return inner.x >= outer.x - 0.5f && inner.y >= outer.y - 0.5f && inner.x + inner.w <= outer.x + outer.w + 0.5f &&
           inner.y + inner.h <= outer.y + outer.h + 0.5f;
}

}  // namespace

TEST_CASE("capitals of citizen text are at least 4.8 mm and button labels larger, on every panel",
          "[ui][readable][layout]") {
    for (const Panel& p : panels()) {
        const double pxPerMm = densityOf(p);
        app::HeadlessImGui imgui(p.size, pxPerMm);
        const app::FontSet& f = imgui.fonts();
        const int bodyCap = app::measuredCapPx(f.body);
        INFO(p.size.x << "x" << p.size.y << " on a " << p.what << " panel, " << pxPerMm << " px/mm");
        CHECK(app::measuredCapPx(f.small) / pxPerMm >= core::MinCapHeightMm);
        CHECK(bodyCap / pxPerMm >= core::MinCapHeightMm);
        CHECK(app::measuredCapPx(f.button) > bodyCap);
        for (const Screen& s : citizenScreens(f)) {
            INFO("screen " << s.name);
            REQUIRE_FALSE(s.texts.empty());
            for (const auto& t : s.texts) {
                INFO("text \"" << t.text << "\"");
                REQUIRE(t.font != nullptr);
                const int cap = app::measuredCapPx(t.font);
                CHECK(cap / pxPerMm >= core::MinCapHeightMm);
                // Nothing runs off the screen.
                CHECK(t.box.y >= 0);
                CHECK(t.box.y + t.box.h <= p.size.y + 0.5f);
                for (const app::UiItem& it : s.items) {
                    // The label of a button: larger than body text, and inside its button. Not
                    // the thank-you screen's whole-screen target (its hint is body text), and
                    // not the comment keyboard's keys: a key whose word is too wide for its key
                    // (Chữ hoa, Tiếng Việt, Xóa) falls back to the small font, which is as
                    // large as body text (>= 4.8 mm) but not larger.
                    if (t.text != it.label || t.box.x < it.rect.x - 0.5f || t.box.x > it.rect.x + it.rect.w) continue;
                    if (t.box.y < it.rect.y - 0.5f || t.box.y > it.rect.y + it.rect.h) continue;
                    if (it.rect.w * it.rect.h > p.size.x * p.size.y * 0.25f) continue;
                    INFO("button " << it.id);
                    CHECK(inside(t.box, it.rect));
                    if (it.id.rfind("key:", 0) != 0) CHECK(cap > bodyCap);
                }
            }
            // Every target whole on the screen, at least ~9 mm, and apart from the others.
            for (const app::UiItem& a : s.items) {
                INFO("item " << a.id);
                CHECK(inside(a.rect, {0, 0, p.size.x, p.size.y}));
                CHECK(std::min(a.rect.w, a.rect.h) / pxPerMm >= 9.0);
                for (const app::UiItem& b : s.items) {
                    if (&a == &b) continue;
                    INFO("and " << b.id);
                    const bool overlap = a.rect.x < b.rect.x + b.rect.w && b.rect.x < a.rect.x + a.rect.w &&
                                         a.rect.y < b.rect.y + b.rect.h && b.rect.y < a.rect.y + a.rect.h;
                    CHECK_FALSE(overlap);
                }
            }
        }
    }
}

// The figures of the report: run with `hailong_ui_tests "[.figures]" -s`.
TEST_CASE("the capital heights on every panel, as a table", "[.figures]") {
    std::printf("%-10s %-16s %6s %-13s %-11s %-11s %-11s %-11s | before (design sizes): %-11s %-11s %-11s\n", "screen",
                "panel", "px/mm", "source", "small mm", "body mm", "button mm", "title mm", "small", "body", "button");
    for (const Panel& p : panels()) {
        const core::PanelDensity d = core::resolvePanelDensity(static_cast<int>(p.size.x), static_cast<int>(p.size.y),
                                                               p.inches, 0);
        app::HeadlessImGui imgui(p.size, d.pxPerMm);
        const app::FontSet& f = imgui.fonts();
        auto mm = [&](const ImFont* font) {
            char b[32];
            std::snprintf(b, sizeof b, "%2dpx %.2f", app::measuredCapPx(font), app::measuredCapPx(font) / d.pxPerMm);
            return std::string(b);
        };
        char size[16];
        std::snprintf(size, sizeof size, "%dx%d", static_cast<int>(p.size.x), static_cast<int>(p.size.y));
        std::printf("%-10s %-16s %6.2f %-13s %-11s %-11s %-11s %-11s | %-11s %-11s %-11s\n", size, p.what, d.pxPerMm,
                    core::panelSourceName(d.source), mm(f.small).c_str(), mm(f.body).c_str(), mm(f.button).c_str(),
                    mm(f.title).c_str(), mm(f.designSmall).c_str(), mm(f.designBody).c_str(),
                    mm(f.designButton).c_str());
    }
    SUCCEED();
}

TEST_CASE("every control edge reaches 3:1 against what is around it", "[ui][theme]") {
    using namespace app::color;
    // Cards (faces, reasons): their edge against the screen and against their own face.
    CHECK(app::contrastRatio(CardBorder, Background) >= 3.0);
    CHECK(app::contrastRatio(CardBorder, Card) >= 3.0);
    CHECK(app::contrastRatio(CardBorder, SecondaryPressed) >= 3.0);  // a card held down
    CHECK(app::contrastRatio(CardBorder, Selected) >= 3.0);          // next to a ticked one
    // Quiet buttons: Background fill, CardBorder edge (held: SecondaryPressed).
    // Secondary buttons, text boxes, keys and tick boxes: Primary edge on Card or Background.
    for (const ImU32 around : {Background, Card, SecondaryPressed, Selected}) {
        CHECK(app::contrastRatio(Primary, around) >= 3.0);
        CHECK(app::contrastRatio(PrimaryPressed, around) >= 3.0);  // a primary button held
    }
    // Primary buttons have no separate edge: their fill is it.
    CHECK(app::contrastRatio(Primary, Background) >= 3.0);
    // A chosen card's thick Primary edge against an unchosen card's edge.
    CHECK(app::contrastRatio(Primary, CardBorder) >= 1.5);
}

TEST_CASE("the faces differ by 3:1 in lightness, and their features stand out", "[ui][theme]") {
    using namespace app::color;
    // Three levels: every pair (a citizen who cannot tell red from green still sees three).
    CHECK(app::contrastRatio(FaceVeryGood, FaceGood) >= 3.0);
    CHECK(app::contrastRatio(FaceGood, FaceVeryBad) >= 3.0);
    CHECK(app::contrastRatio(FaceVeryGood, FaceVeryBad) >= 3.0);
    // Five levels (SIPAS): neighbours. Non-neighbours differ in hue and mouth, not always in lightness.
    const ImU32 five[] = {FaceVeryGood, FaceGood, FaceNeutral, FaceBad, FaceVeryBad};
    for (int i = 0; i + 1 < 5; ++i) {
        INFO("faces " << i << " and " << i + 1);
        CHECK(app::contrastRatio(five[i], five[i + 1]) >= 3.0);
    }
    for (const ImU32 face : five) {
        // Eyes and mouth on the face; a light face gets a ring in the same ink on the white card.
        CHECK(app::contrastRatio(app::faceInk(face), face) >= 3.0);
        CHECK((app::contrastRatio(face, Card) >= 3.0 || app::contrastRatio(app::faceInk(face), Card) >= 3.0));
    }
    // The faces each option gets.
    CHECK(app::faceStyleFor("very_satisfied").fill == FaceVeryGood);
    CHECK(app::faceStyleFor("satisfied").fill == FaceGood);
    CHECK(app::faceStyleFor("not_satisfied").fill == FaceVeryBad);
}

TEST_CASE("the PIN pads keep every button apart at every resolution", "[ui][staff][layout]") {
    for (const ImVec2 size : {ImVec2(1024, 768), ImVec2(1366, 768), ImVec2(1920, 1080), ImVec2(1080, 1920)}) {
        app::HeadlessImGui imgui(size);
        const double pxPerMm =
            core::resolvePanelDensity(static_cast<int>(size.x), static_cast<int>(size.y), 0, 0).pxPerMm;
        for (const char* screen : {"staff:pin", "staff:new_pin", "staff:confirm_pin", "staff:officer_pin"}) {
            app::StaffDemo demo(core::defaultQuestionnaire(), core::Strings::builtIn(), imgui.fonts());
            REQUIRE(demo.driveTo(screen));
            for (int i = 0; i < 2; ++i) {
                ImGui::NewFrame();
                demo.ui().frame();
                ImGui::Render();
            }
            const std::vector<app::UiItem>& items = demo.ui().items();
            REQUIRE(items.size() >= 13);  // 10 digits, clear, backspace, cancel, OK
            float smallest = 1e9f;
            for (const app::UiItem& a : items)
                for (const app::UiItem& b : items) {
                    if (&a == &b) continue;
                    const float dx = std::max(b.rect.x - (a.rect.x + a.rect.w), a.rect.x - (b.rect.x + b.rect.w));
                    const float dy = std::max(b.rect.y - (a.rect.y + a.rect.h), a.rect.y - (b.rect.y + b.rect.h));
                    const float gap = std::max(dx, dy);
                    smallest = std::min(smallest, gap);
                    INFO(size.x << "x" << size.y << " " << screen << ": " << a.id << " and " << b.id);
                    CHECK(gap >= 8.0f);
                    CHECK(gap / pxPerMm >= 2.0);
                }
            INFO(size.x << "x" << size.y << " " << screen << ": smallest gap " << smallest << " px");
            CHECK(smallest >= 8.0f);
        }
    }
}
