// Speech mode on the real screens (issue 20), headless: the Listen button where a citizen finds
// it, explore by touch through ImGui's own taps, the Louder button, and the notice when the
// kiosk cannot play sound.
#include "support/headless_kiosk.h"
#include "ui/widgets.h"

#include <catch2/catch.hpp>

using namespace hailong;
using test::Kiosk;

namespace {
bool contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}
}  // namespace

TEST_CASE("the Listen button is on the idle screen, in the lower part in portrait", "[ui][speech][layout]") {
    for (const ImVec2 size : {ImVec2(1024, 768), ImVec2(1366, 768), ImVec2(1920, 1080), ImVec2(1080, 1920)}) {
        INFO(size.x << "x" << size.y);
        Kiosk k(size);
        CHECK(k.item("speech.listen") == nullptr);  // no voice given: no button
        k.giveVoice();
        const app::UiItem* listen = k.item("speech.listen");
        REQUIRE(listen);
        CHECK(listen->label == "Nghe hướng dẫn");
        CHECK(listen->rect.y >= size.y * 0.75f);  // within thumb's reach, also in portrait
        CHECK(listen->rect.y + listen->rect.h <= size.y);
        CHECK(std::min(listen->rect.w, listen->rect.h) >= 50.0f);
        k.flow->setLanguage(core::Language::En);
        k.frame();
        CHECK(k.label("speech.listen") == "Listen");
    }
}

TEST_CASE("in speech mode the first tap on a face speaks it and the second votes", "[ui][speech]") {
    Kiosk k;
    k.giveVoice();
    k.tap("speech.listen");
    REQUIRE(k.voice->speechMode());
    auto played = k.takePlayed();
    REQUIRE(played.size() == 1);
    CHECK(played[0].front() == "speech.on");
    CHECK(k.label("speech.louder") == "Nghe to hơn");  // Listen became Louder

    k.tap("answer:very_satisfied");
    CHECK(k.stored().empty());  // the first tap only speaks
    CHECK(k.voice->focused() == "answer:very_satisfied");
    played = k.takePlayed();
    REQUIRE(played.size() == 1);
    CHECK(played[0] == std::vector<std::string>{"q.overall.very_satisfied"});

    k.tap("answer:satisfied");  // another face: spoken too, still no vote
    CHECK(k.stored().empty());
    k.tap("answer:satisfied");  // the same face again: the vote
    REQUIRE(k.stored().size() == 1);
    CHECK(k.stored()[0].answers[0].values[0] == "satisfied");
    CHECK(k.stored()[0].misuseFlags == 0);
    REQUIRE(k.flow->screen() == core::Screen::Thanks);
    played = k.takePlayed();
    REQUIRE(played.size() >= 2);
    CHECK(played[played.size() - 2] ==
          std::vector<std::string>{"sound.confirm", "speech.chosen", "q.overall.satisfied"});
    CHECK(played.back().front() == "thanks.title");

    SECTION("Louder, in the top bar, raises this citizen's volume after its own two taps") {
        const int before = k.voice->volume();
        k.tap("speech.louder");
        CHECK(k.voice->volume() == before);
        k.tap("speech.louder");
        CHECK(k.voice->volume() == before + core::KioskVoice::LouderStep);
    }
    SECTION("after the thank-you, the next citizen's taps act at once at the unit's volume") {
        k.clock.advanceMs(30'000);
        k.frame();
        REQUIRE(k.flow->screen() == core::Screen::Idle);
        CHECK_FALSE(k.voice->speechMode());
        CHECK(k.voice->volume() == core::VoiceConfig{}.volume);
        CHECK(k.item("speech.listen"));
        k.clock.advanceMs(1000);  // the next citizen steps up
        k.tap("answer:not_satisfied");
        CHECK(k.stored().size() == 2);
    }
}

TEST_CASE("without sound, Listen shows a notice and one tap still votes", "[ui][speech]") {
    Kiosk k;
    k.giveVoice();
    k.soundWorks = false;
    app::TextCapture text;
    k.tap("speech.listen");
    CHECK_FALSE(k.voice->speechMode());
    CHECK(text.find("không phát được âm thanh"));
    CHECK(k.takePlayed().empty());
    k.tap("answer:satisfied");
    CHECK(k.stored().size() == 1);
}

TEST_CASE("a stored rating and a refused double tap each make their sound", "[ui][speech]") {
    Kiosk k;
    k.giveVoice();
    // A double tap on a face: the first votes, the second lands on the thank-you and is refused.
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = k.centreOf("answer:satisfied");
    for (int i = 0; i < 2; ++i) {
        io.MouseDown[0] = true;
        k.frame();
        io.MouseDown[0] = false;
        k.frame();
        k.clock.advanceMs(120);
    }
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    k.frame();
    CHECK(k.stored().size() == 1);
    const auto played = k.takePlayed();
    REQUIRE(played.size() == 2);
    CHECK(played[0] == std::vector<std::string>{"sound.confirm"});
    CHECK(played[1] == std::vector<std::string>{"sound.refuse"});
    CHECK(contains(played[1], "sound.refuse"));
}

TEST_CASE("the idle footer's lines fit beside the Listen button, under the faces", "[ui][speech][layout]") {
    for (const ImVec2 size : {ImVec2(1024, 768), ImVec2(1366, 768), ImVec2(1920, 1080), ImVec2(1080, 1920)}) {
        INFO(size.x << "x" << size.y);
        Kiosk k(size);
        core::SessionContext c = k.flow->context();
        c.dossierCode = "000.00.12.H29-241207-0123";  // a long receipt code, and an officer with a title
        k.flow->setContext(c);
        k.giveVoice();
        app::TextCapture text;
        k.frame();
        const app::UiItem* listen = k.item("speech.listen");
        REQUIRE(listen);
        float facesBottom = 0;
        for (const app::UiItem& it : k.ui->items())
            if (it.id.rfind("answer:", 0) == 0) facesBottom = std::max(facesBottom, it.rect.y + it.rect.h);
        for (const char* part : {"Cán bộ tiếp nhận", "H29-241207-0123"}) {
            INFO(part);
            const app::TextCapture::Drawn* d = text.find(part);
            REQUIRE(d);
            CHECK(d->box.y >= facesBottom);
            CHECK(d->box.y + d->box.h <= size.y);
            CHECK(d->box.x >= listen->rect.x + listen->rect.w);  // beside the button, not over it
        }
    }
}
