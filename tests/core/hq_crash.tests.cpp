// Issue 5: "A crash or kill in the middle leaves the store consistent". A child process
// imports a folder of batches into a headquarters database and is SIGKILLed at random
// moments, over and over on the same database; after each kill the database must open, be
// intact, and its tallies must hold exactly the responses its batches say were new. Imported
// to the end at last, it must give the figures of an import that was never interrupted.
#include "hq/hq_import.h"
#include "hq/report.h"
#include "hq/sqlite_hq_store.h"
#include "support/export_kiosk.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

using namespace hailong::core;
using hailong::test::Kiosk;
using hailong::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t Now = 1'900'000'000'000;

void trust(SqliteHqStore& store, const Kiosk& k) {
    store.trust(KioskKeyFile{k.db.kioskId(), k.keys.publicKeyHex(), {"CA-NA", "Công an tỉnh Nghệ An", "province", "Quầy 1"}}, 1);
}

/// Imports the folder in a child process and kills it after `killAfterUs` (if it is still running).
void importAndKill(const fs::path& db, const fs::path& folder, int killAfterUs) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int code = 0;
        try {
            SqliteHqStore store(db, std::chrono::milliseconds(0));  // every file committed: kills land between and inside
            const ImportSummary s = importBatchFiles(store, batchFilesIn({folder}), Now);
            code = s.refused == 0 ? 0 : 3;
        } catch (...) {
            code = 4;
        }
        _exit(code);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(killAfterUs));
    ::kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    if (WIFEXITED(status)) REQUIRE(WEXITSTATUS(status) == 0);  // finished before the kill: cleanly
}

struct Counts {
    std::int64_t newResponses, dayResponses, monthResponses;
};
Counts countsOf(SqliteHqStore& store) {
    auto one = [&](const char* sql) { return store.db().execAndGet(sql).getInt64(); };
    return Counts{one("SELECT coalesce(sum(new_responses), 0) FROM batches"),
                  one("SELECT coalesce(sum(n), 0) FROM tallies_day WHERE flags & 16"),
                  one("SELECT coalesce(sum(n), 0) FROM tallies_month WHERE flags & 16")};
}

} // namespace

TEST_CASE("an import killed at any moment leaves a consistent store, and importing again completes it",
          "[hq][import][crash]") {
    constexpr int Batches = 12, PerBatch = 40;
    Kiosk k;
    std::vector<fs::path> files;
    for (int b = 0; b < Batches; ++b) {
        k.rateMany(PerBatch);
        files.push_back(k.exportOk(k.out).batchFile);
    }
    TempDir dir;
    const fs::path inbox = dir / "inbox";
    fs::create_directories(inbox);
    for (const fs::path& f : files) fs::copy_file(f, inbox / f.filename());

    // The reference: one import, never interrupted.
    Report reference;
    {
        SqliteHqStore store(dir / "reference.db");
        trust(store, k);
        REQUIRE(importBatchFiles(store, batchFilesIn({inbox}), Now).accepted == Batches);
        reference = buildReport(store, ReportQuery{});
        REQUIRE(reference.total.ratings + reference.total.misuse + reference.total.superseded == Batches * PerBatch);
    }

    const fs::path db = dir / "hq.db";
    {
        SqliteHqStore store(db);
        trust(store, k);
    }
    std::mt19937 random(20261128);
    std::uniform_int_distribution<int> delayUs(2'000, 25'000);
    int cutShort = 0;
    for (int round = 0; round < 12; ++round) {
        const int delay = delayUs(random);
        INFO("round " << round << ", killed after " << delay << " us");
        importAndKill(db, inbox, delay);
        SqliteHqStore store(db);
        CHECK(store.db().execAndGet("PRAGMA integrity_check").getString() == "ok");
        const Counts c = countsOf(store);
        CHECK(c.dayResponses == c.newResponses);
        CHECK(c.monthResponses == c.newResponses);
        cutShort += c.newResponses < Batches * PerBatch;
        // Start again from nothing now and then, so kills land early in an import too.
        if (round % 4 == 3) {
            fs::remove(db);
            fs::remove(db.string() + "-wal");
            fs::remove(db.string() + "-shm");
            SqliteHqStore fresh(db);
            trust(fresh, k);
        }
    }
    WARN(cutShort << " of 12 imports were cut short by the kill");

    SqliteHqStore store(db);
    const ImportSummary last = importBatchFiles(store, batchFilesIn({inbox}), Now);
    CHECK(last.refused == 0);
    const Report r = buildReport(store, ReportQuery{});
    CHECK(store.responseCount() == Batches * PerBatch);
    CHECK(r.total.ratings == reference.total.ratings);
    CHECK(r.total.satisfied == reference.total.satisfied);
    CHECK(r.total.misuse == reference.total.misuse);
    CHECK(r.total.superseded == reference.total.superseded);
    CHECK(r.total.dossiers == reference.total.dossiers);
    CHECK(r.total.dossiersNotSatisfied == reference.total.dossiersNotSatisfied);
    CHECK(r.total.values == reference.total.values);
}
