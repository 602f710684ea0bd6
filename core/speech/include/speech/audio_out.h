#pragma once
// Where the kiosk's sound goes. AlsaSink plays through ALSA (libasound), so it works on a plain
// Debian PC with or without PulseAudio or PipeWire (their ALSA plugins take "default"), and in
// tests to a file or the null device (ALSA's own "file:'PATH',wav" and "null" PCMs).
//
// A sink is used from one thread only (the Speaker's). write() blocks while the device's buffer
// is full (about latencyMs), so a caller that writes in chunks can stop between them.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hailong::core {

class AudioSink {
public:
    virtual ~AudioSink() = default;
    /// Opens the device for mono 16-bit samples at SpeechRate. False: no sound here (no card,
    /// unplugged, busy, refused); problem() says why, in English, for the log.
    virtual bool open() = 0;
    virtual bool isOpen() const = 0;
    /// Plays n samples, blocking while the device's buffer is full. False: the device went away
    /// (unplugged); it is then closed and problem() says why. An underrun is recovered from here.
    virtual bool write(const std::int16_t* samples, std::size_t n) = 0;
    /// Waits until what was written has been played (the end of an utterance).
    virtual void drain() = 0;
    /// Drops what was written but not yet played (a new touch interrupts the speech).
    virtual void stop() = 0;
    virtual void close() = 0;
    virtual std::string problem() const = 0;
};

/// ALSA's PCM `device` ("default", "plughw:1,0", "file:'/tmp/out.wav',wav", "null").
/// ALSA's own messages on stderr are silenced; problems are kept for problem().
class AlsaSink final : public AudioSink {
public:
    explicit AlsaSink(std::string device, int latencyMs = 80);
    ~AlsaSink() override;
    AlsaSink(const AlsaSink&) = delete;
    AlsaSink& operator=(const AlsaSink&) = delete;

    bool open() override;
    bool isOpen() const override;
    bool write(const std::int16_t* samples, std::size_t n) override;
    void drain() override;
    void stop() override;
    void close() override;
    std::string problem() const override { return m_problem; }
    const std::string& device() const { return m_device; }

private:
    std::string m_device;
    int m_latencyMs;
    void* m_pcm = nullptr;  ///< snd_pcm_t*, owned (kept out of this header: no ALSA include here)
    std::string m_problem;
};

/// Keeps what is written in memory (tests of what the Speaker plays, in which order); can be
/// told to fail, as an unplugged device does.
class MemorySink final : public AudioSink {
public:
    bool open() override;
    bool isOpen() const override { return m_open; }
    bool write(const std::int16_t* samples, std::size_t n) override;
    void drain() override {}
    void stop() override { ++m_stops; }
    void close() override { m_open = false; }
    std::string problem() const override { return m_problem; }

    std::vector<std::int16_t> written;
    int writes = 0;
    int m_stops = 0;
    bool refuseOpen = false;   ///< open() fails, as with no sound card
    int failAfterWrites = -1;  ///< write() fails from this many writes on (unplugged), -1: never

private:
    bool m_open = false;
    std::string m_problem;
};

}  // namespace hailong::core
