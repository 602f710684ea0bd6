// hailong hq key: headquarters' key pairs (issue 19, docs/package-format.md): init makes them,
// show prints the public key file kiosks pin and its fingerprint to read aloud, rotate replaces
// them (the former pair kept, to open batches sealed to it and to announce the new one).
#include "base/data_dir.h"
#include "base/durable_file.h"
#include "batch/hq_keys.h"
#include "batch/kiosk_keys.h"
#include "commands.h"
#include "hq_options.h"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

namespace hailong::cli {

namespace fs = std::filesystem;

fs::path defaultHqKeysDir() {
    if (const char* env = std::getenv("HAILONG_HQ_KEYS"); env && *env) return env;
    return core::defaultDataDir() / "hq-keys";
}

namespace {

struct KeyArgs {
    fs::path keys = defaultHqKeysDir();
    std::string name;
    fs::path out;
};

int runInit(const KeyArgs& a) {
    try {
        const core::HqKeyring ring = core::HqKeyring::create(a.keys, a.name);
        std::cout << "made headquarters' keys in " << a.keys.string() << " (đã tạo khóa của trung tâm)\n"
                  << "fingerprint (dấu vân tay): " << ring.current().fingerprint() << "\n"
                  << "Next: `hailong hq key show --out hq-key.json` writes the public key file every kiosk pins; "
                     "read the fingerprint aloud to each unit when it is installed (tiếp theo: xuất tệp khóa công "
                     "khai cho các ki-ốt và đọc dấu vân tay để đối chiếu)\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq key init: " << e.what() << "\n";
        return ExitFailed;
    }
}

int runShow(const KeyArgs& a) {
    try {
        const core::HqKeyring ring = core::HqKeyring::load(a.keys);
        const std::string text = core::formatHqKeyFile(ring.current());
        const std::string fingerprint = ring.current().fingerprint();
        if (a.out.empty()) {
            std::cout << text;
            std::cerr << "fingerprint (dấu vân tay): " << fingerprint << "\n";
            return ExitOk;
        }
        core::DurableFile file(a.out);
        file.write(text);
        file.sync();
        file.commit();
        std::cout << "wrote " << a.out.string() << " (đã ghi tệp khóa công khai)\n"
                  << "fingerprint (dấu vân tay): " << fingerprint << "\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq key show: " << e.what() << "\n";
        return ExitFailed;
    }
}

int runRotate(const KeyArgs& a) {
    try {
        const core::HqKeyring ring = core::HqKeyring::rotate(a.keys, a.name);
        std::cout << "new headquarters' keys in " << a.keys.string() << " (đã tạo cặp khóa mới)\n"
                  << "new fingerprint (dấu vân tay mới): " << ring.current().fingerprint() << "\n"
                  << "former fingerprint (dấu vân tay cũ): " << ring.previous()->fingerprint() << " — kept in "
                  << (a.keys / "retired").string() << " to open batches sealed to it\n"
                  << "Kiosks still trust the former key: send each unit a package with `hailong hq package ... "
                     "--announce-key`, signed by the former key, before any other (các ki-ốt vẫn tin khóa cũ: hãy gửi "
                     "gói có --announce-key, ký bằng khóa cũ, trước mọi gói khác)\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq key rotate: " << e.what() << " (không đổi được khóa)\n";
        return ExitFailed;
    }
}

}  // namespace

void addHqKeyCommand(CLI::App& hq, int& exitCode) {
    CLI::App* key = hq.add_subcommand(
        "key", "Headquarters' key pairs, which sign packages for kiosks and open the personal fields sealed in "
               "batches (docs/package-format.md): init, show, rotate.");
    key->require_subcommand(1);
    const auto sub = [&](const char* name, const char* what) {
        auto args = std::make_shared<KeyArgs>();
        CLI::App* cmd = key->add_subcommand(name, what);
        cmd->add_option("--keys", args->keys,
                        "The folder of headquarters' secret keys (only its owner can read it); default "
                        "$HAILONG_HQ_KEYS, else DATA_DIR/hq-keys")
            ->capture_default_str();
        return std::make_pair(cmd, args);
    };
    auto [init, initArgs] = sub("init", "Make headquarters' key pairs (refused if the folder holds them already).");
    init->add_option("--name", initArgs->name, "A name for people, written in the public key file");
    init->callback([args = initArgs, &exitCode] { exitCode = runInit(*args); });

    auto [show, showArgs] = sub("show", "Print the public key file kiosks pin (or write it with --out) and its "
                                        "fingerprint, to read aloud.");
    show->add_option("--out", showArgs->out, "Write the public key file here instead of standard output");
    show->callback([args = showArgs, &exitCode] { exitCode = runShow(*args); });

    auto [rotate, rotateArgs] = sub("rotate", "Make new key pairs; the former ones are retired and kept. Then send "
                                              "packages with --announce-key.");
    rotate->add_option("--name", rotateArgs->name, "A name for people, written in the new public key file");
    rotate->callback([args = rotateArgs, &exitCode] { exitCode = runRotate(*args); });
}

}  // namespace hailong::cli
