// hailong hq-pin and hailong apply-package: what the staff menu's "Headquarters key" and
// "Receive a package from headquarters" do, for support staff and scripts (issue 19).
#include "base/data_dir.h"
#include "base/strings.h"
#include "batch/hq_keys.h"
#include "commands.h"
#include "flow/package_apply.h"
#include "kiosk_data.h"
#include "store/hq_link.h"

#include <fstream>
#include <iostream>
#include <iterator>

namespace hailong::cli {

namespace {

struct PinArgs {
    std::filesystem::path dataDir = core::defaultDataDir();
    std::filesystem::path file;
    bool yes = false;
};

struct ApplyArgs {
    std::filesystem::path dataDir = core::defaultDataDir();
    std::filesystem::path file;
    bool dryRun = false;
};

std::string readSmall(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::string text;
    in.seekg(0, std::ios::end);
    if (in.tellg() > 64 * 1024) throw std::runtime_error(file.string() + " is too large to be a key file");
    in.seekg(0);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return text;
}

int runPin(const PinArgs& a) {
    try {
        auto kiosk = openKioskData(a.dataDir);
        auto key = core::parseHqKeyFile(readSmall(a.file));
        if (!key) {
            std::cerr << "hailong hq-pin: " << a.file.string() << ": " << key.error() << "\n";
            return ExitFailed;
        }
        std::cout << "Headquarters: " << (key->name.empty() ? "(no name)" : key->name) << "\n"
                  << "Key code:     " << key->fingerprint() << "\n";
        core::HqLink link(kiosk->db);
        if (const auto pinned = link.pinnedKey()) {
            if (pinned->signHex == key->signHex && pinned->boxHex == key->boxHex) {
                std::cout << "This key is already pinned on kiosk " << kiosk->db.kioskId() << ".\n";
                return ExitOk;
            }
            std::cerr << "hailong hq-pin: kiosk " << kiosk->db.kioskId()
                      << " has another headquarters key pinned; a new key comes only in a package signed with "
                         "the pinned one. Nothing was changed.\n";
            return ExitFailed;
        }
        if (!a.yes) {
            std::cerr << "Not pinned: compare the key code with headquarters (over the phone), then run again "
                         "with --yes.\n";
            return ExitFailed;
        }
        if (!link.pinFirst(core::PinnedHqKey{key->signHex, key->boxHex, key->name}, key->fingerprint(), kiosk->audit)) {
            std::cerr << "hailong hq-pin: a key was pinned meanwhile; nothing was changed.\n";
            return ExitFailed;
        }
        std::cout << "Pinned on kiosk " << kiosk->db.kioskId() << " (audited; it travels in the next batch).\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq-pin: " << e.what() << "\n";
        return ExitFailed;
    }
}

void printChanges(const std::vector<core::PackageChange>& changes) {
    const core::Strings& words = core::Strings::builtIn();
    if (changes.empty()) std::cout << "  (nothing changes; the kiosk only records the package's serial)\n";
    for (const core::PackageChange& c : changes)
        std::cout << "  " << words.get(c.key, core::Language::En) << ": "
                  << (c.before.en.empty() ? "(none)" : c.before.en) << " -> " << c.after.en << "\n";
}

int runApply(const ApplyArgs& a) {
    try {
        auto kiosk = openKioskData(a.dataDir);
        auto plan = core::planPackageFile(a.file, kiosk->db);
        if (!plan) {
            if (!a.dryRun) core::recordPackageRefusal(kiosk->audit, plan.error());
            std::cerr << "hailong apply-package: refused, nothing changed: " << plan.error().reason.en << "\n  "
                      << plan.error().reason.vi << "\n";
            return ExitFailed;
        }
        std::cout << "Package " << plan->package.serial << " for " << core::packageTargetText(plan->package.target)
                  << (a.dryRun ? " would change:\n" : " changes:\n");
        printChanges(plan->changes);
        if (a.dryRun) return ExitOk;
        auto done = core::applyPackage(*plan, kiosk->db, kiosk->audit,
                                       core::PackageApplyOptions{a.dataDir / "questionnaires", {}});
        if (!done) {
            std::cerr << "hailong apply-package: refused, nothing changed: " << done.error().reason.en << "\n";
            return ExitFailed;
        }
        std::cout << "Applied on kiosk " << kiosk->db.kioskId()
                  << ". A running kiosk puts it in force at its next start.\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong apply-package: " << e.what() << " (nothing was changed)\n";
        return ExitFailed;
    }
}

}  // namespace

void addKioskHqCommands(CLI::App& app, int& exitCode) {
    auto pin = std::make_shared<PinArgs>();
    CLI::App* p = app.add_subcommand(
        "hq-pin", "Pin headquarters' public key (a hailong-hq-key/1 file) on a kiosk, after its key code was "
                  "compared with headquarters. A pinned key is replaced only by a package signed with it.");
    p->add_option("--data-dir", pin->dataDir, "The kiosk's data folder")->capture_default_str();
    p->add_option("file", pin->file, "Headquarters' key file (.hlkey)")->required();
    p->add_flag("--yes", pin->yes, "The key code matches: pin it (without: only show it)");
    p->callback([pin, &exitCode] { exitCode = runPin(*pin); });

    auto apply = std::make_shared<ApplyArgs>();
    CLI::App* c = app.add_subcommand(
        "apply-package", "Apply a package from headquarters (.hlpack) on a kiosk, all or nothing, as the staff "
                         "menu does; a refused package changes nothing and the reason is printed.");
    c->add_option("--data-dir", apply->dataDir, "The kiosk's data folder")->capture_default_str();
    c->add_option("file", apply->file, "The package (.hlpack)")->required();
    c->add_flag("--dry-run", apply->dryRun, "Only say what it would change (or why it is refused)");
    c->callback([apply, &exitCode] { exitCode = runApply(*apply); });
}

}  // namespace hailong::cli
