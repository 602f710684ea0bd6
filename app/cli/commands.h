#pragma once
// The subcommands of `hailong`. Each adds itself to the app; when it runs it stores its
// exit code in `exitCode` (see the footer of `hailong --help`).
#include <CLI/CLI.hpp>

namespace hailong::cli {

enum ExitCode : int {
    ExitOk = 0,
    ExitFailed = 1,      ///< the command could not do its work (message on stderr)
    ExitUsage = 2,       ///< bad command line
    ExitNothingNew = 4,  ///< export: nothing new to export
};

void addExportCommand(CLI::App& app, int& exitCode);
void addVerifyCommand(CLI::App& app, int& exitCode);
void addKeyCommand(CLI::App& app, int& exitCode);
void addBackupCommand(CLI::App& app, int& exitCode);
/// `hq backup-open`, under the hq command.
void addHqBackupOpenCommand(CLI::App& hq, int& exitCode);
void addKioskHqCommands(CLI::App& app, int& exitCode);  ///< hq-pin, apply-package (package_command.cpp)
void addHqCommand(CLI::App& app, int& exitCode);
void addUnitsCommand(CLI::App& hq, int& exitCode);     ///< hq units (hq_units_command.cpp)
void addBatchesCommands(CLI::App& hq, int& exitCode);  ///< hq held, hq decide (hq_batches_command.cpp)
void addServeCommand(CLI::App& hq, int& exitCode);     ///< hq serve: the browser's side (hq_serve_command.cpp)
void addUserCommand(CLI::App& hq, int& exitCode);      ///< hq user: its accounts (hq_user_command.cpp)
void addHqKeyCommand(CLI::App& hq, int& exitCode);     ///< hq key: its key pairs (hq_key_command.cpp)
void addPackageCommand(CLI::App& hq, int& exitCode);   ///< hq package: for kiosks (hq_package_command.cpp)
void addDemoCommand(CLI::App& app, int& exitCode);
void addImeCommand(CLI::App& app, int& exitCode);
void addVoiceCommand(CLI::App& app, int& exitCode);  ///< voice prompts, voice check (voice_command.cpp)

}  // namespace hailong::cli
