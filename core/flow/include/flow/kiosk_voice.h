#pragma once
// What the kiosk says and plays, decided from the citizen flow (SPEC 3, issue 20). Rules only:
// the UI reports touches and draws what this says is on; the kiosk hands the cues to the
// Speaker (core/speech), which plays them on its own thread.
//
// Sounds: a short chime when an answer is stored (the vote first of all), a soft low note when
// a tap was refused (a double tap); at the unit's volume, none when it is 0 (sound off).
//
// Speech mode, for one citizen: the Listen button on the idle screen turns it on. Then
//   - each screen is spoken when it opens (its question, its position "Câu 2 trên 5", hints);
//   - explore by touch: a finger put on an item speaks its label and state (ticked or not);
//     putting it on the same item again and lifting it chooses the item; the first touch of an
//     item never acts;
//   - every choice is confirmed ("Quý khách đã chọn: Rất hài lòng"), the thank-you is spoken;
//   - the Louder button raises the volume for this citizen only.
// It ends with the response (or, with no vote, after the idle timeout); the volume returns to
// the unit's. The vote is assisted (SurveyFlow::setAssisted): never flagged as misuse for the
// helping hand. When the kiosk cannot play sound, Listen shows a notice and changes nothing else.
//
// Not thread-safe; time from the injected Clock.
#include "base/clock.h"
#include "base/strings.h"
#include "flow/survey_flow.h"
#include "speech/prompts.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hailong::core {

struct VoiceConfig {
    int volume = 60;                  ///< the unit's volume, 0..100; 0: no sounds (speech mode still speaks)
    std::int64_t idleEndMs = 30'000;  ///< speech mode with no vote ends after this long untouched
};

class KioskVoice {
public:
    /// Speech mode speaks at least this loud, whatever the unit's volume.
    static constexpr int SpeechMinVolume = 50;
    static constexpr int LouderStep = 20;
    static constexpr std::int64_t NoticeMs = 8'000;

    KioskVoice(SurveyFlow& flow, const Strings& strings, const Clock& clock, VoiceConfig config);
    void setConfig(VoiceConfig config);

    bool speechMode() const { return m_speech; }
    /// The volume to play at now (the unit's, or this citizen's in speech mode).
    int volume() const { return m_volume; }
    /// The "sound cannot be played" notice is on screen.
    bool noticeShown() const { return m_clock.monoMs() < m_noticeUntil; }

    /// The Listen button. soundWorks: the Speaker can play now; if not, only the notice shows.
    void listen(bool soundWorks);
    /// The Louder button (speech mode).
    void louder();
    /// The Speaker lost the device: speech mode ends and the notice shows.
    void soundLost();

    /// A finger went down on a tappable item (its id and visible label, as --trace-ui names
    /// them). In speech mode this speaks the item, unless it is the item spoken last on this
    /// screen: then lifting the finger on it acts.
    void press(const std::string& id, const std::string& label);
    /// The item spoken last (speech mode), which the next touch chooses: the UI rings it so that
    /// an officer helping sees it. Empty: none.
    const std::string& focused() const { return m_focus; }
    /// The finger was lifted on the item it went down on: true if the tap acts (always true
    /// outside speech mode).
    bool release(const std::string& id);

    /// After the taps of a frame were applied (and after timers): sounds for what was stored or
    /// refused, the new screen spoken, speech mode ended with the response.
    void update();
    /// What to play, oldest first.
    std::vector<SpeechCue> takeCues();
    /// Milliseconds until update() has something to do by itself (-1: nothing).
    std::int64_t msUntilNextChange() const;

    /// What the screen on show says when it opens (also for tests of every screen).
    std::vector<SpeechPart> screenParts() const;
    /// What touching an item says (label and state).
    std::vector<SpeechPart> itemParts(const std::string& id, const std::string& label) const;

private:
    std::string screenKey() const;
    void end();
    void say(std::vector<SpeechPart> parts, bool interrupt, std::optional<Sound> sound = std::nullopt);
    std::vector<SpeechPart> confirmationParts(const std::string& id, const std::string& label) const;
    std::vector<SpeechPart> positionParts() const;
    std::vector<SpeechPart> idleParts() const;
    std::vector<SpeechPart> thanksParts() const;
    const Option* optionOnScreen(const std::string& optionId) const;

    SurveyFlow& m_flow;
    PromptWords m_words;
    const Clock& m_clock;
    VoiceConfig m_config;

    bool m_speech = false;
    int m_volume = 0;
    std::int64_t m_noticeUntil = 0;
    std::int64_t m_lastTouchMono = 0;
    bool m_sawResponse = false;  ///< speech mode: the response began (its end ends the mode)
    std::string m_focus;         ///< the item spoken last, on m_focusScreen
    std::string m_focusLabel;
    std::string m_focusScreen;
    bool m_armed = false;                     ///< the finger went down on the focused item again
    std::string m_confirmId, m_confirmLabel;  ///< the item just chosen, confirmed at update()
    std::string m_spokenScreen;               ///< the screen (and language) spoken last
    SurveyFlow::Feedback m_feedbackSeen;
    std::vector<SpeechCue> m_cues;
};

}  // namespace hailong::core
