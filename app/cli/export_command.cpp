// hailong export: the next batch of a kiosk's data directory into a folder.
#include "base/data_dir.h"
#include "batch/exporter.h"
#include "commands.h"
#include "kiosk_data.h"

#include <unistd.h>

#include <iostream>

namespace hailong::cli {

namespace {
struct ExportArgs {
    std::filesystem::path dataDir = core::defaultDataDir();
    std::filesystem::path out;
    std::int64_t again = 0;
    bool noHumanFiles = false;
};

int runExport(const ExportArgs& a) {
    try {
        auto kiosk = openKioskData(a.dataDir);
        core::Exporter exporter(kiosk->db, kiosk->keys, kiosk->audit, kiosk->clock,
                                std::string("hailong ") + HAILONG_VERSION);
        core::ExportOptions options;
        options.humanFiles = !a.noHumanFiles;
        const bool tty = ::isatty(STDERR_FILENO) != 0;
        int shown = -1;
        options.progress = [&](std::int64_t done, std::int64_t total) {
            if (total < 50'000) return;  // small exports are over in a blink
            const int percent = static_cast<int>(done * 100 / total);
            if (percent / 10 == shown / 10 && percent != 100) return;
            shown = percent;
            std::cerr << (tty ? "\r" : "") << "exporting… " << percent << "% (" << done << " of " << total
                      << " responses)" << (tty && percent < 100 ? "" : "\n") << std::flush;
        };
        auto result = a.again > 0 ? exporter.exportAgain(a.again, a.out, options) : exporter.exportNext(a.out, options);
        if (!result) {
            const core::ExportFailure& f = result.error();
            std::cerr << "hailong export: " << core::exportFailureWords(f, core::Strings::builtIn(), core::Language::En)
                      << "\n  (" << f.technical << ")\n";
            return f.problem == core::ExportProblem::NothingNew ? ExitNothingNew : ExitFailed;
        }
        const core::ExportResult& r = *result;
        std::cout << (a.again > 0 ? "Batch " + std::to_string(r.number) + " written again: "
                                  : "Batch " + std::to_string(r.number) + ": ")
                  << r.responses << " responses";
        if (r.responses > 0) std::cout << " (sequence " << r.seqFirst << "–" << r.seqLast << ")";
        std::cout << "\n  " << r.batchFile.string() << " (" << r.batchBytes << " bytes, digest "
                  << r.digestHex.substr(0, 16) << "…)\n";
        if (!r.csvFile.empty()) std::cout << "  " << r.csvFile.string() << "\n  " << r.xlsxFile.string() << "\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong export: " << e.what() << "\n";
        return ExitFailed;
    }
}
}  // namespace

void addExportCommand(CLI::App& app, int& exitCode) {
    auto args = std::make_shared<ExportArgs>();
    CLI::App* cmd = app.add_subcommand(
        "export", "Write everything the kiosk has not exported yet as the next signed batch (plus a CSV and an .xlsx "
                  "for people) into a folder, and mark it exported once the files are safely on disk.");
    cmd->add_option("--data-dir", args->dataDir, "The kiosk's data folder")->capture_default_str();
    cmd->add_option("--out", args->out, "Folder to write into (e.g. a USB stick)")
        ->required()
        ->check(CLI::ExistingDirectory);
    cmd->add_option("--again", args->again, "Write batch number N again, byte for byte as the first time")
        ->check(CLI::PositiveNumber);
    cmd->add_flag("--no-human-files", args->noHumanFiles, "Write only the batch, not the CSV and the .xlsx");
    cmd->callback([args, &exitCode] { exitCode = runExport(*args); });
}

}  // namespace hailong::cli
