// Which questionnaire the kiosk starts with, and that a broken file never stops it.
#include "core/questionnaire_choice.h"

#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace hailong::core;

namespace {
const std::filesystem::path kData = HAILONG_TEST_DATA;
const std::filesystem::path kGood = kData / "questionnaires" / "good" / "minimal.toml";
const std::filesystem::path kBroken = kData / "questionnaires" / "broken" / "unknown_key.toml";

struct Kiosk {
    hailong::test::TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db{dir / "kiosk.db", clock, ids};
};
} // namespace

TEST_CASE("without a questionnaire file the built-in default is used and remembered", "[questionnaire][choice]") {
    Kiosk k;
    const ChosenQuestionnaire c = chooseQuestionnaire({}, k.db, k.clock.wallMs());
    CHECK(c.origin == "built-in");
    CHECK(c.questionnaire.id == "default");
    CHECK(c.problems.empty());
    CHECK(k.db.lastGoodQuestionnaire() == c.questionnaire.source);
}

TEST_CASE("a good questionnaire file is used", "[questionnaire][choice]") {
    Kiosk k;
    const ChosenQuestionnaire c = chooseQuestionnaire(kGood, k.db, k.clock.wallMs());
    CHECK(c.origin == "file");
    CHECK(c.questionnaire.id == "minimal");
    CHECK(k.db.lastGoodQuestionnaire() == c.questionnaire.source);
}

TEST_CASE("a broken questionnaire file keeps the last good one and says what is wrong", "[questionnaire][choice]") {
    Kiosk k;
    chooseQuestionnaire(kGood, k.db, k.clock.wallMs());
    k.clock.advanceMs(60'000);
    const ChosenQuestionnaire c = chooseQuestionnaire(kBroken, k.db, k.clock.wallMs());
    CHECK(c.origin == "last good");
    CHECK(c.questionnaire.id == "minimal");
    REQUIRE(c.problems.size() == 1);
    CHECK_THAT(c.problems[0], Catch::Contains("unknown_key.toml:") && Catch::Contains("unknown key"));

    SECTION("with no good one ever, the built-in default") {
        Kiosk fresh;
        const ChosenQuestionnaire d = chooseQuestionnaire(kBroken, fresh.db, fresh.clock.wallMs());
        CHECK(d.origin == "built-in");
        CHECK(d.problems.size() == 1);
    }
}

TEST_CASE("a changed file that kept its version is refused", "[questionnaire][choice]") {
    Kiosk k;
    chooseQuestionnaire(kGood, k.db, k.clock.wallMs());
    std::string text;
    {
        std::ifstream in(kGood);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    const auto changed = k.dir / "changed.toml";
    std::ofstream(changed) << text << "\n# an edit without a new version\n";
    const ChosenQuestionnaire c = chooseQuestionnaire(changed, k.db, k.clock.wallMs());
    CHECK(c.origin == "last good");
    REQUIRE(c.problems.size() == 1);
    CHECK_THAT(c.problems[0], Catch::Contains("raise its version"));
}

TEST_CASE("a missing file is reported and the kiosk still starts", "[questionnaire][choice]") {
    Kiosk k;
    const ChosenQuestionnaire c = chooseQuestionnaire(k.dir / "nope.toml", k.db, k.clock.wallMs());
    CHECK(c.origin == "built-in");
    REQUIRE(c.problems.size() == 1);
    CHECK_THAT(c.problems[0], Catch::Contains("nope.toml"));
}

TEST_CASE("the last good questionnaire is the last activated even if the clock went back", "[questionnaire][choice]") {
    Kiosk k;
    chooseQuestionnaire({}, k.db, k.clock.wallMs());  // built-in, at the right time
    k.clock.setWallMs(946'684'800'000);                 // RTC battery dead: year 2000
    chooseQuestionnaire(kGood, k.db, k.clock.wallMs());
    const ChosenQuestionnaire c = chooseQuestionnaire(kBroken, k.db, k.clock.wallMs());
    CHECK(c.origin == "last good");
    CHECK(c.questionnaire.id == "minimal");
}
