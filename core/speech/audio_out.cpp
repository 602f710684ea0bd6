#include "speech/audio_out.h"

#include "speech/pcm.h"

#include <alsa/asoundlib.h>

#include <cerrno>
#include <mutex>
#include <utility>

namespace hailong::core {

namespace {

// ALSA prints its own messages (a missing card, an unknown PCM name) on stderr; the kiosk keeps
// the reason in problem() and logs it once instead.
void silentAlsaErrors(const char*, int, const char*, int, const char*, ...) {}

void silenceAlsaOnce() {
    static std::once_flag once;
    std::call_once(once, [] { snd_lib_error_set_handler(&silentAlsaErrors); });
}

snd_pcm_t* handle(void* pcm) { return static_cast<snd_pcm_t*>(pcm); }

std::string reason(const char* what, int err) { return std::string(what) + ": " + snd_strerror(err); }

// A few underruns in a row are normal (a slow frame, a busy machine); endless ones are not.
constexpr int MaxRecoveriesPerWrite = 16;

}  // namespace

// [AlsaSink]

AlsaSink::AlsaSink(std::string device, int latencyMs) : m_device(std::move(device)), m_latencyMs(latencyMs) {}

AlsaSink::~AlsaSink() { close(); }

bool AlsaSink::open() {
    if (m_pcm != nullptr) return true;
    silenceAlsaOnce();
    snd_pcm_t* pcm = nullptr;
    int err = snd_pcm_open(&pcm, m_device.c_str(), SND_PCM_STREAM_PLAYBACK, 0);
    if (err < 0) {
        m_problem = reason(("cannot open sound device '" + m_device + "'").c_str(), err);
        return false;
    }
    unsigned latencyUs = static_cast<unsigned>(m_latencyMs > 0 ? m_latencyMs : 80) * 1000u;
    err = snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1,
                             static_cast<unsigned>(SpeechRate), 1, latencyUs);
    if (err < 0) {
        snd_pcm_close(pcm);
        m_problem = reason(("sound device '" + m_device + "' refuses mono 16-bit at 22050 Hz").c_str(), err);
        return false;
    }
    m_pcm = pcm;
    m_problem.clear();
    return true;
}

bool AlsaSink::isOpen() const { return m_pcm != nullptr; }

bool AlsaSink::write(const std::int16_t* samples, std::size_t n) {
    if (m_pcm == nullptr) {
        if (m_problem.empty()) m_problem = "sound device '" + m_device + "' is not open";
        return false;
    }
    int recoveries = 0;
    while (n > 0) {
        snd_pcm_sframes_t r = snd_pcm_writei(handle(m_pcm), samples, n);
        if (r == -EAGAIN) continue;  // not expected in blocking mode
        if (r == -EPIPE || r == -ESTRPIPE || r == -EINTR) {
            // An underrun (the buffer ran dry), a suspend (the machine slept) or a signal.
            int err = snd_pcm_recover(handle(m_pcm), static_cast<int>(r), 1);
            if (err < 0 || ++recoveries > MaxRecoveriesPerWrite) {
                m_problem = reason(("sound device '" + m_device + "' cannot recover").c_str(),
                                   err < 0 ? err : static_cast<int>(r));
                close();
                return false;
            }
            continue;
        }
        if (r < 0) {
            // -ENODEV (unplugged), -EBADFD, -EIO and anything else: the device is gone.
            m_problem = reason(("sound device '" + m_device + "' failed").c_str(), static_cast<int>(r));
            close();
            return false;
        }
        auto written = static_cast<std::size_t>(r);
        samples += written;
        n -= written;
    }
    return true;
}

void AlsaSink::drain() {
    if (m_pcm == nullptr) return;
    int err = snd_pcm_drain(handle(m_pcm));
    if (err == -ENODEV || err == -EBADFD || err == -EIO) {
        m_problem = reason(("sound device '" + m_device + "' failed").c_str(), err);
        close();
        return;
    }
    snd_pcm_prepare(handle(m_pcm));  // ready for the next utterance
}

void AlsaSink::stop() {
    if (m_pcm == nullptr) return;
    snd_pcm_drop(handle(m_pcm));
    snd_pcm_prepare(handle(m_pcm));
}

void AlsaSink::close() {
    if (m_pcm == nullptr) return;
    snd_pcm_close(handle(m_pcm));
    m_pcm = nullptr;
}

// [MemorySink]

bool MemorySink::open() {
    if (refuseOpen) {
        m_problem = "no sound device (refused by the test)";
        m_open = false;
        return false;
    }
    m_open = true;
    m_problem.clear();
    return true;
}

bool MemorySink::write(const std::int16_t* samples, std::size_t n) {
    if (!m_open) {
        if (m_problem.empty()) m_problem = "sound device is not open";
        return false;
    }
    if (failAfterWrites >= 0 && writes >= failAfterWrites) {
        m_problem = "sound device went away (unplugged by the test)";
        m_open = false;
        return false;
    }
    written.insert(written.end(), samples, samples + n);
    ++writes;
    return true;
}

}  // namespace hailong::core
