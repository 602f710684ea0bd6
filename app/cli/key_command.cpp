// hailong key: the kiosk's id and public key, as a key file for headquarters.
#include "base/data_dir.h"
#include "batch/key_file.h"
#include "commands.h"
#include "kiosk_data.h"
#include "store/settings_store.h"
#include "survey/settings.h"

#include <fstream>
#include <iostream>

namespace hailong::cli {

namespace {
struct KeyArgs {
    std::filesystem::path dataDir = core::defaultDataDir();
    std::filesystem::path out;
};

int runKey(const KeyArgs& a) {
    try {
        auto kiosk = openKioskData(a.dataDir);
        const core::KioskSettings s = core::SettingsStore(kiosk->db).load();
        const std::string text = core::formatKioskKeyFile(
            {kiosk->db.kioskId(), kiosk->keys.publicKeyHex(), {s.unitCode, s.unitName, s.unitLevel, s.counterName}});
        if (a.out.empty()) {
            std::cout << text;
            return ExitOk;
        }
        std::ofstream file(a.out, std::ios::binary);
        file << text;
        if (!file.flush()) throw std::runtime_error("cannot write " + a.out.string());
        std::cerr << "Key of kiosk " << kiosk->db.kioskId() << " written to " << a.out.string()
                  << "; give it to headquarters for `hailong hq trust`.\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong key: " << e.what() << "\n";
        return ExitFailed;
    }
}
}  // namespace

void addKeyCommand(CLI::App& app, int& exitCode) {
    auto args = std::make_shared<KeyArgs>();
    CLI::App* cmd = app.add_subcommand(
        "key", "Print the kiosk's id and public key (a key file for `hailong hq trust`). Nothing secret is printed.");
    cmd->add_option("--data-dir", args->dataDir, "The kiosk's data folder")->capture_default_str();
    cmd->add_option("--out", args->out, "Write the key file here instead of standard output");
    cmd->callback([args, &exitCode] { exitCode = runKey(*args); });
}

}  // namespace hailong::cli
