// Which questionnaire the kiosk starts with, and that a broken file never stops it.
#include "store/questionnaire_choice.h"

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
}  // namespace

TEST_CASE("without a questionnaire file the built-in default is used and remembered", "[questionnaire][choice]") {
    Kiosk k;
    const ChosenQuestionnaire c = chooseQuestionnaire({}, k.db, k.clock.wallMs());
    CHECK(c.origin == "built-in");
    CHECK(c.questionnaire.id == "default");
    CHECK(c.problems.empty());
    CHECK(k.db.lastGoodQuestionnaire() == c.questionnaire.source);
}

TEST_CASE("a kiosk upgraded while using the earlier built-in questionnaire moves to the new one",
          "[questionnaire][choice]") {
    Kiosk k;
    const auto v1 = builtInQuestionnaireSource("default", 1);
    REQUIRE(v1);
    k.db.rememberQuestionnaire("default", 1, *v1, k.clock.wallMs());  // what the earlier program remembered
    k.clock.advanceMs(1000);
    const ChosenQuestionnaire c = chooseQuestionnaire({}, k.db, k.clock.wallMs());
    CHECK(c.origin == "built-in");
    CHECK(c.questionnaire.version == defaultQuestionnaire().version);
    CHECK(c.problems.empty());
    CHECK(k.db.questionnaireSource("default", 1) == v1);  // still there for the responses given with it

    SECTION("a unit's own file with the same id is not an earlier built-in, and stays") {
        auto own = parseQuestionnaire(*v1 + "\n# the unit's own copy\n", "own.toml");
        REQUIRE(own);
        CHECK_FALSE(isEarlierBuiltIn(*own));
        CHECK(isEarlierBuiltIn(*parseQuestionnaire(*v1, "v1.toml")));
        CHECK_FALSE(isEarlierBuiltIn(defaultQuestionnaire()));
    }
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
    k.clock.setWallMs(946'684'800'000);               // RTC battery dead: year 2000
    chooseQuestionnaire(kGood, k.db, k.clock.wallMs());
    const ChosenQuestionnaire c = chooseQuestionnaire(kBroken, k.db, k.clock.wallMs());
    CHECK(c.origin == "last good");
    CHECK(c.questionnaire.id == "minimal");
}

// [SECTION] Choosing on the settings screen, and switching while the kiosk runs

namespace {
void copyInto(const std::filesystem::path& from, const std::filesystem::path& dir, const std::string& name) {
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(from, dir / name);
}
}  // namespace

TEST_CASE("the questionnaires offered are the built-in one and every file in the folder", "[questionnaire][choice]") {
    Kiosk k;
    const auto dir = k.dir / "questionnaires";
    SECTION("no folder: only the built-in one") {
        const auto list = listQuestionnaires(dir, &k.db);
        REQUIRE(list.size() == 1);
        CHECK(list[0].file.empty());
        CHECK(list[0].id == "default");
        CHECK_FALSE(list[0].problem);
    }
    SECTION("good and broken files, in name order; other files ignored") {
        copyInto(kGood, dir, "b-minimal.toml");
        copyInto(kBroken, dir, "a-broken.toml");
        std::ofstream(dir / "notes.txt") << "not a questionnaire";
        const auto list = listQuestionnaires(dir, &k.db);
        REQUIRE(list.size() == 3);
        CHECK(list[1].file == (dir / "a-broken.toml").u8string());
        REQUIRE(list[1].problem);
        CHECK_THAT(list[1].problem->en, Catch::Contains("a-broken.toml:") && Catch::Contains("cannot be used"));
        CHECK_THAT(list[1].problem->vi, Catch::Contains("a-broken.toml:"));
        CHECK(list[2].id == "minimal");
        CHECK(list[2].title.en == "Minimal");
        CHECK_FALSE(list[2].problem);
    }
    SECTION("a file reusing a version the kiosk used with other content cannot be chosen") {
        copyInto(kGood, dir, "minimal.toml");
        REQUIRE(activateQuestionnaire((dir / "minimal.toml").u8string(), k.db, k.clock.wallMs()));
        std::ofstream(dir / "minimal.toml", std::ios::app) << "# a changed line\n";
        const auto list = listQuestionnaires(dir, &k.db);
        REQUIRE(list.size() == 2);
        REQUIRE(list[1].problem);
        CHECK_THAT(list[1].problem->en, Catch::Contains("Raise the version"));
        CHECK_FALSE(activateQuestionnaire((dir / "minimal.toml").u8string(), k.db, k.clock.wallMs()));
    }
}

TEST_CASE("activating a questionnaire makes it the last good one, a broken file is refused",
          "[questionnaire][choice]") {
    Kiosk k;
    auto minimal = activateQuestionnaire(kGood.u8string(), k.db, k.clock.wallMs());
    REQUIRE(minimal);
    CHECK(minimal->id == "minimal");
    CHECK(chooseQuestionnaire({}, k.db, k.clock.wallMs()).questionnaire.id == "minimal");

    auto builtIn = activateQuestionnaire("", k.db, k.clock.wallMs());
    REQUIRE(builtIn);
    CHECK(builtIn->id == "default");
    CHECK(chooseQuestionnaire({}, k.db, k.clock.wallMs()).questionnaire.id == "default");

    auto broken = activateQuestionnaire(kBroken.u8string(), k.db, k.clock.wallMs());
    REQUIRE_FALSE(broken);
    CHECK_THAT(broken.error(), Catch::Contains("unknown_key.toml:"));
    CHECK(chooseQuestionnaire({}, k.db, k.clock.wallMs()).questionnaire.id == "default");
}
