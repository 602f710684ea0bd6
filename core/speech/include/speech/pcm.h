#pragma once
// Sound as the kiosk holds it: mono, signed 16-bit samples at one rate (espeak-ng's), so that
// recorded prompts, synthesized speech and the tones go to the sound device alike.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hailong::core {

/// The one sample rate of everything the kiosk plays (espeak-ng's voices speak at 22,050 Hz).
constexpr int SpeechRate = 22'050;

/// Mono samples at SpeechRate.
struct Pcm {
    std::vector<std::int16_t> samples;
    double seconds() const { return static_cast<double>(samples.size()) / SpeechRate; }
};

/// Loudness of samples in dB relative to full scale (0 dBFS: a full-scale square wave);
/// silence (or nothing) gives -120.
double rmsDbfs(const std::int16_t* samples, std::size_t n);
inline double rmsDbfs(const Pcm& p) { return rmsDbfs(p.samples.data(), p.samples.size()); }
/// The loudest sample in dBFS (-120 for silence).
double peakDbfs(const std::int16_t* samples, std::size_t n);
inline double peakDbfs(const Pcm& p) { return peakDbfs(p.samples.data(), p.samples.size()); }

/// Multiplies samples by percent / 100 (0..100), in place.
void applyVolume(std::int16_t* samples, std::size_t n, int percent);

}  // namespace hailong::core
