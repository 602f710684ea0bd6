#include "speech/speaker.h"

#include "speech/synthesizer.h"
#include "speech/tones.h"

#include <chrono>
#include <string_view>

namespace hailong::core {

namespace {

constexpr std::size_t ChunkSamples = 512;            // ~23 ms: an interrupt is heard within about this
constexpr std::size_t GapSamples = SpeechRate / 10;  // 100 ms between the parts of a cue
constexpr std::string_view DeviceProblem = "sound device: ";

std::int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

Speaker::Speaker(std::unique_ptr<AudioSink> sink, VoicePack pack, const Clock& clock, std::function<void()> wake)
    : m_sink(std::move(sink)), m_pack(std::move(pack)), m_clock(clock), m_wake(std::move(wake)) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_busy = true;  // until the device and espeak-ng are ready
    }
    m_thread = std::thread([this] { run(); });
}

Speaker::~Speaker() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
        m_queue.clear();
    }
    ++m_generation;
    m_changed.notify_all();
    m_thread.join();
}

void Speaker::play(SpeechCue cue) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (cue.interrupt) {
            m_queue.clear();
            ++m_generation;
        }
        m_queue.push_back(Job{std::move(cue), m_generation.load(), nowNs()});
    }
    m_changed.notify_all();
}

std::string Speaker::problem() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_problem;
}

std::vector<Speaker::Started> Speaker::takeStarted() {
    std::lock_guard<std::mutex> lock(m_mutex);
    return std::move(m_started);
}

bool Speaker::idle() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return !m_busy && m_queue.empty();
}

bool Speaker::waitIdle(int timeoutMs) const {
    std::unique_lock<std::mutex> lock(m_mutex);
    return m_changed.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return !m_busy && m_queue.empty(); });
}

void Speaker::setProblem(std::string p) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_problem = std::move(p);
}

void Speaker::lostDevice() {
    setProblem(std::string(DeviceProblem) + m_sink->problem());
    m_soundAvailable = false;
    notify();
}

void Speaker::notify() {
    if (m_wake) m_wake();
}

// The device, opened at start and again after it went away (not more often than RetryMs).
bool Speaker::ensureOpen() {
    if (m_sink->isOpen()) return true;
    const std::int64_t now = m_clock.monoMs();
    if (m_triedOpen && now - m_lastOpenTry < RetryMs) return false;
    m_triedOpen = true;
    m_lastOpenTry = now;
    const bool opened = m_sink->open();
    if (!opened) setProblem(std::string(DeviceProblem) + m_sink->problem());
    else {  // a device that opens again is no longer a problem (others stay)
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_problem.rfind(DeviceProblem, 0) == 0) m_problem.clear();
    }
    if (m_soundAvailable.exchange(opened) != opened) notify();
    return opened;
}

void Speaker::run() {
    try {
        m_synth = std::make_unique<Synthesizer>();
        // Warm: the Vietnamese voice and its dictionary are loaded now, not at the first touch.
        m_synth->speak("a", Language::Vi, [](const std::int16_t*, std::size_t) { return true; });
    } catch (const std::exception& e) {
        m_voiceAvailable = false;
        setProblem(e.what());
    }
    ensureOpen();
    std::unique_lock<std::mutex> lock(m_mutex);
    m_busy = false;
    m_changed.notify_all();
    while (true) {
        // Without a device, it is tried again every RetryMs even when nothing is to be played, so
        // that Listen works again as soon as a sound card is plugged back in.
        const auto due = [&] { return m_stop || !m_queue.empty(); };
        if (m_sink->isOpen()) m_changed.wait(lock, due);
        else if (!m_changed.wait_for(lock, std::chrono::milliseconds(RetryMs), due)) {
            lock.unlock();
            ensureOpen();
            lock.lock();
            continue;
        }
        if (m_stop) break;
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        m_busy = true;
        lock.unlock();
        if (job.generation == m_generation && ensureOpen()) playJob(job);
        lock.lock();
        if (m_queue.empty() && m_sink->isOpen() && job.generation == m_generation) {
            lock.unlock();
            m_sink->drain();                      // the end of what was said is heard before the device idles
            if (!m_sink->isOpen()) lostDevice();  // it went away while draining
            lock.lock();
        }
        m_busy = false;
        m_changed.notify_all();
    }
    lock.unlock();
    m_sink->close();
    m_synth.reset();
}

// Volume applied in chunks; stops at an interrupt (the device's buffer dropped) or when the
// device goes away.
bool Speaker::writeAll(const std::int16_t* s, std::size_t n, const Job& job, bool& first) {
    std::int16_t buf[ChunkSamples];
    for (std::size_t at = 0; at < n; at += ChunkSamples) {
        if (job.generation != m_generation) {
            m_sink->stop();
            return false;
        }
        const std::size_t k = std::min(ChunkSamples, n - at);
        std::copy(s + at, s + at + k, buf);
        applyVolume(buf, k, m_volume);
        if (!m_sink->write(buf, k)) {
            lostDevice();
            return false;
        }
        if (first) {
            first = false;
            std::lock_guard<std::mutex> lock(m_mutex);
            m_started.push_back({job.cue.ids(), static_cast<double>(nowNs() - job.queuedNs) / 1e6});
        }
    }
    return true;
}

void Speaker::playJob(const Job& job) {
    bool first = true;
    const SpeechCue& cue = job.cue;
    if (cue.sound) {
        std::string problem;
        std::optional<Pcm> recorded = m_pack.load(soundPromptId(*cue.sound), cue.lang, &problem);
        if (!problem.empty()) setProblem(problem);
        const Pcm sound = recorded ? std::move(*recorded) : *cue.sound == Sound::Confirm ? confirmTone() : refuseTone();
        if (!writeAll(sound.samples.data(), sound.samples.size(), job, first)) return;
    }
    const std::vector<std::int16_t> gap(GapSamples, 0);
    for (std::size_t i = 0; i < cue.parts.size(); ++i) {
        const SpeechPart& part = cue.parts[i];
        if (i > 0 && !writeAll(gap.data(), gap.size(), job, first)) return;
        std::string problem;
        std::optional<Pcm> recorded = part.promptId.empty() ? std::nullopt
                                                            : m_pack.load(part.promptId, cue.lang, &problem);
        if (!problem.empty()) setProblem(problem);
        if (recorded) {
            if (!writeAll(recorded->samples.data(), recorded->samples.size(), job, first)) return;
            continue;
        }
        if (!m_synth || part.text.empty()) continue;
        bool ok = true;
        m_synth->speak(part.text, cue.lang, [&](const std::int16_t* s, std::size_t n) {
            ok = writeAll(s, n, job, first);
            return ok;
        });
        if (!ok) return;
    }
}

}  // namespace hailong::core
