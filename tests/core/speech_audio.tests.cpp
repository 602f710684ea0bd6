// The kiosk's sound below the Speaker: loudness, the tones, the sinks (ALSA through its file and
// null PCMs: no sound card needed) and a unit's voice pack read with libsndfile.
#include "speech/audio_out.h"
#include "speech/pcm.h"
#include "speech/tones.h"
#include "speech/voice_pack.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace hailong::core;
using hailong::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr double Pi = 3.14159265358979323846;

// A sine at `amplitude` (of full scale) for `seconds`, at SpeechRate.
std::vector<std::int16_t> sine(double hz, double seconds, double amplitude) {
    std::vector<std::int16_t> out(static_cast<std::size_t>(seconds * SpeechRate));
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<std::int16_t>(
            std::lround(amplitude * 32767 * std::sin(2 * Pi * hz * static_cast<double>(i) / SpeechRate)));
    return out;
}

// Writes a sine (the same in every channel) with libsndfile, as a unit's recording would be.
void writeSine(const fs::path& file, int rate, int channels, double seconds, double amplitude,
               int format = SF_FORMAT_WAV | SF_FORMAT_PCM_16) {
    fs::create_directories(file.parent_path());
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    SNDFILE* f = sf_open(file.c_str(), SFM_WRITE, &info);
    REQUIRE(f != nullptr);
    const auto frames = static_cast<std::size_t>(seconds * rate);
    const auto ch = static_cast<std::size_t>(channels);
    std::vector<float> buf(frames * ch);
    for (std::size_t i = 0; i < frames; ++i)
        for (std::size_t c = 0; c < ch; ++c)
            buf[i * ch + c] = static_cast<float>(amplitude * std::sin(2 * Pi * 440.0 * static_cast<double>(i) / rate));
    CHECK(sf_writef_float(f, buf.data(), static_cast<sf_count_t>(frames)) == static_cast<sf_count_t>(frames));
    sf_close(f);
}

void writeText(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

// The RMS level in dBFS of a sine of `amplitude`: 20 log10(amplitude / sqrt 2).
double sineRmsDbfs(double amplitude) { return 20 * std::log10(amplitude / std::sqrt(2.0)); }

// `sox FILE -n stat` (it reports on stderr): the value on the line that starts with `label`.
double soxStat(const fs::path& file, const std::string& label) {
    std::string cmd = "sox '" + file.string() + "' -n stat 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    char buf[512];
    while (fgets(buf, sizeof buf, p) != nullptr) out += buf;
    CHECK(pclose(p) == 0);
    INFO(out);
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(label, 0) != 0) continue;
        auto colon = line.find(':');
        REQUIRE(colon != std::string::npos);
        return std::stod(line.substr(colon + 1));
    }
    FAIL("sox stat printed no " << label);
    return 0;
}

// Runs f with stderr (fd 2) sent to a file; returns what was written there.
template <typename F>
std::string stderrOf(const fs::path& capture, F&& f) {
    std::fflush(stderr);
    int saved = dup(2);
    FILE* to = std::fopen(capture.c_str(), "w");
    REQUIRE(to != nullptr);
    dup2(fileno(to), 2);
    f();
    std::fflush(stderr);
    dup2(saved, 2);
    ::close(saved);
    std::fclose(to);
    std::ifstream in(capture);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("loudness is measured in dBFS and volume scales samples", "[speech]") {
    SECTION("a full-scale square wave is 0 dBFS, a half-scale sine peaks at -6 and averages -9") {
        std::vector<std::int16_t> square(1000);
        for (std::size_t i = 0; i < square.size(); ++i)
            square[i] = static_cast<std::int16_t>((i / 50) % 2 ? 32767 : -32768);
        CHECK(rmsDbfs(square.data(), square.size()) == Approx(0).margin(0.01));
        CHECK(peakDbfs(square.data(), square.size()) == Approx(0).margin(0.01));
        Pcm half{sine(441, 1, 0.5)};
        CHECK(peakDbfs(half) == Approx(-6.02).margin(0.05));
        CHECK(rmsDbfs(half) == Approx(sineRmsDbfs(0.5)).margin(0.05));
    }
    SECTION("silence and nothing are -120") {
        std::vector<std::int16_t> silence(100, 0);
        CHECK(rmsDbfs(silence.data(), silence.size()) == -120);
        CHECK(peakDbfs(silence.data(), silence.size()) == -120);
        CHECK(rmsDbfs(Pcm{}) == -120);
        CHECK(peakDbfs(Pcm{}) == -120);
    }
    SECTION("volume multiplies by percent / 100, within 0..100") {
        std::vector<std::int16_t> s{1000, -1000, 32767, -32768, 0};
        auto v = s;
        applyVolume(v.data(), v.size(), 50);
        CHECK(v == std::vector<std::int16_t>{500, -500, 16383, -16384, 0});
        v = s;
        applyVolume(v.data(), v.size(), 100);
        CHECK(v == s);
        applyVolume(v.data(), v.size(), 250);  // more than 100 is 100: never louder than recorded
        CHECK(v == s);
        applyVolume(v.data(), v.size(), 0);
        CHECK(v == std::vector<std::int16_t>(5, 0));
        v = s;
        applyVolume(v.data(), v.size(), -10);
        CHECK(v == std::vector<std::int16_t>(5, 0));
    }
}

TEST_CASE("the confirmation and refusal tones are short, soft-edged and below full scale", "[speech]") {
    const Pcm confirm = confirmTone();
    const Pcm refuse = refuseTone();
    for (const Pcm* tone : {&confirm, &refuse}) {
        INFO((tone == &confirm ? "confirm" : "refuse") << ": " << tone->seconds() << " s, peak " << peakDbfs(*tone)
                                                       << " dBFS, rms " << rmsDbfs(*tone) << " dBFS");
        CHECK(tone->seconds() > 0.1);
        CHECK(tone->seconds() < 0.4);
        CHECK(peakDbfs(*tone) < -1);
        CHECK(peakDbfs(*tone) > -10);
        CHECK(rmsDbfs(*tone) > -30);
        // The first and last 2 ms are quiet: it starts and ends without a click.
        const std::size_t edge = SpeechRate * 2 / 1000;
        REQUIRE(tone->samples.size() > 2 * edge);
        CHECK(peakDbfs(tone->samples.data(), edge) < -20);
        CHECK(peakDbfs(tone->samples.data() + tone->samples.size() - edge, edge) < -20);
        CHECK(std::abs(tone->samples.front()) < 100);
        CHECK(std::abs(tone->samples.back()) < 100);
    }
    CHECK(confirm.samples != refuse.samples);
    CHECK(confirmTone().samples == confirm.samples);  // made the same way every time
}

TEST_CASE("a memory sink keeps what is written and fails when told to", "[speech]") {
    MemorySink sink;
    const std::vector<std::int16_t> a{1, 2, 3}, b{4, 5};
    SECTION("writes before open fail") { CHECK_FALSE(sink.write(a.data(), a.size())); }
    SECTION("what is written is kept in order; stops are counted") {
        REQUIRE(sink.open());
        CHECK(sink.isOpen());
        CHECK(sink.write(a.data(), a.size()));
        CHECK(sink.write(b.data(), b.size()));
        sink.stop();
        CHECK(sink.written == std::vector<std::int16_t>{1, 2, 3, 4, 5});
        CHECK(sink.writes == 2);
        CHECK(sink.m_stops == 1);
        sink.close();
        CHECK_FALSE(sink.isOpen());
    }
    SECTION("refuseOpen: open fails with a reason, as with no sound card") {
        sink.refuseOpen = true;
        CHECK_FALSE(sink.open());
        CHECK_FALSE(sink.isOpen());
        CHECK_FALSE(sink.problem().empty());
    }
    SECTION("failAfterWrites: the device goes away after that many writes") {
        sink.failAfterWrites = 1;
        REQUIRE(sink.open());
        CHECK(sink.write(a.data(), a.size()));
        CHECK_FALSE(sink.write(b.data(), b.size()));
        CHECK_FALSE(sink.isOpen());
        CHECK_FALSE(sink.problem().empty());
        CHECK(sink.written == a);
    }
}

TEST_CASE("an ALSA sink plays into ALSA's file PCM what it is given", "[speech]") {
    TempDir dir;
    const fs::path wav = dir / "played.wav";
    AlsaSink sink("file:'" + wav.string() + "',wav");
    REQUIRE(sink.open());
    CHECK(sink.isOpen());
    CHECK(sink.problem().empty());
    // One second of A4 at -6 dBFS, written in chunks as the Speaker does.
    const auto tone = sine(440, 1, 0.5);
    for (std::size_t at = 0; at < tone.size(); at += 1024)
        REQUIRE(sink.write(tone.data() + at, std::min<std::size_t>(1024, tone.size() - at)));
    sink.drain();
    CHECK(sink.isOpen());
    sink.close();
    CHECK_FALSE(sink.isOpen());
    REQUIRE(fs::exists(wav));

    SECTION("sox hears one second at the level written") {
        CHECK(soxStat(wav, "Length (seconds)") == Approx(1.0).margin(0.01));
        CHECK(soxStat(wav, "RMS     amplitude") == Approx(0.5 / std::sqrt(2.0)).margin(0.01));
    }
    SECTION("libsndfile reads back the very samples, mono at the speech rate") {
        SF_INFO info{};
        SNDFILE* f = sf_open(wav.c_str(), SFM_READ, &info);
        REQUIRE(f != nullptr);
        CHECK(info.samplerate == SpeechRate);
        CHECK(info.channels == 1);
        CHECK(info.frames == static_cast<sf_count_t>(tone.size()));
        std::vector<std::int16_t> back(tone.size() + 16);
        auto got = sf_readf_short(f, back.data(), static_cast<sf_count_t>(back.size()));
        sf_close(f);
        back.resize(static_cast<std::size_t>(std::max<sf_count_t>(got, 0)));
        CHECK(back == tone);
    }
}

TEST_CASE("an ALSA sink says why a device cannot be opened, and says nothing on stderr", "[speech]") {
    TempDir dir;
    SECTION("a card that does not exist") {
        AlsaSink sink("hw:97,0");
        bool opened = true;
        std::string said = stderrOf(dir / "stderr.txt", [&] { opened = sink.open(); });
        CHECK_FALSE(opened);
        CHECK_FALSE(sink.isOpen());
        INFO(sink.problem());
        CHECK(sink.problem().find("hw:97,0") != std::string::npos);
        CHECK(said.empty());
        const std::int16_t s[4] = {};
        CHECK_FALSE(sink.write(s, 4));
        sink.drain();  // harmless when closed
        sink.stop();
        sink.close();
    }
    SECTION("a PCM name ALSA does not know") {
        AlsaSink sink("hailong_no_such_pcm");
        CHECK_FALSE(sink.open());
        CHECK_FALSE(sink.problem().empty());
    }
    SECTION("the null device opens, plays, stops, plays again and drains") {
        AlsaSink sink("null");
        REQUIRE(sink.open());
        const auto tone = sine(440, 0.2, 0.5);
        CHECK(sink.write(tone.data(), tone.size()));
        sink.stop();
        CHECK(sink.write(tone.data(), tone.size()));
        sink.drain();
        CHECK(sink.isOpen());
        CHECK(sink.write(tone.data(), tone.size()));  // the next utterance after a drain
        sink.close();
        CHECK_FALSE(sink.isOpen());
        CHECK(sink.open());  // and again
    }
}

TEST_CASE("a voice pack loads a unit's recordings as mono at the speech rate", "[speech]") {
    TempDir dir;
    const fs::path vi = dir.path() / "voice" / "vi";
    VoicePack pack(dir.path() / "voice");
    std::string problem = "stale";

    SECTION("44.1 kHz stereo, 3 s, under an id with a dot") {
        writeSine(vi / "idle.prompt.wav", 44'100, 2, 3.0, 0.5);
        auto pcm = pack.load("idle.prompt", Language::Vi, &problem);
        REQUIRE(pcm);
        CHECK(problem.empty());
        CHECK(pcm->seconds() == Approx(3.0).epsilon(0.01));
        CHECK(rmsDbfs(*pcm) == Approx(sineRmsDbfs(0.5)).margin(0.2));
        CHECK(peakDbfs(*pcm) == Approx(-6.02).margin(0.2));
        SECTION("it is kept: a second load needs the file no more") {
            fs::remove(vi / "idle.prompt.wav");
            auto again = pack.load("idle.prompt", Language::Vi);
            REQUIRE(again);
            CHECK(again->samples == pcm->samples);
        }
        SECTION("the other language has its own files") { CHECK_FALSE(pack.load("idle.prompt", Language::En)); }
    }
    SECTION("16 kHz mono, 1 s") {
        writeSine(vi / "thanks.wav", 16'000, 1, 1.0, 0.25);
        auto pcm = pack.load("thanks", Language::Vi, &problem);
        REQUIRE(pcm);
        CHECK(pcm->seconds() == Approx(1.0).epsilon(0.01));
        CHECK(rmsDbfs(*pcm) == Approx(sineRmsDbfs(0.25)).margin(0.2));
    }
    SECTION("16-bit FLAC at the speech rate is taken sample for sample") {
        writeSine(vi / "welcome.flac", SpeechRate, 1, 0.5, 0.5, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
        auto pcm = pack.load("welcome", Language::Vi, &problem);
        REQUIRE(pcm);
        SF_INFO info{};
        SNDFILE* f = sf_open((vi / "welcome.flac").c_str(), SFM_READ, &info);
        REQUIRE(f != nullptr);
        std::vector<std::int16_t> recorded(static_cast<std::size_t>(info.frames));
        CHECK(sf_readf_short(f, recorded.data(), info.frames) == info.frames);
        sf_close(f);
        CHECK(pcm->samples.size() == static_cast<std::size_t>(SpeechRate / 2));
        CHECK(pcm->samples == recorded);
    }
    SECTION("a prompt without a file gives nothing and no problem") {
        CHECK_FALSE(pack.load("nothing.here", Language::Vi, &problem));
        CHECK(problem.empty());
        CHECK_FALSE(pack.fileFor("nothing.here", Language::Vi));
    }
    SECTION("a file that is not audio is refused with its name, once") {
        writeText(vi / "broken.wav", "this is not a RIFF file, just some text\n");
        CHECK_FALSE(pack.load("broken", Language::Vi, &problem));
        CHECK(problem.find("broken.wav: ") != std::string::npos);
        // Not tried again, even once the file is mended, and not reported again.
        writeSine(vi / "broken.wav", 16'000, 1, 1.0, 0.25);
        CHECK_FALSE(pack.load("broken", Language::Vi, &problem));
        CHECK(problem.empty());
    }
    SECTION("an empty recording is refused") {
        writeSine(vi / "silent.wav", 16'000, 1, 0.0, 0.25);
        CHECK_FALSE(pack.load("silent", Language::Vi, &problem));
        CHECK(problem.find("silent.wav: ") != std::string::npos);
        CHECK(problem.find("empty") != std::string::npos);
    }
    SECTION("a recording over 30 s is refused") {
        writeSine(vi / "speech.wav", 8'000, 1, 31.0, 0.25);
        CHECK_FALSE(pack.load("speech", Language::Vi, &problem));
        CHECK(problem.find("speech.wav: ") != std::string::npos);
        CHECK(problem.find("too long") != std::string::npos);
    }
    SECTION("the first extension present wins: wav, flac, ogg, mp3") {
        writeSine(vi / "both.flac", 16'000, 1, 0.5, 0.25, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
        writeSine(vi / "both.wav", 16'000, 1, 1.0, 0.25);
        REQUIRE(pack.fileFor("both", Language::Vi));
        CHECK(pack.fileFor("both", Language::Vi)->filename() == "both.wav");
        auto pcm = pack.load("both", Language::Vi);
        REQUIRE(pcm);
        CHECK(pcm->seconds() == Approx(1.0).epsilon(0.01));
    }
    SECTION("an id cannot climb out of the language's folder") {
        writeSine(dir.path() / "voice" / "secret.wav", 16'000, 1, 0.5, 0.25);
        writeSine(dir.path() / "secret.wav", 16'000, 1, 0.5, 0.25);
        writeSine(vi / "sub" / "inner.wav", 16'000, 1, 0.5, 0.25);
        for (const std::string id :
             {"../secret", "../../secret", "sub/inner", "sub\\inner", "..", ".", "", "../vi/x"}) {
            INFO(id);
            CHECK_FALSE(pack.fileFor(id, Language::Vi));
            CHECK_FALSE(pack.load(id, Language::Vi, &problem));
            CHECK(problem.empty());
        }
    }
    SECTION("recorded lists the ids with a known extension, sorted, once each") {
        writeSine(vi / "thanks.wav", 16'000, 1, 0.2, 0.25);
        writeSine(vi / "idle.prompt.wav", 16'000, 1, 0.2, 0.25);
        writeSine(vi / "idle.prompt.flac", 16'000, 1, 0.2, 0.25, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
        writeText(vi / "rating.ogg", "not checked by recorded()");
        writeText(vi / "notes.txt", "a unit's notes");
        writeText(vi / "README", "no extension");
        writeText(vi / ".wav", "no stem");
        fs::create_directories(vi / "folder.wav");
        CHECK(pack.recorded(Language::Vi) == std::vector<std::string>{"idle.prompt", "rating", "thanks"});
        CHECK(pack.recorded(Language::En).empty());  // no en folder at all
    }
    SECTION("a pack whose folder does not exist has nothing") {
        VoicePack none(dir.path() / "missing");
        CHECK(none.recorded(Language::Vi).empty());
        CHECK_FALSE(none.load("idle.prompt", Language::Vi, &problem));
        CHECK(problem.empty());
    }
}

TEST_CASE("a voice pack keeps at most CacheSamples in memory, the least recently played going first",
          "[speech]") {
    hailong::test::TempDir dir;
    // Four recordings of 25 s at the speech rate: 551,250 samples each, 2.2 million in all.
    for (const char* id : {"a", "b", "c", "d"})
        writeSine(dir / "vi" / (std::string(id) + ".wav"), SpeechRate, 1, 25.0, 0.5);
    VoicePack pack(dir.path());
    REQUIRE(pack.load("a", Language::Vi));
    REQUIRE(pack.load("b", Language::Vi));
    REQUIRE(pack.load("c", Language::Vi));
    REQUIRE(pack.load("a", Language::Vi));  // played again: now b is the least recently played
    CHECK(pack.cachedSamples() == 3 * 551'250);
    const auto d = pack.load("d", Language::Vi);
    REQUIRE(d);
    CHECK(d->samples.size() == 551'250);
    CHECK(pack.cachedSamples() <= VoicePack::CacheSamples);
    CHECK(pack.cachedSamples() == 3 * 551'250);
    // b went; it is read from its file again when played, and something else goes instead.
    fs::remove(dir / "vi" / "b.wav");
    CHECK_FALSE(pack.load("b", Language::Vi));
    CHECK(pack.load("a", Language::Vi));  // kept: played more recently than b was
}
