// hailong backup: a copy of the kiosk's database for a replacement PC (the staff menu's backup,
// for scripts and support), sealed to headquarters' key once one is pinned.
#include "base/data_dir.h"
#include "commands.h"
#include "kiosk_data.h"
#include "store/kiosk_backup.h"

#include <iostream>

namespace hailong::cli {

namespace {
struct BackupArgs {
    std::filesystem::path dataDir = core::defaultDataDir();
    std::filesystem::path out;
};

int runBackup(const BackupArgs& a) {
    try {
        auto kiosk = openKioskData(a.dataDir);
        const auto made = core::backupKioskDatabase(kiosk->db, kiosk->audit, a.out, kiosk->db.meta("hq_box_key"));
        if (!made) {
            std::cerr << "hailong backup: " << made.error() << "\n";
            return ExitFailed;
        }
        std::cout << made->file.string() << "\n";
        std::cerr << (made->sealed ? "Bản sao đã niêm phong bằng khóa trung tâm; chỉ trung tâm mở được "
                                     "(hailong hq backup-open). / Sealed to headquarters' key: only "
                                     "headquarters can open it (hailong hq backup-open).\n"
                                   : "Bản sao không niêm phong (máy chưa có khóa trung tâm): hãy cất giữ cẩn thận. / "
                                     "Not sealed (no headquarters key pinned yet): keep it safe.\n");
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong backup: " << e.what() << "\n";
        return ExitFailed;
    }
}
}  // namespace

void addBackupCommand(CLI::App& app, int& exitCode) {
    auto args = std::make_shared<BackupArgs>();
    CLI::App* cmd = app.add_subcommand("backup",
                                       "Write a copy of the kiosk's database into a folder (SQLite's backup API), "
                                       "sealed to headquarters' key once one is pinned; restore it on a replacement "
                                       "PC with `hailong-kiosk --restore FILE`.");
    cmd->add_option("--data-dir", args->dataDir, "The kiosk's data folder")->capture_default_str();
    cmd->add_option("--out", args->out, "The folder to write the copy into (a USB drive)")
        ->required()
        ->check(CLI::ExistingDirectory);
    cmd->callback([args, &exitCode] { exitCode = runBackup(*args); });
}

}  // namespace hailong::cli
