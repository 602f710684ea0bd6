#include "speech/voice_pack.h"

#include <samplerate.h>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <sstream>
#include <system_error>

namespace hailong::core {

namespace {

namespace fs = std::filesystem;

// Looked for in this order: the first one present is the prompt's file.
constexpr const char* Extensions[] = {"wav", "flac", "ogg", "mp3"};

// A prompt id names a file inside DATA_DIR/voice/<lang>: nothing that could climb out of it or
// into a subfolder, and no hidden file.
bool validId(const std::string& id) {
    if (id.empty() || id.front() == '.') return false;
    if (id.find_first_of("/\\") != std::string::npos || id.find('\0') != std::string::npos) return false;
    return id.find("..") == std::string::npos;
}

struct SndfileCloser {
    void operator()(SNDFILE* f) const { sf_close(f); }
};
using SndfilePtr = std::unique_ptr<SNDFILE, SndfileCloser>;

std::string seconds(double s) {
    std::ostringstream out;
    out.precision(1);
    out << std::fixed << s << " s";
    return out.str();
}

// Reads the whole file as mono floats at its own rate; an empty string or the reason it cannot.
std::string readMono(const fs::path& file, std::vector<float>& mono, int& rate) {
    SF_INFO info{};
    SndfilePtr f(sf_open(file.c_str(), SFM_READ, &info));
    if (!f) return sf_strerror(nullptr);
    if (info.samplerate <= 0 || info.channels <= 0) return "not audio";
    if (info.frames <= 0) return "empty (no sound in it)";
    rate = info.samplerate;
    // The header's length (an estimate for some formats) is checked first, and what is actually
    // read again: a file is refused beyond MaxSeconds, whatever its header says.
    const auto maxFrames = static_cast<sf_count_t>(VoicePack::MaxSeconds * info.samplerate);
    const double headerSeconds = static_cast<double>(info.frames) / info.samplerate;
    if (info.frames > maxFrames)
        return "too long (" + seconds(headerSeconds) + ", at most " + seconds(VoicePack::MaxSeconds) + ")";

    const auto channels = static_cast<std::size_t>(info.channels);
    constexpr sf_count_t Chunk = 4096;
    std::vector<float> frames(static_cast<std::size_t>(Chunk) * channels);
    mono.clear();
    mono.reserve(static_cast<std::size_t>(info.frames));
    for (;;) {
        sf_count_t got = sf_readf_float(f.get(), frames.data(), Chunk);
        if (got <= 0) break;
        for (sf_count_t i = 0; i < got; ++i) {
            float sum = 0;
            for (std::size_t c = 0; c < channels; ++c) sum += frames[static_cast<std::size_t>(i) * channels + c];
            mono.push_back(sum / static_cast<float>(channels));
        }
        if (static_cast<sf_count_t>(mono.size()) > maxFrames)
            return "too long (over " + seconds(VoicePack::MaxSeconds) + ")";
    }
    if (sf_error(f.get()) != SF_ERR_NO_ERROR) return sf_strerror(f.get());
    if (mono.empty()) return "empty (no sound in it)";
    return {};
}

// To SpeechRate with libsamplerate's medium sinc (clean for speech, a few ms per second of sound).
std::string resample(std::vector<float>& samples, int rate) {
    if (rate == SpeechRate) return {};
    const double ratio = static_cast<double>(SpeechRate) / rate;
    std::vector<float> out(static_cast<std::size_t>(std::ceil(static_cast<double>(samples.size()) * ratio)) + 16);
    SRC_DATA data{};
    data.data_in = samples.data();
    data.data_out = out.data();
    data.input_frames = static_cast<long>(samples.size());
    data.output_frames = static_cast<long>(out.size());
    data.src_ratio = ratio;
    data.end_of_input = 1;
    int err = src_simple(&data, SRC_SINC_MEDIUM_QUALITY, 1);
    if (err != 0) return std::string("cannot resample: ") + src_strerror(err);
    out.resize(static_cast<std::size_t>(data.output_frames_gen));
    samples.swap(out);
    return {};
}

std::int16_t toInt16(float v) {
    if (!std::isfinite(v)) return 0;
    // libsndfile reads 16-bit samples as s / 32768: the same scale back, clipped.
    long s = std::lround(static_cast<double>(v) * 32768.0);
    return static_cast<std::int16_t>(std::clamp(s, -32768L, 32767L));
}

}  // namespace

VoicePack::VoicePack(std::filesystem::path dir) : m_dir(std::move(dir)) {}

std::optional<std::filesystem::path> VoicePack::fileFor(const std::string& promptId, Language lang) const {
    if (!validId(promptId)) return std::nullopt;
    // The name is built by hand: an id may hold dots ("idle.prompt"), which path's extension
    // functions would take for an extension.
    const fs::path folder = m_dir / std::string(languageCode(lang));
    for (const char* ext : Extensions) {
        fs::path file = folder / (promptId + "." + ext);
        std::error_code ec;
        if (fs::is_regular_file(file, ec)) return file;
    }
    return std::nullopt;
}

std::vector<std::string> VoicePack::recorded(Language lang) const {
    std::set<std::string> ids;
    std::error_code ec;
    fs::directory_iterator it(m_dir / std::string(languageCode(lang)), ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::error_code fileEc;
        if (!it->is_regular_file(fileEc)) continue;
        const std::string name = it->path().filename().string();
        for (const char* ext : Extensions) {
            const std::string suffix = std::string(".") + ext;
            if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
                continue;
            std::string id = name.substr(0, name.size() - suffix.size());
            if (validId(id)) ids.insert(std::move(id));
        }
    }
    return {ids.begin(), ids.end()};
}

std::optional<Pcm> VoicePack::load(const std::string& promptId, Language lang, std::string* problem) {
    if (problem != nullptr) problem->clear();
    auto key = std::make_pair(promptId, lang);
    if (auto hit = m_cache.find(key); hit != m_cache.end()) {
        hit->second.used = ++m_uses;
        return hit->second.pcm;
    }

    // No file is not cached: a unit may copy its recordings in while the kiosk runs.
    auto file = fileFor(promptId, lang);
    if (!file) return std::nullopt;

    std::vector<float> mono;
    int rate = 0;
    std::string why = readMono(*file, mono, rate);
    if (why.empty()) why = resample(mono, rate);
    if (!why.empty()) {
        // Refused once, reported once: the kiosk logs it and speaks the prompt with espeak-ng.
        if (problem != nullptr) *problem = file->string() + ": " + why;
        m_cache.emplace(std::move(key), Entry{std::nullopt, ++m_uses});
        return std::nullopt;
    }
    Pcm pcm;
    pcm.samples.reserve(mono.size());
    for (float v : mono) pcm.samples.push_back(toInt16(v));
    m_cachedSamples += pcm.samples.size();
    const auto it = m_cache.emplace(key, Entry{std::move(pcm), ++m_uses}).first;
    keepWithinBudget(key);
    return it->second.pcm;
}

// Drops the least recently played recordings until the rest fit CacheSamples (never `keep`, the
// one being played). Refusals stay: they cost nothing and are not reported again.
void VoicePack::keepWithinBudget(const std::pair<std::string, Language>& keep) {
    while (m_cachedSamples > CacheSamples) {
        auto oldest = m_cache.end();
        for (auto it = m_cache.begin(); it != m_cache.end(); ++it)
            if (it->second.pcm && it->first != keep &&
                (oldest == m_cache.end() || it->second.used < oldest->second.used))
                oldest = it;
        if (oldest == m_cache.end()) return;
        m_cachedSamples -= oldest->second.pcm->samples.size();
        m_cache.erase(oldest);
    }
}

}  // namespace hailong::core
