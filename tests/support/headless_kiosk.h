#pragma once
// The kiosk's citizen screens without a window (headless_ui.tests.cpp, speech_ui.tests.cpp): a
// bare ImGui context, taps through io.MousePos and io.MouseDown (down in one frame, up in the
// next), a real SQLite file, and optionally the kiosk's voice with what it would play.
#include "flow/kiosk_voice.h"
#include "store/kiosk_database.h"
#include "store/sqlite_response_store.h"
#include "support/temp_dir.h"
#include "ui/demo.h"
#include "ui/headless_imgui.h"
#include "ui/kiosk_ui.h"

#include <catch2/catch.hpp>

#include <cfloat>
#include <memory>
#include <string>
#include <vector>

namespace hailong::test {

// A kiosk on a real SQLite file, driven by simulated fingers.
struct Kiosk {
    TempDir dir;
    core::ManualClock clock;
    core::SequentialIds ids;
    std::unique_ptr<core::KioskDatabase> db;
    std::unique_ptr<core::ResponseStore> store;
    core::Questionnaire q = core::defaultQuestionnaire();
    app::HeadlessImGui imgui;
    std::unique_ptr<core::SurveyFlow> flow;
    std::unique_ptr<app::KioskUi> ui;

    explicit Kiosk(ImVec2 size = {1366, 768}, std::unique_ptr<core::ResponseStore> custom = nullptr,
                   core::FlowConfig config = {})
        : imgui(size) {
        if (custom) {
            store = std::move(custom);
        } else {
            db = std::make_unique<core::KioskDatabase>(dir / "kiosk.db", clock, ids);
            store = std::make_unique<core::SqliteResponseStore>(*db);
        }
        flow = std::make_unique<core::SurveyFlow>(q, *store, clock, ids, std::move(config));
        flow->setContext(app::demoContext());
        ui = std::make_unique<app::KioskUi>(*flow, core::Strings::builtIn(), imgui.fonts(), clock);
        frame();
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
    ImVec2 centreOf(const std::string& id) const {
        const app::UiItem* it = item(id);
        if (!it) FAIL("no item " << id << " on " << flow->screenName());
        return it ? it->rect.center() : ImVec2();
    }
    std::string label(const std::string& id) const {
        const app::UiItem* it = item(id);
        return it ? it->label : "(no item " + id + ")";
    }
    // A finger: down on the item's centre in one frame, up in the next.
    void tap(const std::string& id) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = centreOf(id);
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frame();
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);  // finger lifted
        frame();
        clock.advanceMs(1000);  // people do not tap faster than this
        frame();
    }
    std::vector<core::Response> stored() const { return store->all(); }

    // The voice (issue 20): soundWorks says whether the Speaker could play; what it would play
    // collects in played.
    std::unique_ptr<core::KioskVoice> voice;
    bool soundWorks = true;
    std::vector<core::SpeechCue> played;
    void giveVoice(core::VoiceConfig config = {}) {
        voice = std::make_unique<core::KioskVoice>(*flow, core::Strings::builtIn(), clock, config);
        ui->setVoice(
            voice.get(), [this] { return soundWorks; }, [this](const core::SpeechCue& c) { played.push_back(c); });
        frame();
        frame();
    }
    /// The ids of the cues played since the last call.
    std::vector<std::vector<std::string>> takePlayed() {
        std::vector<std::vector<std::string>> out;
        for (const core::SpeechCue& c : played) out.push_back(c.ids());
        played.clear();
        return out;
    }
    /// Types keys on the on-screen keyboard, one finger tap each: ' ' is the space bar, an
    /// upper-case letter is shift then the letter. Returns the number of taps.
    int typeByTaps(const std::string& keys) {
        int taps = 0;
        for (const char c : keys)
            for (const std::string& id : core::tapsFor(c)) {
                tap(id);
                ++taps;
            }
        return taps;
    }
};

}  // namespace hailong::test
