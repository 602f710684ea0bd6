#pragma once
// The kiosk's voice: plays cues (a sound, then speech) on a thread of its own, so the frame
// loop never waits for sound. Each part of a cue is the unit's recording of its prompt id when
// the voice pack has one, and espeak-ng's speech otherwise, streamed to the device as it is
// made (the first sound of a touch's speech starts within milliseconds).
//
// A cue marked interrupt drops what is playing and waiting (a new touch). A missing sound
// device, or one that goes away, makes soundAvailable() false and the cues are dropped; the
// device is tried again every RetryMs (by the Clock), and with the next cue (plugged back in).
//
// Thread-safe: the frame loop calls play() and the queries; the thread does the rest.
#include "base/clock.h"
#include "speech/audio_out.h"
#include "speech/prompts.h"
#include "speech/voice_pack.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hailong::core {

class Synthesizer;

class Speaker {
public:
    static constexpr std::int64_t RetryMs = 2'000;

    /// sink: where sound goes (an AlsaSink on the kiosk); pack: the unit's recordings; wake:
    /// called from the thread when soundAvailable() changes (to wake the loop).
    /// Opens the device and loads espeak-ng on the thread at once.
    Speaker(std::unique_ptr<AudioSink> sink, VoicePack pack, const Clock& clock, std::function<void()> wake = {});
    ~Speaker();
    Speaker(const Speaker&) = delete;
    Speaker& operator=(const Speaker&) = delete;

    void play(SpeechCue cue);
    /// 0..100 for what is played from now on (0: silent).
    void setVolume(int percent) { m_volume = percent; }
    int volume() const { return m_volume; }

    /// False while the device cannot be opened or went away (true until the first try failed).
    bool soundAvailable() const { return m_soundAvailable; }
    /// False when espeak-ng could not start (then only recordings and the tones are played).
    bool voiceAvailable() const { return m_voiceAvailable; }
    /// The last problem met (device, espeak-ng, a voice pack file), for the log; empty: none, or
    /// the device opened again since.
    std::string problem() const;

    /// A cue whose first sample reached the device: its ids and how long after play() it came.
    struct Started {
        std::vector<std::string> ids;
        double latencyMs = 0;
    };
    std::vector<Started> takeStarted();
    /// True when nothing is playing or waiting.
    bool idle() const;
    /// Blocks until idle() (tests and the benchmark); false if timeoutMs passed first.
    bool waitIdle(int timeoutMs = 10'000) const;

private:
    struct Job {
        SpeechCue cue;
        std::uint64_t generation = 0;
        std::int64_t queuedNs = 0;
    };
    void run();
    bool ensureOpen();
    void playJob(const Job& job);
    bool writeAll(const std::int16_t* s, std::size_t n, const Job& job, bool& first);
    void setProblem(std::string p);
    void lostDevice();
    void notify();

    std::unique_ptr<AudioSink> m_sink;
    VoicePack m_pack;
    const Clock& m_clock;
    std::function<void()> m_wake;
    std::unique_ptr<Synthesizer> m_synth;  ///< made and used on the thread

    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    std::deque<Job> m_queue;
    bool m_busy = false;
    bool m_stop = false;
    std::vector<Started> m_started;
    std::string m_problem;

    std::atomic<std::uint64_t> m_generation{0};  ///< raised by an interrupting cue
    std::atomic<int> m_volume{70};
    std::atomic<bool> m_soundAvailable{true};
    std::atomic<bool> m_voiceAvailable{true};
    std::int64_t m_lastOpenTry = 0;
    bool m_triedOpen = false;
    std::thread m_thread;  ///< last: starts when everything above is ready
};

}  // namespace hailong::core
