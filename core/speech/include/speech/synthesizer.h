#pragma once
// Text to speech with espeak-ng (Debian's libespeak-ng), into memory: the kiosk plays the
// samples itself (AudioSink), so espeak-ng never opens a sound device. Vietnamese (Northern
// voice) and English; a little slower than espeak-ng's default, for elderly listeners.
//
// espeak-ng keeps global state: one Synthesizer at a time in a process (a second one throws),
// used from one thread.
#include "base/text.h"
#include "speech/pcm.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hailong::core {

struct SpeechError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Synthesizer {
public:
    /// Loads espeak-ng's data (dataPath empty: where Debian installs it; only the first Synthesizer of
    /// a process loads it, and it stays loaded until the process ends). Throws SpeechError when
    /// espeak-ng cannot start (no data) or another Synthesizer lives.
    explicit Synthesizer(const std::string& dataPath = {});
    ~Synthesizer();
    Synthesizer(const Synthesizer&) = delete;
    Synthesizer& operator=(const Synthesizer&) = delete;

    /// Receives samples (mono, SpeechRate) as they are made, in pieces of about 30 ms; returns
    /// false to stop the synthesis there.
    using Chunk = std::function<bool(const std::int16_t*, std::size_t)>;
    /// Speaks text (UTF-8, no markup; digits should already be words: spoken_numbers.h) in lang.
    /// Returns false when chunk stopped it or espeak-ng refused the text.
    bool speak(std::string_view text, Language lang, const Chunk& chunk);
    /// The whole of text, in memory.
    Pcm speak(std::string_view text, Language lang);

    /// Words per minute (espeak-ng's default is 175).
    static constexpr int Rate = 150;

private:
    void selectVoice(Language lang);
    int m_voice = -1;  ///< the language selected, -1: none yet
};

}  // namespace hailong::core
