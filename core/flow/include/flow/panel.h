#pragma once
// The panel's physical size and the text sizes that follow from it (SPEC 3: capital letters
// of body text at least 4.8 mm on the real panel; US Section 508 402.4, EN 301 549).
//
// Where the size comes from, first found wins:
//   1. --panel-inches X on the command line (diagonal, inches);
//   2. the setting display.panel_inches (0 = automatic);
//   3. the monitor's EDID as GLFW reports it (glfwGetMonitorPhysicalSize), if plausible;
//   4. an assumed 15-inch diagonal (AssumedPanelInches). Typical kiosk panels are 15" to
//      32", and for a given resolution the smallest panel has the densest pixels: assuming a
//      small one errs on the side of large text (at 1920x1080 a 21.5" panel then gets body
//      capitals of about 6.8 mm instead of 4.8 mm).
// The diagonal is that of the picture the kiosk draws (the window, in windowed mode); pixels
// are taken as square, so a rotated panel has the same density.
//
// Pure functions, no UI dependency: the app measures the font and builds the atlas.
#include <optional>
#include <string>

namespace hailong::core {

constexpr double MinCapHeightMm = 4.8;       ///< capitals of body text, on the panel
constexpr double AssumedPanelInches = 15.0;  ///< when nothing says how large the panel is
constexpr double MinPanelInches = 7.0;       ///< what a setting or the command line may say
constexpr double MaxPanelInches = 110.0;

enum class PanelSource { CommandLine, Setting, Edid, Assumed };
/// "command line", "setting", "EDID", "assumed": for the log.
const char* panelSourceName(PanelSource s);

struct PanelDensity {
    double pxPerMm = 0;         ///< pixels of the picture per millimetre of glass
    double diagonalInches = 0;  ///< as used (from EDID: computed from its millimetres)
    PanelSource source = PanelSource::Assumed;
    std::string note;  ///< why EDID was not used, if it was not (for the log)
};

/// True if inches is 0 (automatic) or within MinPanelInches..MaxPanelInches.
bool validPanelInches(double inches);

/// EDID sizes are often missing (0 x 0), made up (Xvfb, projectors, TVs) or given as an
/// aspect ratio in centimetres (16 x 9). Plausible for a touch kiosk: a diagonal of 10..60
/// inches whose aspect ratio matches the pixels' within 10 % (either orientation).
bool plausibleEdidSize(int widthPx, int heightPx, int widthMm, int heightMm);

/// The monitor the kiosk runs on: its video mode and the size its EDID reports (0: none).
struct MonitorSize {
    int widthPx = 0, heightPx = 0;
    int widthMm = 0, heightMm = 0;
};

/// The density of a picture widthPx x heightPx. cliInches / settingInches: 0 = not given;
/// they are the diagonal of that picture. From EDID the density is the monitor's.
PanelDensity resolvePanelDensity(int widthPx, int heightPx, double cliInches, double settingInches,
                                 const MonitorSize& monitor = {});

/// Font sizes in pixels (the size asked of the font builder: ascent to descent).
struct TextSizes {
    float small = 0;  ///< hints and footers a citizen reads: counts as body text
    float body = 0;
    float button = 0;  ///< button labels: larger than body
    float title = 0;
    float huge = 0;
};

/// The design's sizes (26, 28, 32, 42, 60 logical px) times layoutScale, raised where needed
/// so that small and body capitals reach MinCapHeightMm, button labels stay at least 12 %
/// above body, titles 15 % above buttons and the thank-you title 30 % above titles.
/// capPerPx: the font's capital height as a fraction of its pixel size (Noto Sans ~0.52).
TextSizes textSizesFor(float layoutScale, double pxPerMm, double capPerPx);

}  // namespace hailong::core
