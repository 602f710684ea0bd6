#pragma once
// A unit's own recordings of the kiosk's prompts (README, "Speech"): one audio file per prompt
// id and language, in DATA_DIR/voice/<vi|en>/<prompt id>.<wav|flac|ogg|mp3>, e.g.
// voice/vi/idle.prompt.wav. Any rate and channel count libsndfile reads; each file is mixed to
// mono and resampled (libsamplerate) to SpeechRate when it is first played, then kept in
// memory, up to CacheSamples in all (the kiosk's memory bar): the least recently played go first.
// Where a prompt has no file the kiosk speaks it with espeak-ng.
#include "base/text.h"
#include "speech/pcm.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hailong::core {

class VoicePack {
public:
    /// dir: the pack's folder (DATA_DIR/voice); it need not exist.
    explicit VoicePack(std::filesystem::path dir);

    /// The file recorded for promptId in lang, or nullopt (then problem, when given, is empty).
    /// A file that cannot be read (not audio, empty, too long: over 30 s) also gives nullopt,
    /// and problem says "<file>: <why>" so the kiosk can log it; it is not tried again (later
    /// calls give nullopt with an empty problem: the reason is logged once).
    /// Not thread-safe: one thread (the Speaker's) loads.
    std::optional<Pcm> load(const std::string& promptId, Language lang, std::string* problem = nullptr);
    /// The path of the file for promptId in lang, if there is one.
    std::optional<std::filesystem::path> fileFor(const std::string& promptId, Language lang) const;
    /// Prompt ids with a file in lang, sorted.
    std::vector<std::string> recorded(Language lang) const;
    const std::filesystem::path& dir() const { return m_dir; }

    static constexpr double MaxSeconds = 30;
    /// Samples kept in memory: about 90 s of sound, 4 MB (a whole pack of short prompts).
    static constexpr std::size_t CacheSamples = 2'000'000;
    /// Samples kept now (tests).
    std::size_t cachedSamples() const { return m_cachedSamples; }

private:
    struct Entry {
        std::optional<Pcm> pcm;  ///< nullopt: the file was refused (reported once)
        std::uint64_t used = 0;  ///< when it was last played (a counter)
    };
    void keepWithinBudget(const std::pair<std::string, Language>& keep);

    std::filesystem::path m_dir;
    std::map<std::pair<std::string, Language>, Entry> m_cache;  ///< loaded (or refused) files
    std::uint64_t m_uses = 0;
    std::size_t m_cachedSamples = 0;
};

}  // namespace hailong::core
