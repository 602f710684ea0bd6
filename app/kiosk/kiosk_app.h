#pragma once
// Wires core and UI together for the two ways the program runs: the kiosk itself, and
// one-shot screenshots of screens with demo data.
#include "options.h"

namespace hailong::app {

/// Runs the kiosk until the staff menu shuts it down, SIGTERM/SIGINT, the window is closed
/// (windowed mode only), or a fatal error. Returns an ExitCode.
int runKiosk(const Options& options);

/// Renders options.screen (or every screen) with demo data to PNG and returns an ExitCode.
int runScreenshots(const Options& options);

}  // namespace hailong::app
