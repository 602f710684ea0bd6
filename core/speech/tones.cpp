#include "speech/tones.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace hailong::core {

namespace {

constexpr double Pi = 3.14159265358979323846;
constexpr double PeakDbfs = -6.0;  // loud enough over a hall's noise, far from clipping

struct Note {
    double startS;     // when it begins
    double lengthS;    // how long it sounds
    double hz;         // its pitch
    double attackS;    // raised-cosine fade-in: no click at the start
    double decayPerS;  // exponential decay after the attack: a bell, or a soft pluck
    double overtone;   // level of the second harmonic (warmth; small speakers hear it better)
};

// Adds a note into buf; it fades in over attackS, decays, and fades out over its last 20 ms.
void addNote(std::vector<double>& buf, const Note& n) {
    const double rate = SpeechRate;
    auto first = static_cast<std::size_t>(n.startS * rate);
    auto count = static_cast<std::size_t>(n.lengthS * rate);
    const double releaseS = std::min(0.020, n.lengthS / 3);
    for (std::size_t i = 0; i < count && first + i < buf.size(); ++i) {
        double t = static_cast<double>(i) / rate;
        double env = std::exp(-n.decayPerS * t);
        if (t < n.attackS) env *= 0.5 * (1 - std::cos(Pi * t / n.attackS));
        double left = n.lengthS - t;
        if (left < releaseS) env *= 0.5 * (1 - std::cos(Pi * std::max(0.0, left) / releaseS));
        double wave = std::sin(2 * Pi * n.hz * t) + n.overtone * std::sin(4 * Pi * n.hz * t);
        buf[first + i] += env * wave;
    }
}

// Scales the sum of the notes so that its loudest sample is at PeakDbfs.
Pcm render(double totalS, const std::vector<Note>& notes) {
    std::vector<double> buf(static_cast<std::size_t>(totalS * SpeechRate), 0.0);
    for (const Note& n : notes) addNote(buf, n);
    double peak = 0;
    for (double v : buf) peak = std::max(peak, std::abs(v));
    const double gain = peak > 0 ? 32768.0 * std::pow(10.0, PeakDbfs / 20) / peak : 0;
    Pcm out;
    out.samples.reserve(buf.size());
    for (double v : buf) out.samples.push_back(static_cast<std::int16_t>(std::lround(v * gain)));
    return out;
}

}  // namespace

// Stored: a rising chime, E5 then A5 (a fourth up), the second ringing over the end of the first.
Pcm confirmTone() {
    return render(0.25, {{0.000, 0.130, 659.26, 0.010, 9.0, 0.25}, {0.090, 0.160, 880.00, 0.010, 7.0, 0.25}});
}

// Refused: the same low note twice (D4), short and soft, with more of the overtone so that a
// small speaker, which barely plays 300 Hz, still says it.
Pcm refuseTone() {
    return render(0.24, {{0.000, 0.095, 293.66, 0.015, 6.0, 0.45}, {0.135, 0.105, 293.66, 0.015, 6.0, 0.45}});
}

}  // namespace hailong::core
