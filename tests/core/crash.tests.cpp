// SPEC 5: "A crash, a kill or a power cut at any moment must lose no tapped rating whose
// commit returned and must leave a database that opens."
//
// The child (crash_child.cpp) commits ratings in a loop and prints each uuid after its
// commit returned. We SIGKILL it at random moments, many times over, and after each kill
// check that the database opens, is intact, and holds every uuid the child printed.
// SIGKILL stops the process between any two instructions, including in the middle of a
// WAL write; it does not simulate losing the OS page cache (a power cut), for which
// synchronous=FULL is the answer.
#include "base/clock.h"
#include "base/ids.h"
#include "store/kiosk_database.h"
#include "store/sqlite_response_store.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace hailong::core;
using hailong::test::TempDir;

namespace {

struct ChildRun {
    std::string output;  ///< everything the child printed before it died
    int status = 0;      ///< from waitpid
};

/// Starts the crash child on dbPath, SIGKILLs it killAfterMs after it started (so the kill may
/// land while it opens the database) or, with afterFirstCommit, killAfterMs after it reported
/// its first committed rating (so the kill lands amid commits however loaded the machine is),
/// and collects its output.
ChildRun runAndKill(const std::string& dbPath, int round, int killAfterMs, bool afterFirstCommit) {
    int fds[2];
    REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
    const std::string roundText = std::to_string(round);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // Only async-signal-safe calls between fork and exec.
        dup2(fds[1], STDOUT_FILENO);
        execl(HAILONG_CRASH_CHILD, HAILONG_CRASH_CHILD, dbPath.c_str(), roundText.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);

    // Read while the child runs, so a full pipe can never block it.
    ChildRun run;
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    auto killAt = started + std::chrono::milliseconds(killAfterMs);
    bool armed = !afterFirstCommit;
    bool killed = false;
    char buf[4096];
    for (;;) {
        if (!armed &&
            (run.output.find('\n') != std::string::npos || Clock::now() - started > std::chrono::seconds(10))) {
            armed = true;  // the first rating is committed (or the child never gets there: kill it anyway)
            killAt = Clock::now() + std::chrono::milliseconds(killAfterMs);
        }
        int timeoutMs = armed ? -1 : 50;
        if (armed && !killed) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(killAt - Clock::now()).count();
            if (left <= 0) {
                kill(pid, SIGKILL);
                killed = true;
            } else {
                timeoutMs = static_cast<int>(left);
            }
        }
        pollfd p{fds[0], POLLIN, 0};
        if (poll(&p, 1, timeoutMs) <= 0) continue;  // timeout (time to kill) or EINTR
        const ssize_t n = read(fds[0], buf, sizeof buf);
        if (n > 0) run.output.append(buf, static_cast<std::size_t>(n));
        else if (n == 0) break;  // the child is gone and the pipe drained
    }
    close(fds[0]);
    waitpid(pid, &run.status, 0);
    return run;
}

}  // namespace

TEST_CASE("a kiosk killed at random moments loses no committed rating and always reopens", "[crash][slow]") {
    TempDir dir;
    const std::string dbPath = (dir / "kiosk.db").string();
    const unsigned seed = std::random_device{}();
    INFO("random seed " << seed);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> killAfter(5, 80);

    constexpr int Kills = 60;
    std::vector<std::string> printed;  // every uuid the children reported as committed
    for (int round = 0; round < Kills; ++round) {
        const int delayMs = killAfter(rng);
        INFO("round " << round << ", killed after " << delayMs << " ms"
                      << (round % 2 ? " after the first commit" : ""));
        const bool amidCommits = round % 2 == 1;  // the other half may die while opening the database
        const ChildRun run = runAndKill(dbPath, round, delayMs, amidCommits);
        if (amidCommits) REQUIRE(run.output.find('\n') != std::string::npos);
        // Anything but death by our SIGKILL (e.g. a StorageError, exit 1) is a failure.
        REQUIRE(WIFSIGNALED(run.status));
        REQUIRE(WTERMSIG(run.status) == SIGKILL);

        // Only complete lines count: a uuid without its "\n" was not fully reported.
        std::size_t start = 0;
        for (std::size_t end; (end = run.output.find('\n', start)) != std::string::npos; start = end + 1)
            printed.push_back(run.output.substr(start, end - start));

        ManualClock clock;
        SequentialIds ids;
        std::unique_ptr<KioskDatabase> db;
        REQUIRE_NOTHROW(db = std::make_unique<KioskDatabase>(dir / "kiosk.db", clock, ids));
        REQUIRE(db->integrityAtOpen() == "ok");
        SqliteResponseStore store(*db);

        // Collect problems first, so a failure lists them all in one message.
        std::map<std::string, std::int64_t> seqOf;
        std::vector<std::string> problems;
        std::int64_t previous = 0;
        for (const Response& r : store.all()) {
            if (r.seq <= previous)
                problems.push_back("seq " + std::to_string(r.seq) + " after " + std::to_string(previous));
            previous = r.seq;
            seqOf.emplace(r.uuid, r.seq);
            const Answer* vote = r.answerTo("overall");
            if (vote == nullptr || vote->values.size() != 1) problems.push_back("no main answer in " + r.uuid);
        }
        // Every printed uuid is there, with sequence numbers in the order of printing.
        std::int64_t printedBefore = 0;
        for (const std::string& uuid : printed) {
            const auto it = seqOf.find(uuid);
            if (it == seqOf.end()) {
                problems.push_back("lost " + uuid);
                continue;
            }
            if (it->second <= printedBefore) problems.push_back("out of order " + uuid);
            printedBefore = it->second;
        }
        REQUIRE(problems.empty());
    }
    INFO("committed ratings reported: " << printed.size());
    CHECK(printed.size() >= static_cast<std::size_t>(Kills / 2));  // every other kill landed amid commits
}
