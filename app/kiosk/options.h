#pragma once
// Command-line options of hailong-kiosk (SPEC 10).
#include "ui/screen_rotation.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hailong::app {

/// Exit codes, also listed in --help and README.
enum ExitCode : int {
    ExitOk = 0,
    ExitRuntimeError = 1,  ///< storage or questionnaire problem at start
    ExitUsage = 2,         ///< bad command line
    ExitNoDisplay = 3,     ///< no display, no OpenGL, or no font
};

struct Options {
    std::filesystem::path dataDir;
    bool windowed = false;
    int width = 1366;
    int height = 768;
    Rotation rotation = Rotation::None;  ///< --rotate: a panel mounted sideways or upside down
    bool traceUi = false;
    std::filesystem::path screenshot;  ///< with screen: render it to a PNG and exit
    std::string screen;                ///< "idle", "main", "question:<id>", "thanks" or "all"
    std::string language = "vi";       ///< language of the screenshot
    std::filesystem::path questionnaire;
    int idleTimeoutSeconds = 0;                     ///< 0: the stored setting (default 30 s)
    int followUpTimeoutSeconds = 0;                 ///< 0: the stored setting (default 15 s)
    double panelInches = 0;                         ///< --panel-inches: the panel's diagonal; 0: setting, EDID, assumed
    std::filesystem::path restore;                  ///< --restore: bring back a copy of a kiosk database, then exit
    std::vector<std::filesystem::path> driveRoots;  ///< where removable drives are mounted (default /media, /run/media)
    std::string audioDevice = "default";            ///< --audio-device: ALSA's PCM for sounds and speech
};

/// Parses argv. On --help/--version or an error it prints and returns the exit code.
std::optional<int> parseOptions(int argc, char** argv, Options& out);

}  // namespace hailong::app
