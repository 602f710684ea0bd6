// The kiosk screens without a window: a bare ImGui context, taps through io.MousePos and
// io.MouseDown (down in one frame, up in the next), and what reached the database.
#include "support/headless_kiosk.h"
#include "ui/screen_rotation.h"
#include "ui/theme.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cfloat>
#include <memory>

using namespace hailong;
using app::KioskUi;
using core::Screen;

using test::Kiosk;

TEST_CASE("a citizen taps through the whole flow in Vietnamese", "[ui]") {
    Kiosk k;
    REQUIRE(k.flow->screenName() == "idle");
    CHECK(k.label("answer:very_satisfied") == "Rất hài lòng");
    CHECK(k.label("answer:satisfied") == "Hài lòng");
    CHECK(k.label("answer:not_satisfied") == "Không hài lòng");
    CHECK(k.label("language") == "English");

    k.tap("answer:not_satisfied");
    REQUIRE(k.flow->screenName() == "question:reasons");
    REQUIRE(k.stored().size() == 1);  // the first tap is already in the database
    CHECK(k.label("toggle:officer_attitude") == "Thái độ của cán bộ");
    k.tap("toggle:officer_attitude");
    k.tap("toggle:came_back_more_than_once");
    CHECK(k.label("nav.next") == "Tiếp tục");
    k.tap("nav.next");
    REQUIRE(k.flow->screen() == Screen::Thanks);  // the reasons, then the thank-you
    CHECK(k.label("thanks.more") == "Trả lời thêm 5 câu hỏi ngắn");
    k.tap("thanks.more");
    REQUIRE(k.flow->screenName() == "question:times_came_back");
    CHECK(k.label("nav.finish") == "Gửi và kết thúc");
    k.tap("answer:more_than_once");
    REQUIRE(k.flow->screenName() == "question:agencies_contacted");
    CHECK(k.label("nav.skip") == "Bỏ qua");
    k.tap("nav.skip");
    k.tap("answer:satisfied");  // officer attitude
    k.tap("answer:no");         // returned on time?
    REQUIRE(k.flow->screenName() == "question:convenience");
    k.tap("nav.skip");
    REQUIRE(k.flow->screen() == Screen::Comment);
    CHECK(k.label("key:done") == "Xong");
    CHECK(k.label("key:vi_en") == "Tiếng Việt");
    CHECK(k.label("key:space") == "Dấu cách");
    k.typeByTaps("Tooi raats hafi lofng");
    CHECK(k.flow->commentInput()->text() == "Tôi rất hài lòng");
    k.tap("key:done");
    REQUIRE(k.flow->screen() == Screen::Thanks);
    k.tap("thanks.done");
    CHECK(k.flow->screen() == Screen::Idle);

    const auto all = k.stored();
    REQUIRE(all.size() == 1);
    const core::Response& r = all[0];
    CHECK(r.endReason == core::EndReason::Completed);
    CHECK(r.language == core::Language::Vi);
    CHECK(r.unit.name == "Công an phường Bến Thành");
    CHECK(r.answerTo("overall")->values == std::vector<std::string>{"not_satisfied"});
    CHECK(r.answerTo("reasons")->values == std::vector<std::string>{"came_back_more_than_once", "officer_attitude"});
    CHECK(r.answerTo("times_came_back")->values == std::vector<std::string>{"more_than_once"});
    CHECK(r.answerTo("agencies_contacted") == nullptr);
    CHECK(r.answerTo("officer_attitude")->values == std::vector<std::string>{"satisfied"});
    CHECK(r.answerTo("on_time")->values == std::vector<std::string>{"no"});
    CHECK(r.answerTo("convenience") == nullptr);
    CHECK(r.comment == "Tôi rất hài lòng");
}

TEST_CASE("a citizen switches to English and every label follows", "[ui][language]") {
    Kiosk k;
    k.tap("language");
    CHECK(k.flow->language() == core::Language::En);
    CHECK(k.label("language") == "Tiếng Việt");
    CHECK(k.label("answer:very_satisfied") == "Very satisfied");
    CHECK(k.label("answer:not_satisfied") == "Not satisfied");
    k.tap("answer:satisfied");
    REQUIRE(k.flow->screen() == Screen::Thanks);
    CHECK(k.label("thanks.more") == "Answer 5 more short questions");
    k.tap("thanks.more");
    REQUIRE(k.flow->screenName() == "question:times_came_back");
    CHECK(k.label("nav.skip") == "Skip");
    CHECK(k.label("nav.back") == "Back");
    k.tap("nav.back");
    REQUIRE(k.flow->screen() == Screen::Main);
    k.tap("answer:very_satisfied");  // changes the rating of the same response, and the questions go on
    REQUIRE(k.flow->screenName() == "question:times_came_back");
    CHECK(k.label("nav.finish") == "Send and finish");
    k.tap("nav.finish");
    REQUIRE(k.flow->screen() == Screen::Thanks);
    CHECK(k.label("thanks.done") == "Tap the screen to return");

    const auto all = k.stored();
    REQUIRE(all.size() == 1);
    CHECK(all[0].language == core::Language::En);
    CHECK(all[0].endReason == core::EndReason::Skipped);
    CHECK(all[0].answerTo("overall")->values == std::vector<std::string>{"very_satisfied"});

    k.clock.advanceMs(10'000);  // the thank-you screen times out; the next citizen gets Vietnamese
    k.frame();
    k.frame();
    CHECK(k.flow->screen() == Screen::Idle);
    CHECK(k.label("answer:satisfied") == "Hài lòng");
}

TEST_CASE("a citizen taps through every kind of question in English", "[ui][language]") {
    Kiosk k;
    k.tap("language");
    k.tap("answer:not_satisfied");
    REQUIRE(k.flow->screenName() == "question:reasons");
    CHECK(k.label("toggle:unclear_guidance") == "The guidance was unclear");
    k.tap("toggle:unclear_guidance");
    CHECK(k.label("nav.next") == "Next");
    k.tap("nav.next");
    k.tap("thanks.more");
    REQUIRE(k.flow->screenName() == "question:times_came_back");
    CHECK(k.label("answer:none") == "I did not have to come back");
    k.tap("answer:none");
    k.tap("answer:more_than_one");
    REQUIRE(k.flow->screenName() == "question:officer_attitude");
    CHECK(k.label("answer:very_satisfied") == "Very satisfied");
    k.tap("answer:not_satisfied");
    REQUIRE(k.flow->screenName() == "question:on_time");
    CHECK(k.label("answer:yes") == "Yes");
    CHECK(k.label("answer:no") == "No");
    CHECK(k.label("answer:not_yet") == "Result not received yet");
    k.tap("answer:yes");
    CHECK(k.label("nav.back") == "Back");
    k.tap("answer:satisfied");
    REQUIRE(k.flow->screen() == Screen::Comment);
    CHECK(k.label("key:vi_en") == "English");  // an English reader types English
    CHECK(k.label("key:done") == "Done");
    k.typeByTaps("Fast");
    k.tap("key:done");
    REQUIRE(k.flow->screen() == Screen::Thanks);

    const auto all = k.stored();
    REQUIRE(all.size() == 1);
    const core::Response& r = all[0];
    CHECK(r.comment == "Fast");
    CHECK(r.language == core::Language::En);
    CHECK(r.endReason == core::EndReason::Completed);
    CHECK(r.answerTo("reasons")->values == std::vector<std::string>{"unclear_guidance"});
    CHECK(r.answerTo("times_came_back")->values == std::vector<std::string>{"none"});
    CHECK(r.answerTo("agencies_contacted")->values == std::vector<std::string>{"more_than_one"});
    CHECK(r.answerTo("officer_attitude")->values == std::vector<std::string>{"not_satisfied"});
    CHECK(r.answerTo("on_time")->values == std::vector<std::string>{"yes"});
    CHECK(r.answerTo("convenience")->values == std::vector<std::string>{"satisfied"});
}

TEST_CASE("a citizen who walks away leaves a rating that counts", "[ui][timeout]") {
    Kiosk k;
    k.tap("answer:very_satisfied");
    k.tap("thanks.more");
    REQUIRE(k.flow->screen() == Screen::Question);
    k.clock.advanceMs(15'000);
    k.frame();
    k.frame();
    CHECK(k.flow->screen() == Screen::Idle);
    const auto all = k.stored();
    REQUIRE(all.size() == 1);
    CHECK(all[0].endReason == core::EndReason::Timeout);
}

TEST_CASE("pressing a face and sliding off it before lifting does not vote", "[ui]") {
    Kiosk k;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = k.centreOf("answer:satisfied");
    io.MouseDown[0] = true;
    k.frame();
    io.MousePos = ImVec2(5, io.DisplaySize.y - 5);
    k.frame();
    io.MouseDown[0] = false;
    k.frame();
    CHECK(k.flow->screen() == Screen::Idle);
    CHECK(k.stored().empty());
}

TEST_CASE("a rating that cannot be stored shows a banner and keeps the screen", "[ui][errors]") {
    auto failing = std::make_unique<core::InMemoryResponseStore>();
    core::InMemoryResponseStore* store = failing.get();
    store->setFailing(true);
    Kiosk k({1366, 768}, std::move(failing));
    std::string logged;
    k.ui->onError([&](const std::string& what) { logged = what; });
    k.tap("answer:satisfied");
    CHECK(k.flow->screen() == Screen::Idle);
    CHECK(k.ui->bannerShown());
    CHECK_FALSE(logged.empty());
    store->setFailing(false);
    k.tap("answer:satisfied");
    CHECK(k.flow->screen() == Screen::Thanks);
    CHECK(k.stored().size() == 1);
}

TEST_CASE("every screen fits, with big separate targets, at every supported resolution", "[ui][layout][slow]") {
    const ImVec2 sizes[] = {{1024, 768}, {1366, 768}, {1920, 1080}, {1080, 1920}};
    for (const ImVec2 size : sizes) {
        for (const char* lang : {"vi", "en"}) {
            for (const std::string& screen : app::allScreens(core::defaultQuestionnaire()))
                for (const bool speech : {false, true}) {  // speech mode adds Louder, Listen becomes it
                    Kiosk k(size);
                    k.giveVoice();
                    if (speech) k.voice->listen(true);
                    if (std::string(lang) == "en") k.flow->setLanguage(core::Language::En);
                    REQUIRE(app::driveToScreen(*k.flow, k.clock, screen));
                    k.frame();
                    INFO(screen << " at " << size.x << "x" << size.y << " in " << lang
                                << (speech ? ", speech mode" : ""));
                    const auto& items = k.ui->items();
                    REQUIRE(items.size() >= 2);
                    // ~15 mm on a 15" 1024x768 panel (about 85 px per inch) is about 50 px.
                    const float minSide = 50.0f;
                    for (const app::UiItem& a : items) {
                        INFO("item " << a.id);
                        CHECK(a.rect.x >= 0);
                        CHECK(a.rect.y >= 0);
                        CHECK(a.rect.x + a.rect.w <= size.x);
                        CHECK(a.rect.y + a.rect.h <= size.y);
                        CHECK(std::min(a.rect.w, a.rect.h) >= minSide);
                        CHECK_FALSE(a.label.empty());
                        CHECK(a.label.find("⟨") == std::string::npos);  // no missing translation
                        for (const app::UiItem& b : items) {
                            if (&a == &b || (a.id == "thanks.done") || (b.id == "thanks.done")) continue;
                            const bool overlap = a.rect.x < b.rect.x + b.rect.w && b.rect.x < a.rect.x + a.rect.w &&
                                                 a.rect.y < b.rect.y + b.rect.h && b.rect.y < a.rect.y + a.rect.h;
                            INFO("overlaps " << b.id);
                            CHECK_FALSE(overlap);
                        }
                    }
                }
        }
    }
}

TEST_CASE("the comment keyboard fits with big keys on both pages, Telex and VNI, at every resolution",
          "[ui][layout][comment]") {
    const ImVec2 sizes[] = {{1024, 768}, {1366, 768}, {1920, 1080}, {1080, 1920}};
    for (const ImVec2 size : sizes) {
        for (const bool vni : {false, true}) {
            core::FlowConfig config;
            config.comment.telex.vni = vni;
            Kiosk k(size, nullptr, config);
            REQUIRE(app::driveToScreen(*k.flow, k.clock, "comment"));
            for (int page = 0; page < 2; ++page) {
                k.frame();
                INFO("at " << size.x << "x" << size.y << (vni ? " VNI" : " Telex") << " page " << page);
                const auto& items = k.ui->items();
                REQUIRE(items.size() > 30);
                for (const app::UiItem& a : items) {
                    INFO("item " << a.id);
                    CHECK(a.rect.y + a.rect.h <= size.y);
                    CHECK(std::min(a.rect.w, a.rect.h) >= 50.0f);
                    for (const app::UiItem& b : items) {
                        const bool overlap = &a != &b && a.rect.x < b.rect.x + b.rect.w &&
                                             b.rect.x < a.rect.x + a.rect.w && a.rect.y < b.rect.y + b.rect.h &&
                                             b.rect.y < a.rect.y + a.rect.h;
                        CHECK_FALSE(overlap);
                    }
                }
                k.tap("key:page");
            }
        }
    }
}

TEST_CASE("a sentence with every tone and mark is typed by touch alone", "[ui][comment]") {
    Kiosk k;
    k.tap("answer:very_satisfied");
    k.tap("thanks.more");
    while (k.flow->screen() == Screen::Question) k.tap("nav.skip");
    REQUIRE(k.flow->screen() == Screen::Comment);
    // Sắc, huyền, hỏi, ngã, nặng; â ê ô ă ơ ư đ; a capital; commas and a full stop.
    const int taps = k.typeByTaps("Cans booj huwowngs daanx taanj tinhf, chu ddaos, chawm chir, thur tucj nhanh gonj, "
                                  "tooi raats hafi lofng vaf sex giowis thieeuj cho nguwowfi thaan.");
    CHECK(k.flow->commentInput()->text() == "Cán bộ hướng dẫn tận tình, chu đáo, chăm chỉ, thủ tục nhanh gọn, "
                                            "tôi rất hài lòng và sẽ giới thiệu cho người thân.");
    {  // shown wrapped, its end in view, each line starting with a word, not with the space before it
        app::TextCapture capture;
        k.frame();
        const std::string& text = k.flow->commentInput()->text();
        int lines = 0;
        for (const app::TextCapture::Drawn& d : capture.drawn()) {
            if (d.text.size() < 4 || text.find(d.text) == std::string::npos || d.text == text) continue;
            ++lines;
            CHECK(d.text.front() != ' ');
        }
        CHECK(lines >= 2);  // wrapped: parts of the text, not all of it on one line
        const app::TextCapture::Drawn* last = capture.find("thân.");
        REQUIRE(last != nullptr);
        CHECK(last->text.front() != ' ');
    }
    k.tap("key:done");
    REQUIRE(k.flow->screen() == Screen::Thanks);
    CHECK(k.stored().front().comment == "Cán bộ hướng dẫn tận tình, chu đáo, chăm chỉ, thủ tục nhanh gọn, tôi rất hài "
                                        "lòng và sẽ giới thiệu cho người thân.");
    CHECK(taps == 148);  // 1 shift + 147 keys, for 114 characters: no page switch, nothing typed twice
}

TEST_CASE("the trace line names the screen and every tappable item", "[ui][trace]") {
    Kiosk k;
    const auto j = nlohmann::json::parse(k.ui->traceLine());
    CHECK(j["screen"] == "idle");
    CHECK(j["lang"] == "vi");
    REQUIRE(j["items"].size() == 4);
    CHECK(j["items"][0]["id"] == "language");
    for (const auto& it : j["items"]) {
        CHECK(it["w"].get<int>() > 0);
        CHECK(it["h"].get<int>() > 0);
        CHECK_FALSE(it["label"].get<std::string>().empty());
    }
}

TEST_CASE("on a landscape panel mounted sideways the portrait screen fills it and a touch votes", "[ui][rotation]") {
    // The window is 1920x1080; the panel stands as 1080x1920 (--rotate left): the screens are
    // laid out in portrait, the frame turned into the window, the touch turned back.
    const app::ScreenRotation left(app::Rotation::Left, {1920, 1080});
    Kiosk k(left.logicalSize());
    ImDrawData& frame = *ImGui::GetDrawData();
    left.toWindow(frame);
    ImVec2 lo(FLT_MAX, FLT_MAX), hi(-FLT_MAX, -FLT_MAX);
    for (int i = 0; i < frame.CmdListsCount; ++i)
        for (const ImDrawVert& v : frame.CmdLists[i]->VtxBuffer) {
            lo = ImVec2(std::min(lo.x, v.pos.x), std::min(lo.y, v.pos.y));
            hi = ImVec2(std::max(hi.x, v.pos.x), std::max(hi.y, v.pos.y));
        }
    CHECK(lo.x >= -1.0f);
    CHECK(lo.y >= -1.0f);
    CHECK(hi.x <= 1921.0f);
    CHECK(hi.y <= 1081.0f);
    CHECK(hi.x - lo.x > 1900.0f);  // the picture covers the panel's long side
    CHECK(frame.DisplaySize.x == 1920.0f);

    // The trace gives the face where it is on the panel; a finger there votes for it.
    const auto traced = nlohmann::json::parse(left.traceToWindow(k.ui->traceLine()));
    const nlohmann::json* face = nullptr;
    for (const auto& it : traced["items"])
        if (it["id"] == "answer:not_satisfied") face = &it;
    REQUIRE(face != nullptr);
    const ImVec2 finger((*face)["x"].get<float>() + (*face)["w"].get<float>() / 2,
                        (*face)["y"].get<float>() + (*face)["h"].get<float>() / 2);
    CHECK(finger.x < 1920.0f);
    CHECK(finger.y < 1080.0f);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = left.toLogical(finger);  // what the platform does with the pointer
    io.MouseDown[0] = true;
    k.frame();
    io.MouseDown[0] = false;
    k.frame();
    REQUIRE(k.stored().size() == 1);
    CHECK(k.stored()[0].answers.at(0).values == std::vector<std::string>{"not_satisfied"});
}

TEST_CASE("a citizen picks the procedure by touch", "[ui][procedure]") {
    Kiosk k;
    core::FlowConfig config;
    config.procedures = app::demoProcedures();
    k.flow->setConfig(config);
    k.tap("answer:very_satisfied");
    CHECK(k.label("thanks.more") == "Trả lời thêm 6 câu hỏi ngắn");
    k.tap("thanks.more");
    REQUIRE(k.flow->screenName() == "procedure");
    CHECK(k.label("procedure:TAMTRU") == "Đăng ký tạm trú");
    k.tap("procedure:TAMTRU");
    CHECK(k.flow->screenName() == "question:times_came_back");
    CHECK(k.stored().at(0).procedureCode == "TAMTRU");
}

TEST_CASE("text colours meet WCAG AA contrast", "[ui][theme]") {
    using namespace app::color;
    CHECK(app::contrastRatio(Text, Background) >= 4.5);
    CHECK(app::contrastRatio(TextMuted, Background) >= 4.5);
    CHECK(app::contrastRatio(Text, Card) >= 4.5);
    CHECK(app::contrastRatio(Text, Selected) >= 4.5);
    CHECK(app::contrastRatio(Primary, Card) >= 4.5);
    CHECK(app::contrastRatio(Primary, SecondaryPressed) >= 4.5);
    CHECK(app::contrastRatio(OnPrimary, Primary) >= 4.5);
    CHECK(app::contrastRatio(OnPrimary, PrimaryPressed) >= 4.5);
    CHECK(app::contrastRatio(OnPrimary, Error) >= 4.5);
}
