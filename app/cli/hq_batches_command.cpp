// hailong hq held / hq decide: batches held apart by the counting rule (forks, overlapping
// ranges, chain breaks; docs/counting-rules.md), and an analyst's audited decision on one.
#include "base/clock.h"
#include "base/data_dir.h"
#include "commands.h"
#include "hq/batch_ledger.h"
#include "hq_options.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace hailong::cli {

namespace {
namespace fs = std::filesystem;

struct BatchesArgs {
    fs::path db = core::defaultDataDir() / "hq.db";
    std::string kiosk, digest, decision, reason, actor;
    std::int64_t number = 0;
    bool all = false;
};

/// Who runs the command: the user who called sudo, else the user.
std::string operatingSystemUser() {
    if (const char* sudo = std::getenv("SUDO_USER"); sudo && *sudo) return sudo;
    if (const passwd* pw = ::getpwuid(::getuid())) return pw->pw_name;
    return "uid " + std::to_string(::getuid());
}

std::string statusWords(const core::StoredBatch& b) {
    if (b.entry.decision == core::BatchDecision::SetAside) return "SET ASIDE (đã loại)";
    if (b.status.counted && b.entry.decision == core::BatchDecision::Count)
        return "COUNTED by decision (" + core::conflictWords(b.status.conflicts, false) + ")";
    if (b.status.counted) return "counted";
    return "HELD (" + core::conflictWords(b.status.conflicts, false) + "; " +
           core::conflictWords(b.status.conflicts, true) + ")";
}

int runHeld(const BatchesArgs& a) {
    try {
        auto store = openHqStore(a.db);
        const bool heldOnly = !(a.all && !a.kiosk.empty());
        const auto batches = store->batches(a.kiosk, heldOnly);
        std::int64_t responses = 0;
        for (const core::StoredBatch& b : batches) {
            std::cout << b.kioskId << "  batch " << b.entry.number << "  " << b.entry.digest.substr(0, 16) << "  seq "
                      << b.entry.seqFirst << ".." << b.entry.seqLast << "  " << b.responses << " responses  "
                      << b.fileName << "\n    " << statusWords(b) << "\n";
            if (!b.status.counted) responses += b.responses;
        }
        if (heldOnly)
            std::cout
                << batches.size() << " batch(es) held apart or set aside, " << responses
                << " responses not counted (lô bị giữ riêng hoặc đã loại)"
                << (batches.empty()
                        ? ""
                        : "; decide with: hailong hq decide KIOSK NUMBER DIGEST --count|--set-aside --reason TEXT")
                << "\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq held: " << e.what() << "\n";
        return ExitFailed;
    }
}

int runDecide(const BatchesArgs& a) {
    try {
        auto store = openHqStore(a.db);
        // The digest as printed by `hq held` (its first hex digits) names one batch of that number.
        std::vector<core::StoredBatch> match;
        for (const core::StoredBatch& b : store->batches(a.kiosk, false))
            if (b.entry.number == a.number && b.entry.digest.rfind(a.digest, 0) == 0) match.push_back(b);
        if (match.size() != 1) {
            std::cerr << "hailong hq decide: "
                      << (match.empty() ? "kiosk " + a.kiosk + " has no batch " + std::to_string(a.number) +
                                              " whose digest starts with " + a.digest + " (không có lô này)"
                                        : "several batches " + std::to_string(a.number) + " of kiosk " + a.kiosk +
                                              " have a digest starting with " + a.digest + ": give more digits")
                      << "; `hailong hq held --kiosk " << a.kiosk << " --all` lists them\n";
            return ExitFailed;
        }
        const auto decision = core::decisionFromName(a.decision);
        const core::SystemClock clock;
        const std::string actor = a.actor.empty() ? operatingSystemUser() : a.actor;
        if (const auto refused = store->decide(a.kiosk, a.number, match[0].entry.digest, *decision, actor, a.reason,
                                               clock.wallMs())) {
            std::cerr << "hailong hq decide: refused: " << *refused << "\n";
            return ExitFailed;
        }
        for (const core::StoredBatch& b : store->batches(a.kiosk, false))
            if (b.entry.number == a.number || !b.status.counted)
                std::cout << "batch " << b.entry.number << " " << b.entry.digest.substr(0, 16) << ": " << statusWords(b)
                          << "\n";
        std::cout << "recorded in the audit log as decided by " << actor << " (đã ghi nhật ký)\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq decide: " << e.what() << "\n";
        return ExitFailed;
    }
}

}  // namespace

void addBatchesCommands(CLI::App& hq, int& exitCode) {
    auto args = std::make_shared<BatchesArgs>();
    CLI::App* held = hq.add_subcommand(
        "held", "The batches held apart (forks, overlapping sequence ranges, chain breaks) or set aside: their "
                "responses are not in the figures until an analyst decides (docs/counting-rules.md).");
    held->add_option("--db", args->db, DbHelp)->capture_default_str();
    held->add_option("--kiosk", args->kiosk, "Only this kiosk's batches");
    held->add_flag("--all", args->all, "With --kiosk: every batch of the kiosk and how it is counted");
    held->callback([args, &exitCode] { exitCode = runHeld(*args); });

    CLI::App* decide = hq.add_subcommand(
        "decide", "Decide on a batch held apart: count it, or set it aside for good; recorded in the audit log with "
                  "who and why. Counting a batch whose sequence numbers another counted batch holds is refused.");
    decide->add_option("--db", args->db, DbHelp)->capture_default_str();
    decide->add_option("kiosk", args->kiosk, "The kiosk id")->required();
    decide->add_option("number", args->number, "The batch number")->required();
    decide->add_option("digest", args->digest, "The batch's digest, or its first hex digits as `hq held` prints them")
        ->required();
    auto* group = decide->add_option_group("decision", "What to do with the batch");
    group->add_flag_callback(
        "--count", [args] { args->decision = "count"; }, "Count it in the figures");
    group->add_flag_callback(
        "--set-aside", [args] { args->decision = "set-aside"; }, "Leave it out of the figures for good");
    group->add_flag_callback(
        "--undecided", [args] { args->decision = ""; }, "Withdraw an earlier decision (the rule applies again)");
    group->require_option(1);
    decide->add_option("--reason", args->reason, "Why (kept in the audit log)")->required();
    decide->add_option("--by", args->actor, "Who decides (default: the user running the command)");
    decide->callback([args, &exitCode] { exitCode = runDecide(*args); });
}

}  // namespace hailong::cli
