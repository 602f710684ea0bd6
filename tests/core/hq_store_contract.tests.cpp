// The contract every headquarters store keeps (SPEC 7; docs/counting-rules.md), run against
// each store (support/hq_stores.h): the figures never depend on the order in which files
// arrive, in one import or several; forks, overlapping ranges and chain breaks are held apart,
// never silently counted or dropped; analysts' decisions are audited; replays change nothing.
#include "hq/hq_import.h"
#include "hq/hq_migrate.h"
#include "hq/report.h"
#include "support/conflict_files.h"
#include "support/hq_stores.h"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

using namespace hailong::core;
using namespace hailong::test;

namespace {

constexpr std::int64_t Now = T0 + 40 * 86'400'000LL;  // the files arrive after their export

/// What a store's figures are: the totals of reports read from each kind of tally.
struct Figures {
    std::int64_t ratings, satisfied, misuse, superseded, held, dayRatings, dayHeld, procedureRatings, counted;
    bool operator==(const Figures& o) const {
        return std::tie(ratings, satisfied, misuse, superseded, held, dayRatings, dayHeld, procedureRatings, counted) ==
               std::tie(o.ratings, o.satisfied, o.misuse, o.superseded, o.held, o.dayRatings, o.dayHeld,
                        o.procedureRatings, o.counted);
    }
};

std::ostream& operator<<(std::ostream& os, const Figures& f) {
    return os << "{ratings " << f.ratings << ", satisfied " << f.satisfied << ", misuse " << f.misuse << ", superseded "
              << f.superseded << ", held " << f.held << ", by day " << f.dayRatings << "/" << f.dayHeld
              << ", by procedure " << f.procedureRatings << ", counted " << f.counted << "}";
}

Figures figuresOf(const HqStore& store) {
    ReportQuery byUnit;
    const Report unit = buildReport(store, byUnit);
    ReportQuery byDay;
    byDay.by = ReportBy::Day;
    byDay.fromDay = localDay(T0, 420) - 1;
    byDay.toDay = byDay.fromDay.value() + 3;
    const Report day = buildReport(store, byDay);
    ReportQuery byProcedure;
    byProcedure.by = ReportBy::Procedure;
    const Report procedure = buildReport(store, byProcedure);
    return Figures{unit.total.ratings,    unit.total.satisfied,    unit.total.misuse,
                   unit.total.superseded, unit.total.held,         day.total.ratings,
                   day.total.held,        procedure.total.ratings, store.responseCount()};
}

// Counted: A's 1, 2 and 4x (4x follows 3x, one of the two batches 3), B's 1.
// a2 replaced by x10, a5 flagged as misuse: out. Held: A's 3 and 3x (fork), B's 2 (chain
// break, overlap) and 3 (overlap).
const Figures Reference{8, 7, 1, 1, 8, 8, 8, 8, 10};

}  // namespace

TEST_CASE("contract: the figures are the same whatever the order of the files, in one import or in parts",
          "[hq][contract]") {
    const ConflictFiles files;
    std::mt19937 random(17);
    for (const std::string& kind : storeKinds()) {
        for (int round = 0; round < 6; ++round) {
            INFO(kind << ", round " << round);
            std::vector<fs::path> order = files.all;
            std::shuffle(order.begin(), order.end(), random);
            TempDir dir;
            const auto store = makeStore(kind, dir, "order" + std::to_string(round));
            files.trust(*store);
            if (round % 2 == 0) {
                const ImportSummary s = importBatchFiles(*store, order, Now);
                CHECK(s.refused == 0);
            } else {  // one file at a time, some twice
                for (std::size_t i = 0; i < order.size(); ++i) {
                    importBatchFiles(*store, {order[i]}, Now);
                    if (i % 3 == 0) importBatchFiles(*store, {order[i / 2]}, Now + 1);
                }
            }
            CHECK(figuresOf(*store) == Reference);
            // Nothing silently dropped: every response is counted, held, or replaced/misuse.
            std::int64_t held = 0;
            for (const StoredBatch& b : store->batches("", true)) held += b.responses;
            CHECK(held == Reference.held);
        }
    }
}

TEST_CASE("contract: what each batch in conflict is, and the notes an import gives", "[hq][contract]") {
    const ConflictFiles files;
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir dir;
        const auto store = makeStore(kind, dir, "notes");
        files.trust(*store);
        const auto first = importBatchFiles(*store, {files.a1.file, files.a2.file, files.a3.file}, Now);
        CHECK(first.newResponses == 8);
        CHECK(first.heldResponses == 0);
        // The fork arrives: it is held, and so is the batch 3 counted until now.
        const auto fork = importBatchFiles(*store, {files.a3x.file}, Now);
        CHECK(fork.newResponses == 0);
        CHECK(fork.heldResponses == 3);
        const auto& notes = fork.files.at(0).outcome.notes;
        REQUIRE(notes.size() == 2);
        CHECK_THAT(notes[0], Catch::Contains("held apart") && Catch::Contains("fork"));
        CHECK_THAT(notes[1], Catch::Contains("a3.hlbatch") && Catch::Contains("now held apart"));
        const auto held = store->batches(files.a.kioskId(), true);
        REQUIRE(held.size() == 2);
        for (const StoredBatch& b : held) {
            CHECK(b.entry.number == 3);
            CHECK(b.status.conflicts == (conflict::Fork | conflict::Overlap));
            CHECK_FALSE(b.status.counted);
        }
        // A copy of a batch already imported, under another name: nothing changes.
        fs::copy_file(files.a3x.file, dir / "copy.hlbatch");
        const auto again = importBatchFiles(*store, {dir / "copy.hlbatch"}, Now);
        CHECK(again.files.at(0).outcome.alreadyImported);
        CHECK(store->batches(files.a.kioskId(), false).size() == 4);
        const auto kiosks = store->kiosks();
        const auto a = std::find_if(kiosks.begin(), kiosks.end(),
                                    [&](const KioskStatus& k) { return k.kiosk.kioskId == files.a.kioskId(); });
        REQUIRE(a != kiosks.end());
        CHECK(a->heldBatches == 2);
        CHECK(a->heldResponses == 5);
        CHECK(a->responses == 6);
    }
}

TEST_CASE("contract: an analyst's decision moves a batch in or out, is audited, and never counts twice",
          "[hq][contract]") {
    const ConflictFiles files;
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir dir;
        const auto store = makeStore(kind, dir, "decide");
        files.trust(*store);
        importBatchFiles(*store, files.all, Now);
        const std::string kiosk = files.a.kioskId();
        // Count the fork's first branch: batch 3 of the kiosk's own chain.
        REQUIRE_FALSE(store->decide(kiosk, 3, files.a3.digest, BatchDecision::Count, "analyst-1", "checked", Now));
        Figures f = figuresOf(*store);
        CHECK(f.ratings == Reference.ratings + 2);
        CHECK(f.held == Reference.held - 2);
        // The other branch shares sequence numbers 7 and 8 with it: refused, nothing changed.
        const auto refused = store->decide(kiosk, 3, files.a3x.digest, BatchDecision::Count, "analyst-1", "both?", Now);
        REQUIRE(refused);
        CHECK_THAT(*refused, Catch::Contains("counted twice"));
        CHECK(figuresOf(*store) == f);
        // Set it aside: batch 4x followed it, and no longer follows a batch 3 of the chain.
        REQUIRE_FALSE(
            store->decide(kiosk, 3, files.a3x.digest, BatchDecision::SetAside, "analyst-2", "restored copy", Now));
        f = figuresOf(*store);
        CHECK(f.ratings == Reference.ratings + 2 - 2);  // 4x (2 ratings) held: a chain break now
        const auto held = store->batches(kiosk, true);
        REQUIRE(held.size() == 2);
        CHECK(held[0].entry.digest == files.a3x.digest);
        CHECK(held[0].entry.decision == BatchDecision::SetAside);
        CHECK(held[1].entry.number == 4);
        CHECK(held[1].status.conflicts == conflict::ChainBreak);
        // A decision on a batch that does not exist.
        CHECK(store->decide(kiosk, 9, files.a3x.digest, BatchDecision::Count, "analyst-1", "?", Now));
        const auto log = store->auditLog();
        REQUIRE(log.size() == 2);
        CHECK(log[0].actor == "analyst-1");
        CHECK(log[0].action == "decide");
        CHECK_THAT(log[0].detail,
                   Catch::Contains(files.a3.digest) && Catch::Contains("count") && Catch::Contains("checked"));
        CHECK_THAT(log[1].detail,
                   Catch::Contains("set-aside") && Catch::Contains("restored copy") && Catch::Contains("a4x.hlbatch"));
        // Withdrawn, the rule applies again: the starting figures.
        REQUIRE_FALSE(store->decide(kiosk, 3, files.a3.digest, BatchDecision::None, "analyst-1", "undo", Now));
        REQUIRE_FALSE(store->decide(kiosk, 3, files.a3x.digest, BatchDecision::None, "analyst-1", "undo", Now));
        CHECK(figuresOf(*store) == Reference);
    }
}

TEST_CASE("a version 3 store that counted a fork by the old rule is counted again from its files", "[hq][contract]") {
    const ConflictFiles files;
    TempDir dir;
    Figures before{};
    {
        SqliteHqStore store(dir / "hq.db");
        files.trust(store);
        importBatchFiles(store, files.all, Now);
        before = figuresOf(store);
        // As a version 3 program left it: the first comer's responses counted, the others
        // nowhere (here: the tallies of the batches held apart gone).
        store.db().exec("DELETE FROM tallies_day WHERE flags & 32; DELETE FROM tallies_month WHERE flags & 32; "
                        "DELETE FROM tallies_unit_month WHERE flags & 32");
        downgradeToSchema3(store.db());
    }
    {
        SQLite::Database old((dir / "hq.db").string(), SQLite::OPEN_READWRITE);
        CHECK(old.execAndGet("PRAGMA user_version").getInt() == 3);
    }
    SqliteHqStore store(dir / "hq.db");
    CHECK(store.db().execAndGet("PRAGMA user_version").getInt() == SqliteHqStore::SchemaVersion);
    CHECK(figuresOf(store) == before);
    CHECK(before == Reference);
    CHECK(store.batches("", true).size() == 4);
    CHECK(store.db().execAndGet("SELECT count(*) FROM batches").getInt() == 8);
}

TEST_CASE("a version 3 store without conflicts gains the new columns and keeps its tallies", "[hq][contract]") {
    TempDir dir;
    Figures before{};
    {
        Hq hq;
        before = figuresOf(hq.store);
        downgradeToSchema3(hq.store.db());
        hq.store.sync();
        fs::copy_file(hq.dir / "hq.db", dir / "hq.db");
    }
    SqliteHqStore store(dir / "hq.db");
    CHECK(store.db().execAndGet("PRAGMA user_version").getInt() == SqliteHqStore::SchemaVersion);
    CHECK(figuresOf(store) == before);
    CHECK(before.ratings > 0);
    CHECK(store.batches("", true).empty());
}

TEST_CASE("contract: hq migrate moves a headquarters with its decisions, audit log, registry, refused files and "
          "accounts",
          "[hq][contract]") {
    const ConflictFiles files;
    TempDir dir;
    SqliteHqStore source(dir / "source.db");
    files.trust(source);
    importBatchFiles(source, files.all, Now);
    REQUIRE_FALSE(source.decide(files.a.kioskId(), 3, files.a3x.digest, BatchDecision::SetAside, "analyst-2",
                                "restored copy", Now));
    REQUIRE_FALSE(source.decide(files.a.kioskId(), 4, files.a4x.digest, BatchDecision::Count, "analyst-2",
                                "follows the restored copy, genuine", Now));
    source.recordRefused(RefusedFile{"bad.hlbatch", "digest does not match", Now});
    source.replaceImportedUnits({UnitRow{"CA-NA", "Công an tỉnh Nghệ An", "", "province", "", UnitRow::Always,
                                         UnitRow::Open, "", "units.csv", 2}});
    source.putAccount(HqAccount{"a.nguyen", "analyst", "CA-NA", "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
                                "Nguyễn Văn A", Now, Now + 1, true});
    const Figures expected = figuresOf(source);
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir other;
        const auto target = makeStore(kind, other, "migrated");
        const MigrationSummary s = migrateStore(source, *target, "source.db", Now + 5);
        CHECK(s.files == 8);
        CHECK(s.kiosks == 2);
        CHECK(s.decisions == 2);
        CHECK(figuresOf(*target) == expected);
        CHECK(target->refusedFiles().size() == 1);
        CHECK(target->importedUnits().size() == 1);
        CHECK(s.accounts == 1);  // with its password hash: the same password signs in
        const auto account = target->account("a.nguyen");
        REQUIRE(account.has_value());
        CHECK(account->passwordHash == source.account("a.nguyen")->passwordHash);
        CHECK(account->unit == "CA-NA");
        CHECK(account->disabled);
        const auto log = target->auditLog();
        REQUIRE(log.size() == 4);  // the source's two, then the migration's two
        CHECK(log[0].actor == "analyst-2");
        CHECK(log[2].actor == "hq migrate");
        CHECK_THAT(log[3].detail, Catch::Contains("as decided in source.db"));
        // Into a store that is not empty: refused.
        CHECK_THROWS_WITH(migrateStore(source, *target, "source.db", Now), Catch::Contains("empty database"));
    }
}

TEST_CASE("contract: an importer killed at any moment leaves a consistent store, and importing again completes it",
          "[hq][contract]") {
    const ConflictFiles files;
    std::mt19937 random(20261206);
    // One file at a time; `progress` (a pipe) hears a byte once the store is open and after each file.
    const auto importOneByOne = [&](const std::string& target, const std::vector<fs::path>& order, int progress) {
        const auto store = openStore(target);
        if (progress >= 0 && ::write(progress, "s", 1) != 1) ::_exit(3);
        for (const fs::path& f : order) {
            importBatchFiles(*store, {f}, Now);
            if (progress >= 0 && ::write(progress, "f", 1) != 1) ::_exit(3);
        }
    };
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir dir;
        // How long an uninterrupted import takes here: the kills fall anywhere within it.
        const std::string timing = storeTarget(kind, dir, "timing");
        files.trust(*openStore(timing));
        const auto t0 = std::chrono::steady_clock::now();
        importOneByOne(timing, files.all, -1);
        const auto span = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
        int landed = 0, round = 0;  // kills that found some files stored and not all
        for (; round < 12 && landed < 4; ++round) {
            const std::string target = storeTarget(kind, dir, "killed" + std::to_string(round));
            files.trust(*openStore(target));
            std::vector<fs::path> order = files.all;
            std::shuffle(order.begin(), order.end(), random);
            int pipe[2];
            REQUIRE(::pipe(pipe) == 0);
            const pid_t child = ::fork();
            REQUIRE(child >= 0);
            if (child == 0) {  // the importer, with its own store and connection
                ::close(pipe[0]);
                try {
                    importOneByOne(target, order, pipe[1]);
                } catch (...) {
                    ::_exit(2);
                }
                ::_exit(0);  // never exit(): the parent's cluster must outlive the child
            }
            ::close(pipe[1]);
            // The kill falls after 0 to 6 files, anywhere in the next one or two, however slow the
            // machine: the child says how far it is.
            const auto filesDone = static_cast<int>(random() % 7);
            char progress = 0;
            for (int i = 0; i <= filesDone; ++i) CHECK(::read(pipe[0], &progress, 1) == 1);
            std::this_thread::sleep_for(std::chrono::microseconds(
                static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(span.count() / 4 + 1))));
            ::kill(child, SIGKILL);
            ::close(pipe[0]);
            int status = 0;
            ::waitpid(child, &status, 0);
            // Whatever the moment, the tallies hold exactly the responses of the batches stored,
            // counted or held as their status says.
            const auto store = openStore(target);
            const Figures f = figuresOf(*store);
            std::int64_t held = 0, stored = 0;
            for (const StoredBatch& b : store->batches("", false)) {
                stored += b.responses;
                if (!b.status.counted) held += b.responses;
            }
            CHECK(f.ratings + f.misuse + f.superseded == f.counted);
            CHECK(f.held == held);
            CHECK(f.counted + held == stored);
            landed += stored > 0 && stored < 18;
            // Importing again completes it.
            importBatchFiles(*store, files.all, Now);
            CHECK(figuresOf(*store) == Reference);
        }
        INFO(round << " kills, " << landed << " amid the import of " << span.count() << " µs");
        REQUIRE(landed >= 1);
    }
}
