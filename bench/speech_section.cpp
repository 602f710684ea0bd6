// Section 12 (issue 20): from a touch in speech mode to the first sample of its speech reaching
// the sound device. KioskVoice over a SurveyFlow in speech mode hands each touch's cue to a
// Speaker on ALSA's "null" device, which takes samples at once: what is measured is the kiosk's
// side (the rules, the queue, the thread's wake-up, espeak-ng's first piece or the recording,
// the write); a sound card then plays what it was given after its own buffer (the AlsaSink asks
// for 80 ms). For context: how fast espeak-ng speaks every fixed prompt, against real time.
#include "flow/kiosk_voice.h"
#include "speech/speaker.h"
#include "speech/synthesizer.h"
#include "table.h"

#include <sndfile.h>

#include <cmath>
#include <thread>

namespace hailong::bench {

namespace {

// A 1 s recording of the unit's, as it might be made: 44.1 kHz stereo.
void writeRecording(const fs::path& file) {
    fs::create_directories(file.parent_path());
    SF_INFO info{};
    info.samplerate = 44'100;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* f = sf_open(file.c_str(), SFM_WRITE, &info);
    if (!f) throw std::runtime_error("cannot write " + file.string());
    std::vector<short> s(44'100 * 2);
    for (std::size_t i = 0; i < s.size(); ++i)
        s[i] = static_cast<short>(8000 * std::sin(static_cast<double>(i / 2) * 2 * 3.14159265 * 440 / 44'100));
    sf_write_short(f, s.data(), static_cast<sf_count_t>(s.size()));
    sf_close(f);
}

// Milliseconds from each touch (KioskVoice::press) to the first sample of its cue at the device.
// items: id and label, as the screen shows them.
using Items = std::vector<std::pair<std::string, std::string>>;
std::vector<double> touchToSpeech(core::Speaker& speaker, core::KioskVoice& voice, const Items& items, int touches) {
    std::vector<double> ms;
    for (int i = 0; i < touches; ++i) {
        const auto& [id, label] = items[static_cast<std::size_t>(i) % items.size()];
        const auto t0 = Steady::now();
        voice.press(id, label);  // a new item each time: spoken, never chosen
        voice.update();
        for (const core::SpeechCue& cue : voice.takeCues()) speaker.play(cue);
        const double toPlay = msSince(t0);
        if (!speaker.waitIdle()) throw std::runtime_error("the Speaker did not finish");
        const auto started = speaker.takeStarted();
        if (started.empty()) throw std::runtime_error("nothing was played for " + id);
        ms.push_back(toPlay + started.front().latencyMs);
    }
    return ms;
}

}  // namespace

void speechSection(const Options& o) {
    section("12. speech: from a touch in speech mode to its first sound at the device (ALSA null)");
    TempDir dir(o.dir, "hailong-bench-voice-");
    writeRecording(dir.path() / "vi" / "q.overall.satisfied.wav");
    core::ManualClock clock;
    core::SequentialIds ids;
    core::InMemoryResponseStore store;
    core::SurveyFlow flow(core::defaultQuestionnaire(), store, clock, ids, core::FlowConfig{});
    core::KioskVoice voice(flow, core::Strings::builtIn(), clock, core::VoiceConfig{});
    const int touches = o.quick ? 30 : 200;
    const auto face = [&](const char* id, core::Language lang) {
        for (const core::Option& opt : flow.questionnaire().mainQuestion().options)
            if (opt.id == id) return std::make_pair("answer:" + opt.id, opt.text.in(lang));
        throw std::runtime_error(std::string("no face ") + id);
    };
    const auto vi = core::Language::Vi, en = core::Language::En;
    {
        const auto startedAt = Steady::now();
        core::Speaker speaker(std::make_unique<core::AlsaSink>("null"), core::VoicePack(dir.path()), clock);
        if (!speaker.waitIdle()) throw std::runtime_error("the Speaker did not start");
        row("Speaker ready (device open, espeak-ng loaded and warm)", format("%.0f ms", msSince(startedAt)));
        if (!speaker.soundAvailable())
            throw std::runtime_error("ALSA's null device did not open: " + speaker.problem());
        voice.listen(true);
        for (const core::SpeechCue& cue : voice.takeCues()) speaker.play(cue);
        speaker.waitIdle();
        speaker.takeStarted();

        const std::vector<double> spoken = touchToSpeech(
            speaker, voice, {face("very_satisfied", vi), face("not_satisfied", vi), {"nav.back", "Quay lại"}}, touches);
        row(format("espeak-ng, Vietnamese (%d touches): p50 / p99 / max", touches),
            format("%.2f / %.2f / %.2f ms", percentile(spoken, 0.5), percentile(spoken, 0.99), maxOf(spoken)));
        const std::vector<double> recorded = touchToSpeech(speaker, voice,
                                                           {face("satisfied", vi), {"nav.next", "Tiếp tục"}}, 2);
        row("a unit's recording, first play (read, resampled)", format("%.2f ms", recorded[0]));
        const std::vector<double> both = touchToSpeech(speaker, voice,
                                                       {face("satisfied", vi), face("very_satisfied", vi)}, touches);
        std::vector<double> fromPack;
        for (std::size_t i = 0; i < both.size(); i += 2) fromPack.push_back(both[i]);
        row("a unit's recording, later plays: p50 / p99",
            format("%.2f / %.2f ms", percentile(fromPack, 0.5), percentile(fromPack, 0.99)));
        flow.setLanguage(en);
        voice.update();
        voice.takeCues();
        const std::vector<double> english = touchToSpeech(
            speaker, voice, {face("very_satisfied", en), face("not_satisfied", en), {"nav.back", "Back"}}, touches);
        row("espeak-ng, English: p50 / p99",
            format("%.2f / %.2f ms", percentile(english, 0.5), percentile(english, 0.99)));
    }
    // For context: how much faster than real time espeak-ng speaks every fixed prompt.
    core::Synthesizer synth;
    double audio = 0;
    const auto t0 = Steady::now();
    for (const std::string& id : core::fixedPromptIds())
        for (const core::Language lang : {vi, en})
            audio += synth.speak(core::fixedPromptText(id, lang), lang).seconds();
    const double wall = msSince(t0) / 1000.0;
    row("espeak-ng: every fixed prompt in both languages",
        format("%.1f s of speech in %.2f s (%.0fx real time)", audio, wall, audio / wall));
}

}  // namespace hailong::bench
