#pragma once
// The citizen screens. Draws the state of core::SurveyFlow and turns taps into flow
// calls; it holds no survey state of its own beyond an error banner (STYLE 2.3, 2.4).
// Needs only ImGui core (no window, no GL), so tests drive it headless.
#include "base/clock.h"
#include "base/strings.h"
#include "flow/kiosk_voice.h"
#include "flow/survey_flow.h"
#include "ui/fonts.h"
#include "ui/widgets.h"

#include <functional>
#include <string>

namespace hailong::app {

class KioskUi {
public:
    /// Scale from logical units (a 1280x720 design, 720x1280 in portrait) to pixels.
    static float layoutScale(ImVec2 displaySize);
    /// Finds and builds the fonts the screens need at this display size, for a panel of
    /// pxPerMm pixels a millimetre (core/panel.h; FontError if none).
    static FontSet loadFonts(ImGuiIO& io, ImVec2 displaySize, double pxPerMm, const core::Strings& strings);

    KioskUi(core::SurveyFlow& flow, const core::Strings& strings, FontSet fonts, const core::Clock& clock);
    /// After the fonts were built again (the panel size setting changed).
    void setFonts(FontSet fonts) { m_fonts = std::move(fonts); }
    /// The kiosk's voice (issue 20): the Listen button on the idle screen, explore by touch in
    /// speech mode, the notice when sound cannot be played. soundWorks: the Speaker can play now;
    /// play: receives each cue to play, in order. Without a voice the screens have no Listen
    /// button and every tap acts at once.
    void setVoice(core::KioskVoice* voice, std::function<bool()> soundWorks,
                  std::function<void(const core::SpeechCue&)> play);

    /// Applies the flow's timers; returns true if the screen changed. Storage errors
    /// become the banner, never an exception.
    bool update();
    /// Builds the current screen into the current ImGui frame (call between
    /// ImGui::NewFrame and ImGui::Render).
    void frame();

    /// Tappable items of the last frame, in window pixels.
    const std::vector<UiItem>& items() const { return m_items.items(); }
    /// {"screen":..., "lang":..., "items":[{"id","label","x","y","w","h"}...]} for --trace-ui.
    std::string traceLine() const;
    /// Milliseconds until something changes by itself (flow timers, banner); -1: nothing.
    std::int64_t msUntilNextChange() const;

    /// True while a banner (an error for the citizen) is on screen.
    bool bannerShown() const { return m_clock.monoMs() < m_bannerUntilMono; }
    /// Runs a flow call made outside a frame (a physical key): a storage error becomes the banner.
    void perform(const std::function<void()>& call);
    /// Shows the text of a UI string key as a banner for a few seconds.
    void showBanner(std::string key);
    /// The texts this screen shows (also for messages the kiosk passes to the staff side).
    /// Receives the technical text of errors shown to the citizen as a banner (for the log).
    void onError(std::function<void(const std::string&)> handler) { m_onError = std::move(handler); }

private:
    struct Layout;
    template <class F>
    void act(F&& call);
    const std::string& tr(const char* key) const;

    void topBar(const Layout& l);
    void ratingScreen(const Layout& l, bool inResponse);
    void questionScreen(const Layout& l);
    void thanksScreen(const Layout& l);
    void procedureScreen(const Layout& l);
    void commentScreen(const Layout& l);
    void banner(const Layout& l);
    void notice(const Layout& l);
    void focusRing(const Layout& l);
    struct Footer;
    Footer footerLayout(const Layout& l) const;
    void idleFooter(const Layout& l, const Footer& f);
    void flushVoice();
    float positionLine(const Layout& l, float y);
    void ratingOptions(const Layout& l, const core::Question& q, Rect area);
    void starOptions(const Layout& l, const core::Question& q, Rect area);
    void choiceOptions(const Layout& l, const core::Question& q, Rect area);
    void multiOptions(const Layout& l, const core::Question& q, Rect area);
    void answerCard(const Layout& l, Rect r, const std::string& label, bool on, bool held, bool square);
    float answerLabelHeight(const Layout& l, const std::string& label, float w) const;
    bool isGiven(const core::Question& q, const std::string& optionId) const;

    std::vector<std::function<void()>> m_pending;  ///< taps of this frame, applied after it
    core::SurveyFlow& m_flow;
    const core::Strings& m_strings;
    FontSet m_fonts;
    const core::Clock& m_clock;
    ItemList m_items;
    std::string m_drawnScreen;        ///< screen and language of the last frame built
    std::size_t m_procedurePage = 0;  ///< page of the procedure list on screen (UI only)
    float m_tapRadius = 48;           ///< taps this near count as the same spot (pixels)
    core::Language m_drawnLanguage = core::Language::Vi;
    std::int64_t m_bannerUntilMono = 0;
    std::string m_bannerKey = "error.storage";
    std::function<void(const std::string&)> m_onError;
    core::KioskVoice* m_voice = nullptr;
    std::function<bool()> m_soundWorks;
    std::function<void(const core::SpeechCue&)> m_play;
};

}  // namespace hailong::app
