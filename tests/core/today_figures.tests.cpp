// Today's figures for the staff menu, over a real kiosk database, and storage health.
#include "store/today_figures.h"
#include "base/clock.h"
#include "base/ids.h"
#include "store/kiosk_database.h"
#include "store/sqlite_response_store.h"
#include "support/temp_dir.h"
#include "survey/response.h"
#include "survey/settings.h"  // localDayStartUtcMs

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

using namespace hailong::core;
using hailong::test::TempDir;

namespace {

constexpr std::int64_t HourMs = 3'600'000;
constexpr int Vn = 7 * 60;                      // +07:00
constexpr std::int64_t T0 = 1'767'225'600'000;  // 2026-01-01T00:00Z

using Counts = std::vector<std::pair<std::string, std::int64_t>>;

/// A kiosk database at 2026-01-01 10:00 local time (+07:00), with a response store.
struct Kiosk {
    TempDir dir;
    ManualClock clock{T0 + 3 * HourMs};  // 03:00Z
    SequentialIds ids;
    KioskDatabase db{dir / "kiosk.db", clock, ids};
    SqliteResponseStore store{db};
    std::int64_t dayStart = localDayStartUtcMs(clock.wallMs(), Vn);  // 2025-12-31T17:00Z
    std::int64_t dayEnd = dayStart + 24 * HourMs;

    /// Stores a rating of question questionId on scale, started at utcMs; returns its uuid.
    std::string rate(const std::string& value, std::int64_t utcMs, std::uint32_t flags = 0,
                     const std::string& dossier = "", Scale scale = Scale::ThreeLevel,
                     const std::string& questionId = "overall") {
        Response r;
        r.uuid = ids.newUuid();
        r.questionnaireId = "test";
        r.questionnaireVersion = 1;
        r.dossierCode = dossier;
        r.answers = {Answer{questionId, scale, {value}, utcMs}};
        r.startedUtcMs = utcMs;
        r.startedMonoMs = clock.monoMs();
        r.utcOffsetMinutes = Vn;
        r.bootId = clock.bootId();
        r.misuseFlags = flags;
        store.begin(r);
        clock.advanceMs(10'000);
        return r.uuid;
    }
    TodayFigures today(const Questionnaire& q) { return computeFigures(db, q, dayStart, dayEnd); }
};

Questionnaire oneQuestion(const std::string& scale) {
    auto q = parseQuestionnaire(R"(format = "hailong-questionnaire/1"
id = "figures"
version = 1
title = { vi = "Khảo sát", en = "Survey" }
[[question]]
id = "overall"
scale = ")" + scale + R"("
text = { vi = "Quý khách có hài lòng không?", en = "Are you satisfied?" }
)",
                                "figures.toml");
    REQUIRE(q);
    return *q;
}

}  // namespace

TEST_CASE("today's figures count the main answers in the question's option order", "[figures]") {
    Kiosk k;
    const Questionnaire q = defaultQuestionnaire();
    const std::int64_t t = k.clock.wallMs();
    for (const char* v :
         {"satisfied", "very_satisfied", "not_satisfied", "very_satisfied", "satisfied", "very_satisfied"})
        k.rate(v, t);
    const TodayFigures f = k.today(q);
    CHECK(f.counts == Counts{{"very_satisfied", 3}, {"satisfied", 2}, {"not_satisfied", 1}});
    CHECK(f.counted == 6);
    CHECK(f.satisfied == 5);
    CHECK(f.satisfiedPercent == Approx(500.0 / 6.0));
    CHECK(f.misuseFlagged == 0);
    CHECK(f.superseded == 0);
    CHECK(f.notExported == 6);
    SECTION("answers to other questions are not ratings") {
        k.rate("came_back_more_than_once", t, 0, "", Scale::MultiSelect, "reasons");
        CHECK(k.today(q).counted == 6);
    }
    SECTION("an answer to the same question id on another scale never mixes in") {
        k.rate("very_satisfied", t, 0, "", Scale::Sipas5);
        k.rate("5", t, 0, "", Scale::Star5);
        CHECK(k.today(q).counts == f.counts);
        CHECK(k.today(q).notExported == 8);
    }
}

TEST_CASE("misuse-flagged ratings are shown apart and left out of the headline", "[figures]") {
    Kiosk k;
    const Questionnaire q = defaultQuestionnaire();
    const std::int64_t t = k.clock.wallMs();
    k.rate("satisfied", t);
    k.rate("not_satisfied", t);
    k.rate("very_satisfied", t, misuse::RapidRepeat);
    k.rate("very_satisfied", t, misuse::OutsideHours);
    const std::string later = k.rate("very_satisfied", t);
    k.store.addMisuseFlags(later, misuse::Burst);  // flagged after it was stored
    const TodayFigures f = k.today(q);
    CHECK(f.counts == Counts{{"very_satisfied", 0}, {"satisfied", 1}, {"not_satisfied", 1}});
    CHECK(f.counted == 2);
    CHECK(f.misuseFlagged == 3);
    CHECK(f.satisfied == 1);
    CHECK(f.satisfiedPercent == Approx(50.0));
    CHECK(f.notExported == 5);  // flagged responses are kept, and exported too
}

TEST_CASE("a rating replaced by a later rating of the same dossier counts once", "[figures]") {
    Kiosk k;
    const std::int64_t t = k.clock.wallMs();
    k.rate("not_satisfied", t, 0, "HS-000123");
    k.rate("satisfied", t + 60'000, 0, "HS-000123");
    k.rate("satisfied", t, 0, "HS-000124");
    const TodayFigures f = k.today(defaultQuestionnaire());
    CHECK(f.counts == Counts{{"very_satisfied", 0}, {"satisfied", 2}, {"not_satisfied", 0}});
    CHECK(f.superseded == 1);
    CHECK(f.satisfiedPercent == Approx(100.0));
}

TEST_CASE("the day runs from local midnight to local midnight", "[figures]") {
    Kiosk k;
    const Questionnaire q = defaultQuestionnaire();
    REQUIRE(k.dayStart == T0 - 7 * HourMs);        // 2026-01-01 00:00 at +07:00
    k.rate("not_satisfied", k.dayStart - 1);       // 31 December, 23:59:59.999 local
    k.rate("very_satisfied", k.dayStart);          // the first millisecond of the day
    k.rate("satisfied", k.dayStart + 7 * HourMs);  // 00:00Z: UTC midnight is 07:00 here
    k.rate("satisfied", k.dayEnd - 1);             // the last millisecond
    k.rate("not_satisfied", k.dayEnd);             // 2 January
    const TodayFigures f = k.today(q);
    CHECK(f.counts == Counts{{"very_satisfied", 1}, {"satisfied", 2}, {"not_satisfied", 0}});
    CHECK(f.satisfiedPercent == Approx(100.0));
    CHECK(f.notExported == 5);  // every response, whatever its day
    const TodayFigures yesterday = computeFigures(k.db, q, k.dayStart - 24 * HourMs, k.dayStart);
    CHECK(yesterday.counts == Counts{{"very_satisfied", 0}, {"satisfied", 0}, {"not_satisfied", 1}});
}

TEST_CASE("the local day starts at local midnight", "[figures]") {
    // 2026-01-01T20:00Z is 2 January 03:00 at +07:00: that day began 1 January 17:00Z.
    CHECK(localDayStartUtcMs(T0 + 20 * HourMs, Vn) == T0 + 17 * HourMs);
    CHECK(localDayStartUtcMs(T0 + 16 * HourMs, Vn) == T0 - 7 * HourMs);
    CHECK(localDayStartUtcMs(T0 + 17 * HourMs, Vn) == T0 + 17 * HourMs);
    CHECK(localDayStartUtcMs(T0 + 17 * HourMs - 1, Vn) == T0 - 7 * HourMs);
    CHECK(localDayStartUtcMs(T0 + 4 * HourMs, -5 * 60) == T0 - 19 * HourMs);  // 31 Dec 23:00 local
    CHECK(localDayStartUtcMs(T0 + 5 * HourMs, -5 * 60) == T0 + 5 * HourMs);
    CHECK(localDayStartUtcMs(-1, 0) == -24 * HourMs);
}

TEST_CASE("an empty day shows zero without dividing by zero", "[figures]") {
    Kiosk k;
    const Questionnaire q = defaultQuestionnaire();
    SECTION("on a new kiosk") {
        const TodayFigures f = k.today(q);
        CHECK(f.counts == Counts{{"very_satisfied", 0}, {"satisfied", 0}, {"not_satisfied", 0}});
        CHECK(f.counted == 0);
        CHECK(f.satisfied == 0);
        CHECK(f.satisfiedPercent == 0.0);
        CHECK(f.notExported == 0);
    }
    SECTION("with only misuse-flagged ratings today and others yesterday") {
        k.rate("very_satisfied", k.dayStart - HourMs);
        k.rate("very_satisfied", k.dayStart + HourMs, misuse::OutsideHours);
        const TodayFigures f = k.today(q);
        CHECK(f.counted == 0);
        CHECK(f.misuseFlagged == 1);
        CHECK(f.satisfiedPercent == 0.0);
        CHECK(f.notExported == 2);
    }
}

TEST_CASE("the five-level, star and yes-no scales have their own satisfied answers", "[figures]") {
    Kiosk k;
    const std::int64_t t = k.clock.wallMs();
    SECTION("sipas5: satisfied and very satisfied, not neutral") {
        for (const char* v : {"very_dissatisfied", "dissatisfied", "neutral", "neutral", "satisfied", "very_satisfied",
                              "very_satisfied"})
            k.rate(v, t, 0, "", Scale::Sipas5);
        const TodayFigures f = k.today(oneQuestion("sipas5"));
        CHECK(f.counts == Counts{{"very_dissatisfied", 1},
                                 {"dissatisfied", 1},
                                 {"neutral", 2},
                                 {"satisfied", 1},
                                 {"very_satisfied", 2}});
        CHECK(f.counted == 7);
        CHECK(f.satisfied == 3);
        CHECK(f.satisfiedPercent == Approx(300.0 / 7.0));
    }
    SECTION("star5: four and five stars") {
        for (const char* v : {"1", "3", "4", "5", "5", "2", "4", "3"}) k.rate(v, t, 0, "", Scale::Star5);
        const TodayFigures f = k.today(oneQuestion("star5"));
        CHECK(f.counts == Counts{{"1", 1}, {"2", 1}, {"3", 2}, {"4", 2}, {"5", 2}});
        CHECK(f.satisfied == 4);
        CHECK(f.satisfiedPercent == Approx(50.0));
    }
    SECTION("yes_no: yes") {
        for (const char* v : {"yes", "yes", "no"}) k.rate(v, t, 0, "", Scale::YesNo);
        const TodayFigures f = k.today(oneQuestion("yes_no"));
        CHECK(f.counts == Counts{{"yes", 2}, {"no", 1}});
        CHECK(f.satisfiedPercent == Approx(200.0 / 3.0));
    }
}

TEST_CASE("satisfied answers are those of the scale's top levels", "[figures]") {
    CHECK(isSatisfied(Scale::ThreeLevel, "very_satisfied"));
    CHECK(isSatisfied(Scale::ThreeLevel, "satisfied"));
    CHECK_FALSE(isSatisfied(Scale::ThreeLevel, "not_satisfied"));
    CHECK(isSatisfied(Scale::Sipas5, "satisfied"));
    CHECK(isSatisfied(Scale::Sipas5, "very_satisfied"));
    CHECK_FALSE(isSatisfied(Scale::Sipas5, "neutral"));
    CHECK_FALSE(isSatisfied(Scale::Sipas5, "dissatisfied"));
    CHECK(isSatisfied(Scale::Star5, "4"));
    CHECK(isSatisfied(Scale::Star5, "5"));
    CHECK_FALSE(isSatisfied(Scale::Star5, "3"));
    CHECK(isSatisfied(Scale::YesNo, "yes"));
    CHECK_FALSE(isSatisfied(Scale::YesNo, "no"));
    CHECK_FALSE(isSatisfied(Scale::Choice, "satisfied"));
    CHECK_FALSE(isSatisfied(Scale::MultiSelect, "yes"));
}

TEST_CASE("storage health reports the files, the free disk and the integrity check", "[figures]") {
    Kiosk k;
    k.rate("satisfied", k.clock.wallMs());
    k.rate("very_satisfied", k.clock.wallMs());
    const StorageHealth h = storageHealth(k.db);
    namespace fs = std::filesystem;
    const fs::path db = k.dir / "kiosk.db";
    auto size = [](const fs::path& p) {
        return fs::exists(p) ? static_cast<std::int64_t>(fs::file_size(p)) : std::int64_t{0};
    };
    CHECK(h.databaseBytes == size(db) + size(db.string() + "-wal") + size(db.string() + "-shm"));
    CHECK(size(db.string() + "-wal") > 0);  // WAL mode: recent commits live there
    CHECK(h.databaseBytes > size(db));
    CHECK(h.freeDiskBytes > 0);
    CHECK(h.lastIntegrity == "ok");
    CHECK(h.responses == 2);
}
