// The process the crash test kills (tests/core/crash.tests.cpp). It behaves like a
// very busy kiosk: it opens the database as the kiosk does, then starts responses as
// fast as it can. A uuid is printed only AFTER begin() returned, i.e. after the vote
// was durably committed: every uuid the test reads must be in the database.
//
// Usage: hailong_crash_child DB_PATH [ROUND]
//   ROUND (optional) is stored as the procedure code, to tell the runs apart.
#include "base/clock.h"
#include "base/ids.h"
#include "batch/export_cache.h"
#include "store/kiosk_database.h"
#include "store/sqlite_response_store.h"

#include <cstdio>
#include <exception>
#include <random>
#include <string>

using namespace hailong::core;

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: %s DB_PATH [ROUND]\n", argv[0]);
        return 2;
    }
    const std::string round = argc == 3 ? argv[2] : "0";
    try {
        SystemClock clock;
        RandomIds ids;
        KioskDatabase db(argv[1], clock, ids);
        SqliteResponseStore store(db, cacheExportLines);
        store.closeInterrupted(clock.wallMs());  // as the kiosk does at start

        const char* const votes[] = {"very_satisfied", "satisfied", "not_satisfied"};
        std::mt19937 rng(std::random_device{}());
        for (unsigned i = 0;; ++i) {
            Response r;
            r.uuid = ids.newUuid();
            r.unit = UnitInfo{"CRASH", "Crash test", "commune", "Quầy 1"};
            r.procedureCode = round;
            r.questionnaireId = "crash";
            r.questionnaireVersion = 1;
            r.startedUtcMs = clock.wallMs();
            r.utcOffsetMinutes = clock.utcOffsetMinutes();
            r.bootId = clock.bootId();
            r.startedMonoMs = clock.monoMs();
            r.answers = {Answer{"overall", Scale::ThreeLevel, {votes[i % 3]}, r.startedUtcMs}};
            store.begin(r);
            std::printf("%s\n", r.uuid.c_str());
            std::fflush(stdout);

            // Later taps of the same citizen, so kills also land in those transactions.
            switch (rng() % 4) {
            case 0:
                store.saveAnswer(r.uuid,
                                 Answer{"reasons", Scale::MultiSelect, {"waiting", "attitude"}, clock.wallMs()});
                break;
            case 1: store.finish(r.uuid, EndReason::Completed, clock.wallMs(), clock.monoMs()); break;
            case 2:
                store.saveAnswer(r.uuid, Answer{"overall", Scale::ThreeLevel, {votes[(i + 1) % 3]}, clock.wallMs()});
                store.finish(r.uuid, EndReason::Skipped, clock.wallMs(), clock.monoMs());
                break;
            default: break;  // left in progress: the citizen walked away
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hailong_crash_child: %s\n", e.what());
        return 1;
    }
}
