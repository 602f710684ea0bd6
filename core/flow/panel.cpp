#include "flow/panel.h"

#include <algorithm>
#include <cmath>

namespace hailong::core {

namespace {
constexpr double MmPerInch = 25.4;
double diagonal(double w, double h) { return std::sqrt(w * w + h * h); }
}  // namespace

const char* panelSourceName(PanelSource s) {
    switch (s) {
    case PanelSource::CommandLine: return "command line";
    case PanelSource::Setting: return "setting";
    case PanelSource::Edid: return "EDID";
    case PanelSource::Assumed: return "assumed";
    }
    return "?";
}

bool validPanelInches(double inches) { return inches == 0 || (inches >= MinPanelInches && inches <= MaxPanelInches); }

bool plausibleEdidSize(int widthPx, int heightPx, int widthMm, int heightMm) {
    if (widthPx <= 0 || heightPx <= 0 || widthMm <= 0 || heightMm <= 0) return false;
    const double inches = diagonal(widthMm, heightMm) / MmPerInch;
    if (inches < 10 || inches > 60) return false;
    const double px = static_cast<double>(std::max(widthPx, heightPx)) / std::min(widthPx, heightPx);
    const double mm = static_cast<double>(std::max(widthMm, heightMm)) / std::min(widthMm, heightMm);
    return std::abs(px / mm - 1.0) <= 0.10;
}

PanelDensity resolvePanelDensity(int widthPx, int heightPx, double cliInches, double settingInches,
                                 const MonitorSize& monitor) {
    PanelDensity d;
    const double diagPx = diagonal(std::max(widthPx, 1), std::max(heightPx, 1));
    auto fromInches = [&](double inches, PanelSource source) {
        d.diagonalInches = inches;
        d.pxPerMm = diagPx / (inches * MmPerInch);
        d.source = source;
        return d;
    };
    if (cliInches > 0) return fromInches(cliInches, PanelSource::CommandLine);
    if (settingInches > 0) return fromInches(settingInches, PanelSource::Setting);
    if (plausibleEdidSize(monitor.widthPx, monitor.heightPx, monitor.widthMm, monitor.heightMm)) {
        const double mm = diagonal(monitor.widthMm, monitor.heightMm);
        d.diagonalInches = mm / MmPerInch;
        d.pxPerMm = diagonal(monitor.widthPx, monitor.heightPx) / mm;
        d.source = PanelSource::Edid;
        return d;
    }
    d.note = monitor.widthMm <= 0 || monitor.heightMm <= 0
                 ? "the monitor reports no physical size"
                 : "the monitor's reported size " + std::to_string(monitor.widthMm) + "x" +
                       std::to_string(monitor.heightMm) + " mm does not fit its " + std::to_string(monitor.widthPx) +
                       "x" + std::to_string(monitor.heightPx) + " pixels";
    return fromInches(AssumedPanelInches, PanelSource::Assumed);
}

TextSizes textSizesFor(float layoutScale, double pxPerMm, double capPerPx) {
    // Hinting rounds the capital height to whole pixels: half a pixel short still rounds up
    // (the app measures the result and enlarges the font if it did not).
    const auto minimum = static_cast<float>(std::ceil((std::ceil(MinCapHeightMm * pxPerMm) - 0.5) / capPerPx));
    TextSizes t;
    t.small = std::max(26 * layoutScale, minimum);
    t.body = std::max(28 * layoutScale, minimum);
    t.button = std::max(32 * layoutScale, std::ceil(t.body * 1.12f));
    t.title = std::max(42 * layoutScale, std::ceil(t.button * 1.15f));
    t.huge = std::max(60 * layoutScale, std::ceil(t.title * 1.3f));
    return t;
}

}  // namespace hailong::core
