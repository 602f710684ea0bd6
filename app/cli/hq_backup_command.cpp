// hailong hq backup-open: a kiosk's database copy, sealed to headquarters' key at the kiosk,
// opened with that key so the kiosk's replacement PC can restore it (`hailong-kiosk --restore`).
#include "batch/hq_keys.h"
#include "commands.h"
#include "hq_options.h"
#include "store/kiosk_backup.h"

#include <iostream>

namespace hailong::cli {

namespace {
struct BackupOpenArgs {
    std::filesystem::path sealed;
    std::filesystem::path out;
    std::filesystem::path keys;
};

int runBackupOpen(const BackupOpenArgs& a) {
    try {
        const core::HqKeyring keyring = core::HqKeyring::load(a.keys.empty() ? defaultHqKeysDir() : a.keys);
        if (std::filesystem::exists(a.out)) {
            std::cerr << "hailong hq backup-open: " << a.out.string()
                      << " already exists; give a new file name. / đã có tệp " << a.out.string()
                      << "; hãy chọn tên tệp mới.\n";
            return ExitFailed;
        }
        const auto opened = core::openSealedBackup(a.sealed, a.out,
                                                   [&](std::string_view boxHex) { return keyring.boxSecret(boxHex); });
        if (!opened) {
            std::cerr << "hailong hq backup-open: " << opened.error() << "\n";
            return ExitFailed;
        }
        std::cout << "Đã mở bản sao của máy " << *opened << ": " << a.out.string()
                  << ". Máy thay thế khôi phục bằng: hailong-kiosk --restore FILE (tệp này chứa dữ liệu cá nhân, "
                     "hãy giữ kín và xóa sau khi dùng).\n"
                  << "Opened the copy of kiosk " << *opened << ": " << a.out.string()
                  << ". The replacement PC restores it with: hailong-kiosk --restore FILE (it holds personal data: "
                     "keep it private and delete it after use).\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq backup-open: " << e.what() << "\n";
        return ExitFailed;
    }
}
}  // namespace

void addHqBackupOpenCommand(CLI::App& hq, int& exitCode) {
    auto args = std::make_shared<BackupOpenArgs>();
    CLI::App* cmd = hq.add_subcommand(
        "backup-open", "Open a kiosk's database copy sealed to headquarters' key (.hlbackup), for its replacement PC");
    cmd->add_option("FILE", args->sealed, "The sealed copy")->required()->check(CLI::ExistingFile);
    cmd->add_option("--out", args->out, "The plain database file to write (must not exist)")->required();
    cmd->add_option("--keys", args->keys,
                    "Headquarters' key folder (default: $HAILONG_HQ_KEYS, else DATA_DIR/hq-keys)");
    cmd->callback([args, &exitCode] { exitCode = runBackupOpen(*args); });
}

}  // namespace hailong::cli
