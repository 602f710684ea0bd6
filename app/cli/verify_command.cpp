// hailong verify: check batch files (digest, signature, content, chain) and say what they hold.
#include "base/clock.h"
#include "batch/batch_format.h"
#include "batch/key_file.h"
#include "commands.h"
#include "hq_keys_option.h"

#include <fstream>
#include <iostream>
#include <sstream>

namespace hailong::cli {

namespace {
struct VerifyArgs {
    std::vector<std::filesystem::path> files;
    std::filesystem::path keyFile;
    std::filesystem::path hqKeys;  ///< optional: open the sealed fields too
};

std::vector<std::filesystem::path> expand(const std::vector<std::filesystem::path>& given) {
    std::vector<std::filesystem::path> out;
    for (const auto& p : given) {
        std::error_code ec;
        if (std::filesystem::is_directory(p, ec)) {
            std::vector<std::filesystem::path> inside;
            for (const auto& e : std::filesystem::directory_iterator(p, ec))
                if (e.path().extension() == ".hlbatch") inside.push_back(e.path());
            std::sort(inside.begin(), inside.end());
            out.insert(out.end(), inside.begin(), inside.end());
        } else {
            out.push_back(p);
        }
    }
    return out;
}

void describe(const std::string& file, const core::Batch& b) {
    const core::BatchHeader& h = b.header;
    std::cout << "OK  " << file << "\n"
              << "    kiosk " << h.kioskId << ", unit " << (h.unit.code.empty() ? "(not set)" : h.unit.code);
    if (!h.unit.name.empty()) std::cout << " " << h.unit.name;
    if (!h.unit.level.empty()) std::cout << " (" << h.unit.level << ")";
    if (!h.unit.counter.empty()) std::cout << ", " << h.unit.counter;
    std::cout << "\n    batch " << h.number << ": " << h.responseCount << " responses";
    if (h.responseCount > 0) std::cout << " (sequence " << h.seqFirst << "–" << h.seqLast << ")";
    std::cout << ", " << h.auditCount << " audit entries\n";
    if (h.responseCount > 0)
        std::cout << "    rated " << core::formatLocalIso(h.timeFirstUtcMs, h.exportUtcOffsetMinutes) << " to "
                  << core::formatLocalIso(h.timeLastUtcMs, h.exportUtcOffsetMinutes) << "\n";
    std::cout << "    exported " << core::formatLocalIso(h.exportUtcMs, h.exportUtcOffsetMinutes) << " by " << h.program
              << "\n";
    for (const core::AnswerCount& c : h.counts)
        if (c.scale == "three_level" || c.scale == "sipas5" || c.scale == "star5" || c.scale == "yes_no")
            std::cout << "    " << c.questionId << " = " << c.value << ": " << c.count << "\n";
    if (h.sealed()) {
        std::int64_t comments = 0, dossiers = 0;
        for (const core::SealedFields& f : b.sealed) {
            comments += !f.comment.empty();
            dossiers += !f.dossierCode.empty();
        }
        std::cout << "    " << core::BatchFormatSealed << ", sealed to headquarters' key "
                  << h.sealedToHex.substr(0, 16) << "…: ";
        if (b.opened) std::cout << "personal fields opened / đã mở các trường cá nhân\n";
        else
            std::cout << comments << " comment(s) and " << dossiers << " dossier code(s) sealed / " << comments
                      << " góp ý và " << dossiers << " mã hồ sơ đã niêm phong\n";
    }
    std::cout << "    digest " << b.digestHex << "\n";
}

int runVerify(const VerifyArgs& a) {
    core::BatchReadOptions options;
    if (!a.keyFile.empty()) {
        std::ifstream in(a.keyFile, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        auto key = core::parseKioskKeyFile(text.str());
        if (!in || !key) {
            std::cerr << "hailong verify: " << a.keyFile.string() << ": " << (key ? "cannot be read" : key.error())
                      << "\n";
            return ExitFailed;
        }
        // Both: a key file names one kiosk, and its key signs only that kiosk's batches.
        options.expectedKioskId = key->kioskId;
        options.expectedPublicKeyHex = key->publicKeyHex;
    }
    if (!a.hqKeys.empty()) {
        try {
            std::string why;
            const auto secrets = loadBoxSecrets(a.hqKeys, &why);
            if (!secrets) {
                std::cerr << "hailong verify: " << why << "\n";
                return ExitFailed;
            }
            options.boxSecretFor = *secrets;
        } catch (const std::exception& e) {
            std::cerr << "hailong verify: " << e.what() << "\n";
            return ExitFailed;
        }
    }
    std::vector<std::pair<std::string, core::Batch>> good;
    int bad = 0;
    for (const auto& file : expand(a.files)) {
        auto batch = core::readBatchFile(file, options);
        if (!batch) {
            std::cout << "BAD " << batch.error().toString() << "\n";
            ++bad;
            continue;
        }
        describe(file.string(), *batch);
        good.emplace_back(file.string(), std::move(*batch));
    }
    std::vector<core::ChainedFile> chain;
    for (const auto& [file, batch] : good) chain.push_back({file, &batch});
    const std::vector<std::string> problems = core::checkChain(chain);
    for (const std::string& p : problems) std::cout << "CHAIN " << p << "\n";
    std::cout << good.size() << " batch file(s) valid, " << bad << " refused, " << problems.size()
              << " chain problem(s)\n";
    return bad == 0 && problems.empty() ? ExitOk : ExitFailed;
}
}  // namespace

void addVerifyCommand(CLI::App& app, int& exitCode) {
    auto args = std::make_shared<VerifyArgs>();
    CLI::App* cmd = app.add_subcommand(
        "verify", "Check batch files: digest, signature, every record, and the chain between batches of a kiosk; "
                  "print what each holds. A folder stands for the .hlbatch files in it.");
    cmd->add_option("files", args->files, "Batch files or folders")->required()->check(CLI::ExistingPath);
    cmd->add_option(
           "--key", args->keyFile,
           "A kiosk key file (from `hailong key`): refuse batches of any other kiosk, or signed by any other key")
        ->check(CLI::ExistingFile);
    cmd->add_option("--hq-keys", args->hqKeys,
                    "Headquarters' key folder (`hailong hq key init`): also open the comments and dossier codes "
                    "sealed for headquarters (a sealed field that does not open refuses its batch)")
        ->check(CLI::ExistingDirectory);
    cmd->callback([args, &exitCode] { exitCode = runVerify(*args); });
}

}  // namespace hailong::cli
