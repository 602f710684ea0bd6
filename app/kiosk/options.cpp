#include "options.h"

#include "base/data_dir.h"
#include "flow/panel.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace hailong::app {

std::optional<int> parseOptions(int argc, char** argv, Options& out) {
    CLI::App cli{"Hài Lòng satisfaction kiosk: citizens rate the service with one tap; ratings are stored "
                 "safely in SQLite under the data directory."};
    cli.footer("Exit codes: 0 ok; 1 storage or start-up error; 2 bad command line; 3 no display, OpenGL or font.\n"
               "Staff menu: hold a finger 3 s on the top-left corner of the idle screen, or press Ctrl+Alt+S;\n"
               "the kiosk is shut down from there (factory PIN 000000, to be changed at first use).");
    cli.set_version_flag("--version", std::string("hailong-kiosk ") + HAILONG_VERSION);
    out.dataDir = core::defaultDataDir();
    cli.add_option("--data-dir", out.dataDir, "Folder for the database, keys, logs and config")->capture_default_str();
    cli.add_flag("--windowed", out.windowed, "Run in a window instead of full-screen");
    std::string size;
    cli.add_option("--size", size, "Window or screenshot size WIDTHxHEIGHT (default 1366x768)");
    std::string rotate = "none";
    cli.add_option("--rotate", rotate,
                   "Turn the picture and the touches for a screen mounted sideways or upside down: left (the "
                   "picture's top at the panel's left edge), right, inverted or none, as xrandr names them")
        ->check(CLI::IsMember({"none", "left", "right", "inverted"}))
        ->capture_default_str();
    cli.add_flag("--trace-ui", out.traceUi,
                 "Print one JSON line per screen change: screen name and tappable items with rectangles");
    cli.add_option("--screenshot", out.screenshot,
                   "Render --screen to this PNG file and exit (with --screen all: a folder, one PNG per screen)");
    cli.add_option("--screen", out.screen,
                   "Screen for --screenshot: idle, main, procedure, question:<id>, comment, thanks, staff:... or all");
    cli.add_option("--lang", out.language, "Language of the screenshot")->check(CLI::IsMember({"vi", "en"}));
    cli.add_option("--drive-root", out.driveRoots,
                   "Folder under which removable drives are mounted, for the export screen (repeatable; default "
                   "/media and /run/media)");
    cli.add_option("--restore", out.restore,
                   "Bring back a copy of a kiosk database (made from the staff menu; a sealed copy is opened at "
                   "headquarters first) into --data-dir, which must hold no database yet, then exit")
        ->check(CLI::ExistingFile);
    cli.add_option("--questionnaire", out.questionnaire,
                   "Questionnaire file (default: DATA_DIR/questionnaire.toml if present, else the last good one, "
                   "else the built-in default)");
    cli.add_option("--idle-timeout", out.idleTimeoutSeconds,
                   "Seconds before the idle screen returns to the default language; a comment being typed "
                   "waits twice this (default: the kiosk's setting, 30)")
        ->check(CLI::Range(5, 600));
    cli.add_option("--followup-timeout", out.followUpTimeoutSeconds,
                   "Seconds a follow-up screen (reasons, further questions, procedure, an empty comment) waits "
                   "for a tap before the response ends (default: the kiosk's setting, 15)")
        ->check(CLI::Range(2, 600));
    cli.add_option("--audio-device", out.audioDevice,
                   "ALSA device for the sounds and speech mode: default (through PulseAudio or PipeWire where "
                   "they run), plughw:CARD,DEV, null (silence), or file:'PATH',wav (a recording, for tests)")
        ->capture_default_str();
    cli.add_option("--panel-inches", out.panelInches,
                   "Diagonal of the panel in inches (e.g. 15.6), for text sized in millimetres; default: the "
                   "setting, else the monitor's EDID, else 15 (which errs on the side of large text). With "
                   "--windowed or --screenshot: the diagonal of the window as if it were the panel")
        ->check(CLI::Range(core::MinPanelInches, core::MaxPanelInches));
    try {
        cli.parse(argc, argv);
        if (!size.empty()) {
            int w = 0, h = 0;
            char extra = 0;
            if (std::sscanf(size.c_str(), "%dx%d%c", &w, &h, &extra) != 2 || w < 320 || h < 240 || w > 16384 ||
                h > 16384)
                throw CLI::ValidationError("--size", "expected WIDTHxHEIGHT, e.g. 1366x768, got '" + size + "'");
            out.width = w;
            out.height = h;
        }
        out.rotation = *parseRotation(rotate);
        if (out.screenshot.empty() != out.screen.empty())
            throw CLI::ValidationError("--screenshot", "--screenshot and --screen go together");
    } catch (const CLI::ParseError& e) {
        const int rc = cli.exit(e);
        return rc == 0 ? ExitOk : ExitUsage;
    }
    return std::nullopt;
}

}  // namespace hailong::app
