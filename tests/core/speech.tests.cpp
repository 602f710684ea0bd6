// The kiosk's voice (issue 20): every prompt spoken in both languages by espeak-ng, into
// memory; a unit's recording in place of a prompt; the Speaker's thread with a device that is
// missing or goes away; and the rules of speech mode (core/flow/kiosk_voice.h).
#include "flow/kiosk_voice.h"
#include "speech/prompts.h"
#include "speech/speaker.h"
#include "speech/spoken_numbers.h"
#include "speech/synthesizer.h"
#include "support/flow_fixture.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

using namespace hailong::core;
namespace fs = std::filesystem;

namespace {

// Speech a person can hear: long enough to be words, loud enough, never clipped.
void checkAudible(const Pcm& p, const std::string& what, double minSeconds = 0.2) {
    INFO(what << ": " << p.seconds() << " s, RMS " << rmsDbfs(p) << " dBFS, peak " << peakDbfs(p) << " dBFS");
    CHECK(p.seconds() >= minSeconds);
    CHECK(p.seconds() <= 20);
    CHECK(rmsDbfs(p) >= -30);
    CHECK(peakDbfs(p) <= -0.1);
}

// A recording as a unit makes one: sox writes a 0.5 s tone at 44.1 kHz in stereo.
void recordTone(const fs::path& file, double seconds) {
    fs::create_directories(file.parent_path());
    const std::string cmd = "sox -n -r 44100 -c 2 -b 16 '" + file.string() + "' synth " + std::to_string(seconds) +
                            " sine 440 vol 0.5 2>/dev/null";
    REQUIRE(std::system(cmd.c_str()) == 0);
}

std::unique_ptr<MemorySink> memorySink(MemorySink*& keep) {
    auto s = std::make_unique<MemorySink>();
    keep = s.get();
    return s;
}

}  // namespace

TEST_CASE("every fixed prompt is spoken in Vietnamese and English", "[speech][synth]") {
    Synthesizer synth;
    int spoken = 0;
    for (const std::string& id : fixedPromptIds()) {
        if (id.rfind("sound.", 0) == 0) continue;  // the tones, not words
        for (const Language lang : {Language::Vi, Language::En}) {
            const std::string text = fixedPromptText(id, lang);
            REQUIRE_FALSE(text.empty());
            checkAudible(synth.speak(text, lang), id + " (" + std::string(languageCode(lang)) + "): " + text, 0.15);
            ++spoken;
        }
    }
    CHECK(fixedPromptIds().size() >= 60);
    CHECK(spoken == 2 * static_cast<int>(fixedPromptIds().size() - 2));
}

TEST_CASE("the default questionnaire's texts are spoken in both languages", "[speech][synth]") {
    Synthesizer synth;
    for (const Question& q : defaultQuestionnaire().questions)
        for (const Language lang : {Language::Vi, Language::En}) {
            checkAudible(synth.speak(speakableText(q.text.in(lang), lang), lang), q.id);
            for (const Option& o : q.options)
                checkAudible(synth.speak(speakableText(o.text.in(lang), lang), lang), q.id + "." + o.id, 0.15);
        }
}

TEST_CASE("a long dossier code is spoken sign by sign, and a long number in words", "[speech][synth]") {
    Synthesizer synth;
    const std::string code = "000.00.12.H29-241207-0123";
    const Pcm spelled = synth.speak(spelledCode(code, Language::Vi), Language::Vi);
    // 25 signs, each a word with a pause: far longer than a number read as a whole would be.
    checkAudible(spelledCode(code, Language::Vi).empty() ? Pcm{} : spelled, code);
    CHECK(spelled.seconds() >= 0.3 * static_cast<double>(code.size()));
    checkAudible(synth.speak(numberWords(3'321'000, Language::Vi), Language::Vi), "3321000", 1.0);
}

TEST_CASE("speech can be stopped while it is made", "[speech][synth]") {
    Synthesizer synth;
    std::size_t got = 0;
    const bool finished = synth.speak(fixedPromptText("speech.on", Language::Vi), Language::Vi,
                                      [&](const std::int16_t*, std::size_t n) {
                                          got += n;
                                          return got < SpeechRate / 4;
                                      });
    CHECK_FALSE(finished);
    CHECK(got < static_cast<std::size_t>(SpeechRate));
    CHECK_THROWS_AS(Synthesizer(), SpeechError);  // espeak-ng is one per process
}

TEST_CASE("the Speaker plays a unit's recording instead of espeak-ng", "[speech][speaker][threads]") {
    hailong::test::TempDir dir;
    recordTone(dir / "vi/idle.prompt.wav", 0.5);
    ManualClock clock;
    MemorySink* sink = nullptr;
    Speaker speaker(memorySink(sink), VoicePack(dir.path()), clock);
    REQUIRE(speaker.waitIdle());
    CHECK(speaker.soundAvailable());
    CHECK(speaker.voiceAvailable());
    speaker.setVolume(100);
    const PromptWords words(Strings::builtIn());

    SpeechCue cue;
    cue.parts = {words.key("idle.prompt", Language::Vi)};
    speaker.play(cue);
    REQUIRE(speaker.waitIdle());
    CHECK(sink->written.size() == Approx(SpeechRate * 0.5).epsilon(0.02));  // the recording, not speech

    sink->written.clear();
    cue.lang = Language::En;  // no English recording: espeak-ng says it
    speaker.play(cue);
    REQUIRE(speaker.waitIdle());
    CHECK(sink->written.size() > static_cast<std::size_t>(SpeechRate));
    const auto started = speaker.takeStarted();
    REQUIRE(started.size() == 2);
    CHECK(started[1].ids == std::vector<std::string>{"idle.prompt"});

    sink->written.clear();
    speaker.setVolume(0);  // silent: samples written are zeros
    speaker.play(cue);
    REQUIRE(speaker.waitIdle());
    CHECK(rmsDbfs(sink->written.data(), sink->written.size()) <= -100);
}

TEST_CASE("a missing sound device only makes sound unavailable", "[speech][speaker][threads]") {
    hailong::test::TempDir dir;
    ManualClock clock;
    MemorySink* sink = nullptr;
    auto s = memorySink(sink);
    sink->refuseOpen = true;
    Speaker speaker(std::move(s), VoicePack(dir.path()), clock);
    REQUIRE(speaker.waitIdle());
    CHECK_FALSE(speaker.soundAvailable());
    CHECK(speaker.problem().rfind("sound device: ", 0) == 0);
    SpeechCue cue;
    cue.sound = Sound::Confirm;
    speaker.play(cue);
    REQUIRE(speaker.waitIdle());
    CHECK(sink->written.empty());

    SECTION("plugged in again, it plays from the next cue after the retry time") {
        sink->refuseOpen = false;
        clock.advanceMs(Speaker::RetryMs);
        speaker.play(cue);
        REQUIRE(speaker.waitIdle());
        CHECK(speaker.soundAvailable());
        CHECK_FALSE(sink->written.empty());
        CHECK(speaker.problem().empty());  // the log says it plays again
    }
}

TEST_CASE("a sound device unplugged while speaking makes sound unavailable", "[speech][speaker][threads]") {
    hailong::test::TempDir dir;
    ManualClock clock;
    MemorySink* sink = nullptr;
    auto s = memorySink(sink);
    sink->failAfterWrites = 3;
    Speaker speaker(std::move(s), VoicePack(dir.path()), clock);
    REQUIRE(speaker.waitIdle());
    SpeechCue cue;
    cue.parts = {PromptWords(Strings::builtIn()).key("speech.on", Language::Vi)};
    speaker.play(cue);
    REQUIRE(speaker.waitIdle());
    CHECK_FALSE(speaker.soundAvailable());
    CHECK_FALSE(speaker.problem().empty());
}

// [SECTION] Speech mode's rules

namespace {

struct VoiceFixture : hailong::test::FlowFixture {
    VoiceConfig vc;
    KioskVoice voice{flow, Strings::builtIn(), clock, vc};

    // A finger on an item and off it again, as the UI reports it; true if the tap acted.
    bool tap(const std::string& id, const std::string& label = "x") {
        later();
        voice.press(id, label);
        return voice.release(id);
    }
    std::vector<std::vector<std::string>> said() {
        voice.update();
        std::vector<std::vector<std::string>> out;
        for (const SpeechCue& c : voice.takeCues()) out.push_back(c.ids());
        return out;
    }
};

bool contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST_CASE("explore by touch: the first touch speaks, the second on the same item chooses", "[speech][voice]") {
    VoiceFixture f;
    f.voice.listen(true);
    REQUIRE(f.voice.speechMode());
    auto said = f.said();
    REQUIRE(said.size() == 1);
    CHECK(said[0].front() == "speech.on");
    CHECK(contains(said[0], "idle.prompt"));
    CHECK(f.flow.assisted());

    CHECK_FALSE(f.tap("answer:very_satisfied", "Rất hài lòng"));  // spoken, not chosen
    said = f.said();
    REQUIRE(said.size() == 1);
    CHECK(said[0] == std::vector<std::string>{"q.overall.very_satisfied"});
    CHECK_FALSE(f.tap("answer:satisfied", "Hài lòng"));  // another item: spoken, not chosen
    f.said();
    CHECK(f.store.all().empty());

    REQUIRE(f.tap("answer:satisfied", "Hài lòng"));  // the same item again: it acts
    REQUIRE(f.flow.answer("satisfied") == TapResult::Accepted);
    said = f.said();
    REQUIRE(said.size() == 2);
    CHECK(said[0] == std::vector<std::string>{"sound.confirm", "speech.chosen", "q.overall.satisfied"});
    CHECK(said[1].front() == "thanks.title");  // the thank-you is spoken after the confirmation
    CHECK(f.only().misuseFlags == 0);

    SECTION("a touch after the screen changed speaks again before it acts") {
        CHECK_FALSE(f.tap("thanks.more", "Trả lời thêm"));
        CHECK(f.tap("thanks.more", "Trả lời thêm"));
    }
    SECTION("speech mode ends with the response, and the volume returns to the unit's") {
        f.voice.louder();
        CHECK(f.voice.volume() == std::max(f.vc.volume, KioskVoice::SpeechMinVolume) + KioskVoice::LouderStep);
        f.said();
        f.clock.advanceMs(f.config.thanksOfferMs);
        f.flow.tick();
        f.voice.update();
        CHECK_FALSE(f.voice.speechMode());
        CHECK(f.voice.volume() == f.vc.volume);
        CHECK_FALSE(f.flow.assisted());
        CHECK(f.voice.takeCues().empty());  // the next citizen's idle screen is not spoken
        CHECK(f.tap("answer:satisfied"));   // taps act at once again
    }
}

TEST_CASE("speech mode speaks the state of a reason and confirms ticking it", "[speech][voice]") {
    VoiceFixture f;
    f.voice.listen(true);
    f.said();
    CHECK_FALSE(f.tap("answer:not_satisfied"));
    f.said();
    REQUIRE(f.tap("answer:not_satisfied"));
    f.flow.answer("not_satisfied");
    auto said = f.said();
    REQUIRE(f.flow.screenName() == "question:reasons");
    REQUIRE(said.size() == 2);
    CHECK(contains(said[1], "q.reasons"));
    CHECK(contains(said[1], "question.multi_hint"));

    CHECK_FALSE(f.tap("toggle:officer_attitude"));
    said = f.said();
    CHECK(said.at(0) == std::vector<std::string>{"q.reasons.officer_attitude", "speech.not_ticked"});
    REQUIRE(f.tap("toggle:officer_attitude"));
    f.flow.toggle("officer_attitude");
    said = f.said();
    // Ticked is stored at once: the chime, then the option's new state.
    CHECK(said.at(0) == std::vector<std::string>{"sound.confirm", "q.reasons.officer_attitude", "speech.ticked"});
}

TEST_CASE("the position of a further question is said in words", "[speech][voice]") {
    VoiceFixture f;
    f.flow.answer("satisfied");
    f.later();
    f.flow.takeOffer();
    f.voice.listen(true);
    const std::vector<SpeechPart> parts = f.voice.screenParts();
    REQUIRE(parts.size() >= 4);
    CHECK(parts[0].promptId == "speech.question");
    CHECK(parts[1] == SpeechPart{"number.1", "một"});
    CHECK(parts[2].promptId == "speech.of");
    CHECK(parts[3] == SpeechPart{"number.5", "năm"});
}

TEST_CASE("without a sound device, Listen shows a notice and changes nothing else", "[speech][voice]") {
    VoiceFixture f;
    f.voice.listen(false);
    CHECK_FALSE(f.voice.speechMode());
    CHECK(f.voice.noticeShown());
    CHECK_FALSE(f.flow.assisted());
    CHECK(f.tap("answer:satisfied"));  // one tap still votes
    f.clock.advanceMs(KioskVoice::NoticeMs);
    CHECK_FALSE(f.voice.noticeShown());

    SECTION("a device lost in speech mode ends it, with the notice") {
        VoiceFixture g;
        g.voice.listen(true);
        g.voice.soundLost();
        CHECK_FALSE(g.voice.speechMode());
        CHECK(g.voice.noticeShown());
    }
}

TEST_CASE("sounds confirm a stored rating and a refused tap, at the unit's volume", "[speech][voice]") {
    VoiceFixture f;
    REQUIRE(f.flow.answer("satisfied") == TapResult::Accepted);
    auto said = f.said();
    REQUIRE(said.size() == 1);
    CHECK(said[0] == std::vector<std::string>{"sound.confirm"});
    // A double tap's second half, on the thank-you that just opened: refused.
    f.clock.advanceMs(100);
    REQUIRE(f.flow.dismissThanks() == TapResult::Debounced);
    said = f.said();
    REQUIRE(said.size() == 1);
    CHECK(said[0] == std::vector<std::string>{"sound.refuse"});

    SECTION("sound off: nothing is played") {
        f.vc.volume = 0;
        f.voice.setConfig(f.vc);
        f.later();
        f.flow.dismissThanks();
        f.later();
        f.flow.answer("satisfied");
        CHECK(f.said().empty());
    }
}

TEST_CASE("speech mode left without a vote ends after the idle timeout", "[speech][voice]") {
    VoiceFixture f;
    f.voice.listen(true);
    f.said();
    CHECK(f.voice.msUntilNextChange() == f.vc.idleEndMs);
    f.clock.advanceMs(f.vc.idleEndMs);
    f.voice.update();
    CHECK_FALSE(f.voice.speechMode());
}

TEST_CASE("an assisted vote right after another is not a rapid repeat", "[speech][voice]") {
    VoiceFixture f;
    REQUIRE(f.flow.answer("satisfied") == TapResult::Accepted);
    f.later();
    f.flow.dismissThanks();
    f.later(1500);
    f.voice.listen(true);  // the officer turns speech on for the next citizen at once
    REQUIRE(f.flow.answer("very_satisfied") == TapResult::Accepted);
    const auto all = f.store.all();
    REQUIRE(all.size() == 2);
    CHECK((all[1].misuseFlags & misuse::RapidRepeat) == 0);
}

TEST_CASE("the comment screen says what is typed, and a typed key is said again", "[speech][voice]") {
    VoiceFixture f;
    f.offerToComment();
    f.voice.listen(true);
    std::vector<SpeechPart> parts = f.voice.screenParts();
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].promptId == "comment.prompt");
    CHECK(parts[1].promptId == "speech.empty");
    f.tapKeys("Tot");
    parts = f.voice.screenParts();
    REQUIRE(parts.size() == 3);
    CHECK(parts[1].promptId == "speech.your_comment");
    CHECK(parts[2] == SpeechPart{"", "Tot"});
    f.said();
    CHECK_FALSE(f.tap("key:a", "a"));
    REQUIRE(f.tap("key:a", "a"));
    REQUIRE(f.flow.commentKey("key:a") == TapResult::Accepted);
    const auto said = f.said();
    REQUIRE(said.size() == 2);  // the first touch, then the key typed, said again
    CHECK(said[1] == std::vector<std::string>{"text"});
}
