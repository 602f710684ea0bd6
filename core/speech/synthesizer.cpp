#include "speech/synthesizer.h"

#include <espeak-ng/speak_lib.h>

#include <atomic>

namespace hailong::core {

namespace {

std::atomic<bool> g_alive{false};  // espeak-ng's state is global: one Synthesizer at a time

struct Call {
    const Synthesizer::Chunk* chunk = nullptr;
    bool stopped = false;
};

// espeak-ng's callback: samples, then a final call with none. Returning 1 stops the synthesis.
int onSamples(short* wav, int n, espeak_EVENT* events) {
    auto* call = events ? static_cast<Call*>(events->user_data) : nullptr;
    if (!call || !wav || n <= 0 || call->stopped) return call && call->stopped ? 1 : 0;
    if (!(*call->chunk)(reinterpret_cast<const std::int16_t*>(wav), static_cast<std::size_t>(n))) {
        call->stopped = true;
        return 1;
    }
    return 0;
}

// espeak-ng 1.51 (Debian 12) hangs in espeak_Terminate (its event thread waits for a wake-up
// that never comes: espeak-ng issue 572), so it is started once and left running until the
// process ends; later Synthesizers use it again.
int startEspeak(const std::string& dataPath) {
    static const int rate = espeak_Initialize(
        AUDIO_OUTPUT_SYNCHRONOUS, 30, dataPath.empty() ? nullptr : dataPath.c_str(), espeakINITIALIZE_DONT_EXIT);
    return rate;
}

}  // namespace

Synthesizer::Synthesizer(const std::string& dataPath) {
    if (g_alive.exchange(true)) throw SpeechError("espeak-ng: a synthesizer already exists in this process");
    // Synchronous: espeak_Synth returns when the text is spoken into the callback; 30 ms pieces.
    const int rate = startEspeak(dataPath);
    if (rate != SpeechRate) {
        g_alive = false;
        throw SpeechError(rate <= 0 ? std::string("espeak-ng cannot start (is espeak-ng-data installed?)")
                                    : "espeak-ng speaks at " + std::to_string(rate) + " Hz, not " +
                                          std::to_string(SpeechRate));
    }
    espeak_SetSynthCallback(&onSamples);
}

Synthesizer::~Synthesizer() { g_alive = false; }

void Synthesizer::selectVoice(Language lang) {
    if (m_voice == static_cast<int>(lang)) return;
    if (espeak_SetVoiceByName(lang == Language::Vi ? "vi" : "en") != EE_OK)
        throw SpeechError(std::string("espeak-ng has no voice for ") + std::string(languageCode(lang)));
    // Set after the voice: choosing a voice resets them. Volume 75 of 100 leaves headroom (at 100
    // espeak-ng's peaks reach full scale); the Speaker applies the kiosk's volume on top.
    espeak_SetParameter(espeakRATE, Rate, 0);
    espeak_SetParameter(espeakVOLUME, 75, 0);
    m_voice = static_cast<int>(lang);
}

bool Synthesizer::speak(std::string_view text, Language lang, const Chunk& chunk) {
    selectVoice(lang);
    Call call{&chunk};
    const std::string z(text);  // espeak-ng wants a terminated string
    const espeak_ERROR e = espeak_Synth(z.c_str(), z.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &call);
    return e == EE_OK && !call.stopped;
}

Pcm Synthesizer::speak(std::string_view text, Language lang) {
    Pcm out;
    speak(text, lang, [&](const std::int16_t* s, std::size_t n) {
        out.samples.insert(out.samples.end(), s, s + n);
        return true;
    });
    return out;
}

}  // namespace hailong::core
