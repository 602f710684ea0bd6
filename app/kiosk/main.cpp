// hailong-kiosk: the citizen's satisfaction kiosk. Read this file as a table of contents.
#include "kiosk_app.h"
#include "options.h"
#include "restore.h"

int main(int argc, char** argv) {
    using namespace hailong::app;

    // 1. Command line (--help and --version answer here and stop).
    Options options;
    if (auto exitCode = parseOptions(argc, argv, options)) return *exitCode;

    // 2. Screenshot mode: render screens with demo data to PNG files, then stop.
    if (!options.screenshot.empty()) return runScreenshots(options);

    // 3. Restore mode: a copy of a kiosk's database brought back on a replacement PC, then stop.
    if (!options.restore.empty()) return runRestore(options);

    // 4. The kiosk: open storage and questionnaire, open the screen, serve citizens until
    //    told to stop (SIGTERM, or the staff's quit).
    return runKiosk(options);
}
