// hailong: the command line of Hài Lòng. Read this file as a table of contents.
#include "base/data_dir.h"
#include "commands.h"

#include <iostream>

int main(int argc, char** argv) {
    using namespace hailong::cli;
    CLI::App app{"Hài Lòng command line: export a kiosk's batches, check batch files, show the kiosk's key; at "
                 "headquarters, trust kiosks and import their batches."};
    app.set_version_flag("--version", std::string("hailong ") + HAILONG_VERSION);
    app.require_subcommand(1);
    app.footer("Exit codes: 0 ok; 1 failed (the message says why); 2 bad command line; 4 nothing new to export.\n"
               "Run `hailong COMMAND --help` for the options of a command.");
    int exitCode = ExitOk;

    // At the kiosk: write the next batch, show the key for registration at headquarters, back up.
    addExportCommand(app, exitCode);
    addKeyCommand(app, exitCode);
    addBackupCommand(app, exitCode);
    addKioskHqCommands(app, exitCode);
    // Anywhere: check batch files and what they hold.
    addVerifyCommand(app, exitCode);
    // At headquarters: trust kiosks, import their batches.
    addHqCommand(app, exitCode);
    addDemoCommand(app, exitCode);
    // Anywhere: try the kiosk's Vietnamese input engine on lines of keys.
    addImeCommand(app, exitCode);
    addVoiceCommand(app, exitCode);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? ExitOk : ExitUsage;
    }
    return exitCode;
}
