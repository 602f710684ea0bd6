#include "speech/pcm.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace hailong::core {

namespace {
// 0 dBFS: a sample of 32768 (the magnitude of INT16_MIN); a full-scale square wave has this RMS.
constexpr double FullScale = 32768.0;
constexpr double Floor = -120.0;

double toDbfs(double ratio) {
    if (ratio <= 0) return Floor;
    return std::max(Floor, 20.0 * std::log10(ratio));
}
}  // namespace

double rmsDbfs(const std::int16_t* samples, std::size_t n) {
    if (samples == nullptr || n == 0) return Floor;
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        double s = samples[i];
        sum += s * s;
    }
    return toDbfs(std::sqrt(sum / static_cast<double>(n)) / FullScale);
}

double peakDbfs(const std::int16_t* samples, std::size_t n) {
    if (samples == nullptr || n == 0) return Floor;
    int peak = 0;
    for (std::size_t i = 0; i < n; ++i) peak = std::max(peak, std::abs(static_cast<int>(samples[i])));
    return toDbfs(peak / FullScale);
}

void applyVolume(std::int16_t* samples, std::size_t n, int percent) {
    percent = std::clamp(percent, 0, 100);
    if (samples == nullptr || percent == 100) return;
    // |s * percent / 100| <= |s|: the result always fits in 16 bits.
    for (std::size_t i = 0; i < n; ++i) samples[i] = static_cast<std::int16_t>(samples[i] * percent / 100);
}

}  // namespace hailong::core
