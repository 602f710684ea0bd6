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

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
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
    store.trust(
        KioskKeyFile{k.db.kioskId(), k.keys.publicKeyHex(), {"CA-NA", "Công an tỉnh Nghệ An", "province", "Quầy 1"}},
        1);
}

/// How an import in a child process ended: killed, or finished before the kill; and how many
/// files it had stored by then (it reports each through a pipe, as `hailong hq import` shows
/// its progress).
struct Ending {
    bool killed = false;
    std::size_t filesDone = 0;
};

/// Imports the folder in a child process and kills it after `killAfterUs` (if it is still
/// running), counted from its start, or from its first file stored when `afterFirstFile`.
Ending importAndKill(const fs::path& db, const fs::path& folder, int killAfterUs, bool afterFirstFile = false) {
    int progress[2];
    REQUIRE(::pipe(progress) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(progress[0]);
        int code = 0;
        try {
            SqliteHqStore store(db,
                                std::chrono::milliseconds(0));  // every file committed: kills land between and inside
            const ImportSummary s = importBatchFiles(store, batchFilesIn({folder}), Now, [&](std::size_t, std::size_t) {
                const char one = 1;
                if (::write(progress[1], &one, 1) != 1) _exit(5);
            });
            code = s.refused == 0 ? 0 : 3;
        } catch (...) {
            code = 4;
        }
        _exit(code);
    }
    ::close(progress[1]);
    Ending e;
    char buf[64];
    if (afterFirstFile) {
        pollfd p{progress[0], POLLIN, 0};
        REQUIRE(::poll(&p, 1, 30'000) == 1);
        const ssize_t n = ::read(progress[0], buf, 1);
        REQUIRE(n >= 0);
        e.filesDone += static_cast<std::size_t>(n);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(killAfterUs));
    ::kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    for (ssize_t n; (n = ::read(progress[0], buf, sizeof buf)) > 0;) e.filesDone += static_cast<std::size_t>(n);
    ::close(progress[0]);
    if (WIFEXITED(status)) REQUIRE(WEXITSTATUS(status) == 0);  // finished before the kill: cleanly
    e.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    return e;
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

}  // namespace

TEST_CASE("an import killed at any moment leaves a consistent store, and importing again completes it",
          "[hq][import][crash][threads][slow]") {
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
    std::int64_t importUs = 0;  // how long it takes here: the random kills are spread over it
    {
        SqliteHqStore store(dir / "reference.db", std::chrono::milliseconds(0));
        trust(store, k);
        const auto start = std::chrono::steady_clock::now();
        REQUIRE(importBatchFiles(store, batchFilesIn({inbox}), Now).accepted == Batches);
        importUs =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
        reference = buildReport(store, ReportQuery{});
        REQUIRE(reference.total.ratings + reference.total.misuse + reference.total.superseded == Batches * PerBatch);
    }

    const fs::path db = dir / "hq.db";
    {
        SqliteHqStore store(db);
        trust(store, k);
    }
    auto startAfresh = [&] {
        fs::remove(db);
        fs::remove(db.string() + "-wal");
        fs::remove(db.string() + "-shm");
        SqliteHqStore fresh(db);
        trust(fresh, k);
    };
    // One kill; the store must be consistent after it. True when the kill landed inside an
    // import that was storing new batches: after some file was stored and before the last.
    auto killOnce = [&](int delayUs, bool afterFirstFile) {
        std::int64_t before = 0;
        {
            SqliteHqStore store(db);
            before = countsOf(store).newResponses;
        }
        const Ending e = importAndKill(db, inbox, delayUs, afterFirstFile);
        INFO("killed after " << delayUs << " us" << (afterFirstFile ? " from the first file stored" : "")
                             << ", files done " << e.filesDone << (e.killed ? "" : ", finished before the kill"));
        SqliteHqStore store(db);
        CHECK(store.db().execAndGet("PRAGMA integrity_check").getString() == "ok");
        const Counts c = countsOf(store);
        CHECK(c.dayResponses == c.newResponses);
        CHECK(c.monthResponses == c.newResponses);
        CHECK(c.newResponses >= before);
        return e.killed && e.filesDone > 0 && e.filesDone < static_cast<std::size_t>(Batches) &&
               before < c.newResponses && c.newResponses < Batches * PerBatch;
    };

    // Kills at random moments from the start of the child, up to a little longer than an
    // import takes here: in opening the store, between files and inside them.
    std::mt19937 random(20261128);
    std::uniform_int_distribution<int> delayUs(0,
                                               static_cast<int>(std::min<std::int64_t>(importUs * 5 / 4, 5'000'000)));
    int inside = 0;
    for (int round = 0; round < 12; ++round) {
        INFO("round " << round);
        inside += killOnce(delayUs(random), false);
        // Start again from nothing now and then, so kills land early in an import too.
        if (round % 4 == 3) startAfresh();
    }
    // The claim needs at least one kill inside an import. On a machine too fast or too slow
    // for the random delays, kill right after the first file of a fresh import is stored,
    // until one lands before the last (the first attempt does, unless the machine stalls).
    std::uniform_int_distribution<int> shortDelayUs(0, 1'000);
    for (int attempt = 0; inside == 0 && attempt < 20; ++attempt) {
        INFO("attempt " << attempt << " after the first file");
        startAfresh();
        inside += killOnce(attempt < 10 ? shortDelayUs(random) : 0, true);
    }
    REQUIRE(inside > 0);

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
