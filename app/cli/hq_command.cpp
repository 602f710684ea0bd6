// hailong hq: headquarters' side: trust kiosks, import their batches, list them (issue 5).
#include "app/cli/commands.h"
#include "core/batch/key_file.h"
#include "core/clock.h"
#include "core/data_dir.h"
#include "core/hq/hq_import.h"
#include "core/hq/sqlite_hq_store.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

namespace hailong::cli {

namespace {
namespace fs = std::filesystem;

struct HqArgs {
    fs::path db = core::defaultDataDir() / "hq.db";
    std::vector<fs::path> paths;
};

std::unique_ptr<core::SqliteHqStore> openStore(const fs::path& db) {
    std::error_code ec;
    if (!db.parent_path().empty()) fs::create_directories(db.parent_path(), ec);
    return std::make_unique<core::SqliteHqStore>(db);
}

int runTrust(const HqArgs& a) {
    try {
        auto store = openStore(a.db);
        const core::SystemClock clock;
        int bad = 0;
        for (const fs::path& file : a.paths) {
            std::ifstream in(file, std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            auto key = core::parseKioskKeyFile(text.str());
            if (!in || !key) {
                std::cerr << "hailong hq trust: " << file.string() << ": " << (key ? "cannot be read" : key.error()) << "\n";
                ++bad;
                continue;
            }
            const auto before = store->kiosk(key->kioskId);
            store->trust(*key, clock.wallMs());
            std::cout << (before ? (before->publicKeyHex == key->publicKeyHex ? "already trusted: " : "NEW KEY for: ") : "trusted: ")
                      << key->kioskId << " " << key->unit.code << " " << key->unit.name << "\n";
        }
        return bad == 0 ? ExitOk : ExitFailed;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq trust: " << e.what() << "\n";
        return ExitFailed;
    }
}

int runKiosks(const HqArgs& a) {
    try {
        auto store = openStore(a.db);
        const auto kiosks = store->kiosks();
        std::cout << kiosks.size() << " kiosk(s) registered in " << a.db.string() << "\n";
        for (const core::KioskStatus& k : kiosks) {
            std::cout << k.kiosk.kioskId << "  " << (k.kiosk.unit.code.empty() ? "-" : k.kiosk.unit.code) << "  "
                      << k.kiosk.unit.name << (k.kiosk.unit.counter.empty() ? "" : ", " + k.kiosk.unit.counter) << "\n"
                      << "    batches " << k.batches << " (last " << k.lastBatch << "), last seq " << k.lastSeq << ", "
                      << k.responses << " responses, last contact "
                      << (k.lastContactUtcMs ? core::formatLocalIso(k.lastContactUtcMs, 0) : std::string("never")) << "\n";
            if (!k.missing.empty()) {
                std::cout << "    MISSING batch(es):";
                for (std::int64_t n : k.missing) std::cout << " " << n;
                std::cout << "\n";
            }
        }
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq kiosks: " << e.what() << "\n";
        return ExitFailed;
    }
}

int runImport(const HqArgs& a) {
    try {
        auto store = openStore(a.db);
        const core::SystemClock clock;
        const auto files = core::batchFilesIn(a.paths);
        const bool tty = ::isatty(STDERR_FILENO) != 0;
        const auto progress = [&](std::size_t done, std::size_t total) {
            if (total < 20) return;
            if (tty) std::cerr << "\rimporting… " << done << " / " << total << " files" << (done == total ? "\n" : "") << std::flush;
            else if (done == total || done % 100 == 0) std::cerr << "imported " << done << " / " << total << " files\n";
        };
        const core::ImportSummary s = core::importBatchFiles(*store, files, clock.wallMs(), progress);
        for (const core::FileImport& f : s.files) {
            if (!f.accepted) std::cout << "REFUSED " << f.file << ": " << f.reason << "\n";
            for (const std::string& note : f.outcome.notes) std::cout << "NOTE    " << f.file << ": " << note << "\n";
        }
        for (const core::KioskStatus& k : store->kiosks())
            if (!k.missing.empty()) {
                std::cout << "GAP     kiosk " << k.kiosk.kioskId << " (" << k.kiosk.unit.code << "): batch(es)";
                for (std::int64_t n : k.missing) std::cout << " " << n;
                std::cout << " not received\n";
            }
        std::cout << "files: " << s.accepted << " ok, " << s.refused << " refused; responses: " << s.newResponses
                  << " new, " << s.knownResponses << " already known; " << store->responseCount() << " stored in all\n";
        return s.refused == 0 ? ExitOk : ExitFailed;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq import: " << e.what() << "\n";
        return ExitFailed;
    }
}
} // namespace

void addHqCommand(CLI::App& app, int& exitCode) {
    CLI::App* hq = app.add_subcommand("hq", "Headquarters: trust kiosks, import their batches, list them.");
    hq->require_subcommand(1);
    auto add = [&](const char* name, const char* what, bool needsPaths, int (*run)(const HqArgs&), const char* pathsHelp) {
        auto args = std::make_shared<HqArgs>();
        CLI::App* cmd = hq->add_subcommand(name, what);
        cmd->add_option("--db", args->db, "The headquarters database")->capture_default_str();
        if (needsPaths) cmd->add_option("paths", args->paths, pathsHelp)->required()->check(CLI::ExistingPath);
        cmd->callback([args, run, &exitCode] { exitCode = run(*args); });
    };
    add("trust", "Register kiosks' public keys (key files made by `hailong key` at each kiosk).", true, runTrust,
        "Key files");
    add("kiosks", "List the registered kiosks: batches, last sequence number, missing batches, last contact.", false,
        runKiosks, "");
    add("import",
        "Import batch files (or folders of them): each checked against its kiosk's registered key and stored in one "
        "transaction; every response counted once however often a file is imported.",
        true, runImport, "Batch files or folders");
}

} // namespace hailong::cli
