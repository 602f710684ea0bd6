// hailong hq: headquarters' side: trust kiosks, import their batches, list them (issue 5).
#include "base/clock.h"
#include "base/data_dir.h"
#include "batch/key_file.h"
#include "commands.h"
#include "demo/demo_data.h"
#include "hq/data_quality.h"
#include "hq/hq_import.h"
#include "hq/hq_migrate.h"
#include "hq/pg_connection.h"
#include "hq/report.h"
#include "hq/report_comments.h"
#include "hq/report_html.h"
#include "hq/report_xlsx.h"
#include "hq/sqlite_hq_store.h"
#include "hq_keys_option.h"
#include "hq_options.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

namespace hailong::cli {

namespace {
namespace fs = std::filesystem;

struct HqArgs {
    fs::path db = core::defaultDataDir() / "hq.db";
    std::vector<fs::path> paths;
    fs::path keys;  ///< import, unseal: headquarters' key folder (hq_keys_option.h)
};

int runTrust(const HqArgs& a) {
    try {
        auto store = openHqStore(a.db);
        const core::SystemClock clock;
        int bad = 0;
        for (const fs::path& file : a.paths) {
            std::ifstream in(file, std::ios::binary);
            std::stringstream text;
            text << in.rdbuf();
            auto key = core::parseKioskKeyFile(text.str());
            if (!in || !key) {
                std::cerr << "hailong hq trust: " << file.string() << ": " << (key ? "cannot be read" : key.error())
                          << "\n";
                ++bad;
                continue;
            }
            const auto before = store->kiosk(key->kioskId);
            store->trust(*key, clock.wallMs());
            std::cout << (before ? (before->publicKeyHex == key->publicKeyHex ? "already trusted: " : "NEW KEY for: ")
                                 : "trusted: ")
                      << key->kioskId << " " << key->unit.code << " " << key->unit.name << "\n";
        }
        return bad == 0 ? ExitOk : ExitFailed;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq trust: " << e.what() << "\n";
        return ExitFailed;
    }
}

/// How long a clock was ahead, roughly: "5 min", "3 h", "2 days" (whole units, rounded down).
std::string aheadWords(std::int64_t ms) {
    const std::int64_t minutes = ms / 60'000, hours = minutes / 60, days = hours / 24;
    if (days >= 1) return std::to_string(days) + (days == 1 ? " day" : " days");
    if (hours >= 1) return std::to_string(hours) + " h";
    return std::to_string(minutes) + " min";
}

int runKiosks(const HqArgs& a) {
    try {
        auto store = openHqStore(a.db);
        const auto kiosks = store->kiosks();
        std::cout << kiosks.size() << " kiosk(s) registered in " << store->describe() << "\n";
        for (const core::KioskStatus& k : kiosks) {
            std::cout << k.kiosk.kioskId << "  " << (k.kiosk.unit.code.empty() ? "-" : k.kiosk.unit.code) << "  "
                      << k.kiosk.unit.name << (k.kiosk.unit.counter.empty() ? "" : ", " + k.kiosk.unit.counter) << "\n"
                      << "    batches " << k.batches << " (last " << k.lastBatch << "), last seq " << k.lastSeq << ", "
                      << k.responses << " responses counted"
                      << (k.heldBatches ? ", " + std::to_string(k.heldResponses) + " HELD APART in " +
                                              std::to_string(k.heldBatches) + " batch(es)"
                                        : std::string())
                      << ", last contact "
                      << (k.lastContactUtcMs ? core::formatLocalIso(k.lastContactUtcMs, 0) : std::string("never"))
                      << (k.clockAheadMs >= 60'000
                              ? ", clock ahead by " + aheadWords(k.clockAheadMs) + " at its last export"
                              : std::string())
                      << (k.program.empty() ? std::string() : ", written by " + k.program) << "\n";
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
        auto store = openHqStore(a.db);
        const core::SystemClock clock;
        const auto files = core::batchFilesIn(a.paths);
        const bool tty = ::isatty(STDERR_FILENO) != 0;
        const auto progress = [&](std::size_t done, std::size_t total) {
            if (total < 20) return;
            if (tty)
                std::cerr << "\rimporting… " << done << " / " << total << " files" << (done == total ? "\n" : "")
                          << std::flush;
            else if (done == total || done % 100 == 0) std::cerr << "imported " << done << " / " << total << " files\n";
        };
        std::string noKeys;
        const auto secrets = loadBoxSecrets(hqKeysFolder(a.keys), &noKeys);
        const core::ImportSummary s = core::importBatchFiles(*store, files, clock.wallMs(), progress,
                                                             secrets.value_or(core::BoxSecretFor{}));
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
        std::int64_t held = 0;
        for (const core::StoredBatch& b : store->batches("", true)) held += b.responses;
        std::cout << "files: " << s.accepted << " ok, " << s.refused
                  << " refused; responses: " << s.newResponses + s.heldResponses << " stored, " << s.knownResponses
                  << " already known; in all " << store->responseCount() << " counted, " << held << " held apart\n";
        if (s.commentsOpened > 0)
            std::cout << "OPENED  " << s.commentsOpened << " comment(s) stored sealed before, readable now / "
                      << s.commentsOpened << " góp ý đã niêm phong nay đọc được\n";
        if (s.sealedComments > 0)
            std::cout << "SEALED  " << core::sealedCommentsWords(s.sealedComments)
                      << (secrets ? " (sealed to another key / niêm phong cho khóa khác)" : "") << "\n";
        if (!secrets && s.sealedComments > 0) std::cout << "NO KEYS " << noKeys << "\n";
        if (held > 0)
            std::cout << "HELD    " << held
                      << " responses in batches held apart (forks, overlapping ranges, chain breaks): not counted "
                         "until an analyst decides; `hailong hq held` lists them (đánh giá bị giữ riêng, chưa tính)\n";
        return s.refused == 0 ? ExitOk : ExitFailed;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq import: " << e.what() << "\n";
        return ExitFailed;
    }
}
int runUnseal(const HqArgs& a) {
    try {
        auto store = openHqStore(a.db);
        std::string noKeys;
        const auto secrets = loadBoxSecrets(hqKeysFolder(a.keys), &noKeys);
        if (!secrets) {
            std::cerr << "hailong hq unseal: " << noKeys << "\n";
            return ExitFailed;
        }
        std::vector<std::string> problems;
        const std::int64_t opened = core::unsealStoredComments(*store, *secrets, &problems);
        for (const std::string& p : problems) std::cout << "REFUSED " << p << "\n";
        core::CommentQuery all;
        all.limit = 0;
        const core::CommentPage left = store->comments(all);
        std::cout << opened << " comment(s) opened / " << opened << " góp ý đã mở; " << left.total
                  << " comment(s) in all";
        if (left.sealed > 0) std::cout << ", " << core::sealedCommentsWords(left.sealed);
        std::cout << "\n";
        return problems.empty() ? ExitOk : ExitFailed;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq unseal: " << e.what() << "\n";
        return ExitFailed;
    }
}

struct MigrateArgs {
    fs::path from, to;
};

int runMigrate(const MigrateArgs& a) {
    try {
        if (!fs::exists(a.from) && !core::isPostgresTarget(a.from.string()))
            throw std::runtime_error(a.from.string() + ": no such headquarters database (không có tệp này)");
        auto from = openHqStore(a.from);
        auto to = openHqStore(a.to);
        const core::SystemClock clock;
        const bool tty = ::isatty(STDERR_FILENO) != 0;
        const auto s = core::migrateStore(
            *from, *to, from->describe(), clock.wallMs(), [&](std::int64_t done, std::int64_t total) {
                if (tty)
                    std::cerr << "\rmigrating… " << done << " / " << total << " batch files"
                              << (done == total ? "\n" : "") << std::flush;
            });
        std::cout << "moved to " << to->describe() << ": " << s.kiosks << " kiosk(s), " << s.files
                  << " batch files imported again, " << s.responses << " responses counted (as in the source), "
                  << s.decisions << " decision(s) taken again, " << s.units << " registry row(s), " << s.refused
                  << " refused file(s), " << s.accounts << " account(s), " << s.auditEntries
                  << " audit entries (đã chuyển xong)\n";
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq migrate: " << e.what() << "\n";
        return ExitFailed;
    }
}

struct ReportArgs {
    fs::path db = core::defaultDataDir() / "hq.db";
    std::string from, to, by = "unit", format = "table", asOf, under, sort = "key";
    std::size_t top = 0, bottom = 0;
    std::int64_t minRatings = core::DefaultMinRatings;
    fs::path out;
};

int runReport(const ReportArgs& a) {
    if (a.format == "xlsx" && a.out.empty()) {
        std::cerr << "hailong hq report: --format xlsx needs --out FILE.xlsx (a workbook is not for the terminal)\n";
        return ExitUsage;
    }
    try {
        auto store = openHqStore(a.db);
        core::ReportQuery q;
        const auto by = core::reportByFromName(a.by);
        if (!by)
            throw std::runtime_error(
                "--by must be unit, province, level, procedure, officer, counter, question, day or month");
        q.by = *by;
        const auto sort = core::reportSortFromName(a.sort);
        if (!sort) throw std::runtime_error("--sort must be key, name, ratings or rate");
        q.sort = *sort;
        if (!a.from.empty()) q.fromDay = dayOption("--from", a.from);
        if (!a.to.empty()) q.toDay = dayOption("--to", a.to);
        if (!a.asOf.empty()) q.asOfDay = dayOption("--as-of", a.asOf);
        q.under = a.under;
        q.top = a.top;
        q.bottom = a.bottom;
        q.minRatings = a.minRatings;
        const core::Report report = core::buildReport(*store, q);
        // The citizens' comments of the same scope (issue 19): a few hundred on a page, all in a workbook.
        const core::CommentPage comments = store->comments(
            core::commentQueryFor(*store, q, a.format == "xlsx" ? 100'000 : 300));
        if (a.format == "xlsx") {  // written under a temporary name, then renamed
            core::XlsxReportOptions options;
            options.comments = comments;
            options.createdUtcMs = core::SystemClock().wallMs();
            options.dataQuality = core::dataQuality(*store, report, /*trendShown=*/false).notes;
            core::reportXlsx(report, a.out, options);
            return ExitOk;
        }
        std::string text;
        if (a.format == "table") text = core::reportTable(report) + core::commentsLine(comments);
        else if (a.format == "csv") text = core::reportCsv(report);
        else if (a.format == "html") {
            core::HtmlReportExtras extras;
            const auto day = [](const std::string& date) {  // "2026-01-31" -> "31/01/2026", checked above
                int y = 0, m = 0, d = 0;
                std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &m, &d);
                char buf[16];
                std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d % 100, m % 100, y % 10000);
                return std::string(buf);
            };
            if (!a.from.empty() && !a.to.empty()) extras.period = day(a.from) + " – " + day(a.to);
            else if (!a.from.empty()) extras.period = "từ " + day(a.from);
            else if (!a.to.empty()) extras.period = "đến " + day(a.to);
            core::DataQuality quality = core::dataQuality(*store, report, /*trendShown=*/true);
            extras.trend = std::move(quality.trend);
            extras.dataQuality = std::move(quality.notes);
            extras.comments = comments;
            text = core::reportHtml(report, extras);
        } else throw std::runtime_error("--format must be table, csv, html or xlsx, not " + a.format);
        if (a.out.empty()) {
            std::cout << text;
        } else {
            std::ofstream file(a.out, std::ios::binary);
            file << text;
            if (!file.flush()) throw std::runtime_error("cannot write " + a.out.string());
        }
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << "hailong hq report: " << e.what() << "\n";
        return ExitFailed;
    }
}
}  // namespace

void addDemoCommand(CLI::App& app, int& exitCode) {
    auto out = std::make_shared<fs::path>();
    auto scenario = std::make_shared<std::string>("2019");
    CLI::App* cmd = app.add_subcommand(
        "demo", "Make a realistic data set to try headquarters' side, exported by real kiosk code as signed, chained "
                "monthly batches, with the kiosks' key files and the units in the unit registry's format (units.csv).");
    cmd->add_option("--out", *out, "Folder to make (batches/, keys/ and units.csv in it)")->required();
    cmd->add_option("--scenario", *scenario,
                    "2019: the police's 2019 measurement, 110 units at four levels, 20,000 ratings (86.69%), with "
                    "some trouble (a copied batch, a missing batch, a misuse burst, a kiosk clock two years ahead). "
                    "2026: 2024-07-01 to 2026-06-30 across the 2025 reform: the 63 provinces' police and district "
                    "police (until 2025-02-28), then the 34 provinces' police and communes, and C06, C08 throughout")
        ->check(CLI::IsMember({"2019", "2026"}))
        ->capture_default_str();
    cmd->callback([out, scenario, &exitCode] {
        try {
            const bool tty = ::isatty(STDERR_FILENO) != 0;
            const core::DemoScenario which = *scenario == "2026" ? core::DemoScenario::Map2026
                                                                 : core::DemoScenario::Seed2019;
            const core::DemoSummary s = core::makeDemoData(*out, which, [&](int done, int total) {
                if (tty) std::cerr << "\rkiosk " << done << " / " << total << (done == total ? "\n" : "") << std::flush;
            });
            const auto percent = [](std::int64_t part, std::int64_t whole) {
                return core::formatPercent(core::percentOf(part, whole));
            };
            std::string levels;
            for (const char* level : {"central", "province", "district", "commune"})
                if (const auto it = s.unitsByLevel.find(level); it != s.unitsByLevel.end())
                    levels += (levels.empty() ? "" : ", ") + std::to_string(it->second) + " " + level;
            const std::string keys = (*out / "keys").string(), batches = (*out / "batches").string(),
                              units = (*out / "units.csv").string();
            std::cout << s.kiosks << " kiosks, " << s.batchFiles << " batch files in " << batches << ", key files in "
                      << keys << "\n"
                      << "units: " << levels << " (" << s.unitRows << " rows in " << units << ")\n"
                      << s.ratingsCounted << " ratings from " << s.firstDay << " to " << s.lastDay << " to count, "
                      << s.satisfied << " satisfied (" << percent(s.satisfied, s.ratingsCounted) << ")\n";
            for (const core::DemoPart& part : s.parts)
                std::cout << "  " << part.label << ": " << part.ratings << " ratings, "
                          << percent(part.satisfied, part.ratings) << "\n";
            if (s.scenario == core::DemoScenario::Seed2019) {
                std::cout << "trouble: " << s.duplicatedFile << " is a copy; " << s.missingBatch
                          << " is missing; kiosk " << s.burstKiosk << " has a misuse burst; kiosk " << s.wrongClockKiosk
                          << " had its clock two years ahead all year, set right for its one "
                          << "export (its " << s.wrongClockRatings << " ratings dated 2021, marked clock-suspect)\n"
                          << "next: hailong hq trust " << keys << "/*.key && hailong hq import " << batches
                          << " && hailong hq report\n"
                          << "by province: hailong hq units import " << units
                          << " && hailong hq report --by province\n";
            } else {
                const core::SystemClock clock;  // today at headquarters
                const std::string today = core::formatLocalIso(clock.wallMs(), clock.utcOffsetMinutes()).substr(0, 10);
                std::cout << "next: hailong hq trust " << keys << "/*.key && hailong hq import " << batches
                          << " && hailong hq units import " << units << " && hailong hq report --by province --as-of "
                          << today << "\n";
            }
            exitCode = ExitOk;
        } catch (const std::exception& e) {
            std::cerr << "hailong demo: " << e.what() << "\n";
            exitCode = ExitFailed;
        }
    });
}

void addHqCommand(CLI::App& app, int& exitCode) {
    CLI::App* hq = app.add_subcommand(
        "hq", "Headquarters: trust kiosks, import their batches, list them; the unit registry; reports.");
    hq->require_subcommand(1);
    auto add = [&](const char* name, const char* what, bool needsPaths, int (*run)(const HqArgs&),
                   const char* pathsHelp) {
        auto args = std::make_shared<HqArgs>();
        CLI::App* cmd = hq->add_subcommand(name, what);
        cmd->add_option("--db", args->db, DbHelp)->capture_default_str();
        if (std::string(name) == "import" || std::string(name) == "unseal")
            cmd->add_option("--keys", args->keys, HqKeysHelp);
        if (needsPaths) cmd->add_option("paths", args->paths, pathsHelp)->required()->check(CLI::ExistingPath);
        cmd->callback([args, run, &exitCode] { exitCode = run(*args); });
    };
    add("trust", "Register kiosks' public keys (key files made by `hailong key` at each kiosk).", true, runTrust,
        "Key files");
    add("kiosks", "List the registered kiosks: batches, last sequence number, missing batches, last contact.", false,
        runKiosks, "");
    addUnitsCommand(*hq, exitCode);
    addBatchesCommands(*hq, exitCode);
    addServeCommand(*hq, exitCode);
    addUserCommand(*hq, exitCode);
    addHqKeyCommand(*hq, exitCode);
    addPackageCommand(*hq, exitCode);
    addHqBackupOpenCommand(*hq, exitCode);
    add("import",
        "Import batch files (or folders of them): each checked against its kiosk's registered key and stored in one "
        "transaction; every response counted once however often a file is imported.",
        true, runImport, "Batch files or folders");
    add("unseal",
        "Open the comments stored sealed (batches imported without headquarters' keys) with the keys of --keys: "
        "they become readable in reports; nothing is counted again.",
        false, runUnseal, "");

    auto migrateArgs = std::make_shared<MigrateArgs>();
    CLI::App* migrate = hq->add_subcommand(
        "migrate", "Move a headquarters into an empty database (an SQLite file to PostgreSQL, say): its stored batch "
                   "files imported again, kiosks, unit registry, refused files and audit log copied, decisions taken "
                   "again; the figures checked equal. The source is not changed.");
    migrate->add_option("--from", migrateArgs->from, "The headquarters database to move (" + std::string(DbHelp) + ")")
        ->required();
    migrate->add_option("--to", migrateArgs->to, "The empty database to move it into (the same forms)")->required();
    migrate->callback([migrateArgs, &exitCode] { exitCode = runMigrate(*migrateArgs); });

    auto args = std::make_shared<ReportArgs>();
    CLI::App* report = hq->add_subcommand(
        "report", "Satisfaction figures from pooled raw counts under the three definitions (event-based, SIPAS top-2, "
                  "Decision 766 per dossier); misuse shown apart and left out of the figures.");
    report->add_option("--db", args->db, DbHelp)->capture_default_str();
    report->add_option("--from", args->from, "First day, YYYY-MM-DD (the ratings' local dates)");
    report->add_option("--to", args->to, "Last day, YYYY-MM-DD (the ratings' local dates)");
    report
        ->add_option("--by", args->by,
                     "unit, province (rolled up through the unit registry: `hailong hq units`), level, procedure, "
                     "officer, counter, question, day or month (by procedure, officer or counter: whole months, --from "
                     "the first day "
                     "of one, --to the last)")
        ->capture_default_str();
    report
        ->add_option("--format", args->format,
                     "table, csv, html (one self-contained page with charts, to open in a browser or print) or "
                     "xlsx (a workbook in Vietnamese and English: summary, breakdown, counts per level; needs --out)")
        ->capture_default_str();
    report->add_option("--as-of", args->asOf,
                       "Count former units under their successors of this date (YYYY-MM-DD or today), through the "
                       "unit registry: 2024 and 2026 compared by today's 34 provinces. Without it, units are "
                       "reported as they were when the ratings were given");
    report->add_option("--under", args->under, "Only this unit and the units under it (a registry code, e.g. 40)");
    report->add_option("--sort", args->sort, "key, name, ratings (most first) or rate (highest first)")
        ->capture_default_str();
    report->add_option("--top", args->top, "Only the N groups with the highest satisfaction (ranked groups only)");
    report->add_option("--bottom", args->bottom, "Only the N groups with the lowest satisfaction (ranked groups only)");
    report
        ->add_option("--min-ratings", args->minRatings,
                     "Groups with fewer ratings are marked and not ranked (below 30 one rating moves a share by "
                     "more than 3 points)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    report->add_option("--out", args->out, "Write to this file instead of standard output");
    report->callback([args, &exitCode] { exitCode = runReport(*args); });
}

}  // namespace hailong::cli
